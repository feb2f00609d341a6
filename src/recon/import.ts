import { newId } from "../platform/ids";
import { log } from "../platform/log";
import { chunkForQueue, type ReconMessage } from "./messages";
import type { BankEntry, Invoice, ParseIssue, StatementSummary } from "./core/types";
import { recordActivity } from "../platform/activity";
import { getConfig } from "../config";
import { sha256Hex } from "../platform/crypto";
import { InvalidInput } from "../platform/errors";
import { parseStatementSteps } from "./core/parse/detect";
import { drainCooperatively } from "../platform/steps";
import { parseInvoices } from "./core/parse/invoices";
import { flagStatement } from "./store/discrepancies";
import { insertImport, markImportFailed, type NewImport } from "./store/imports";
import { insertStatements } from "./store/statements";

export type { ImportKind, NewImport } from "./store/imports";
/** The import row's statement; the real-time path batches it with its entries. */
export { insertImport as importStatement } from "./store/imports";

/** An upload as the route read it: the bytes, their UTF-8 text and the declared media type. */
export type Upload = { text: string; bytes: Uint8Array; mediaType: string };

/** What an upload answers (202): the job, the parse findings and where to poll. */
export type ImportAccepted = StartedImport & { format: string; errors: ParseIssue[]; warnings: ParseIssue[]; job_url: string };

export const jobUrl = (jobId: string): string => `/api/finance/jobs/${jobId}`;

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
 * and nothing is enqueued. A statement file's per-statement summaries go in the same D1 batch as
 * the job row, so a job never exists without them.
 */
export async function startImport(
  env: Env,
  meta: NewImport,
  items: { kind: "invoices"; invoices: Invoice[] } | { kind: "bank_entries"; entries: BankEntry[]; statements?: StatementSummary[] },
): Promise<StartedImport> {
  const jobId = newId("imp");
  const now = new Date().toISOString();
  const list: (Invoice | BankEntry)[] = items.kind === "invoices" ? items.invoices : items.entries;
  const chunks = chunkForQueue(list);
  const status = chunks.length > 0 ? "queued" : meta.errors.length > 0 ? "failed" : "done";
  const job = insertImport(env, jobId, meta, { total: list.length, chunks: chunks.length, status, now });
  const summaries = items.kind === "bank_entries" ? (items.statements ?? []) : [];
  if (summaries.length === 0) await job.run();
  else await env.DB.batch([job, ...insertStatements(env, jobId, summaries, now)]);

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
    await markImportFailed(env, jobId, error);
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

/** POST /invoices: parse the JSON array or CSV, then start the import (a file with no readable row is a 422). */
export async function importInvoiceFile(env: Env, upload: Upload, actor: string | null): Promise<ImportAccepted> {
  const parsed = parseInvoices(upload.text, upload.mediaType, { maxBytes: getConfig(env).MAX_UPLOAD_BYTES });
  if (parsed.invoices.length === 0) throw new InvalidInput("invoices: no row could be imported", { errors: parsed.errors });
  const format = /json/.test(upload.mediaType) || /^\s*[[{]/.test(upload.text) ? "json" : "csv";
  const job = await startImport(
    env,
    {
      kind: "invoices",
      format,
      sha256: await sha256Hex(upload.bytes),
      bytes: upload.bytes.byteLength,
      actor,
      errors: parsed.errors,
      warnings: parsed.warnings,
    },
    { kind: "invoices", invoices: parsed.invoices },
  );
  return { ...job, format, errors: parsed.errors, warnings: parsed.warnings, job_url: jobUrl(job.job_id) };
}

/**
 * POST /bank-statements: detect the format from the content, start the import, and put a
 * statement-level flag (MT940 balance mismatch) in the review queue.
 */
export async function importStatementFile(env: Env, upload: Upload, actor: string | null): Promise<ImportAccepted> {
  // Read in slices: a 10k-entry statement would otherwise hold the isolate (and every real-time
  // payment waiting on it) for the whole parse.
  const parsed = await drainCooperatively(parseStatementSteps(upload.text, { maxBytes: getConfig(env).MAX_UPLOAD_BYTES }));
  if (parsed.entries.length === 0 && parsed.errors.length > 0) {
    throw new InvalidInput(`${parsed.format}: no entry could be imported`, { format: parsed.format, errors: parsed.errors });
  }
  const job = await startImport(
    env,
    {
      kind: "bank_statement",
      format: parsed.format,
      sha256: await sha256Hex(upload.bytes),
      bytes: upload.bytes.byteLength,
      actor,
      errors: parsed.errors,
      warnings: parsed.warnings,
    },
    { kind: "bank_entries", entries: parsed.entries, statements: parsed.statements },
  );
  await flagStatement(env, job.job_id, parsed.errors);
  return { ...job, format: parsed.format, errors: parsed.errors, warnings: parsed.warnings, job_url: jobUrl(job.job_id) };
}
