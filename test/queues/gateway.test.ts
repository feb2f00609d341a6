import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { apiKey, postJson, waitFor } from "../helpers";

const route = "/api/crm/webhook-router";
/** A CRM with a webhooks:write key: its router calls are recorded and dispatched. */
const auth = await apiKey("webhooks:write");
let n = 0;
const uid = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;

async function deliver(queue: string, messages: Array<{ id: string; body: unknown; attempts?: number }>) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

const eventRow = (vendorId: string) =>
  env.DB.prepare("SELECT id, status FROM events WHERE source = 'seed' AND vendor_event_id = ?")
    .bind(vendorId)
    .first<{ id: string; status: string }>();

describe("gateway group commit", () => {
  it("records each of many concurrent distinct events exactly once and answers each with its own id", async () => {
    const ids = Array.from({ length: 24 }, () => uid("GC"));
    const answers = await Promise.all(ids.map((id) => postJson(route, { event_type: "deal_update", payload: { id } }, auth)));
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ event_id: string }>;
    expect(bodies.map((b) => b.event_id)).toEqual(ids);
    const rows = await env.DB.prepare(`SELECT count(*) AS n FROM events WHERE subject_id IN (${ids.map(() => "?").join(",")})`)
      .bind(...ids)
      .first<{ n: number }>();
    expect(rows?.n).toBe(ids.length);
  });

  it("answers many concurrent copies of one event with one body and one row", async () => {
    const id = uid("COPY");
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => postJson(route, { event_type: "deal_update", payload: { id } }, auth)),
    );
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE subject_id = ?").bind(id).first<{ n: number }>();
    expect(rows?.n).toBe(1);
    await waitFor(async () => (await eventRow(`deal_update:${id}`))?.status === "routed");
    expect(await env.LEAD_NEGOTIATION.getByName(`seed:${id}`).listCrmEvents()).toHaveLength(1);
  });
});

describe("gateway-events consumer", () => {
  it("runs the pipeline of a queued event, marks it routed and acks it", async () => {
    const id = uid("Q");
    const res = await postJson(route, { event_type: "deal_update", payload: { id, value: 10 } }, auth);
    expect(res.status).toBe(200);
    const row = await eventRow(`deal_update:${id}`);
    const event = {
      source: "seed",
      vendor_event_id: `deal_update:${id}`,
      event_type: "deal_update",
      subject_id: id,
      occurred_at: new Date().toISOString(),
      data: { amount_minor: 1000 },
    };
    // A redelivery of the same message (at-least-once) changes nothing twice.
    const result = await deliver("gateway-events", [{ id: "m1", body: { kind: "route_event", internal_id: row!.id, event } }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    await waitFor(async () => (await eventRow(`deal_update:${id}`))?.status === "routed");
    expect(await env.LEAD_NEGOTIATION.getByName(`seed:${id}`).listCrmEvents()).toHaveLength(1);
  });

  it("retries a message that does not parse, on its own, while the rest of the batch is acked", async () => {
    const id = uid("P");
    const event = {
      source: "seed",
      vendor_event_id: `deal_update:${id}`,
      event_type: "deal_update",
      subject_id: id,
      occurred_at: new Date().toISOString(),
      data: {},
    };
    const result = await deliver("gateway-events", [
      { id: "bad", body: { kind: "route_event", internal_id: "", event: { nonsense: true } } },
      { id: "good", body: { kind: "route_event", internal_id: "evt_x", event } },
    ]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["bad"]);
    expect(result.explicitAcks).toEqual(["good"]);
  });

  it("marks a dead-lettered event failed, so the vendor's next delivery hands it off again", async () => {
    const id = uid("DL");
    const vendorId = `deal_update:${id}`;
    const event = {
      source: "seed",
      vendor_event_id: vendorId,
      event_type: "deal_update",
      subject_id: id,
      occurred_at: new Date().toISOString(),
      data: {},
    };
    // Simulate an event that was recorded and queued but whose pipeline kept failing.
    await env.DB.prepare(
      "INSERT INTO events (id, source, vendor_event_id, event_type, subject_id, agent, route, status, received_at, latency_ms, result_json) VALUES (?, 'seed', ?, 'deal_update', ?, 'Negotiation_Agent', '/pipelines/negotiation', 'queued', ?, 0, ?)",
    )
      .bind(
        `evt_${id}`,
        vendorId,
        id,
        new Date().toISOString(),
        JSON.stringify({
          event_id: id,
          assigned_agent: "Negotiation_Agent",
          route: "/pipelines/negotiation",
          routing_latency_ms: 0,
          status: "PROCESSED",
        }),
      )
      .run();
    const dlq = await deliver("gateway-dlq", [
      { id: `dl-${id}`, body: { kind: "route_event", internal_id: `evt_${id}`, event }, attempts: 6 },
    ]);
    expect(dlq.explicitAcks).toEqual([`dl-${id}`]);
    expect((await eventRow(vendorId))?.status).toBe("failed");
    const recorded = await env.DB.prepare("SELECT queue, attempts FROM dead_letters WHERE message_id = ?").bind(`dl-${id}`).first();
    expect(recorded).toEqual({ queue: "gateway-dlq", attempts: 6 });

    const replay = await postJson(route, { event_type: "deal_update", payload: { id } }, auth);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ event_id: id, assigned_agent: "Negotiation_Agent" });
    await waitFor(async () => (await eventRow(vendorId))?.status === "routed");
    expect(await env.LEAD_NEGOTIATION.getByName(`seed:${id}`).listCrmEvents()).toHaveLength(1);
  });
});
