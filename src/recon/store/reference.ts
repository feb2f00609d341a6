import { formatMinor } from "../../platform/money";
import { referenceRule } from "../core/reference-rule";
import type { BankEntry, Invoice } from "../core/types";

/**
 * The seed rule over what D1 holds (optionally one customer's tax id), via recon/core/reference-rule.ts.
 * The columns are selected in the core's own shapes (Invoice, BankEntry), so no row type is needed.
 */
export async function referenceReport(env: Env, customer?: string) {
  const [inv, ent] = await env.DB.batch([
    env.DB.prepare(
      `SELECT id AS invoice_id, customer_tax_id, customer_name, po_number, amount_minor, currency, issue_date, due_date FROM invoices
       ${customer ? "WHERE customer_tax_id = ?" : ""} ORDER BY id`,
    ).bind(...(customer ? [customer] : [])),
    env.DB.prepare(
      `SELECT natural_key, account, bank_ref, entry_ref, amount_minor, currency, direction, reversal, booking_date, value_date, sender_name, sender_tax_id, remittance, format
       FROM bank_entries WHERE direction = 'credit' ${customer ? "AND sender_tax_id = ?" : ""} ORDER BY booking_date, natural_key`,
    ).bind(...(customer ? [customer] : [])),
  ]);
  const invoices = inv.results as Invoice[];
  const entries = (ent.results as (BankEntry & { reversal: number | boolean })[]).map((e) => ({ ...e, reversal: Boolean(e.reversal) }));
  return referenceRule(invoices, entries).map((r) => ({
    invoice_id: r.invoice_id,
    wire_id: r.wire_id,
    invoice_amount: formatMinor(r.invoice_amount_minor, r.currency),
    wire_amount: formatMinor(r.wire_amount_minor, r.currency),
    currency: r.currency,
    day_diff: r.day_diff,
    verdict: r.verdict,
  }));
}
