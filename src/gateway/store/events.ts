import type { InternalEvent } from "../core/internal-event";
import type { Route } from "../core/routing-table";
import type { GatewayMessage } from "../messages";

/**
 * Group commit for accepted webhook events.
 *
 * Each request's event must be durable (recorded in D1 under its unique (source, vendor_event_id)
 * and handed to the gateway queue) before we answer 200. Doing that with two round trips per
 * request makes the storage the bottleneck; so requests that arrive while a flush is in flight
 * wait and are written together by the next flush: one D1 batch and one queue sendBatch per group.
 * At low load a group is a single event and nothing waits.
 *
 * workerd rule this respects: a flush's I/O belongs to the request that started it, so a flush is
 * only ever started by a request whose own event is in that group (it awaits the flush itself and
 * cannot finish first). Other requests await the flush's promise; since compatibility date
 * 2024-10-14 workerd delivers those continuations in each awaiting request's own context.
 */
export type PendingEvent = {
  id: string;
  event: InternalEvent;
  route: Route;
  receivedAt: string;
  latencyMs: number;
  resultJson: string;
};

export type Recorded = { duplicate: false; id: string } | { duplicate: true; id: string; status: string; resultJson: string };

/** Just what the group commit needs of an execution context (Hono's and workerd's types differ). */
export type WaitUntil = { waitUntil(promise: Promise<unknown>): void };

type Waiter = { item: PendingEvent; outcome?: Recorded; error?: unknown };

const MAX_GROUP = 50; // statements per D1 batch and messages per sendBatch (limit 100)
const waiting: Waiter[] = [];
let inFlight: Promise<void> | null = null;

export async function recordEvent(env: Env, item: PendingEvent, ctx?: WaitUntil): Promise<Recorded> {
  const me: Waiter = { item };
  waiting.push(me);
  while (me.outcome === undefined && me.error === undefined) {
    if (inFlight) {
      await inFlight.catch(() => {});
      continue;
    }
    const group = waiting.splice(0, MAX_GROUP);
    inFlight = flush(env, group).finally(() => {
      inFlight = null;
    });
    ctx?.waitUntil(inFlight.catch(() => {}));
    await inFlight.catch(() => {});
  }
  if (me.error !== undefined) throw me.error;
  return me.outcome as Recorded;
}

/**
 * Writes a group; if the group as a whole fails (a D1 batch is one transaction, so one bad row
 * fails them all), each item is written again on its own, so one bad event fails only itself and
 * never the other deliveries that happened to share its group.
 */
async function flush(env: Env, group: Waiter[]): Promise<void> {
  await flushGroup(env, group);
  if (group.length < 2 || !group.some((w) => w.outcome === undefined)) return;
  for (const w of group) {
    if (w.outcome !== undefined) continue;
    w.error = undefined;
    await flushGroup(env, [w]);
  }
}

