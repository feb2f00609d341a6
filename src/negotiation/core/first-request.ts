import type { CatalogSnapshot, LeadFacts, Product, QuoteRequest } from "./types";

/**
 * What the first proposal prices (documented policy, one place):
 *  - items: the catalog products the lead mentioned (matched by SKU or by name, case-insensitive);
 *    when none matches, a default bundle: the cheapest active per-seat product (unit mentions
 *    "seat" or "user"), else the cheapest active product;
 *  - quantity: per-seat products are sized by the lead's employees (≥ 1; unknown → DEFAULT_SEATS),
 *    anything else is 1 unit;
 *  - term: 12 months, no discount asked (the customer has not asked for one yet).
 * Only active products in one currency are considered (the engine refuses mixed currencies):
 * the currency of the first mentioned product, else USD when the catalog has it.
 * Returns null when the catalog has nothing to offer.
 */
export const DEFAULT_SEATS = 10;
export const MAX_SEATS = 100_000;
export const FIRST_TERM_MONTHS = 12;

const perSeat = (p: Readonly<Product>) => /\b(seat|user)s?\b/i.test(p.unit);

export function firstRequest(catalog: CatalogSnapshot, facts: LeadFacts, mentioned: readonly string[]): QuoteRequest | null {
  const active = catalog.products.filter((p) => p.active);
  if (active.length === 0) return null;
  const wanted = new Set(mentioned.map((m) => m.trim().toLowerCase()).filter(Boolean));
  let chosen = active.filter((p) => wanted.has(p.sku.toLowerCase()) || wanted.has(p.name.toLowerCase()));
  const currency = chosen[0]?.currency ?? (active.some((p) => p.currency === "USD") ? "USD" : active[0].currency);
  chosen = chosen.filter((p) => p.currency === currency);
  if (chosen.length === 0) {
    const pool = active.filter((p) => p.currency === currency);
    const seats = pool.filter(perSeat);
    const cheapest = (list: readonly Readonly<Product>[]) =>
      [...list].sort((a, b) => a.unit_price_minor - b.unit_price_minor || a.sku.localeCompare(b.sku))[0];
    chosen = [cheapest(seats.length ? seats : pool)];
  }
  const seats = Math.min(MAX_SEATS, Math.max(1, Math.trunc(facts.employees ?? DEFAULT_SEATS)));
  return { items: chosen.map((p) => ({ sku: p.sku, qty: perSeat(p) ? seats : 1 })), term_months: FIRST_TERM_MONTHS };
}
