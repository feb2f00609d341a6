import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../src/worker";
import { apiKey, call } from "./helpers";
import { fixtures } from "./fixtures/leads-service";

describe("scheduled()", () => {
  it("finishes the Durable Object hand-off of a qualified lead left pending", async () => {
    const headers = { ...(await apiKey("leads:write")), "content-type": "message/rfc822" };
    const res = await call("/api/leads", { method: "POST", headers, body: fixtures.email });
    expect([200, 201]).toContain(res.status);
    const { lead } = (await res.json()) as { lead: { id: string; qualified: boolean } };
    expect(lead.qualified).toBe(true);
    // As if the DO call had failed: the row is complete but its hand-off is pending.
    await env.DB.prepare(
      "UPDATE leads SET routing_status = 'pending', routed_at = NULL, updated_at = '2020-01-01T00:00:00.000Z' WHERE id = ?",
    )
      .bind(lead.id)
      .run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    const row = await env.DB.prepare("SELECT routing_status, routed_at FROM leads WHERE id = ?")
      .bind(lead.id)
      .first<{ routing_status: string; routed_at: string | null }>();
    expect(row?.routing_status).toBe("routed");
    expect(row?.routed_at).not.toBeNull();
  });
});

describe("GET /openapi.json", () => {
  it("documents every layer's routes from the same zod schemas that validate them", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/crm/webhook-router",
      "/webhooks/hubspot",
      "/api/leads",
      "/api/leads/{id}/negotiation",
      "/api/catalog",
      "/api/escalations",
      "/api/finance/reconciliations",
      "/api/finance/bank-statements",
      "/api/finance/payments",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const html = await (await call("/docs")).text();
    expect(html).toContain("/openapi.json");
  });
});

describe("LOG_LEVEL", () => {
  it("drops per-event info lines at warn but keeps warnings", async () => {
    const { log, setLogLevel } = await import("../src/platform/log");
    const lines: string[] = [];
    const info = vi.spyOn(console, "log").mockImplementation((l: string) => void lines.push(l));
    const warn = vi.spyOn(console, "warn").mockImplementation((l: string) => void lines.push(l));
    try {
      setLogLevel("warn");
      log({ event: "webhook.routed" });
      log({ event: "webhook.rejected" }, "warn");
      setLogLevel("info");
      log({ event: "lead.ingested" });
    } finally {
      info.mockRestore();
      warn.mockRestore();
      setLogLevel("info");
    }
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(["webhook.rejected", "lead.ingested"]);
  });
});
