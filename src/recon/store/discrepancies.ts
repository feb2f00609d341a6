import { and, asc, eq, gt, inArray, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { bankEntries, discrepancies, invoices } from "../../db/schema";
import { formatMinor } from "../../platform/money";
import { currentCandidates, parseCandidates, type InvoiceNow } from "../core/review-view";
import type { ParseIssue } from "../core/types";

/** The review queue (discrepancies): its listing, and the statement-level flags an upload raises. */

export type DiscrepancyFilter = { status?: string; kind?: string; after?: string; limit: number };

export async function listDiscrepancies(env: Env, f: DiscrepancyFilter) {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(discrepancies.status, f.status));
  if (f.kind) where.push(eq(discrepancies.kind, f.kind));
  if (f.after) where.push(gt(discrepancies.id, f.after));
  const db = getDb(env.DB);
  const results = await db
    .select({
      d: discrepancies,
      amountMinor: bankEntries.amountMinor,
      currency: bankEntries.currency,
      bookingDate: bankEntries.bookingDate,
      payerName: bankEntries.senderName,
      remittance: bankEntries.remittance,
    })
    .from(discrepancies)
    .leftJoin(bankEntries, eq(bankEntries.naturalKey, discrepancies.entryKey))
    .where(and(...where))
    .orderBy(asc(discrepancies.id))
    .limit(f.limit + 1);
  const page = results.slice(0, f.limit);
  const stored = new Map(page.map((r) => [r.d.id, parseCandidates(r.d.candidatesJson)]));
  const now = await invoicesNow(env, [...new Set([...stored.values()].flatMap((cs) => cs.map((c) => c.invoice_id)))]);
  return {
    items: page.map(({ d, ...e }) => ({
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
      amount: e.amountMinor !== null && e.currency ? formatMinor(e.amountMinor, e.currency) : null,
      amount_minor: e.amountMinor,
      currency: e.currency,
      booking_date: e.bookingDate,
      payer_name: e.payerName,
      remittance: e.remittance,
      candidates: currentCandidates(stored.get(d.id) ?? [], now),
    })),
    next: results.length > f.limit ? (page.at(-1)?.d.id ?? null) : null,
  };
}

/** Today's amount and paid amount of the candidate invoices (chunks within D1's bound-parameter limit). */
async function invoicesNow(env: Env, ids: string[]): Promise<Map<string, InvoiceNow>> {
  const out = new Map<string, InvoiceNow>();
  const db = getDb(env.DB);
  for (let i = 0; i < ids.length; i += 90) {
    const rows = await db
      .select({ id: invoices.id, amount_minor: invoices.amountMinor, paid_minor: invoices.paidMinor, currency: invoices.currency })
      .from(invoices)
      .where(inArray(invoices.id, ids.slice(i, i + 90)));
    for (const r of rows) out.set(r.id, r);
  }
  return out;
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
