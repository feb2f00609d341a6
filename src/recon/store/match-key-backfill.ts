import { log } from "../../platform/log";
import { entryMatchKeys, invoiceMatchKeys } from "../core/match-keys";
import type { BankEntry, Invoice } from "../core/types";
import { jsonParams, keyInserts } from "./chunks";

const BACKFILL_ROWS = 500;

function keyColumnUpdates(
  env: Env,
  table: "invoices" | "bank_entries",
  idColumn: string,
  rows: { id: string; tax_norm: string | null; name_first: string | null }[],
): D1PreparedStatement[] {
  return jsonParams(rows.map((r) => [r.id, r.tax_norm, r.name_first])).map((p) =>
    env.DB.prepare(
      `UPDATE ${table} SET tax_norm = u.value ->> '$[1]', name_first = u.value ->> '$[2]', keyed = 1
       FROM json_each(?1) AS u WHERE ${table}.${idColumn} = u.value ->> '$[0]'`,
    ).bind(p),
  );
}

/**
 * Writes the match keys of rows stored before migration 0040 (keyed = 0), a few hundred per
 * round, until none is left in the currency. Idempotent; called before a focused run finds such
 * rows and by the scheduled sweep.
 */
export async function backfillMatchKeys(env: Env, currency: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [inv, ent] = await env.DB.batch([
      env.DB.prepare(
        `SELECT id AS invoice_id, po_number, customer_tax_id, customer_name FROM invoices WHERE currency = ? AND keyed = 0 LIMIT ${BACKFILL_ROWS}`,
      ).bind(currency),
      env.DB.prepare(
        `SELECT natural_key, remittance, sender_tax_id, sender_name FROM bank_entries WHERE currency = ? AND keyed = 0 LIMIT ${BACKFILL_ROWS}`,
      ).bind(currency),
    ]);
    const invoices = inv.results as Pick<Invoice, "invoice_id" | "po_number" | "customer_tax_id" | "customer_name">[];
    const entries = ent.results as Pick<BankEntry, "natural_key" | "remittance" | "sender_tax_id" | "sender_name">[];
    if (invoices.length === 0 && entries.length === 0) return total;
    const invRows = invoices.map((i) => ({ id: i.invoice_id, ...invoiceMatchKeys(i) }));
    const entRows = entries.map((e) => ({ id: e.natural_key, ...entryMatchKeys(e) }));
    const stmts: D1PreparedStatement[] = [
      ...keyInserts(
        env,
        "invoice_keys",
        invRows.flatMap((r) => r.keys.map((key): [string, string] => [r.id, key])),
      ),
      ...keyInserts(
        env,
        "entry_keys",
        entRows.flatMap((r) => r.keys.map((key): [string, string] => [r.id, key])),
      ),
      ...keyColumnUpdates(env, "invoices", "id", invRows),
      ...keyColumnUpdates(env, "bank_entries", "natural_key", entRows),
    ];
    await env.DB.batch(stmts);
    total += invoices.length + entries.length;
    log({ event: "recon.match_keys_backfilled", currency, invoices: invoices.length, entries: entries.length, outcome: "ok" });
  }
}
