import { and, asc, eq, gt, gte, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { bankEntries, statements } from "../../db/schema";
import { formatMinor } from "../../platform/money";
import type { Cursor } from "./cursor";

/** Reads of bank_entries for the finance API: what landed, as pages or CSV rows. */

export type BankEntryDbRow = typeof bankEntries.$inferSelect;

/**
 * `matched`: fully allocated (match_status MATCHED). `unmatched`: everything else — still pending,
 * partly paid, waiting for review, a duplicate import, or a debit (debits are never matched).
 */
export type EntryMatchFilter = "matched" | "unmatched";

export type BankEntryFilter = {
  account?: string;
  currency?: string;
  from?: string;
  to?: string;
  status?: EntryMatchFilter;
  importId?: string;
  statementId?: string;
  after?: Cursor;
  limit: number;
};

export function bankEntryView(r: BankEntryDbRow) {
  return {
    entry_key: r.naturalKey,
    wire_id: r.wireId,
    entry_ref: r.entryRef,
    bank_ref: r.bankRef,
    account: r.account,
    amount: { amount_minor: r.amountMinor, currency: r.currency },
    direction: r.direction,
    reversal: r.reversal,
    booking_date: r.bookingDate,
    value_date: r.valueDate,
    sender_name: r.senderName,
    sender_tax_id: r.senderTaxId,
    remittance: r.remittance,
    format: r.format,
    import_id: r.importId,
    match_status: r.matchStatus,
    allocated: { amount_minor: r.allocatedMinor, currency: r.currency },
    created_at: r.createdAt,
  };
}
export type BankEntryView = ReturnType<typeof bankEntryView>;

export const BANK_ENTRY_CSV = [
  "entry_key",
  "wire_id",
  "booking_date",
  "value_date",
  "account",
  "amount",
  "amount_minor",
  "currency",
  "direction",
  "reversal",
  "match_status",
  "allocated_minor",
  "sender_name",
  "sender_tax_id",
  "remittance",
  "import_id",
] as const;

/** A flat row for the CSV export: amounts as decimal strings beside their minor units. */
export function bankEntryCsvRow(e: BankEntryView): Record<(typeof BANK_ENTRY_CSV)[number], unknown> {
  return {
    entry_key: e.entry_key,
    wire_id: e.wire_id,
    booking_date: e.booking_date,
    value_date: e.value_date,
    account: e.account,
    amount: formatMinor(e.amount.amount_minor, e.amount.currency),
    amount_minor: e.amount.amount_minor,
    currency: e.amount.currency,
    direction: e.direction,
    reversal: e.reversal ? 1 : 0,
    match_status: e.match_status,
    allocated_minor: e.allocated.amount_minor,
    sender_name: e.sender_name,
    sender_tax_id: e.sender_tax_id,
    remittance: e.remittance,
    import_id: e.import_id,
  };
}

/** Keyset pagination over (created_at, natural_key): stable while new entries land. */
export async function listBankEntries(env: Env, f: BankEntryFilter): Promise<{ entries: BankEntryView[]; next: Cursor | null }> {
  const where: (SQL | undefined)[] = [];
  if (f.account) where.push(eq(bankEntries.account, f.account));
  if (f.currency) where.push(eq(bankEntries.currency, f.currency));
  if (f.from) where.push(gte(bankEntries.bookingDate, f.from));
  if (f.to) where.push(lte(bankEntries.bookingDate, f.to));
  if (f.status === "matched") where.push(eq(bankEntries.matchStatus, "MATCHED"));
  if (f.status === "unmatched") where.push(ne(bankEntries.matchStatus, "MATCHED"));
  if (f.importId) where.push(eq(bankEntries.importId, f.importId));
  if (f.statementId) {
    // A statement's entries: its import's, on its account and (when it has one) its currency.
    where.push(
      sql`EXISTS (SELECT 1 FROM ${statements} s WHERE s.id = ${f.statementId} AND s.import_id = ${bankEntries.importId}
                  AND s.account IS ${bankEntries.account} AND (s.currency IS NULL OR s.currency = ${bankEntries.currency}))`,
    );
  }
  if (f.after) {
    where.push(
      or(gt(bankEntries.createdAt, f.after.at), and(eq(bankEntries.createdAt, f.after.at), gt(bankEntries.naturalKey, f.after.id))),
    );
  }
  const results = await getDb(env.DB)
    .select()
    .from(bankEntries)
    .where(and(...where))
    .orderBy(asc(bankEntries.createdAt), asc(bankEntries.naturalKey))
    .limit(f.limit + 1);
  const page = results.slice(0, f.limit);
  const last = page.at(-1);
  return { entries: page.map(bankEntryView), next: results.length > f.limit && last ? { at: last.createdAt, id: last.naturalKey } : null };
}
