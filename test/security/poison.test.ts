import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker";
import { apiKey, postJson, waitFor } from "../helpers";
import { count, nestedValue } from "./support";

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

const dealEvent = (id: string) => ({
  source: "seed",
  vendor_event_id: `deal_update:${id}`,
  event_type: "deal_update",
  subject_id: id,
  occurred_at: new Date().toISOString(),
  data: {},
});

afterEach(() => vi.restoreAllMocks());

describe("a poisoned message never sinks the others (issue 17, findings 2 and 3)", () => {
  // The runtime itself cannot encode a message nested ~5,000 deep (that is how one such event used to
  // fail its whole batch); the HTTP edge refuses those (nesting.test.ts). Here: the deepest a
  // message can still be while the runtime can carry it, beside a message of the wrong shape.
  it("retries a poisoned gateway message alone while the good ones beside it are acked", async () => {
    const good = [uid("PG"), uid("PG")];
    const result = await deliver("gateway-events", [
      {
        id: "poison-deep",
        body: { kind: "route_event", internal_id: "evt_poison", event: { ...dealEvent(uid("PX")), data: { deep: nestedValue(1_000) } } },
      },
      { id: "poison-shape", body: "not even an object" },
      ...good.map((id, i) => ({ id: `good-${i}`, body: { kind: "route_event", internal_id: `evt_${id}`, event: dealEvent(id) } })),
    ]);
    expect(result.explicitAcks.sort()).toEqual(["good-0", "good-1"]);
    expect(result.retryMessages.map((m) => m.msgId).sort()).toEqual(["poison-deep", "poison-shape"]);
  });

  it("records every dead letter with a bounded payload, whatever its body, and never throws", async () => {
    const deep = nestedValue(1_000);
    const cyclic: Record<string, unknown> = { kind: "route_event" };
    cyclic.self = cyclic;
    const bodies: Array<[string, unknown]> = [
      [uid("dl-deep"), deep],
      [uid("dl-cycle"), cyclic],
      [uid("dl-bigint"), { n: 10n }],
      [uid("dl-huge"), "x".repeat(500_000)],
      [uid("dl-null"), null],
    ];
    const result = await deliver(
      "gateway-dlq",
      bodies.map(([id, body]) => ({ id, body, attempts: 6 })),
    );
    expect(result.explicitAcks.sort()).toEqual(bodies.map(([id]) => id).sort());
    for (const [id] of bodies) {
      const row = await env.DB.prepare("SELECT payload_json FROM dead_letters WHERE message_id = ?")
        .bind(id)
        .first<{ payload_json: string }>();
      expect(row, id).not.toBeNull();
      expect(row!.payload_json.length).toBeLessThanOrEqual(64 * 1024);
      expect(() => JSON.parse(row!.payload_json)).not.toThrow();
    }
  });

  it("answers every good delivery of a write group even when the queue refuses one event of it", async () => {
    const auth = await apiKey("webhooks:write");
    const poison = uid("POISON");
    const queue = env.GATEWAY_QUEUE;
    const refuses = (body: unknown) => JSON.stringify(body).includes(poison);
    const sendBatch = queue.sendBatch.bind(queue);
    const send = queue.send.bind(queue);
    vi.spyOn(queue, "sendBatch").mockImplementation(async (messages, opts) => {
      if ([...messages].some((m) => refuses(m.body))) throw new Error("message rejected by the queue");
      return sendBatch(messages, opts);
    });
    vi.spyOn(queue, "send").mockImplementation(async (body, opts) => {
      if (refuses(body)) throw new Error("message rejected by the queue");
      return send(body, opts);
    });
    const ids = Array.from({ length: 10 }, () => uid("G"));
    const [bad, ...good] = await Promise.all([
      postJson("/api/crm/webhook-router", { event_type: "deal_update", payload: { id: poison } }, auth),
      ...ids.map((id) => postJson("/api/crm/webhook-router", { event_type: "deal_update", payload: { id } }, auth)),
    ]);
    expect(bad.status).toBe(503);
    expect(good.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(await env.DB.prepare("SELECT status FROM events WHERE subject_id = ?").bind(poison).first()).toEqual({ status: "failed" });
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*) AS n FROM events WHERE status = 'routed' AND subject_id IN (${ids.map(() => "?").join(",")})`,
          ...ids,
        )) === ids.length,
    );
  });
});
