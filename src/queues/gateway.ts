import { log } from "../platform/log";
import { GatewayMessage } from "../gateway/messages";
import { routeEvent } from "../gateway/dispatch";

/**
 * Consumer of `gateway-events`: decodes each accepted event and hands it to the gateway's
 * dispatch (lead ingestion + the lead's DO, the negotiation DO, or the reconciliation queue).
 * Each message is acked or retried on its own; after max_retries it goes to `gateway-dlq`. The
 * pipelines are idempotent (dedupe keys in D1 and in the DO), so a redelivery changes nothing twice.
 */
export async function handleGatewayBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const parsed = GatewayMessage.safeParse(msg.body);
    if (!parsed.success) {
      log({ event: "queue.message_invalid", queue: batch.queue, message_id: msg.id, attempts: msg.attempts, outcome: "retry" }, "warn");
      msg.retry();
      continue;
    }
    try {
      await routeEvent(env, parsed.data, { queue: batch.queue, attempts: msg.attempts });
      msg.ack();
    } catch {
      msg.retry(); // routeEvent recorded and logged the failure
    }
  }
}
