import { describe, expect, it } from "vitest";
import { backoffMs, endpointFor, relevant } from "../../../src/dashboard/client/rules";
import { ago, badge, dur, esc, label, money, time } from "../../../src/dashboard/client/format";

describe("dashboard script: which snapshot a page refetches", () => {
  it("maps each page to its dashboard-scoped endpoint, keeping the recon filter", () => {
    expect(endpointFor("pipeline", null, "")).toBe("/dashboard/api/pipeline");
    expect(endpointFor("recon", null, "?invoice=INV-1")).toBe("/dashboard/api/recon?invoice=INV-1");
    expect(endpointFor("flow", null, "")).toBe("/dashboard/api/flow");
    expect(endpointFor("lead", "lead/1 x", "")).toBe("/dashboard/api/leads/lead%2F1%20x");
    expect(endpointFor("lead", null, "")).toBeNull();
    expect(endpointFor("login", null, "")).toBeNull();
  });
});

describe("dashboard script: which pushed messages matter", () => {
  it("ignores the hub's own greetings and takes any other non-activity message", () => {
    expect(relevant({ type: "hello" }, "pipeline", null)).toBe(false);
    expect(relevant({ type: "subscribed" }, "pipeline", null)).toBe(false);
    expect(relevant({ type: "lead" }, "pipeline", null)).toBe(true);
  });

  it("refreshes a lead page only for its own lead", () => {
    expect(relevant({ type: "activity", activity: { entity: "lead", entity_id: "L1" } }, "lead", "L1")).toBe(true);
    expect(relevant({ type: "activity", activity: { entity: "proposal", entity_id: "p", detail: { lead_id: "L1" } } }, "lead", "L1")).toBe(
      true,
    );
    expect(relevant({ type: "activity", activity: { entity: "lead", entity_id: "L2" } }, "lead", "L1")).toBe(false);
  });

  it("refreshes the recon page for reconciliation work only", () => {
    expect(relevant({ type: "activity", activity: { agent: "reconciliation" } }, "recon", null)).toBe(true);
    expect(relevant({ type: "activity", activity: { agent: "x", entity: "discrepancy" } }, "recon", null)).toBe(true);
    expect(relevant({ type: "activity", activity: { agent: "ingestion", entity: "lead" } }, "recon", null)).toBe(false);
    expect(relevant({ type: "activity", activity: { agent: "ingestion", entity: "lead" } }, "pipeline", null)).toBe(true);
  });
});

describe("dashboard script: reconnect backoff", () => {
  it("doubles from one second with ±25 % jitter and stops growing at 30 s", () => {
    expect(backoffMs(1, 0.5)).toBe(1000);
    expect(backoffMs(2, 0.5)).toBe(2000);
    expect(backoffMs(1, 0)).toBe(750);
    expect(backoffMs(1, 1)).toBe(1250);
    expect(backoffMs(10, 0.5)).toBe(30000);
  });
});

describe("dashboard script: escaping and formatting", () => {
  it("escapes everything that could open a tag or an attribute", () => {
    expect(esc(`<img src=x onerror="a('b')">&`)).toBe("&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;");
    expect(esc(null)).toBe("");
    expect(esc(0)).toBe("0");
    expect(badge("<x>", '"q')).toBe('<span class="badge &quot;q">&lt;x&gt;</span>');
    expect(label("awaiting_approval")).toBe("awaiting approval");
  });

  it("formats money from minor units, durations, times and ages", () => {
    expect(money(123456, "EUR")).toBe("€1,234.56");
    expect(money(null)).toBe("—");
    expect(money(100, "NOT-A-CURRENCY")).toBe("1.00 NOT-A-CURRENCY");
    expect(dur(999)).toBe("999 ms");
    expect(dur(1500)).toBe("1.5 s");
    expect(dur(3 * 60_000)).toBe("3 min");
    expect(dur(2 * 3600_000)).toBe("2.0 h");
    expect(dur(null)).toBe("—");
    expect(time("2026-01-02T03:04:05Z")).toBe('<time datetime="2026-01-02T03:04:05Z">2026-01-02 03:04</time>');
    expect(time("<bad>")).toBe("&lt;bad&gt;");
    const now = Date.UTC(2026, 0, 2);
    expect(ago(new Date(now - 30_000).toISOString(), now)).toBe("30 s ago");
    expect(ago(new Date(now - 2 * 3600_000).toISOString(), now)).toBe("2 h ago");
    expect(ago(null, now)).toBe("never");
  });
});
