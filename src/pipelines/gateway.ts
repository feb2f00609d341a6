import { newId } from "../lib/ids";
import { elapsedMs, log } from "../lib/log";
import { leadKeyFor, type InternalEvent } from "../webhooks/internal-event";
import { routeFor, type Route } from "../webhooks/routing-table";
import type { ReconMessage } from "../queues/messages";
import { ingestCrmEvent, leadIdForCrmRecord } from "./lead-ingest";

/** What the gateway answers for an event, and again, unchanged, for every replay of it. */
export type EventResult = {
  event_id: string;
  internal_id: string;
  source: string;
  event_type: string;
  assigned_agent: string;
  route: string;
  routing_latency_ms: number;
  status: "PROCESSED";
};

export type AcceptOutcome = { result: EventResult; duplicate: boolean };

/**
 * Journey 1 after verification: decide the route, record the event once under its unique
 * (source, vendor_event_id), hand it downstream, log one line.
 *
 * Idempotency: the INSERT ... ON CONFLICT DO NOTHING RETURNING decides, atomically in D1, which of
 * two concurrent copies is first. The loser reads the stored result. A row left in `received` or
 * `failed` (downstream refused earlier) is dispatched again on replay: the downstream consumers
 * are idempotent themselves (DO event table, queue consumer primary keys), so a retry never
 * doubles an effect.
 */
export async function acceptEvent(
  env: Env,
  event: InternalEvent,
  opts: { startedAt: number; resultId?: string; ctx?: ExecutionContext },
): Promise<AcceptOutcome> {
  const decisionStart = performance.now();
  const route = routeFor(event.event_type);
  // workerd's clock only advances across I/O: a pure decision reads as 0 here (see README).
  const routingLatency = elapsedMs(decisionStart);
  const internalId = newId("evt");
  const receivedAt = new Date().toISOString();
  const result: EventResult = {
    event_id: opts.resultId ?? event.vendor_event_id,
    internal_id: internalId,
    source: event.source,
    event_type: event.event_type,
    assigned_agent: route.agent,
    route: route.route,
    routing_latency_ms: routingLatency,
    status: "PROCESSED",
  };

  const inserted = await env.DB.prepare(
    `INSERT INTO events (id, source, vendor_event_id, event_type, subject_id, agent, route, status, received_at, latency_ms, result_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)
     ON CONFLICT (source, vendor_event_id) DO NOTHING RETURNING id`,
  )
    .bind(internalId, event.source, event.vendor_event_id, event.event_type, event.subject_id, route.agent, route.route, receivedAt, routingLatency, JSON.stringify(result))
    .first<{ id: string }>();

  if (!inserted) {
    const prior = await env.DB.prepare("SELECT id, status, result_json FROM events WHERE source = ? AND vendor_event_id = ?")
      .bind(event.source, event.vendor_event_id)
      .first<{ id: string; status: string; result_json: string }>();
    if (!prior) throw new Error("event vanished between insert and read");
    if (prior.status !== "routed") await dispatchAndMark(env, event, route, prior.id);
    log({ event: "webhook.duplicate", source: event.source, event_type: event.event_type, event_id: prior.id, outcome: "replayed", latency_ms: elapsedMs(opts.startedAt) });
    return { result: JSON.parse(prior.result_json) as EventResult, duplicate: true };
  }

  await dispatchAndMark(env, event, route, internalId);
  log({
    event: "webhook.routed",
    source: event.source,
    event_type: event.event_type,
    event_id: internalId,
    vendor_event_id: event.vendor_event_id,
    agent: route.agent,
    route: route.route,
    routing_latency_ms: routingLatency,
    latency_ms: elapsedMs(opts.startedAt),
    outcome: "routed",
  });
  return { result, duplicate: false };
}

async function dispatchAndMark(env: Env, event: InternalEvent, route: Route, internalId: string): Promise<void> {
  try {
    await dispatch(env, event, route);
    await env.DB.prepare("UPDATE events SET status = 'routed', error = NULL WHERE id = ?").bind(internalId).run();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    await env.DB.prepare("UPDATE events SET status = 'failed', error = ? WHERE id = ?").bind(message.slice(0, 500), internalId).run();
    log({ event: "webhook.dispatch_failed", source: event.source, event_type: event.event_type, event_id: internalId, agent: route.agent, outcome: "failed", error: message.slice(0, 200) }, "error");
    throw cause;
  }
}

/**
 * Hands the event to the binding behind its pipeline. Lead events become a lead through the
 * ingestion pipeline (deduplicated by source + CRM id), and every event of that CRM record is kept
 * in the lead's Durable Object, named by the lead id. A deal event finds the lead of its CRM id when
 * one was ingested, else the DO keyed by source + CRM id.
 */
export async function dispatch(env: Env, event: InternalEvent, route: Route): Promise<void> {
  if (route.target === "lead") {
    let doName: string;
    if (event.event_type === "lead_create" || event.event_type === "lead_update") {
      doName = (await ingestCrmEvent(env, event)).lead.id;
    } else {
      doName = (await leadIdForCrmRecord(env, event.source, event.subject_id)) ?? leadKeyFor(event);
    }
    await env.LEAD_NEGOTIATION.getByName(doName).recordCrmEvent(event);
    return;
  }
  const message: ReconMessage = { kind: "payment_event", event };
  await env.RECON_QUEUE.send(message, { contentType: "json" });
}
