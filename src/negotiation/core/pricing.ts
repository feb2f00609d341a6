import {
  PricingError,
  type CatalogSnapshot,
  type CounterOption,
  type CounterOptionKind,
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
import { clampBps, mulDivCeil, mulDivRound } from "./arithmetic";
import { formatBps, formatMoney } from "./format";
import { applyAmount, applyBps, MAX_TERM_MONTHS, validate } from "./pricing-lines";
import { describePolicy, verdictFor, type Policy } from "./pricing-rules";
import { familyOf, fewerUnitsOption, nextTierOptions, sameRequest } from "./counter-steps";

// The engine's public names stay importable from here (their helpers live beside this file).
export { mulDivRound } from "./arithmetic";
export { formatBps, formatMoney } from "./format";
export { MAX_TERM_MONTHS } from "./pricing-lines";
export type { Policy } from "./pricing-rules";

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

/** The rule that decides for this segment, deal size (USD minor) and term: the most generous applicable one. */
export function policyFor(
  rules: CatalogSnapshot["rules"],
  segment: LeadFacts["segment"],
  dealUsdMinor: number,
  termMonths: number,
): Policy {
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
    throw new PricingError(
      "currency_mismatch",
      `Items are priced in different currencies (${currencies.join(", ")}); quote them separately`,
      norm.map((i) => i.sku),
    );
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
      reasons.push(
        `volume tier for ${l.sku} at ${l.qty} units: ${formatMoney(l.tier_unit_minor, currency)} instead of ${formatMoney(l.list_unit_minor, currency)} per ${l.unit}`,
      );
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
      reasons.push(
        `requested total ${formatMoney(target, currency)} against a subtotal of ${formatMoney(subtotal, currency)} implies a ${formatBps(asked)} discount`,
      );
    }
  }

  const verdict: Verdict = currencyRefused ? "refused" : verdictFor(asked, policy);
  let priced: QuoteLine[];
  let discountBps: number;
  if (verdict === "refused") {
    if (!currencyRefused) {
      reasons.push(
        `requested discount ${formatBps(asked)} exceeds the maximum ${formatBps(policy.max_discount_bps)} allowed: refused; priced at the maximum allowed`,
      );
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
    reasons.push(
      `requested discount ${formatBps(asked)} is above ${formatBps(policy.approval_above_bps)}: needs approval (maximum ${formatBps(policy.max_discount_bps)})`,
    );
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
    ...(exactDiscount !== null && verdict !== "refused" ? { requested_total_minor: total } : {}),
    rule_id: policy.rule?.id ?? null,
    max_discount_bps: policy.max_discount_bps,
    approval_above_bps: policy.approval_above_bps,
    deal_usd_minor: dealUsd,
    total_usd_minor: toUsdMinor(total, currency, catalog.usd_rate_ppm),
  };
}

/**
 * The request that prices `q` again: its items and term, plus its exact total when it priced one (so
 * the re-quote keeps the customer's number to the cent), else its discount in bps. Use it to store
 * the standing request of a proposal built from a plan's quote.
 */
export function requestOf(q: Quote): QuoteRequest {
  const base: QuoteRequest = { items: q.lines.map((l) => ({ sku: l.sku, qty: l.qty })), term_months: q.term_months };
  if (q.requested_total_minor !== undefined)
    return { ...base, requested_total_minor: q.requested_total_minor, requested_total_currency: q.currency };
  return q.discount_bps > 0 ? { ...base, requested_discount_bps: q.discount_bps } : base;
}

// ───────────────────────────── Counter-proposal options ─────────────────────────────

/** Option searches stop after this many candidate quotes, whatever the catalog size. */
const MAX_OPTION_QUOTES = 400;

/**
 * Counter-proposal options computed by the engine for a request the customer made (typically one that
 * was refused or needs approval). Each option carries its own request and quote, and ONLY options whose
 * quote is `within_policy` are returned, each priced at a discount that needs no approval:
 *  - policy_max:    same items and term, at the most the policy allows without approval;
 *  - longer_term:   the shortest longer term(s) whose rule allows more (up to the asked discount);
 *  - fewer_units:   quantities scaled down until the total fits what the customer wants to pay
 *                   (their requested total, or the subtotal less the asked discount);
 *  - other_tier:    a line raised to the next volume tier (lower unit price);
 *  - other_product: a cheaper active product of the same family (SKU prefix before "-"), same
 *                   currency and unit.
 * Unknown SKUs in the request still throw PricingError (the request itself is invalid).
 */
