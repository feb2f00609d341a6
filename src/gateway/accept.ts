import { newId } from "../platform/ids";
import { Unavailable } from "../platform/errors";
import { elapsedMs, log } from "../platform/log";
import type { InternalEvent } from "./core/internal-event";
import { routeFor, type Route } from "./core/routing-table";
import { assertEventBounded } from "./core/bounds";
import { recordEvent, type WaitUntil } from "./store/events";

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
 * Journey 1 after verification: decide the route, record the event durably once, answer.
 *
 * The request path does the routing decision and one group-committed write (src/gateway/store/events.ts):
 * the event row under its unique (source, vendor_event_id) — of two concurrent copies exactly one
 * inserts, the other gets the stored first answer — plus the hand-off to the gateway queue, whose
 * consumer (src/queues/gateway.ts → src/gateway/dispatch.ts) runs the pipeline behind the route. The queue is the durability
 * point, so we acknowledge as soon as the event is recorded and queued: vendors get their 200 in
 * milliseconds and the heavy work (ingestion, Durable Objects) is batched off the request path.
 */
export async function acceptEvent(
  env: Env,
  event: InternalEvent,
  opts: { startedAt: number; resultId?: string; ctx?: WaitUntil },
): Promise<AcceptOutcome> {
  // Refused before anything is written: an event that could not be decoded from the queue.
  assertEventBounded(event);
  const { result, route, routingLatency } = answerFor(event, newId("evt"), opts.resultId);
  const internalId = result.internal_id;
  let recorded: Awaited<ReturnType<typeof recordEvent>>;
  try {
    recorded = await recordEvent(
      env,
      { id: internalId, event, route, receivedAt: new Date().toISOString(), latencyMs: routingLatency, resultJson: JSON.stringify(result) },
      opts.ctx,
    );
  } catch (cause) {
    // Storage or the queue refused this event: a 503 the sender retries, never a bare 500.
    throw new Unavailable(
      "The event could not be recorded and handed downstream; retry the delivery",
      { code: "hand_off_failed" },
      { cause },
    );
  }
  if (recorded.duplicate) {
    log({
      event: "webhook.duplicate",
      source: event.source,
      event_type: event.event_type,
      event_id: recorded.id,
      outcome: recorded.status === "failed" ? "requeued" : "replayed",
      latency_ms: elapsedMs(opts.startedAt),
    });
    return { result: JSON.parse(recorded.resultJson) as EventResult, duplicate: true };
  }
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
    outcome: "queued",
  });
  return { result, duplicate: false };
}

/** The routing decision and the answer for it, with nothing written. */
function answerFor(
  event: InternalEvent,
  internalId: string,
  resultId?: string,
): { result: EventResult; route: Route; routingLatency: number } {
  const decisionStart = performance.now();
  const route = routeFor(event.event_type);
  // workerd's clock only advances across I/O: a pure decision reads as 0 here (see README).
  const routingLatency = elapsedMs(decisionStart);
  const result: EventResult = {
    event_id: resultId ?? event.vendor_event_id,
    internal_id: internalId,
    source: event.source,
    event_type: event.event_type,
    assigned_agent: route.agent,
    route: route.route,
    routing_latency_ms: routingLatency,
    status: "PROCESSED",
  };
  return { result, route, routingLatency };
}

/**
 * An unauthenticated call to the seed-compatible router: routed and answered exactly as an
 * accepted one, but nothing is recorded, queued or dispatched (no lead, no deal change, no
 * payment claim). The internal id is a fresh one that names nothing stored.
 */
export function previewEvent(event: InternalEvent, opts: { startedAt: number; resultId?: string }): EventResult {
  const { result, route } = answerFor(event, newId("evt"), opts.resultId);
  log({
    event: "webhook.unauthenticated",
    source: event.source,
    event_type: event.event_type,
    agent: route.agent,
    route: route.route,
    latency_ms: elapsedMs(opts.startedAt),
    outcome: "answered_without_effect",
  });
  return result;
}