async function flushGroup(env: Env, group: Waiter[]): Promise<void> {
  try {
    const inserts = group.map(({ item }) =>
      env.DB.prepare(
        `INSERT INTO events (id, source, vendor_event_id, event_type, subject_id, agent, route, status, received_at, latency_ms, result_json, event_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)
         ON CONFLICT (source, vendor_event_id) DO NOTHING RETURNING id`,
      ).bind(
        item.id,
        item.event.source,
        item.event.vendor_event_id,
        item.event.event_type,
        item.event.subject_id,
        item.route.agent,
        item.route.route,
        item.receivedAt,
        item.latencyMs,
        item.resultJson,
        JSON.stringify(item.event),
      ),
    );
    const results = await env.DB.batch<{ id: string }>(inserts);
    const fresh: Waiter[] = [];
    const dupes: Waiter[] = [];
    group.forEach((w, i) => ((results[i]?.results?.length ?? 0) > 0 ? fresh : dupes).push(w));
    // Two copies of one event inside the same group: the batch inserted the first only.

    let redispatch: Waiter[] = [];
    if (dupes.length) {
      const reads = await env.DB.batch<{ id: string; status: string; result_json: string }>(
        dupes.map(({ item }) =>
          env.DB.prepare("SELECT id, status, result_json FROM events WHERE source = ? AND vendor_event_id = ?").bind(
            item.event.source,
            item.event.vendor_event_id,
          ),
        ),
      );
      dupes.forEach((w, i) => {
        const row = reads[i]?.results?.[0];
        if (!row) {
          w.error = new Error("event vanished between insert and read");
          return;
        }
        w.outcome = { duplicate: true, id: row.id, status: row.status, resultJson: row.result_json };
      });
      // A replay of an event whose hand-off failed earlier hands it off again (consumers are idempotent).
      redispatch = dupes.filter((w) => w.outcome?.duplicate && w.outcome.status === "failed");
    }

    const toSend = [...fresh.map((w) => ({ w, id: w.item.id })), ...redispatch.map((w) => ({ w, id: (w.outcome as { id: string }).id }))];
    const unsent = await handOff(env, toSend);
    if (unsent.size) {
      // Not handed off: mark failed so the vendor's retry (we answer 5xx) hands it off again.
      const failed = toSend.filter(({ w }) => unsent.has(w));
      await env.DB.batch(
        failed.map(({ id }) => env.DB.prepare("UPDATE events SET status = 'failed', error = 'queue send failed' WHERE id = ?").bind(id)),
      ).catch(() => {});
      for (const { w } of failed) {
        w.outcome = undefined;
        w.error = unsent.get(w);
      }
    }
    const requeued = redispatch.filter((w) => !unsent.has(w));
    if (requeued.length) {
      await env.DB.batch(
        requeued.map((w) =>
          env.DB.prepare("UPDATE events SET status = 'queued', error = NULL WHERE id = ?").bind((w.outcome as { id: string }).id),
        ),
      );
    }
    for (const w of fresh) if (!unsent.has(w)) w.outcome = { duplicate: false, id: w.item.id };
  } catch (err) {
    for (const w of group) if (w.outcome === undefined) w.error = err;
  }
}

/** A sendBatch carries at most 256 KB: stay well under it (each event is bounded to 48 KB). */
const MAX_SEND_BYTES = 192 * 1024;

/**
 * Hands messages to the gateway queue in size-bounded batches; a batch the queue refuses is sent
 * again message by message, so only the messages that fail on their own are reported (with why).
 */
async function handOff(env: Env, toSend: { w: Waiter; id: string }[]): Promise<Map<Waiter, unknown>> {
  const unsent = new Map<Waiter, unknown>();
  const encoder = new TextEncoder();
  const batches: { w: Waiter; message: MessageSendRequest<GatewayMessage> }[][] = [];
  let current: { w: Waiter; message: MessageSendRequest<GatewayMessage> }[] = [];
  let size = 0;
  for (const { w, id } of toSend) {
    const body: GatewayMessage = { kind: "route_event", internal_id: id, event: w.item.event };
    const bytes = encoder.encode(JSON.stringify(body)).length;
    if (current.length && (size + bytes > MAX_SEND_BYTES || current.length >= MAX_GROUP)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push({ w, message: { body, contentType: "json" } });
    size += bytes;
  }
  if (current.length) batches.push(current);
  for (const batch of batches) {
    try {
      await env.GATEWAY_QUEUE.sendBatch(batch.map((b) => b.message));
    } catch (batchError) {
      if (batch.length === 1) {
        unsent.set(batch[0].w, batchError);
        continue;
      }
      for (const { w, message } of batch) {
        await env.GATEWAY_QUEUE.send(message.body, { contentType: "json" }).catch((err: unknown) => unsent.set(w, err));
      }
    }
  }
  return unsent;
}

/** The event's pipeline ran: later deliveries of it are replays. */
export async function markRouted(env: Env, internalId: string): Promise<void> {
  await env.DB.prepare("UPDATE events SET status = 'routed', error = NULL WHERE id = ?").bind(internalId).run();
}

/** Keeps the last dispatch error on the row (best effort: the message is retried either way). */
export async function markDispatchFailed(env: Env, internalId: string, error: string): Promise<void> {
  await env.DB.prepare("UPDATE events SET error = ? WHERE id = ?")
    .bind(error.slice(0, 500), internalId)
    .run()
    .catch(() => {});
}
