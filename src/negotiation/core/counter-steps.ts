import { formatBps, formatMoney } from "./format";
import type { CatalogSnapshot, CounterOptionKind, Quote, QuoteItem, QuoteRequest } from "./types";

/* Helpers of pricing.ts's counterOptions. */

/** Two requests are the same option when they serialise the same (items in order, term, discount). */
export function sameRequest(a: QuoteRequest, b: QuoteRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A product family is the SKU prefix before the first "-" (LL-PRO, LL-STD: LL). */
export function familyOf(sku: string): string {
  const at = sku.indexOf("-");
  return at > 0 ? sku.slice(0, at) : sku;
}

/** What counterOptions hands its option steps: the normalised items, the undiscounted quote, and its probes. */
export type OptionSteps = {
  items: QuoteItem[];
  base: Quote;
  term: number;
  cur: string;
  /** Quotes items/term at min(cap, the approval threshold of that deal); null when invalid or out of policy. */
  atPolicy: (items: QuoteItem[], term: number, cap?: number) => Quote | null;
  push: (kind: CounterOptionKind, description: string, q: Quote, items: QuoteItem[], term: number) => void;
  /** Candidate quotes left in the search budget. */
  budgetLeft: () => number;
};

/** Fewer units, to fit the customer's number: quantities scaled down by whole percents until the total fits. */
export function fewerUnitsOption(o: OptionSteps, targetTotal: number): void {
  const { items, base, cur } = o;
  if (!(targetTotal < base.subtotal_minor && items.some((i) => i.qty > 1))) return;
  let prev = "";
  for (let k = 99; k >= 1; k--) {
    const scaled = items.map((i) => ({ sku: i.sku, qty: Math.max(1, Math.floor((i.qty * k) / 100)) }));
    const key = JSON.stringify(scaled);
    if (key === prev) continue;
    prev = key;
    const q = o.atPolicy(scaled, o.term);
    if (q && q.total_minor <= targetTotal) {
      const what = scaled.map((s) => `${s.qty} × ${s.sku}`).join(", ");
      o.push(
        "fewer_units",
        `${what} instead of ${items.map((i) => `${i.qty} × ${i.sku}`).join(", ")}: ${formatMoney(q.total_minor, cur)}${q.discount_bps ? ` with ${formatBps(q.discount_bps)} off` : ""}`,
        q,
        scaled,
        o.term,
      );
      return;
    }
    if (o.budgetLeft() <= 0) return;
  }
}

/** The next volume tier of each line (a lower unit price for more units). */
export function nextTierOptions(o: OptionSteps, tiers: CatalogSnapshot["tiers"]): void {
  const { items, base, cur } = o;
  for (const line of base.lines) {
    const next = tiers
      .filter((t) => t.sku === line.sku && t.min_qty > line.qty && t.unit_price_minor < line.tier_unit_minor)
      .sort((a, b) => a.min_qty - b.min_qty)[0];
    if (!next) continue;
    const raised = items.map((i) => (i.sku === line.sku ? { sku: i.sku, qty: next.min_qty } : i));
    const q = o.atPolicy(raised, o.term);
    if (q) {
      o.push(
        "other_tier",
        `${next.min_qty} × ${line.sku} reaches the volume tier at ${formatMoney(next.unit_price_minor, cur)} per ${line.unit} instead of ${formatMoney(line.tier_unit_minor, cur)}: ${formatMoney(q.total_minor, cur)}`,
        q,
        raised,
        o.term,
      );
    }
  }
}
