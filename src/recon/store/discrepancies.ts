import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { discrepancies } from "../../db/schema";
import type { ParseIssue } from "../core/types";

/** The review queue (discrepancies): its listing, and the statement-level flags an upload raises. */

export type DiscrepancyFilter = { status?: string; kind?: string; after?: string; limit: number };

export async function listDiscrepancies(env: Env, f: DiscrepancyFilter) {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(discrepancies.status, f.status));
  if (f.kind) where.push(eq(discrepancies.kind, f.kind));
  if (f.after) where.push(gt(discrepancies.id, f.after));
  const results = await getDb(env.DB)
    .select()
    .from(discrepancies)
    .where(and(...where))
    .orderBy(asc(discrepancies.id))
    .limit(f.limit + 1);
  const page = results.slice(0, f.limit);
  return {
    items: page.map((d) => ({
      id: d.id,
      kind: d.kind,
      entry_key: d.entryKey,
      wire_id: d.wireId,
      invoice_ids: JSON.parse(d.invoiceIdsJson) as string[],
      import_id: d.importId,
      reason: d.reason,
      status: d.status,
      created_at: d.createdAt,
      resolved_at: d.resolvedAt,
      resolved_by: d.resolvedBy,
    })),
    next: results.length > f.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** A statement-level problem (MT940 balance mismatch) also goes to the review queue, once per file. */
export async function flagStatement(env: Env, jobId: string, errors: readonly ParseIssue[]): Promise<void> {
  const flags = errors.filter((e) => e.code === "BALANCE_MISMATCH");
  if (!flags.length) return;
  const now = new Date().toISOString();
  await getDb(env.DB)
    .insert(discrepancies)
    .values(
      flags.map((f, i) => ({
        id: `${jobId}_bal${i}`,
        kind: "BALANCE_MISMATCH",
        dedupeKey: `BALANCE_MISMATCH|${jobId}|${f.location ?? i}`,
        entryKey: null,
        wireId: null,
        invoiceIdsJson: "[]",
        importId: jobId,
        reason: `${f.message}${f.location ? ` (${f.location})` : ""}`,
        status: "OPEN",
        createdAt: now,
      })),
    )
    .onConflictDoNothing();
}
