import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call, expectProblem, postJson, waitFor } from "../helpers";

const route = "/api/crm/webhook-router";
/** Effects need a webhooks:write key; without one the router answers and changes nothing (test/security). */
const writer = () => apiKey("webhooks:write");

describe("POST /api/crm/webhook-router (seed-compatible)", () => {
  it("routes lead_create to the lead qualification agent with the reference answer shape", async () => {
    const res = await postJson(route, { event_type: "lead_create", payload: { id: "L1", value: 75000, email: "a@b.co" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      event_id: "L1",
      assigned_agent: "Lead_Qualification_Agent",
      route: "/pipelines/lead-ingest",
      status: "PROCESSED",
    });
    expect(typeof body.routing_latency_ms).toBe("number");
    expect(Object.keys(body).sort()).toEqual(["assigned_agent", "event_id", "route", "routing_latency_ms", "status"]);
  });

  it("routes invoice_paid to billing reconciliation and deal_update to negotiation", async () => {
    const paid = await (await postJson(route, { event_type: "invoice_paid", payload: { id: "INV-9", value: 10 } })).json();
    expect(paid).toMatchObject({ assigned_agent: "Billing_Reconciliation_Agent", route: "/pipelines/invoice-match" });
    const deal = await (await postJson(route, { event_type: "deal_update", payload: { id: "D-1" } })).json();
    expect(deal).toMatchObject({ assigned_agent: "Negotiation_Agent", route: "/pipelines/negotiation" });
  });

  it("stores lead events in the lead's Durable Object and records the event once", async () => {
    const payload = { event_type: "lead_create", payload: { id: "L-do-1", value: 1200, email: "x@y.io" } };
    const res = await postJson(route, payload, await writer());
    expect(res.headers.get("x-l2c-effects")).toBe("recorded");
    // The gateway queue's consumer runs the pipeline; the DO is named by the lead the event became
    // (one lead per CRM record: source + CRM id).
    const row = await waitFor(() =>
      env.DB.prepare(
        "SELECT status, agent FROM events WHERE source = 'seed' AND vendor_event_id = 'lead_create:L-do-1' AND status = 'routed'",
      ).first(),
    );
    expect(row).toEqual({ status: "routed", agent: "Lead_Qualification_Agent" });
    const lead = await env.DB.prepare("SELECT id FROM leads WHERE external_id = 'seed:L-do-1'").first<{ id: string }>();
    expect(lead?.id).toMatch(/^lead_/);
    const stub = env.LEAD_NEGOTIATION.getByName(lead!.id);
    const stored = await stub.listCrmEvents();
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].data_json)).toMatchObject({ email: "x@y.io", amount_minor: 120000, currency: "USD" });
  });

  it("answers a replay with the first result and does nothing again, also for concurrent copies", async () => {
    const payload = { event_type: "lead_create", payload: { id: "L-dup", value: 5, email: "d@d.io" } };
    const auth = await writer();
    const answers = await Promise.all([postJson(route, payload, auth), postJson(route, payload, auth), postJson(route, payload, auth)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE vendor_event_id = 'lead_create:L-dup'").first<{
      n: number;
    }>();
    expect(count?.n).toBe(1);
    await waitFor(() =>
      env.DB.prepare("SELECT 1 AS ok FROM events WHERE vendor_event_id = 'lead_create:L-dup' AND status = 'routed'").first(),
    );
    const leads = await env.DB.prepare("SELECT id FROM leads WHERE external_id = 'seed:L-dup'").all<{ id: string }>();
    expect(leads.results).toHaveLength(1);
    expect(await env.LEAD_NEGOTIATION.getByName(leads.results[0].id).listCrmEvents()).toHaveLength(1);
  });

  it("rejects an unknown event_type with 422 problem+json instead of a silent fallback", async () => {
    const problem = await expectProblem(await postJson(route, { event_type: "lead_delete", payload: { id: "L1" } }, await writer()), 422);
    expect(JSON.stringify(problem.errors)).toContain("event_type");
    const n = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE subject_id = 'L1' AND event_type = 'lead_delete'").first<{
      n: number;
    }>();
    expect(n?.n).toBe(0);
  });

  it("rejects a missing payload.id with 422", async () => {
    const problem = await expectProblem(await postJson(route, { event_type: "lead_create", payload: { value: 1 } }), 422);
    expect(JSON.stringify(problem.errors)).toContain("payload.id");
  });

  it("answers malformed JSON and a wrong content type with a 4xx problem, never a 500", async () => {
    const bad = await call(route, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    await expectProblem(bad, 400);
    const text = await call(route, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
  });
});

describe("POST /api/crm/webhook-router limits", () => {
  it("refuses a body over MAX_BODY_BYTES with 413 and records nothing", async () => {
    const huge = { event_type: "lead_create", payload: { id: "L-huge", email: "a@b.co", note: "x".repeat(1_100_000) } };
    const problem = await expectProblem(await postJson(route, huge, await writer()), 413);
    expect(problem.limit_bytes).toBe(1048576);
    const n = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE subject_id = 'L-huge'").first<{ n: number }>();
    expect(n?.n).toBe(0);
  });
});

describe("error answers", () => {
  it("never echo the Salesforce path token in a problem's instance or detail", async () => {
    const res = await call("/webhooks/salesforce/secret-token-value/extra", { method: "POST", body: "x" });
    const text = await res.text();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(text).not.toContain("secret-token-value");
  });
});
