import { describe, expect, it } from "vitest";
import { buildEscalation, needsEscalation, objectionsFromHistory } from "../../../src/negotiation/core/escalation";
import type { CounterOption, HistoryEntry, Quote } from "../../../src/negotiation/core/types";
import { facts } from "./catalog";

/* The escalation a human decides from, line by line (mutation-driven): thresholds at their edge, every reason's
 * wording, the quote line, history truncation and the options list. */

function quoteOf(over: Partial<Quote> = {}): Quote {
  return {
    currency: "EUR",
    lines: [
      {
        sku: "LL-PRO",
        name: "Pro",
        qty: 40,
        unit: "seat",
        list_unit_minor: 2_500,
        tier_unit_minor: 2_500,
        line_total_minor: 1_200_000,
        line_discount_minor: 120_000,
        line_net_minor: 1_080_000,
      },
      {
        sku: "LL-ADDON",
        name: "Add-on",
        qty: 2,
        unit: "unit",
        list_unit_minor: 10_000,
        tier_unit_minor: 10_000,
        line_total_minor: 240_000,
        line_discount_minor: 24_000,
        line_net_minor: 216_000,
      },
    ],
    subtotal_minor: 1_440_000,
    discount_bps: 1_000,
    discount_minor: 144_000,
    total_minor: 1_296_000,
    term_months: 12,
    verdict: "needs_approval",
    reasons: [],
    requested_discount_bps: 1_250,
    rule_id: "mid",
    max_discount_bps: 2_000,
    approval_above_bps: 500,
    deal_usd_minor: 1_500_000,
    total_usd_minor: 1_350_000,
    ...over,
  };
}

const cfg = (usd: number) => ({ escalate_above_usd_minor: usd }) as Parameters<typeof needsEscalation>[2];

describe("needsEscalation", () => {
  it("escalates only a total strictly above the threshold, and says by how much", () => {
    expect(needsEscalation(quoteOf(), facts(), cfg(1_350_000))).toEqual([]);
    expect(needsEscalation(quoteOf(), facts(), cfg(1_349_999))).toEqual([
      {
        code: "above_value_threshold",
        detail: "deal total $13,500.00 is above the escalation threshold of $13,499.99",
      },
    ]);
  });

  it("words a refused ask with the asked and the allowed discount", () => {
    expect(needsEscalation(quoteOf({ verdict: "refused", requested_discount_bps: 3_000 }), facts(), cfg(1e9))).toEqual([
      { code: "out_of_policy", detail: "asked discount 30% is above the maximum 20% the policy allows" },
    ]);
    expect(needsEscalation(quoteOf({ verdict: "within_policy" }), facts(), cfg(1e9))).toEqual([]);
  });

  it("escalates an injection attempt from the lead or from a message, and a refused counter", () => {
    const injection = {
      code: "injection_attempt",
      detail: "a message from this lead tried to instruct the automation; it was treated as data and nothing it asked was applied",
    };
    expect(needsEscalation(null, facts({ injection_attempt: true }), cfg(0))).toEqual([injection]);
    expect(needsEscalation(null, facts(), cfg(0), { injection_attempt: true })).toEqual([injection]);
    expect(needsEscalation(null, facts(), cfg(0), { refused_counter: true })).toEqual([
      { code: "refused_counter", detail: "the customer's counter-offer is outside the pricing policy" },
    ]);
    expect(needsEscalation(null, facts(), cfg(0), { injection_attempt: false, refused_counter: false })).toEqual([]);
  });
});

