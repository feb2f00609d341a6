import { formatMinor } from "../../platform/money";
import { agreement, customerOf, nearestOpen, type Ent, type Inv, type InvoiceIndex } from "./match-index";
import { extractRefs } from "./normalize";
import { creditNotes } from "./payer";
import { aliasReason } from "./payer-alias";
import { isFullyPaid } from "./status";
import type { Candidate, MatchConfig, ReasonCode, ReviewItem } from "./types";

/**
 * The review workbench's proposals: for every review item about a payment, the open invoices a
 * person is most likely to confirm, best first, each with a score and the evidence behind it.
 *
 * Candidates come from the same indexes as the matcher (invoices the item or the remittance names,
 * the payer's own open invoices nearest by due date and by amount), never from all invoices, so the
 * cost per item is bounded. Score (0..1): named by the remittance 0.45, payer agrees 0.25 (tax id)
 * or 0.2 (name, on behalf of), amount 0.25 exact / 0.2 within the fee tolerance / else 0.15 × the
 * smaller-to-larger ratio, due date within the window 0.05 (less the farther).
 */
export const MAX_CANDIDATES = 5;
const POOL = 12;

const PAYER_LABEL: Partial<Record<ReasonCode, string>> = {
  TAX_ID_EXACT: "payer tax id is the customer's",
  TAX_ID_NEAR: "payer tax id one typo from the customer's",
  NAME_MATCH: "payer name is the customer's",
  ON_BEHALF_OF: "paid on behalf of the customer",
};

export function scoreCandidate(
  inv: Inv,
  ent: Ent,
  named: boolean,
  cfg: Pick<MatchConfig, "fee_tolerance_pct" | "date_window_days">,
): Candidate {
  const reasons: string[] = [];
  let score = 0;
  if (named) {
    score += 0.45;
    reasons.push("remittance names the invoice");
  }
  const who = agreement(inv, ent);
  if (who) {
    score += who === "TAX_ID_EXACT" ? 0.25 : 0.2;
    reasons.push(who === "PAYER_ALIAS" && ent.alias ? aliasReason(ent.alias) : (PAYER_LABEL[who] ?? who));
  }
  const open = Math.max(0, inv.remaining);
  const amt = ent.e.amount_minor;
  const fmt = (m: number) => `${formatMinor(m, inv.inv.currency)} ${inv.inv.currency}`;
  if (open > 0 && amt === open) {
    score += 0.25;
    reasons.push("amount equals the open amount");
  } else if (open > 0 && amt < open && isFullyPaid(amt, open, cfg.fee_tolerance_pct)) {
    score += 0.2;
    reasons.push(`${fmt(open - amt)} short: within the ${cfg.fee_tolerance_pct} % fee tolerance`);
  } else if (open > 0) {
    score += (0.15 * Math.min(amt, open)) / Math.max(amt, open);
    reasons.push(amt > open ? `pays ${fmt(amt - open)} more than is open` : `pays ${fmt(open - amt)} less than is open`);
  } else reasons.push("already paid");
  const days = Math.abs(ent.day - inv.due);
  if (days <= cfg.date_window_days) {
    score += 0.05 * (1 - days / (cfg.date_window_days + 1));
    reasons.push(days === 0 ? "booked on the due date" : `booked ${days} day${days > 1 ? "s" : ""} from the due date`);
  }
  return {
    invoice_id: inv.inv.invoice_id,
    open_minor: open,
    currency: inv.inv.currency,
    score: Math.round(Math.min(1, score) * 100) / 100,
    reasons,
  };
}

/** Invoices a payment could be for: the item's, those the remittance names (invoice or PO number), then the payer's open invoices nearest by due date and amount. */
export function candidatePool(index: InvoiceIndex, ent: Ent, itemIds: readonly string[]): { pool: Inv[]; named: Set<Inv> } {
  // Named = what the remittance references; the item's own invoices join the pool without that credit.
  const named = new Set<Inv>();
  const refs = extractRefs(creditNotes(ent.e.remittance).text);
  for (const a of refs.alnum) for (const inv of index.invByAlnum.get(a) ?? []) named.add(inv);
  for (const d of refs.digits) for (const inv of index.invByDigits.get(d) ?? []) named.add(inv);
  for (const a of refs.alnum) for (const inv of index.poByAlnum.get(a) ?? []) named.add(inv);
  const pool = new Set<Inv>();
  for (const id of itemIds) {
    const inv = index.byId.get(id);
    if (inv) pool.add(inv);
  }
  for (const inv of named) if (inv.inv.currency === ent.e.currency) pool.add(inv);
  const cust = customerOf(index, ent);
  if (cust) {
    for (const inv of nearestOpen(cust.bucket, ent.day, POOL, () => true)) pool.add(inv);
    // …and by amount: a binary search in the amount-sorted list, a few either side.
    const arr = cust.bucket.byAmount;
    let lo = 0;
    let up = arr.length;
    while (lo < up) {
      const mid = (lo + up) >> 1;
      if (arr[mid].inv.amount_minor < ent.e.amount_minor) lo = mid + 1;
      else up = mid;
    }
    for (let k = Math.max(0, lo - POOL / 2); k < Math.min(arr.length, lo + POOL / 2); k++) if (arr[k].remaining > 0) pool.add(arr[k]);
    for (const t of cust.bucket.touched) if (pool.size < POOL * 3) pool.add(t);
  }
  return { pool: [...pool], named };
}

/** The review items with their ranked candidates (items without a payment are returned as they are). */
export function rankCandidates(
  index: InvoiceIndex,
  byKey: ReadonlyMap<string, Ent>,
  review: readonly ReviewItem[],
  cfg: Pick<MatchConfig, "fee_tolerance_pct" | "date_window_days">,
): ReviewItem[] {
  return review.map((item) => {
    const ent = item.entry_key ? byKey.get(item.entry_key) : undefined;
    if (!ent || item.kind === "DUPLICATE_ENTRY") return item;
    const { pool, named } = candidatePool(index, ent, item.invoice_ids);
    const candidates = pool
      .map((inv) => ({ inv, c: scoreCandidate(inv, ent, named.has(inv), cfg) }))
      .sort((a, b) => b.c.score - a.c.score || a.inv.due - b.inv.due || a.inv.idx - b.inv.idx)
      .slice(0, MAX_CANDIDATES)
      .map((x) => x.c);
    return { ...item, candidates };
  });
}
