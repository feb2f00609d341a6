import type { BankEntry, Invoice, ReferenceRow } from "./types";

/**
 * The seed SQL's rule, exactly, for auditors who know it:
 *
 *   SELECT … FROM invoices i JOIN wires w ON i.customer_tax_id = w.sender_tax_id
 *   CASE WHEN ABS(i.amount − w.amount) <= 0.01 × i.amount
 *         AND ABS(julianday(i.due_date) − julianday(w.transaction_date)) <= 3
 *        THEN 'VERIFIED_MATCH' ELSE 'DISCREPANCY_FLAG' END
 *
 * Every invoice of a customer is paired with every wire of that customer (an inner join on the
 * tax id: a missing tax id joins nothing, as NULL = NULL is not true in SQL). No currency check,
 * no one-to-one allocation: that is the rule's known weakness the product matcher fixes.
 * Amounts compare in integer minor units (|Δ| × 100 ≤ amount), dates as whole days. Debits and
 * reversals are not wires and are left out. Output order: invoices in input order, then wires in
 * input order.
 */
export function referenceRule(invoices: readonly Invoice[], entries: readonly BankEntry[]): ReferenceRow[] {
  const byTax = new Map<string, BankEntry[]>();
  for (const e of entries) {
    if (e.direction !== "credit" || e.reversal) continue;
    const tax = e.sender_tax_id?.trim();
    if (!tax) continue;
    const list = byTax.get(tax);
    if (list) list.push(e);
    else byTax.set(tax, [e]);
  }
  const rows: ReferenceRow[] = [];
  for (const inv of invoices) {
    const tax = inv.customer_tax_id?.trim();
    if (!tax) continue;
    const due = Date.parse(`${inv.due_date}T00:00:00Z`);
    for (const w of byTax.get(tax) ?? []) {
      const dayDiff = Math.round((Date.parse(`${w.booking_date}T00:00:00Z`) - due) / 86_400_000);
      const amountOk = Math.abs(inv.amount_minor - w.amount_minor) * 100 <= inv.amount_minor;
      rows.push({
        invoice_id: inv.invoice_id,
        wire_id: w.entry_ref ?? w.bank_ref ?? w.natural_key,
        entry_key: w.natural_key,
        invoice_amount_minor: inv.amount_minor,
        wire_amount_minor: w.amount_minor,
        currency: w.currency,
        day_diff: dayDiff,
        verdict: amountOk && Math.abs(dayDiff) <= 3 ? "VERIFIED_MATCH" : "DISCREPANCY_FLAG",
      });
    }
  }
  return rows;
}
