import { looksLikeNonInvoicePayment, namesMatch, nameTokens, normTaxId } from "./normalize";
import { wireIdOf } from "./natural-key";
import { onBehalfOf } from "./payer";
import { dayOf, type Ent } from "./match-index";
import type { BankEntry, DuplicateEntry, ReviewItem } from "./types";

/**
 * The credits a match run allocates (src/recon/core/match.ts): credits only, one per natural key,
 * in booking order, with duplicate imports set aside (reported, and queued for review, never
 * allocated).
 */
export function liveCredits(entries: readonly BankEntry[]): {
  live: Ent[];
  byKey: Map<string, Ent>;
  duplicates: DuplicateEntry[];
  review: ReviewItem[];
} {
  const duplicates: DuplicateEntry[] = [];
  const review: ReviewItem[] = [];
  const ents: Ent[] = [];
  const byKey = new Map<string, Ent>();
  const bySignature = new Map<string, Ent[]>();
  for (const e of entries) {
    if (e.direction !== "credit" || e.reversal || e.amount_minor <= 0) continue;
    const prior = byKey.get(e.natural_key);
    if (prior) {
      duplicates.push({
        entry_key: e.natural_key,
        wire_id: wireIdOf(e),
        duplicate_of_key: prior.e.natural_key,
        duplicate_of_wire_id: prior.wire,
      });
      continue;
    }
    const ent: Ent = {
      e,
      wire: wireIdOf(e),
      day: dayOf(e.booking_date),
      left: e.amount_minor,
      tax: normTaxId(e.sender_tax_id),
      names: nameTokens(e.sender_name),
      behalf: onBehalfOf(e.remittance),
      credit: null,
      alias: null,
      handled: false,
    };
    byKey.set(e.natural_key, ent);
    ents.push(ent);
  }
  ents.sort((a, b) => a.day - b.day || (a.wire < b.wire ? -1 : a.wire > b.wire ? 1 : 0) || (a.e.natural_key < b.e.natural_key ? -1 : 1));
  const samePayer = (a: Ent, b: Ent) =>
    a.tax && b.tax
      ? a.tax === b.tax
      : namesMatch(a.names, b.names) || namesMatch(b.names, a.names) || (a.names.length === 0 && b.names.length === 0);
  const live: Ent[] = [];
  for (const ent of ents) {
    // Same amount, day, remittance and payer: the same bank line imported twice (from two files,
    // or a copy with another id) — unless both carry different bank references on one account,
    // which makes them two real transactions. One copy may lack the payer's tax id.
    const sig = [ent.e.currency, ent.e.amount_minor, ent.day, ent.e.remittance.toUpperCase().replace(/[^A-Z0-9]/g, "")].join("|");
    const group = bySignature.get(sig);
    const first = group?.find(
      (f) => samePayer(f, ent) && !(f.e.bank_ref && ent.e.bank_ref && f.e.bank_ref !== ent.e.bank_ref && f.e.account === ent.e.account),
    );
    if (first) {
      duplicates.push({
        entry_key: ent.e.natural_key,
        wire_id: ent.wire,
        duplicate_of_key: first.e.natural_key,
        duplicate_of_wire_id: first.wire,
      });
      review.push({
        kind: "DUPLICATE_ENTRY",
        entry_key: ent.e.natural_key,
        wire_id: ent.wire,
        invoice_ids: [],
        reason: `same payer, amount, date and remittance as ${first.wire}: treated as a duplicate import, not allocated`,
      });
      continue;
    }
    if (group) group.push(ent);
    else bySignature.set(sig, [ent]);
    live.push(ent);
  }
  return { live, byKey, duplicates, review };
}

/**
 * The credits nothing was allocated to, after every phase; those not already in review are
 * queued as UNMATCHED_ENTRY (appended to `review`), with the reason a person would want first.
 */
export function unmatchedCredits(live: readonly Ent[], review: ReviewItem[]): string[] {
  const inReview = new Set(review.map((r) => r.entry_key));
  const unmatched: string[] = [];
  for (const ent of live) {
    if (ent.left !== ent.e.amount_minor) continue;
    unmatched.push(ent.e.natural_key);
    if (!inReview.has(ent.e.natural_key)) {
      const why = looksLikeNonInvoicePayment(ent.e.remittance)
        ? `remittance "${ent.e.remittance}" does not describe an invoice payment`
        : "no open invoice fits this payer, reference and amount";
      review.push({ kind: "UNMATCHED_ENTRY", entry_key: ent.e.natural_key, wire_id: ent.wire, invoice_ids: [], reason: why });
    }
  }
  return unmatched;
}
