import { quote } from "./pricing";
import type { CatalogSnapshot, LeadFacts, Product, QuoteRequest } from "./types";

/**
 * What the first proposal prices (documented policy, one place) — the sizing rule:
 *  - quantity of a per-seat product: the seats / users / licences the lead asked for, else the team
 *    that will use it, else the headcount, else DEFAULT_SEATS; anything else is 1 unit;
 *  - product: the catalog products the lead named (SKU or name, case-insensitive); when none, the
 *    per-seat product that fits: for mid and enterprise leads the richest one whose total fits the
 *    stated budget, for smb the cheapest; with a budget, the richest that fits it; none fits → the
 *    cheapest (the proposal then says it is over budget);
 *  - term: 12 months, no discount asked.
 * A unit is per seat when its words name a seat, user, licence or member, however the catalog writes
 * it ("per_seat_year", "per user / month", "licence", "Seat").
 * Only active products in one currency are considered (the engine refuses mixed currencies): the
 * currency of the first named product, else USD when the catalog has it. Null when nothing to offer.
 */
export const DEFAULT_SEATS = 10;
export const MAX_SEATS = 100_000;
export const FIRST_TERM_MONTHS = 12;

export type SizingBasis = "seats_asked" | "team_size" | "headcount" | "default";

export function isPerSeatUnit(unit: string): boolean {
  return /(?:^|[^a-z])(?:seats?|users?|licen[cs]es?|members?|named users?|logins?)(?:$|[^a-z])/i.test(unit.replace(/[_/-]/g, " "));
}

const clampSeats = (n: number) => Math.min(MAX_SEATS, Math.max(1, Math.trunc(n)));
const known = (n: number | null | undefined): n is number => typeof n === "number" && Number.isFinite(n) && n >= 1;

export function seatCount(facts: LeadFacts): { qty: number; basis: SizingBasis } {
  if (known(facts.seats_asked)) return { qty: clampSeats(facts.seats_asked), basis: "seats_asked" };
  if (known(facts.team_size)) return { qty: clampSeats(facts.team_size), basis: "team_size" };
  if (known(facts.employees)) return { qty: clampSeats(facts.employees), basis: "headcount" };
  return { qty: DEFAULT_SEATS, basis: "default" };
}

function totalUsd(catalog: CatalogSnapshot, facts: LeadFacts, items: QuoteRequest["items"]): number | null {
  try {
    return quote(catalog, facts, { items, term_months: FIRST_TERM_MONTHS }).total_usd_minor;
  } catch {
    return null;
  }
}

const byPrice = (a: Readonly<Product>, b: Readonly<Product>) => a.unit_price_minor - b.unit_price_minor || a.sku.localeCompare(b.sku);

/** The default product when the lead named none: the one that fits segment and budget. */
function fitting(catalog: CatalogSnapshot, facts: LeadFacts, pool: readonly Readonly<Product>[], qty: number): Readonly<Product> {
  const seats = pool.filter((p) => isPerSeatUnit(p.unit));
  const list = [...(seats.length ? seats : pool)].sort(byPrice);
  const budget = facts.budget_usd_minor;
  const richestFirst = [...list].reverse();
  if (known(budget)) {
    const fits = richestFirst.find((p) => {
      const t = totalUsd(catalog, facts, [{ sku: p.sku, qty: isPerSeatUnit(p.unit) ? qty : 1 }]);
      return t !== null && t <= budget;
    });
    if (fits) return fits;
    return list[0];
  }
  return facts.segment === "smb" ? list[0] : richestFirst[0];
}

export function firstRequest(catalog: CatalogSnapshot, facts: LeadFacts, mentioned: readonly string[]): QuoteRequest | null {
  const active = catalog.products.filter((p) => p.active);
  if (active.length === 0) return null;
  const wanted = new Set(mentioned.map((m) => m.trim().toLowerCase()).filter(Boolean));
  let chosen = active.filter((p) => wanted.has(p.sku.toLowerCase()) || wanted.has(p.name.toLowerCase()));
  const currency = chosen[0]?.currency ?? (active.some((p) => p.currency === "USD") ? "USD" : active[0].currency);
  chosen = chosen.filter((p) => p.currency === currency);
  const { qty } = seatCount(facts);
  if (chosen.length === 0)
    chosen = [
      fitting(
        catalog,
        facts,
        active.filter((p) => p.currency === currency),
        qty,
      ),
    ];
  return { items: chosen.map((p) => ({ sku: p.sku, qty: isPerSeatUnit(p.unit) ? qty : 1 })), term_months: FIRST_TERM_MONTHS };
}

/**
 * How a proposal was sized, in words for its text (no amount, so a draft stays checkable): the seat
 * count's basis when a per-seat line carries it, and the total against the stated budget.
 */
export function sizingNote(
  q: { lines: ReadonlyArray<{ qty: number; unit: string }>; total_usd_minor: number },
  facts: LeadFacts,
): string | null {
  const { qty, basis } = seatCount(facts);
  const seatLine = q.lines.find((l) => isPerSeatUnit(l.unit) && l.qty === qty);
  const parts: string[] = [];
  if (seatLine) {
    const n = qty.toLocaleString("en-US");
    parts.push(
      basis === "seats_asked"
        ? `Sized for the ${n} seats you asked for.`
        : basis === "team_size"
          ? `Sized for your team of ${n} who will use it.`
          : basis === "headcount"
            ? `Sized for your ${n} employees; tell us how many people will use it and we will resize it.`
            : `Sized for ${n} seats as a starting point; tell us how many people will use it.`,
    );
  }
  if (known(facts.budget_usd_minor))
    parts.push(
      q.total_usd_minor <= facts.budget_usd_minor
        ? "The total is within the budget you mentioned."
        : "The total is above the budget you mentioned: fewer seats, a smaller edition or a longer term would bring it down, and we are happy to propose one.",
    );
  return parts.length ? parts.join(" ") : null;
}
