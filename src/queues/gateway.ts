import { log } from "../platform/log";
import { GatewayMessage } from "../gateway/messages";
import { routeEvent, type LeadIntake } from "../gateway/dispatch";
import { ingestCrmEvent, leadIdForCrmRecord } from "../leads/crm-event";
import { eventBoundsProblem } from "../gateway/core/bounds";

/**
 * Consumer of `gateway-events`: decodes each accepted event and hands it to the gateway's
 * dispatch (lead ingestion + the lead's DO, the negotiation DO, or the reconciliation queue).
 * Each message is acked or retried on its own; after max_retries it goes to `gateway-dlq`. The
 * pipelines are idempotent (dedupe keys in D1 and in the DO), so a redelivery changes nothing twice.
 */
const leads: LeadIntake = { ingest: ingestCrmEvent, leadIdFor: leadIdForCrmRecord };

export async function handleGatewayBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const parsed = GatewayMessage.safeParse(msg.body);
    // Our producer never sends an event out of bounds; one that is anyway is not dispatched (its
    // depth would reach the Durable Object's RPC): retried alone, then dead-lettered with its payload.
    const problem = parsed.success ? eventBoundsProblem(parsed.data.event) : { code: "invalid_message" };
    if (!parsed.success || problem) {
      log(
        {
          event: "queue.message_invalid",
          queue: batch.queue,
          message_id: msg.id,
          attempts: msg.attempts,
          code: problem?.code,
          outcome: "retry",
        },
        "warn",
      );
      msg.retry();
      continue;
    }
    try {
      await routeEvent(env, parsed.data, { queue: batch.queue, attempts: msg.attempts, leads });
      msg.ack();
    } catch {
      msg.retry(); // routeEvent recorded and logged the failure
    }
  }
}
