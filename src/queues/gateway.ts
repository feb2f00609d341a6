import { z } from "zod";
import { log } from "../lib/log";
import { InternalEvent } from "../webhooks/internal-event";
import { routeFor } from "../webhooks/routing-table";
import { dispatch } from "../pipelines/gateway";
import { recordActivity } from "../pipelines/activity";

/** Accepted webhook events, handed from the gateway to their pipeline. */
export const GatewayMessage = z.object({ kind: z.literal("route_event"), internal_id: z.string().min(1), event: InternalEvent });
export type GatewayMessage = z.infer<typeof GatewayMessage>;

/**
 * Consumer of `gateway-events`: runs each accepted event's pipeline (lead ingestion + the lead's
 * DO, the negotiation DO, or the reconciliation queue) and marks the event routed. Each message is
 * acked or retried on its own; after max_retries it goes to `gateway-dlq`. The pipelines are
 * idempotent (dedupe keys in D1 and in the DO), so a redelivery changes nothing twice.
 */
export async function handleGatewayBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const started = performance.now();
    const parsed = GatewayMessage.safeParse(msg.body);
    if (!parsed.success) {
      log({ event: "queue.message_invalid", queue: batch.queue, message_id: msg.id, attempts: msg.attempts, outcome: "retry" }, "warn");
      msg.retry();
      continue;
    }
    const { event, internal_id } = parsed.data;
    const route = routeFor(event.event_type);
    try {
      await dispatch(env, event, route);
      await env.DB.prepare("UPDATE events SET status = 'routed', error = NULL WHERE id = ?").bind(internal_id).run();
      msg.ack();
      const latency = performance.now() - started;
      await recordActivity(env, { agent: "gateway", action: `routed ${event.event_type} to ${route.agent}`, entity: "event", entity_id: internal_id, latency_ms: latency, detail: { source: event.source, subject_id: event.subject_id, route: route.route } });
      log({ event: "pipeline.dispatched", source: event.source, event_type: event.event_type, event_id: internal_id, agent: route.agent, latency_ms: latency, outcome: "routed" });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await env.DB.prepare("UPDATE events SET error = ? WHERE id = ?").bind(message.slice(0, 500), internal_id).run().catch(() => {});
      log({ event: "pipeline.dispatch_failed", source: event.source, event_type: event.event_type, event_id: internal_id, agent: route.agent, attempts: msg.attempts, error: message.slice(0, 200), outcome: "retry" }, "error");
      msg.retry();
    }
  }
}