describe("buildEscalation", () => {
  const entry = (i: number, detail = `entry ${i}`): HistoryEntry => ({
    at: `2026-11-20T10:${String(i).padStart(2, "0")}:00Z`,
    actor: "agent",
    kind: "note",
    detail,
  });

  it("writes the whole summary a human reads", () => {
    const option = { kind: "longer_term", description: "24-month term at 15% off", request: {}, quote: quoteOf() } as CounterOption;
    const e = buildEscalation([entry(1, "  first\n\tline  ")], quoteOf(), ["price", "price", "timing"], [option], {
      lead_id: "lead_9",
      company: "Acme",
      reasons: [{ code: "refused_counter", detail: "outside" }],
    });
    expect(e.summary.split("\n")).toEqual([
      "Escalation for Acme (lead lead_9)",
      "",
      "Why:",
      "- refused_counter: outside",
      "",
      "Current quote: 40 × LL-PRO, 2 × LL-ADDON, 12 months, 10% off: €12,960.00 (needs_approval; asked 12.5%, policy up to 5% without approval, 20% max)",
      "Objections: price, timing",
      "",
      "History (1 of 1 entries, latest last):",
      "- 2026-11-20T10:01:00Z agent note: first line",
      "",
      "Options within policy (computed by the pricing engine):",
      "1. [longer_term] 24-month term at 15% off",
    ]);
    expect(e.lead_id).toBe("lead_9");
    expect(e.objections).toEqual(["price", "timing"]);
    expect(e.reasons).toEqual([{ code: "refused_counter", detail: "outside" }]);
    expect(e.options).toEqual([option]);
  });

  it("says what is missing when there is no quote, reason, objection, option or context", () => {
    const e = buildEscalation([], null, [], []);
    expect(e.summary.split("\n")).toEqual([
      "Escalation",
      "",
      "Why:",
      "- requested by the agent",
      "",
      "Current quote: none yet",
      "Objections: none recorded",
      "",
      "History (0 of 0 entries, latest last):",
      "",
      "Options within policy (computed by the pricing engine):",
      "- none: the policy allows no better offer for this request",
    ]);
    expect(e.lead_id).toBe("");
    expect(e.quote).toBeNull();
  });

  it("leaves the discount out of an undiscounted quote line", () => {
    const e = buildEscalation([], quoteOf({ discount_minor: 0, discount_bps: 0, lines: quoteOf().lines.slice(0, 1) }), [], []);
    expect(e.summary).toContain("Current quote: 40 × LL-PRO, 12 months: €12,960.00 (needs_approval;");
  });

  it("quotes the last 15 history entries, each cut to 200 characters", () => {
    const history = Array.from({ length: 17 }, (_, i) => entry(i));
    history[16] = entry(16, "x".repeat(250));
    const lines = buildEscalation(history, null, [], []).summary.split("\n");
    expect(lines).toContain("History (15 of 17 entries, latest last):");
    expect(lines.filter((l) => l.startsWith("- 2026-11-20T10:")).map((l) => l.slice(0, 40))).toHaveLength(15);
    expect(lines).not.toContain("- 2026-11-20T10:01:00Z agent note: entry 1");
    expect(lines).toContain("- 2026-11-20T10:02:00Z agent note: entry 2");
    const last = lines.find((l) => l.startsWith("- 2026-11-20T10:16:00Z"));
    expect(last).toBe(`- 2026-11-20T10:16:00Z agent note: ${"x".repeat(199)}…`);
    const exact = buildEscalation([entry(1, "y".repeat(200))], null, [], []).summary;
    expect(exact).toContain(`note: ${"y".repeat(200)}\n`);
  });

  it("numbers several options from 1", () => {
    const options = ["policy_max", "fewer_units"].map(
      (kind) => ({ kind, description: kind, request: {}, quote: quoteOf() }) as CounterOption,
    );
    expect(buildEscalation([], null, [], options).summary).toContain("1. [policy_max] policy_max\n2. [fewer_units] fewer_units");
  });
});

describe("objectionsFromHistory", () => {
  it("keeps the known objection kinds once each, in order, from any entry", () => {
    const h = (objection: unknown): HistoryEntry => ({ at: "t", actor: "agent", kind: "classified", detail: "", data: { objection } });
    const history = [h("timing"), h("features"), h("bogus"), h(7), h("timing"), h("competitor"), h("price")];
    history.push({ at: "t", actor: "agent", kind: "note", detail: "" });
    expect(objectionsFromHistory(history)).toEqual(["timing", "features", "competitor", "price"]);
  });
});
