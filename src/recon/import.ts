import { newId } from "../platform/ids";
import { log } from "../platform/log";
import { chunkForQueue, type ReconMessage } from "./messages";
import type { BankEntry, Invoice, ParseIssue } from "./core/types";
import { recordActivity } from "../platform/activity";

export type ImportKind = "invoices" | "bank_statement";

export type NewImport = {
  kind: ImportKind;
  format: string;
  sha256: string;
  bytes: number;
  actor: string | null;
  errors: ParseIssue[];
  warnings: ParseIssue[];
};

export type StartedImport = { job_id: string; status: string; total_items: number; chunks: number };

/** sendBatch takes at most 100 messages and 256 KB per call. */
const SEND_BATCH_MAX_MESSAGES = 100;
const SEND_BATCH_MAX_BYTES = 200 * 1024;

/**
 * Journey 3, the upload half: store the import job, then hand the parsed items to the queue in
 * chunks. The job row is written first so GET /jobs/:id can answer as soon as the 202 is out; if
 * the queue refuses, the job is marked failed (never a silent half import).
 *
 * An upload with nothing importable (every row refused) is recorded as `failed` with its errors
 * and nothing is enqueued.
 */
export async function startImport(
  env: Env,
  meta: NewImport,
  items: { kind: "invoices"; invoices: Invoice[] } | { kind: "bank_entries"; entries: BankEntry[] },
): Promise<StartedImport> {
  const jobId = newId("imp");
  const now = new Date().toISOString();
  const list: (Invoice | BankEntry)[] = items.kind === "invoices" ? items.invoices : items.entries;
  const chunks = chunkForQueue(list);
  const status = chunks.length > 0 ? "queued" : meta.errors.length > 0 ? "failed" : "done";
  await importStatement(env, jobId, meta, { total: list.length, chunks: chunks.length, status, now }).run();

  // enqueued_at_ms is stamped per sendBatch call (see sendAll), right before the queue I/O.
  const messages: ReconMessage[] = chunks.map((chunk, seq) =>
    items.kind === "invoices"
      ? { kind: "invoices", job_id: jobId, seq, enqueued_at_ms: 0, invoices: chunk as Invoice[] }
      : { kind: "bank_entries", job_id: jobId, seq, enqueued_at_ms: 0, entries: chunk as BankEntry[] },
  );
  try {
    await sendAll(env, messages);
  } catch (cause) {
    const error = {
      code: "QUEUE_REFUSED",
      message: `The queue refused the import: ${cause instanceof Error ? cause.message : String(cause)}`,
    };
    await env.DB.prepare(
      "UPDATE imports SET status = 'failed', errors_json = json_insert(errors_json, '$[#]', json(?)), finished_at = ? WHERE id = ?",
    )
      .bind(JSON.stringify(error), new Date().toISOString(), jobId)
      .run();
    log({ event: "recon.import_enqueue_failed", job_id: jobId, error: error.message, outcome: "failed" }, "error");
    throw cause;
  }
  log({
    event: "recon.import_queued",
    job_id: jobId,
    kind: meta.kind,
    format: meta.format,
    items: list.length,
    chunks: chunks.length,
    errors: meta.errors.length,
    outcome: status,
  });
  await recordActivity(env, {
    agent: "reconciliation",
    action: meta.kind === "invoices" ? "invoices_uploaded" : "statement_uploaded",
    entity: "import",
    entity_id: jobId,
    outcome: status === "failed" ? "error" : "ok",
    detail: { format: meta.format, items: list.length, chunks: chunks.length, errors: meta.errors.length },
  });
  return { job_id: jobId, status, total_items: list.length, chunks: chunks.length };
}

/** The import job's row. `status` queued | processing: not finished yet. */
export function importStatement(
  env: Env,
  jobId: string,
  meta: NewImport,
  job: { total: number; chunks: number; status: string; now: string },
): D1PreparedStatement {
  return env.DB.prepare(
    `INSERT INTO imports (id, kind, format, status, actor, sha256, bytes, total_items, chunks_total, errors_json, warnings_json, created_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).bind(
    jobId,
    meta.kind,
    meta.format,
    job.status,
    meta.actor,
    meta.sha256,
    meta.bytes,
    job.total,
    job.chunks,
    JSON.stringify(meta.errors),
    JSON.stringify(meta.warnings),
    job.now,
    job.status === "queued" || job.status === "processing" ? null : job.now,
  );
}

const encoder = new TextEncoder();

async function sendAll(env: Env, messages: ReconMessage[]): Promise<void> {
  let group: MessageSendRequest<ReconMessage>[] = [];
  let bytes = 0;
  for (const body of messages) {
    const size = encoder.encode(JSON.stringify(body)).length;
    if (group.length && (group.length >= SEND_BATCH_MAX_MESSAGES || bytes + size > SEND_BATCH_MAX_BYTES)) {
      await send(env, group);
      group = [];
      bytes = 0;
    }
    group.push({ body, contentType: "json" });
    bytes += size;
  }
  if (group.length) await send(env, group);
}

async function send(env: Env, group: MessageSendRequest<ReconMessage>[]): Promise<void> {
  const at = Date.now();
  for (const m of group) if (m.body.kind !== "payment_event") m.body.enqueued_at_ms = at;
  await env.RECON_QUEUE.sendBatch(group);
}
