import { log } from "../platform/log";
import { ReconMessage } from "../recon/messages";
import { settleQueuedBatch, type QueuedMessage } from "../recon/queued-batch";

/**
 * Consumer of `recon-events`: decodes each message with its schema and hands the batch to the
 * recon feature (src/recon/queued-batch.ts), which stores and matches it and answers a verdict
 * per message; each message is acked or retried on its own, so one bad message never sinks a
 * batch (after max_retries the dead-letter consumer records it). A message that does not parse
 * is retried like any other failure.
 */
export async function handleReconBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const decoded: { msg: Message<unknown>; queued: QueuedMessage }[] = [];
  for (const msg of batch.messages) {
    const parsed = ReconMessage.safeParse(msg.body);
    if (parsed.success) {
      decoded.push({ msg, queued: { id: msg.id, attempts: msg.attempts, body: parsed.data } });
      continue;
    }
    log(
      {
        event: "queue.message_invalid",
        queue: batch.queue,
        message_id: msg.id,
        attempts: msg.attempts,
        error: parsed.error.issues[0]?.message ?? "invalid",
        outcome: "retry",
      },
      "warn",
    );
    msg.retry();
  }
  if (decoded.length === 0) return;
  const verdicts = await settleQueuedBatch(
    env,
    batch.queue,
    decoded.map((d) => d.queued),
  );
  decoded.forEach(({ msg }, i) => (verdicts[i] === "ack" ? msg.ack() : msg.retry()));
}
