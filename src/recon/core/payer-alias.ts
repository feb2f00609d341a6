import { namesMatch, nameTokens, normTaxId } from "./normalize";
import { compactMatch, onBehalfOf } from "./payer";
import type { PayerAlias } from "./types";

/**
 * Payer aliases learned from manual matches: a person matched a payment from payer X to an invoice
 * of customer Y, so X's next payment resolves to Y (src/recon/core/match-index.ts, customerOf and
 * agreement), shown as a reason and revocable. Pure: the rows come from src/recon/store/aliases.ts.
 */
export type { PayerAlias };

/** What a new alias says: payer key → customer (tax id, name, compact key). */
export type AliasToLearn = {
  payer_key: string;
  payer_name: string;
  customer_tax_id: string | null;
  customer_name: string;
  customer_key: string;
};

/** A name as an alias key: its distinctive tokens joined; null when too short to tell payers apart. */
export function payerKeyOf(name: string | null | undefined): string | null {
  const key = nameTokens(name).join("");
  return key.length >= 4 ? key : null;
}

/**
 * The alias a manual match teaches, or null when there is nothing to learn: the payer has no usable
 * name, or the matcher already knows the payer is the customer (same tax id, the customer's name, or
 * the remittance names the customer "on behalf of").
 */
export function aliasToLearn(
  entry: { sender_name: string | null; sender_tax_id: string | null; remittance: string },
  invoice: { customer_tax_id: string | null; customer_name: string },
): AliasToLearn | null {
  const payerKey = payerKeyOf(entry.sender_name);
  const customerKey = nameTokens(invoice.customer_name).join("");
  if (!payerKey || !entry.sender_name || customerKey.length === 0) return null;
  const payerTax = normTaxId(entry.sender_tax_id);
  if (payerTax && payerTax === normTaxId(invoice.customer_tax_id)) return null;
  if (namesMatch(nameTokens(entry.sender_name), nameTokens(invoice.customer_name))) return null;
  if (payerKey === customerKey) return null;
  const behalf = onBehalfOf(entry.remittance);
  if (behalf && compactMatch(behalf, customerKey)) return null;
  return {
    payer_key: payerKey,
    payer_name: entry.sender_name.slice(0, 200),
    customer_tax_id: invoice.customer_tax_id,
    customer_name: invoice.customer_name,
    customer_key: customerKey,
  };
}

/** Live aliases by payer key (one per key and customer; the store keeps them unique). */
export function indexAliases(aliases: readonly PayerAlias[]): Map<string, PayerAlias[]> {
  const by = new Map<string, PayerAlias[]>();
  for (const a of aliases) {
    const list = by.get(a.payer_key);
    if (list) list.push(a);
    else by.set(a.payer_key, [a]);
  }
  return by;
}

/** The live aliases of some payments' payers (what a focused scope carries), in store order. */
export function aliasesOfPayers(index: ReadonlyMap<string, PayerAlias[]>, focus: readonly { sender_name: string | null }[]): PayerAlias[] {
  const keys = new Set(focus.map((e) => payerKeyOf(e.sender_name)).filter((k): k is string => k !== null));
  return [...keys].flatMap((k) => index.get(k) ?? []);
}

/** The alias a payer resolves through: exactly one customer learned for its name, else none (two customers: a person decides). */
export function aliasFor(index: ReadonlyMap<string, PayerAlias[]>, senderName: string | null): PayerAlias | null {
  if (index.size === 0) return null;
  const key = payerKeyOf(senderName);
  const list = key ? index.get(key) : undefined;
  if (!list || list.length === 0) return null;
  const customers = new Set(list.map(aliasCustomer));
  return customers.size === 1 ? list[0] : null;
}

/** The customer an alias names, as the matcher's bucket key ("T:<tax>" or "N:<name tokens>"), without the currency. */
export function aliasCustomer(a: Pick<PayerAlias, "customer_tax_id" | "customer_name">): string {
  const tax = normTaxId(a.customer_tax_id);
  return tax ? `T:${tax}` : `N:${nameTokens(a.customer_name).join(" ")}`;
}

/** Does an invoice of this customer (normalised tax id, name tokens) belong to the alias's customer? */
export function aliasFits(a: PayerAlias, tax: string | null, names: readonly string[]): boolean {
  const at = normTaxId(a.customer_tax_id);
  if (at && tax) return at === tax;
  return nameTokens(a.customer_name).join(" ") === names.join(" ");
}

/** The reason shown on the link's invoice and on a candidate. */
export function aliasReason(a: Pick<PayerAlias, "created_by" | "created_at">): string {
  return `payer alias learned from a manual match (by ${a.created_by}, at ${a.created_at})`;
}
