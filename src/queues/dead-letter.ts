import { newId } from "../platform/ids";
import { log } from "../platform/log";
import { safeStringify } from "../platform/json-limits";

/**
 * Consumer of `recon-dlq` and `gateway-dlq`: records each message that exhausted its retries, with
 * its payload. A dead-lettered gateway event is also marked `failed` in `events`, so the vendor's
 * next delivery of it is handed to its pipeline again instead of being answered as a replay.
 *
 * The last stop: whatever a body holds (not an object, a cycle, absurd nesting, megabytes), it is
 * recorded, bounded, and never makes this consumer throw. If the batch write fails, each message
 * is written on its own, and only a message whose own write fails is retried.
 */
export async function handleDeadLetterBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const now = new Date().toISOString();
  const perMessage = batch.messages.map((msg) => ({ msg, stmts: statementsFor(env, batch.queue, msg, now) }));
  try {
    await env.DB.batch(perMessage.flatMap((m) => m.stmts));
    for (const { msg } of perMessage) acked(batch.queue, msg);
    return;
  } catch (err) {
    log({ event: "queue.dead_letter_batch_failed", queue: batch.queue, error: errorText(err), outcome: "per_message" }, "error");
  }
  for (const { msg, stmts } of perMessage) {
    try {
      await env.DB.batch(stmts);
      acked(batch.queue, msg);
    } catch (err) {
      log({ event: "queue.dead_letter_failed", queue: batch.queue, message_id: msg.id, error: errorText(err), outcome: "retry" }, "error");
      msg.retry();
    }
  }
}

function acked(queue: string, msg: Message<unknown>): void {
  log({ event: "queue.dead_lettered", queue, message_id: msg.id, attempts: msg.attempts, outcome: "recorded" }, "warn");
  msg.ack();
}

function statementsFor(env: Env, queue: string, msg: Message<unknown>, now: string): D1PreparedStatement[] {
  const body = readBody(msg);
  const stmts = [
    env.DB.prepare(
      `INSERT INTO dead_letters (id, queue, message_id, attempts, error, payload_json, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
    ).bind(newId("dlq"), queue, msg.id, msg.attempts, "exhausted retries", safeStringify(body), now),
  ];
  if (!isRecord(body)) return stmts;
  if (body.kind === "route_event" && typeof body.internal_id === "string") {
    stmts.push(
      env.DB.prepare(
        "UPDATE events SET status = 'failed', error = 'dead-lettered after its retries' WHERE id = ? AND status = 'queued'",
      ).bind(body.internal_id),
    );
  }
  // A dead import chunk fails its job, with the reason, so the job never reads as complete.
  if ((body.kind === "invoices" || body.kind === "bank_entries") && typeof body.job_id === "string") {
    const error = {
      code: "CHUNK_DEAD_LETTERED",
      message: `chunk ${safeStringify(body.seq, 40)} could not be applied after ${msg.attempts} attempts (dead letter ${msg.id})`,
    };
    stmts.push(
      env.DB.prepare(
        "UPDATE imports SET status = 'failed', errors_json = json_insert(errors_json, '$[#]', json(?)), finished_at = coalesce(finished_at, ?) WHERE id = ?",
      ).bind(JSON.stringify(error), now, body.job_id),
    );
  }
  return stmts;
}

/** The body, or a note of why it cannot be read (a getter that throws must not sink the batch). */
function readBody(msg: Message<unknown>): unknown {
  try {
    return msg.body;
  } catch (err) {
    return { unreadable: errorText(err) };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
