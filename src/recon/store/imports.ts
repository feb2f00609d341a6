import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { imports, statements } from "../../db/schema";
import type { ParseIssue } from "../core/types";

/** The imports table: one row per upload (invoices or a bank statement) and its progress. */

export type ImportRow = typeof imports.$inferSelect;
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

/**
 * The import job's row, as a statement the caller may batch with others (the real-time path writes
 * it in the same transaction as its entries). `status` queued | processing: not finished yet.
 */
export function insertImport(
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

/** Marks a job failed and appends the reason to its errors (the queue refused its chunks). */
export async function markImportFailed(env: Env, jobId: string, error: { code: string; message: string }): Promise<void> {
  await env.DB.prepare(
    "UPDATE imports SET status = 'failed', errors_json = json_insert(errors_json, '$[#]', json(?)), finished_at = ? WHERE id = ?",
  )
    .bind(JSON.stringify(error), new Date().toISOString(), jobId)
    .run();
}

export type JobView = ReturnType<typeof jobView>;

function jobView(j: ImportRow, statementIds: string[]) {
  const errors = JSON.parse(j.errorsJson) as unknown[];
  return {
    job_id: j.id,
    kind: j.kind,
    format: j.format,
    status: j.status,
    progress: { chunks_done: j.chunksDone, chunks_total: j.chunksTotal, ratio: j.chunksTotal ? j.chunksDone / j.chunksTotal : 1 },
    counts: {
      total_items: j.totalItems,
      inserted: j.insertedItems,
      duplicates: j.duplicateItems,
      links_written: j.linksWritten,
      errors: errors.length,
    },
    errors,
    warnings: JSON.parse(j.warningsJson) as unknown[],
    /** A statement file's statements (GET /statements/{id}), in file order; empty for invoices. */
    statement_ids: statementIds,
    bytes: j.bytes,
    sha256: j.sha256,
    created_at: j.createdAt,
    finished_at: j.finishedAt,
    latency_ms: j.latencyMs,
  };
}

export async function getJob(env: Env, id: string): Promise<JobView | null> {
  const db = getDb(env.DB);
  const [rows, stmts] = await db.batch([
    db.select().from(imports).where(eq(imports.id, id)),
    db.select({ id: statements.id }).from(statements).where(eq(statements.importId, id)).orderBy(asc(statements.position)),
  ]);
  const row = rows[0];
  return row
    ? jobView(
        row,
        stmts.map((s) => s.id),
      )
    : null;
}
