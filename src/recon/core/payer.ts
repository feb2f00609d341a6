import { nameTokens } from "./normalize";

/**
 * Who a payment is for when the payer is not the customer, and what a remittance nets against the
 * invoice: pure readers of the remittance text used by the matcher (src/recon/core/match.ts).
 */

const MAX_TEXT = 1000;

/**
 * A keyword as a pattern that survives a bank's fixed-width line break: one space may fall between
 * any two letters ("cred it note"), and a space in the keyword may be missing or doubled.
 */
export function breakable(words: readonly string[]): string {
  const one = (w: string) =>
    [...w]
      .map((ch) => (ch === " " ? "\\s*" : ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")))
      .join("\\s?")
      .replace(/\\s\?\\s\*\\s\?/g, "\\s*");
  return `(?:${[...words]
    .sort((x, y) => y.length - x.length)
    .map(one)
    .join("|")})`;
}

/**
 * "on behalf of", "im Auftrag von", "pour le compte de", "in opdracht van" and their short forms:
 * a factoring or collection company (or a parent's shared service centre) paying for a customer.
 */
const BEHALF_WORDS = [
  "ON BEHALF OF",
  "O/B/O",
  "FOR ACCOUNT OF",
  "FOR THE ACCOUNT OF",
  "IM AUFTRAG VON",
  "IM AUFTRAG DER",
  "IM AUFTRAG DES",
  "IM NAMEN VON",
  "POUR LE COMPTE DE",
  "POUR LE COMPTE DU",
  "POUR LE COMPTE DES",
  "AU NOM DE",
  "IN OPDRACHT VAN",
  "TEN BEHOEVE VAN",
  "NAMENS",
];
const BEHALF = new RegExp(`(?:^|[^A-Z])${breakable(BEHALF_WORDS)}(?![A-Z])\\s*:?\\s*`, "i");

/** Where the named party's name ends: a separator, a reference keyword, or a number. */
const NAME_END = /[;|/()[\]]|\b(?:INV(?:OICE)?|RE(?:CHNUNG)?|RG|FACTURE|FACTUUR|FACT|REF|NR|NO|PO)\b|\d/i;

/**
 * The party a payment is made for, as a compact name key (distinctive tokens joined, legal forms
 * dropped: "im Auftrag von Kessler Logistik GmbH" → "KESSLERLOGISTIK"), or null. Compact, because a
 * bank's fixed-width line may cut a word in two ("Kessl er Logistik").
 */
export function onBehalfOf(remittance: string): string | null {
  const text = remittance.slice(0, MAX_TEXT);
  const m = BEHALF.exec(text);
  if (!m) return null;
  const rest = text.slice(m.index + m[0].length);
  const end = rest.search(NAME_END);
  const name = end >= 0 ? rest.slice(0, end) : rest;
  const key = nameTokens(name).join("");
  return key.length >= 4 ? key : null;
}

/**
 * Does a compact payer key denote a customer's compact key? Equal, the customer's key followed by
 * what a cut legal form left ("KESSLERLOGISTIKGM"), or a cut name that keeps at least eight letters.
 */
export function compactMatch(behalf: string, customer: string): boolean {
  if (customer.length < 4) return false;
  if (behalf === customer) return true;
  if (behalf.startsWith(customer)) return behalf.length - customer.length <= 4;
  return behalf.length >= 8 && customer.startsWith(behalf);
}

/** What a customer's compact key is indexed under (its first five letters). */
export const compactPrefix = (key: string): string => key.slice(0, 5);

export type CreditNotes = {
  /** Credit note numbers named ("CN-2026-00012"). */
  ids: string[];
  /** Their stated total in minor units, when the remittance gives one. */
  amount_minor: number | null;
  /** The remittance without the credit notes' mentions (so their numbers are not read as invoices). */
  text: string;
};

const CREDIT_WORDS = ["CREDIT NOTE", "CREDIT MEMO", "CREDITNOTA", "CREDITFACTUUR", "GUTSCHRIFT", "AVOIR", "NOTE DE CREDIT"];
const CREDIT = new RegExp(
  `(?:^|[^A-Z])${breakable(CREDIT_WORDS)}(?![A-Z])\\s*(?:NO\\.?|NR\\.?|N°|#)?\\s*:?\\s*([A-Z0-9]+(?:\\s?[-/.]\\s?[A-Z0-9]+)*)(?:\\s*\\(?\\s*-?\\s*((?:\\d{1,3}(?:[.,' ]\\d{3})+|\\d+)[.,]\\d{2})(?!\\d)\\)?)?`,
  "gi",
);

/** Parses "1.234,50", "1,234.50", "1234.50" into minor units (two decimals required). */
export function decimalMinor(s: string): number {
  const digits = s.replace(/[^0-9]/g, "");
  return Number(digits);
}

/** Credit notes a remittance nets against the invoice it pays ("INV-7 less credit note CN-12 150.00"). */
export function creditNotes(remittance: string): CreditNotes {
  const text = remittance.slice(0, MAX_TEXT);
  const ids: string[] = [];
  let total = 0;
  let stated = false;
  const rest = text.replace(CREDIT, (_all, id: string, amount: string | undefined) => {
    if (!/\d/.test(id)) return _all;
    ids.push(id.toUpperCase().replace(/\s+/g, ""));
    if (amount) {
      total += decimalMinor(amount);
      stated = true;
    }
    return " ";
  });
  return ids.length === 0 ? { ids, amount_minor: null, text } : { ids, amount_minor: stated ? total : null, text: rest };
}
