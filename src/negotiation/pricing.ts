import {
  PricingError,
  type CatalogSnapshot,
  type DiscountRule,
  type LeadFacts,
  type PriceTier,
  type PricingPort,
  type Product,
  type Quote,
  type QuoteItem,
  type QuoteLine,
  type QuoteRequest,
  type Verdict,
} from "./types";

/**
 * The deterministic pricing engine: quote = f(catalog, rules, lead facts, request).
 *
 * Arithmetic is integer throughout (minor units, basis points), with BigInt for the products that
 * could pass 2^53. Rounding, documented once:
 *  - a tier price × quantity is exact, nothing to round;
 *  - a percentage discount is rounded ONCE PER LINE, half away from zero:
 *      line_discount = round_half_away(line_total × bps / 10 000); discount = Σ line discounts;
 *  - a requested total ("we can pay X") gives discount = subtotal − X exactly; its percentage is
 *    rounded UP to the next basis point before it is judged (so 15.004 % counts as 15.01 %, never as
 *    15 %), and the discount is spread over the lines pro rata (floor, then the leftover minor units
 *    to the largest remainders, earlier line first on ties) so Σ line_net = total exactly;
 *  - conversion to USD (only to size the deal against the rules) rounds half away from zero.
 */

export const MAX_TERM_MONTHS = 120;

/** round(a × b / c) half away from zero, exact for any safe integers. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError("division by zero");
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (2n * ad);
  return Number(neg ? -q : q);
}

/** ceil(a × b / c) for non-negative integers. */
function mulDivCeil(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  return Number((n + d - 1n) / d);
}

/** 1500 → "15%", 1250 → "12.5%", 1234 → "12.34%". */
export function formatBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = Math.abs(bps % 100);
  if (frac === 0) return `${whole}%`;
  return `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}%`;
}

