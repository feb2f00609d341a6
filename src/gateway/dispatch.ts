import { elapsedMs, log } from "../platform/log";
import { recordActivity } from "../platform/activity";
import { leadKeyFor, type InternalEvent } from "./core/internal-event";
import { routeFor, type Route } from "./core/routing-table";
import type { GatewayMessage } from "./messages";
import { markDispatchFailed, markRouted } from "./store/events";
import type { ReconMessage } from "../recon/messages";

/**
 * Journey 1, second half: the gateway queue's consumer hands each accepted event here. It runs the
 * pipeline behind the event's route, marks the event routed and records the activity; a failure is
 * written on the event row and rethrown, so the consumer retries that message alone.
 */
/**
 * What the gateway needs from lead ingestion, handed in by the adapter that wires the features
 * together (src/queues/gateway.ts): the gateway reaches the leads feature through this port, not
 * by importing its services.
 */
export type LeadIntake = {
  /** Ingests a CRM lead event (idempotent per source + CRM id) and returns the lead's id. */
  ingest(env: Env, event: InternalEvent): Promise<{ lead: { id: string } }>;
  /** The lead id ingested for a CRM record, if any. */
  leadIdFor(env: Env, source: string, crmId: string): Promise<string | null>;
};

export async function routeEvent(
  env: Env,
  message: GatewayMessage,
  ctx: { queue: string; attempts: number; leads: LeadIntake },
): Promise<void> {
  const started = performance.now();
  const { event, internal_id } = message;
  const route = routeFor(event.event_type);
  try {
    await dispatch(env, event, route, ctx.leads);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await markDispatchFailed(env, internal_id, error);
    log(
      {
        event: "pipeline.dispatch_failed",
        source: event.source,
        event_type: event.event_type,
        event_id: internal_id,
        agent: route.agent,
        attempts: ctx.attempts,
        error: error.slice(0, 200),
        latency_ms: elapsedMs(started),
        outcome: "retry",
      },
      "error",
    );
    throw err;
  }
  await markRouted(env, internal_id);
  const latency = performance.now() - started;
  await recordActivity(env, {
    agent: "gateway",
    action: `routed ${event.event_type} to ${route.agent}`,
    entity: "event",
    entity_id: internal_id,
    latency_ms: latency,
    detail: { source: event.source, subject_id: event.subject_id, route: route.route },
  });
  log({
    event: "pipeline.dispatched",
    source: event.source,
    event_type: event.event_type,
    event_id: internal_id,
    agent: route.agent,
    latency_ms: latency,
    outcome: "routed",
  });
}

/**
 * Hands the event to the binding behind its pipeline. Lead events become a lead through the
 * ingestion pipeline (deduplicated by source + CRM id), and every event of that CRM record is kept
 * in the lead's Durable Object, named by the lead id. A deal event finds the lead of its CRM id when
 * one was ingested, else the DO keyed by source + CRM id.
 */
export async function dispatch(env: Env, event: InternalEvent, route: Route, leads: LeadIntake): Promise<void> {
  if (route.target === "lead") {
    let doName: string;
    if (event.event_type === "lead_create" || event.event_type === "lead_update") {
      doName = (await leads.ingest(env, event)).lead.id;
    } else {
      doName = (await leads.leadIdFor(env, event.source, event.subject_id)) ?? leadKeyFor(event);
    }
    await env.LEAD_NEGOTIATION.getByName(doName).recordCrmEvent(event);
    return;
  }
  const message: ReconMessage = { kind: "payment_event", event };
  await env.RECON_QUEUE.send(message, { contentType: "json" });
}