export function counterOptions(
  catalog: CatalogSnapshot,
  facts: LeadFacts,
  request: QuoteRequest,
  opts: { limit?: number } = {},
): CounterOption[] {
  const limit = opts.limit ?? 6;
  const base = quote(catalog, facts, { items: request.items, term_months: request.term_months });
  const asked = quote(catalog, facts, request).requested_discount_bps;
  const targetTotal =
    request.requested_total_minor !== undefined && (request.requested_total_currency ?? base.currency) === base.currency
      ? request.requested_total_minor
      : base.subtotal_minor - base.lines.reduce((a, l) => a + mulDivRound(l.line_total_minor, asked, 10_000), 0);
  const out: CounterOption[] = [];
  let budget = MAX_OPTION_QUOTES;

  /** Quotes `items`/`term` at min(cap, the approval threshold of that deal); null when invalid or out of policy. */
  const atPolicy = (items: QuoteItem[], term: number, cap = 10_000): Quote | null => {
    if (budget-- <= 0) return null;
    try {
      const probe = quote(catalog, facts, { items, term_months: term });
      const bps = Math.min(cap, probe.approval_above_bps);
      const q = bps > 0 ? quote(catalog, facts, { items, term_months: term, requested_discount_bps: bps }) : probe;
      return q.verdict === "within_policy" ? q : null;
    } catch (err) {
      if (err instanceof PricingError) return null;
      throw err;
    }
  };
  const push = (kind: CounterOptionKind, description: string, q: Quote, items: QuoteItem[], term: number) => {
    const req: QuoteRequest = { items, term_months: term, ...(q.discount_bps > 0 ? { requested_discount_bps: q.discount_bps } : {}) };
    if (q.verdict !== "within_policy" || out.some((o) => sameRequest(o.request, req))) return;
    out.push({ kind, description, request: req, quote: q });
  };
  const items = normalizeItems(request.items);
  const cur = base.currency;

  // 1. The most the policy gives on the same terms.
  const pm = atPolicy(items, request.term_months, asked > 0 ? asked : 10_000);
  if (pm && pm.discount_bps > 0) {
    push(
      "policy_max",
      `${formatBps(pm.discount_bps)} off on the same items and ${request.term_months}-month term: ${formatMoney(pm.total_minor, cur)}`,
      pm,
      items,
      request.term_months,
    );
  }

  // 2. Longer terms: only rule thresholds change the policy, so those are the candidate terms.
  const terms = [...new Set(catalog.rules.map((r) => r.min_term_months))]
    .filter((t) => t > request.term_months && t <= MAX_TERM_MONTHS)
    .sort((a, b) => a - b);
  let bestApproval = base.approval_above_bps;
  let longer = 0;
  for (const t of terms) {
    if (longer >= 2) break;
    const q = atPolicy(items, t, asked > 0 ? asked : 10_000);
    if (!q || q.approval_above_bps <= bestApproval) continue;
    bestApproval = q.approval_above_bps;
    push(
      "longer_term",
      `${t}-month term instead of ${request.term_months}: ${formatBps(q.discount_bps)} off, ${formatMoney(q.total_minor, cur)}`,
      q,
      items,
      t,
    );
    longer++;
    if (asked > 0 && q.discount_bps >= asked) break;
  }

  // 3. Fewer units, to fit the customer's number.
  const steps = { items, base, term: request.term_months, cur, atPolicy, push, budgetLeft: () => budget };
  fewerUnitsOption(steps, targetTotal);

  // 4. The next volume tier of each line.
  nextTierOptions(steps, catalog.tiers);

  // 5. A cheaper product of the same family.
  for (const line of base.lines) {
    const current = catalog.products.find((p) => p.sku === line.sku);
    if (!current) continue;
    const alternatives = catalog.products
      .filter(
        (p) =>
          p.active &&
          p.sku !== current.sku &&
          familyOf(p.sku) === familyOf(current.sku) &&
          p.currency === current.currency &&
          p.unit === current.unit &&
          !items.some((i) => i.sku === p.sku),
      )
      .map((p) => ({ p, unit: tierUnitPrice(p, catalog.tiers, line.qty) }))
      .filter((a) => a.unit < line.tier_unit_minor)
      .sort((a, b) => b.unit - a.unit || (a.p.sku < b.p.sku ? -1 : 1));
    const alt = alternatives[0];
    if (!alt) continue;
    const swapped = items.map((i) => (i.sku === line.sku ? { sku: alt.p.sku, qty: i.qty } : i));
    const q = atPolicy(swapped, request.term_months);
    if (q)
      push(
        "other_product",
        `${alt.p.name} (${alt.p.sku}) instead of ${line.name}: ${formatMoney(q.total_minor, cur)}`,
        q,
        swapped,
        request.term_months,
      );
  }

  return out.slice(0, limit);
}