/** Minor units → "$45,000.00" / "€1,234.50" / "CHF 1,234.50": the one money format the templates use. */
export function formatMoney(amountMinor: number, currency: string): string {
  const exp = currency === "JPY" ? 0 : 2;
  const neg = amountMinor < 0;
  const abs = Math.abs(amountMinor);
  const unit = 10 ** exp;
  const whole = Math.floor(abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = exp ? `.${String(abs % unit).padStart(exp, "0")}` : "";
  const sym: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" };
  const s = sym[currency] ? `${sym[currency]}${whole}${frac}` : `${currency} ${whole}${frac}`;
  return neg ? `-${s}` : s;
}

/** Reads everything a quote needs through the read-only port (whole catalog, for counter options). */
export async function loadSnapshot(port: PricingPort): Promise<CatalogSnapshot> {
  const [products, tiers, rules, usd_rate_ppm] = await Promise.all([
    port.getProducts([]),
    port.getTiers([]),
    port.getRules(),
    port.getUsdRatesPpm ? port.getUsdRatesPpm() : Promise.resolve(undefined),
  ]);
  return Object.freeze({ products, tiers, rules, ...(usd_rate_ppm ? { usd_rate_ppm } : {}) });
}

/** Converts minor units of `currency` to USD minor units (rates in ppm); a missing rate is a typed error. */
export function toUsdMinor(amountMinor: number, currency: string, ratesPpm: Readonly<Record<string, number>> | undefined): number {
  if (currency === "USD") return amountMinor;
  const rate = ratesPpm?.[currency];
  if (rate === undefined || !Number.isFinite(rate) || rate <= 0) {
    throw new PricingError("missing_fx_rate", `No USD rate for ${currency} to size the deal against the discount rules`);
  }
  return mulDivRound(amountMinor, rate, 1_000_000);
}

export type Policy = { rule: Readonly<DiscountRule> | null; max_discount_bps: number; approval_above_bps: number };

/** The rule that decides for this segment, deal size (USD minor) and term: the most generous applicable one. */
export function policyFor(rules: CatalogSnapshot["rules"], segment: LeadFacts["segment"], dealUsdMinor: number, termMonths: number): Policy {
  let best: Readonly<DiscountRule> | null = null;
  for (const r of rules) {
    if (r.segment !== "*" && r.segment !== segment) continue;
    if (dealUsdMinor < r.min_deal_usd_minor || termMonths < r.min_term_months) continue;
    if (
      !best ||
      r.max_discount_bps > best.max_discount_bps ||
      (r.max_discount_bps === best.max_discount_bps && r.approval_above_bps > best.approval_above_bps) ||
      (r.max_discount_bps === best.max_discount_bps && r.approval_above_bps === best.approval_above_bps && r.id < best.id)
    ) {
      best = r;
    }
  }
  if (!best) return { rule: null, max_discount_bps: 0, approval_above_bps: 0 };
  const max = clampBps(best.max_discount_bps);
  return { rule: best, max_discount_bps: max, approval_above_bps: Math.min(clampBps(best.approval_above_bps), max) };
}

function clampBps(v: number): number {
  return Math.max(0, Math.min(10_000, Math.trunc(v)));
}

/** The unit price for `qty` units: the tier with the highest min_qty ≤ qty, else the list price. */
export function tierUnitPrice(product: Readonly<Product>, tiers: CatalogSnapshot["tiers"], qty: number): number {
  let best: Readonly<PriceTier> | null = null;
  for (const t of tiers) {
    if (t.sku !== product.sku || t.min_qty > qty) continue;
    if (!best || t.min_qty > best.min_qty) best = t;
  }
  return best ? best.unit_price_minor : product.unit_price_minor;
}

/** Same SKU twice in a request is one line with the summed quantity (its tier depends on the sum). */
export function normalizeItems(items: readonly QuoteItem[]): QuoteItem[] {
  const out: QuoteItem[] = [];
  for (const it of items) {
    const prev = out.find((o) => o.sku === it.sku);
    if (prev) prev.qty += it.qty;
    else out.push({ sku: it.sku, qty: it.qty });
  }
  return out;
}

function validate(request: QuoteRequest): void {
  if (!Array.isArray(request.items) || request.items.length === 0) throw new PricingError("empty_request", "A quote needs at least one item");
  for (const it of request.items) {
    if (typeof it.sku !== "string" || it.sku.length === 0) throw new PricingError("unknown_sku", "Every item needs a SKU");
    if (!Number.isSafeInteger(it.qty) || it.qty < 1) throw new PricingError("invalid_quantity", `Quantity for ${it.sku} must be a positive integer`, [it.sku]);
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

/** Priced lines of a request (tiers applied, no discount yet). Throws PricingError on unknown/inactive SKUs or mixed currencies. */
export function priceLines(catalog: CatalogSnapshot, items: readonly QuoteItem[]): { currency: string; lines: QuoteLine[] } {
  const norm = normalizeItems(items);
  const bySku = new Map(catalog.products.map((p) => [p.sku, p] as const));
  const unknown = norm.filter((i) => !bySku.has(i.sku)).map((i) => i.sku);
  if (unknown.length) throw new PricingError("unknown_sku", `Unknown SKU: ${unknown.join(", ")}`, unknown);
  const inactive = norm.filter((i) => !bySku.get(i.sku)!.active).map((i) => i.sku);
  if (inactive.length) throw new PricingError("inactive_sku", `SKU not sold any more: ${inactive.join(", ")}`, inactive);
  const currencies = [...new Set(norm.map((i) => bySku.get(i.sku)!.currency))];
  if (currencies.length > 1) {
    throw new PricingError("currency_mismatch", `Items are priced in different currencies (${currencies.join(", ")}); quote them separately`, norm.map((i) => i.sku));
  }
  const lines = norm.map((i): QuoteLine => {
    const p = bySku.get(i.sku)!;
    const tierUnit = tierUnitPrice(p, catalog.tiers, i.qty);
    const lineTotal = Number(BigInt(tierUnit) * BigInt(i.qty));
    if (!Number.isSafeInteger(lineTotal)) throw new PricingError("invalid_quantity", `Line total for ${i.sku} is too large`, [i.sku]);
    return {
      sku: p.sku,
      name: p.name,
      qty: i.qty,
      unit: p.unit,
      list_unit_minor: p.unit_price_minor,
      tier_unit_minor: tierUnit,
      line_total_minor: lineTotal,
      line_discount_minor: 0,
      line_net_minor: lineTotal,
    };
  });
  return { currency: currencies[0], lines };
}

/** Per-line discount at `bps`, rounded once per line, half away from zero. */
function applyBps(lines: QuoteLine[], bps: number): QuoteLine[] {
  return lines.map((l) => {
    const d = mulDivRound(l.line_total_minor, bps, 10_000);
    return { ...l, line_discount_minor: d, line_net_minor: l.line_total_minor - d };
  });
}

/** Spreads an exact discount amount over the lines pro rata (largest remainder). */
function applyAmount(lines: QuoteLine[], discount: number, subtotal: number): QuoteLine[] {
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

function verdictFor(askedBps: number, policy: Policy): Verdict {
  if (askedBps <= policy.approval_above_bps) return "within_policy";
  if (askedBps <= policy.max_discount_bps) return "needs_approval";
  return "refused";
}

function describePolicy(policy: Policy, facts: LeadFacts, dealUsd: number, term: number): string {
  const ctx = `segment ${facts.segment}, deal ${formatMoney(dealUsd, "USD")}, ${term}-month term`;
  if (!policy.rule) return `no discount rule applies (${ctx}): no discount allowed`;
  const r = policy.rule;
  const approval =
    policy.approval_above_bps < policy.max_discount_bps
      ? `up to ${formatBps(policy.approval_above_bps)} without approval, up to ${formatBps(policy.max_discount_bps)} with approval`
      : `up to ${formatBps(policy.max_discount_bps)}`;
  return `rule ${r.id} applies (${ctx}): ${approval}`;
}

/**
 * Prices a request for a lead and judges the asked discount against the policy.
 * - requested_total_minor (a counter "we can pay X") wins over requested_discount_bps when both are given;
 *   it is turned into the implied discount (rounded up to a basis point) and judged the same way.
 * - within_policy / needs_approval: the quote prices what was asked.
 * - refused: the quote is priced at the MAXIMUM the policy allows (never at the asked price);
 *   requested_discount_bps keeps the ask and the reasons give the maximum.
 * Throws PricingError (422) for unknown/inactive SKUs, bad quantities/terms and mixed catalog currencies.
 */
export function quote(catalog: CatalogSnapshot, facts: LeadFacts, request: QuoteRequest): Quote {
  validate(request);
  const { currency, lines } = priceLines(catalog, request.items);
  const subtotal = lines.reduce((a, l) => a + l.line_total_minor, 0);
  const dealUsd = toUsdMinor(subtotal, currency, catalog.usd_rate_ppm);
  const policy = policyFor(catalog.rules, facts.segment, dealUsd, request.term_months);
  const reasons: string[] = [];
  for (const l of lines) {
    if (l.tier_unit_minor !== l.list_unit_minor) {
      reasons.push(`volume tier for ${l.sku} at ${l.qty} units: ${formatMoney(l.tier_unit_minor, currency)} instead of ${formatMoney(l.list_unit_minor, currency)} per ${l.unit}`);
    }
  }
  reasons.push(describePolicy(policy, facts, dealUsd, request.term_months));

  let asked = request.requested_discount_bps ?? 0;
  let exactDiscount: number | null = null;
  let currencyRefused = false;
  if (request.requested_total_minor !== undefined) {
    const cur = request.requested_total_currency ?? currency;
    if (cur !== currency) {
      currencyRefused = true;
      reasons.push(`requested total is in ${cur} but the quote is in ${currency}: refused, prices are only quoted in ${currency}`);
      asked = 0;
    } else {
      const target = request.requested_total_minor;
      exactDiscount = Math.max(0, subtotal - target);
      asked = subtotal === 0 ? 0 : mulDivCeil(exactDiscount, 10_000, subtotal);
      reasons.push(`requested total ${formatMoney(target, currency)} against a subtotal of ${formatMoney(subtotal, currency)} implies a ${formatBps(asked)} discount`);
    }
  }

  const verdict: Verdict = currencyRefused ? "refused" : verdictFor(asked, policy);
  let priced: QuoteLine[];
  let discountBps: number;
  if (verdict === "refused") {
    if (!currencyRefused) {
      reasons.push(`requested discount ${formatBps(asked)} exceeds the maximum ${formatBps(policy.max_discount_bps)} allowed: refused; priced at the maximum allowed`);
    }
    discountBps = currencyRefused ? 0 : policy.max_discount_bps;
    priced = applyBps(lines, discountBps);
  } else if (exactDiscount !== null) {
    discountBps = asked;
    priced = applyAmount(lines, exactDiscount, subtotal);
  } else {
    discountBps = asked;
    priced = applyBps(lines, asked);
  }
  if (verdict === "needs_approval") {
    reasons.push(`requested discount ${formatBps(asked)} is above ${formatBps(policy.approval_above_bps)}: needs approval (maximum ${formatBps(policy.max_discount_bps)})`);
  } else if (verdict === "within_policy" && asked > 0) {
    reasons.push(`requested discount ${formatBps(asked)} is within policy`);
  }
  const discount = priced.reduce((a, l) => a + l.line_discount_minor, 0);
  const total = subtotal - discount;
  // Belt and braces: whatever happened above, a quote never prices more than the policy maximum.
  if (discountBps > policy.max_discount_bps) throw new Error("pricing invariant broken: discount above policy maximum");
  return {
    currency,
    lines: priced,
    subtotal_minor: subtotal,
    discount_bps: discountBps,
    discount_minor: discount,
    total_minor: total,
    term_months: request.term_months,
    verdict,
    reasons,
    requested_discount_bps: asked,
    rule_id: policy.rule?.id ?? null,
    max_discount_bps: policy.max_discount_bps,
    approval_above_bps: policy.approval_above_bps,
    deal_usd_minor: dealUsd,
    total_usd_minor: toUsdMinor(total, currency, catalog.usd_rate_ppm),
  };
}
