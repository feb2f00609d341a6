import { mulDivRound } from "./arithmetic";
import { PricingError, type QuoteLine, type QuoteRequest } from "./types";

/* Helpers of pricing.ts: request validation and the per-line spread of a discount. */

export const MAX_TERM_MONTHS = 120;

/** Throws PricingError for an empty request, a bad quantity, term, discount or requested total. */
export function validate(request: QuoteRequest): void {
  if (!Array.isArray(request.items) || request.items.length === 0)
    throw new PricingError("empty_request", "A quote needs at least one item");
  for (const it of request.items) {
    if (typeof it.sku !== "string" || it.sku.length === 0) throw new PricingError("unknown_sku", "Every item needs a SKU");
    if (!Number.isSafeInteger(it.qty) || it.qty < 1)
      throw new PricingError("invalid_quantity", `Quantity for ${it.sku} must be a positive integer`, [it.sku]);
  }
  if (!Number.isSafeInteger(request.term_months) || request.term_months < 1 || request.term_months > MAX_TERM_MONTHS) {
    throw new PricingError("invalid_term", `term_months must be an integer from 1 to ${MAX_TERM_MONTHS}`);
  }
  const d = request.requested_discount_bps;
  if (d !== undefined && (!Number.isSafeInteger(d) || d < 0 || d > 10_000)) {
    throw new PricingError("invalid_discount", "requested_discount_bps must be an integer from 0 to 10000");
  }
  const t = request.requested_total_minor;
  if (t !== undefined && (!Number.isSafeInteger(t) || t < 0)) {
    throw new PricingError("invalid_discount", "requested_total_minor must be a non-negative integer");
  }
}

/** Per-line discount at `bps`, rounded once per line, half away from zero. */
export function applyBps(lines: QuoteLine[], bps: number): QuoteLine[] {
  return lines.map((l) => {
    const d = mulDivRound(l.line_total_minor, bps, 10_000);
    return { ...l, line_discount_minor: d, line_net_minor: l.line_total_minor - d };
  });
}

/** Spreads an exact discount amount over the lines pro rata (largest remainder). */
export function applyAmount(lines: QuoteLine[], discount: number, subtotal: number): QuoteLine[] {
  if (subtotal === 0 || discount === 0) return lines.map((l) => ({ ...l, line_discount_minor: 0, line_net_minor: l.line_total_minor }));
  const D = BigInt(discount);
  const S = BigInt(subtotal);
  const shares = lines.map((l, idx) => {
    const n = BigInt(l.line_total_minor) * D;
    return { idx, base: n / S, rem: n % S };
  });
  let left = D - shares.reduce((a, s) => a + s.base, 0n);
  const order = [...shares].sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.idx - b.idx));
  for (const s of order) {
    if (left <= 0n) break;
    s.base += 1n;
    left -= 1n;
  }
  return lines.map((l, idx) => {
    const d = Number(shares[idx].base);
    return { ...l, line_discount_minor: d, line_net_minor: l.line_total_minor - d };
  });
}
