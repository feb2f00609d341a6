import { newId } from "../platform/ids";
import { log } from "../platform/log";

/**
 * Consumer of `recon-dlq` and `gateway-dlq`: records each message that exhausted its retries, with
 * its payload. A dead-lettered gateway event is also marked `failed` in `events`, so the vendor's
 * next delivery of it is handed to its pipeline again instead of being answered as a replay.
 */
export async function handleDeadLetterBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const now = new Date().toISOString();
  const stmts = batch.messages.map((msg) =>
    env.DB.prepare(
      `INSERT INTO dead_letters (id, queue, message_id, attempts, error, payload_json, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
    ).bind(newId("dlq"), batch.queue, msg.id, msg.attempts, "exhausted retries", safeStringify(msg.body), now),
  );
  for (const msg of batch.messages) {
    const body = msg.body as { kind?: unknown; internal_id?: unknown; job_id?: unknown; seq?: unknown } | null;
    if (body && body.kind === "route_event" && typeof body.internal_id === "string") {
      stmts.push(env.DB.prepare("UPDATE events SET status = 'failed' WHERE id = ? AND status = 'queued'").bind(body.internal_id));
    }
    // A dead import chunk fails its job, with the reason, so the job never reads as complete.
    if (body && (body.kind === "invoices" || body.kind === "bank_entries") && typeof body.job_id === "string") {
      const error = {
        code: "CHUNK_DEAD_LETTERED",
        message: `chunk ${String(body.seq)} could not be applied after ${msg.attempts} attempts (dead letter ${msg.id})`,
      };
      stmts.push(
        env.DB.prepare(
          "UPDATE imports SET status = 'failed', errors_json = json_insert(errors_json, '$[#]', json(?)), finished_at = coalesce(finished_at, ?) WHERE id = ?",
        ).bind(JSON.stringify(error), now, body.job_id),
      );
    }
  }
  if (stmts.length) await env.DB.batch(stmts);
  for (const msg of batch.messages) {
    log({ event: "queue.dead_lettered", queue: batch.queue, message_id: msg.id, attempts: msg.attempts, outcome: "recorded" }, "warn");
    msg.ack();
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    return JSON.stringify(String(value));
  }
}
