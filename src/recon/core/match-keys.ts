import { extractRefs, invoiceKeys, nameTokens, normTaxId, poKeys } from "./normalize";
import type { BankEntry, Invoice } from "./types";

/**
 * The keys under which the matcher can reach an invoice from a payment, stored with the rows so a
 * focused match run (one payment, or one chunk of a statement) loads only the invoices its
 * payments could touch, by index, instead of the whole open ledger.
 *
 * They mirror the matcher's own indexes (src/recon/core/match.ts) and are a superset of them:
 *  - `keys`: "A:" + the alphanumeric form and "D:" + the digit form of the invoice number and of
 *    the PO number (the matcher keeps invoice and PO maps apart; a lookup may return both);
 *  - `tax_norm`: the normalized tax id (the matcher's tax-id bucket);
 *  - `name_first`: the first distinctive name token (the matcher reaches name buckets only
 *    through it: `namesMatch` requires equal first tokens).
 * A payment's side is the same three things, taken from its remittance text and payer.
 */
export type MatchKeys = { tax_norm: string | null; name_first: string | null; keys: string[] };

export function invoiceMatchKeys(inv: Pick<Invoice, "invoice_id" | "po_number" | "customer_tax_id" | "customer_name">): MatchKeys {
  const keys = new Set<string>();
  const k = invoiceKeys(inv.invoice_id);
  if (k.alnum) keys.add(`A:${k.alnum}`);
  if (k.digits) keys.add(`D:${k.digits}`);
  if (inv.po_number) {
    const p = poKeys(inv.po_number);
    if (p.alnum.length >= 3) keys.add(`A:${p.alnum}`);
    if (p.digits) keys.add(`D:${p.digits}`);
  }
  return { tax_norm: normTaxId(inv.customer_tax_id), name_first: nameTokens(inv.customer_name)[0] ?? null, keys: [...keys] };
}

export function entryMatchKeys(e: Pick<BankEntry, "remittance" | "sender_tax_id" | "sender_name">): MatchKeys {
  const refs = extractRefs(e.remittance ?? "");
  return {
    tax_norm: normTaxId(e.sender_tax_id),
    name_first: nameTokens(e.sender_name)[0] ?? null,
    keys: [...refs.alnum.map((a) => `A:${a}`), ...refs.digits.map((d) => `D:${d}`)],
  };
}

/** What a focused load looks up for its payments: their payers and remittance keys. */
export function payersOf(entries: readonly BankEntry[]) {
  const taxes = new Set<string>();
  const firsts = new Set<string>();
  const untaxedFirsts = new Set<string>();
  const keys = new Set<string>();
  const pairs = new Map<string, [string, string | null]>();
  for (const e of entries) {
    const m = entryMatchKeys(e);
    for (const k of m.keys) keys.add(k);
    if (m.tax_norm) taxes.add(m.tax_norm);
    if (m.name_first) {
      firsts.add(m.name_first);
      if (!m.tax_norm) untaxedFirsts.add(m.name_first);
      pairs.set(`${m.name_first}|${m.tax_norm ?? ""}`, [m.name_first, m.tax_norm]);
    }
  }
  return { taxes: [...taxes], firsts: [...firsts], untaxedFirsts: [...untaxedFirsts], keys: [...keys], pairs: [...pairs.values()] };
}
