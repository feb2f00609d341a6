import { log } from "../lib/log";
import { ReconMessage } from "./messages";

/**
 * Consumer of `recon-events`. Each message is parsed with its schema and acked or retried on its
 * own, so one bad message never sinks a batch. A message that can never parse is retried until
 * max_retries and then lands in the dead-letter queue, whose consumer records it.
 * Effects are idempotent (primary keys + ON CONFLICT DO NOTHING): at-least-once delivery,
 * exactly-once effect.
 */
export async function handleReconBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const started = performance.now();
    const parsed = ReconMessage.safeParse(msg.body);
    if (!parsed.success) {
      log({ event: "queue.message_invalid", queue: batch.queue, message_id: msg.id, attempts: msg.attempts, outcome: "retry" }, "warn");
      msg.retry();
      continue;
    }
    try {
      await handleMessage(parsed.data, env);
      msg.ack();
      log({ event: "queue.message_processed", queue: batch.queue, kind: parsed.data.kind, message_id: msg.id, latency_ms: performance.now() - started, outcome: "ack" });
    } catch (err) {
      log({ event: "queue.message_failed", queue: batch.queue, kind: parsed.data.kind, message_id: msg.id, attempts: msg.attempts, error: err instanceof Error ? err.message : String(err), outcome: "retry" }, "error");
      msg.retry();
    }
  }
}

async function handleMessage(message: ReconMessage, env: Env): Promise<void> {
  switch (message.kind) {
    case "payment_event": {
      const e = message.event;
      const amount = typeof e.data.amount_minor === "number" ? e.data.amount_minor : null;
      const currency = typeof e.data.currency === "string" ? e.data.currency : null;
      await env.DB.prepare(
        `INSERT INTO payment_events (event_id, source, event_type, subject_id, amount_minor, currency, data_json, occurred_at, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
      )
        .bind(`${e.source}:${e.vendor_event_id}`, e.source, e.event_type, e.subject_id, amount, currency, JSON.stringify(e.data), e.occurred_at, new Date().toISOString())
        .run();
      return;
    }
  }
}
