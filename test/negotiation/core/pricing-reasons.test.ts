import { describe, expect, it } from "vitest";
import {
  counterOptions,
  loadSnapshot,
  policyFor,
  priceLines,
  quote,
  requestOf,
  tierUnitPrice,
  toUsdMinor,
} from "../../../src/negotiation/core/pricing";
import type { CatalogSnapshot, DiscountRule, PricingPort, QuoteRequest } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

/* The quote's reasons as the proposal shows them, and the engine's lookups at their edges (mutation-driven).
 * 100 × LL-PRO is $11,000 at the 50-seat tier: the mid-annual rule (10 % without approval, 15 % max). */

const TIER = "volume tier for LL-PRO at 100 units: $110.00 instead of $120.00 per seat/year";
const RULE = "rule mid-annual applies (segment mid, deal $11,000.00, 12-month term): up to 10% without approval, up to 15% with approval";
const ask = (over: Partial<QuoteRequest>) => quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, ...over });

describe("quote reasons", () => {
  it("names the tier and the rule, and nothing more when nothing is asked", () => {
    expect(ask({}).reasons).toEqual([TIER, RULE]);
    expect(ask({ requested_discount_bps: 0 }).reasons).toEqual([TIER, RULE]);
  });

  it("words each verdict of an asked discount", () => {
    expect(ask({ requested_discount_bps: 800 }).reasons).toEqual([TIER, RULE, "requested discount 8% is within policy"]);
    expect(ask({ requested_discount_bps: 1200 }).reasons).toEqual([
      TIER,
      RULE,
      "requested discount 12% is above 10%: needs approval (maximum 15%)",
    ]);
    expect(ask({ requested_discount_bps: 3000 }).reasons).toEqual([
      TIER,
      RULE,
      "requested discount 30% exceeds the maximum 15% allowed: refused; priced at the maximum allowed",
    ]);
  });

  it("explains a requested total by the discount it implies", () => {
    const q = ask({ requested_total_minor: 1_000_000, requested_total_currency: "USD" });
    expect(q.reasons).toEqual([
      TIER,
      RULE,
      "requested total $10,000.00 against a subtotal of $11,000.00 implies a 9.1% discount",
      "requested discount 9.1% is within policy",
    ]);
    expect([q.verdict, q.discount_bps, q.total_minor, q.requested_total_minor]).toEqual(["within_policy", 910, 1_000_000, 1_000_000]);
    const above = ask({ requested_total_minor: 1_200_000 });
    expect(above.reasons.at(-1)).toBe("requested total $12,000.00 against a subtotal of $11,000.00 implies a 0% discount");
    expect([above.total_minor, above.requested_total_minor, above.requested_discount_bps]).toEqual([1_100_000, 1_100_000, 0]);
  });

  it("refuses a total in another currency at no discount and says why", () => {
    const q = ask({ requested_total_minor: 600_000, requested_total_currency: "EUR", requested_discount_bps: 500 });
    expect(q.reasons).toEqual([TIER, RULE, "requested total is in EUR but the quote is in USD: refused, prices are only quoted in USD"]);
    expect([q.verdict, q.discount_bps, q.total_minor, q.requested_discount_bps, q.requested_total_minor]).toEqual([
      "refused",
      0,
      1_100_000,
      0,
      undefined,
    ]);
  });

  it("keeps no requested total on a refused total", () => {
    const q = ask({ requested_total_minor: 500_000 });
    expect([q.verdict, q.discount_bps, q.total_minor, q.requested_total_minor]).toEqual(["refused", 1500, 935_000, undefined]);
  });
});

describe("toUsdMinor", () => {
  it("passes USD through and converts at a ppm rate, half away from zero", () => {
    expect(toUsdMinor(12_345, "USD", undefined)).toBe(12_345);
    expect(toUsdMinor(100, "EUR", { EUR: 1_085_000 })).toBe(109);
    expect(toUsdMinor(100, "EUR", { EUR: 1_084_999 })).toBe(108);
  });

  it.each([
    ["no table", undefined],
    ["no rate", { GBP: 1_270_000 }],
    ["a zero rate", { EUR: 0 }],
    ["a negative rate", { EUR: -5 }],
    ["an infinite rate", { EUR: Number.POSITIVE_INFINITY }],
    ["a NaN rate", { EUR: Number.NaN }],
  ])("refuses %s with missing_fx_rate", (_, rates) => {
    expect(() => toUsdMinor(100, "EUR", rates)).toThrow(
      expect.objectContaining({ code: "missing_fx_rate", message: "No USD rate for EUR to size the deal against the discount rules" }),
    );
  });
});

describe("policyFor", () => {
  const rule = (over: Partial<DiscountRule>): DiscountRule => ({
    id: "r",
    segment: "*",
    min_deal_usd_minor: 0,
    min_term_months: 1,
    max_discount_bps: 1000,
    approval_above_bps: 500,
    ...over,
  });

  it("applies a rule from its minimum deal and term on, inclusive", () => {
    const rules = [rule({ id: "big", min_deal_usd_minor: 1000, min_term_months: 12 })];
    expect(policyFor(rules, "smb", 1000, 12).rule?.id).toBe("big");
    expect(policyFor(rules, "smb", 999, 12).rule).toBeNull();
    expect(policyFor(rules, "smb", 1000, 11).rule).toBeNull();
  });

  it("applies a rule of the lead's segment or of every segment only", () => {
    const rules = [rule({ id: "mid", segment: "mid" })];
    expect(policyFor(rules, "mid", 0, 1).rule?.id).toBe("mid");
    expect(policyFor(rules, "smb", 0, 1)).toEqual({ rule: null, max_discount_bps: 0, approval_above_bps: 0 });
  });

  it("breaks ties by the higher approval threshold, then by the smaller id", () => {
    const a = rule({ id: "b", approval_above_bps: 600 });
    const b = rule({ id: "a", approval_above_bps: 500 });
    const c = rule({ id: "c", approval_above_bps: 600 });
    expect(policyFor([b, a, c], "smb", 0, 1).rule?.id).toBe("b");
    expect(policyFor([c, a, b], "smb", 0, 1).rule?.id).toBe("b");
    expect(policyFor([rule({ id: "z", max_discount_bps: 900, approval_above_bps: 900 }), b], "smb", 0, 1).rule?.id).toBe("a");
  });

  it("clamps the rule's figures and never lets approval exceed the maximum", () => {
    expect(policyFor([rule({ max_discount_bps: 12_000, approval_above_bps: 11_000 })], "smb", 0, 1)).toMatchObject({
      max_discount_bps: 10_000,
      approval_above_bps: 10_000,
    });
    expect(policyFor([rule({ max_discount_bps: 800, approval_above_bps: 900 })], "smb", 0, 1)).toMatchObject({
      max_discount_bps: 800,
      approval_above_bps: 800,
    });
  });
});

describe("tierUnitPrice", () => {
  const pro = catalog.products.find((p) => p.sku === "LL-PRO")!;
  it("starts a tier at its minimum quantity and takes the highest reached", () => {
    expect([49, 50, 199, 200, 5000].map((q) => tierUnitPrice(pro, catalog.tiers, q))).toEqual([12_000, 11_000, 11_000, 10_000, 10_000]);
    const reversed = [...catalog.tiers].reverse();
    expect(tierUnitPrice(pro, reversed, 250)).toBe(10_000);
    expect(tierUnitPrice(pro, [{ sku: "LL-STD", min_qty: 1, unit_price_minor: 1 }], 250)).toBe(12_000);
  });
});

describe("loadSnapshot", () => {
  const port = (rates?: Record<string, number>): PricingPort =>
    ({
      getProducts: async () => catalog.products,
      getTiers: async () => catalog.tiers,
      getRules: async () => catalog.rules,
      ...(rates ? { getUsdRatesPpm: async () => rates } : {}),
    }) as unknown as PricingPort;

  it("reads the whole catalog, with the rates when the port has them", async () => {
    const withRates = await loadSnapshot(port({ EUR: 1_080_000 }));
    expect(withRates).toEqual({ products: catalog.products, tiers: catalog.tiers, rules: catalog.rules, usd_rate_ppm: { EUR: 1_080_000 } });
    expect(Object.isFrozen(withRates)).toBe(true);
    const without = await loadSnapshot(port());
    expect("usd_rate_ppm" in without).toBe(false);
  });
});

describe("priceLines refusals", () => {
  const refusal = (items: Array<{ sku: string; qty: number }>) => {
    try {
      priceLines(catalog, items);
      return null;
    } catch (e) {
      const err = e as { code: string; message: string; skus: string[] };
      return [err.code, err.message, err.skus];
    }
  };

  it("names every unknown, inactive or mixed-currency SKU, and a line total past 2^53", () => {
    expect(
      refusal([
        { sku: "NOPE", qty: 1 },
        { sku: "LL-PRO", qty: 1 },
        { sku: "ZZ", qty: 1 },
      ]),
    ).toEqual(["unknown_sku", "Unknown SKU: NOPE, ZZ", ["NOPE", "ZZ"]]);
    expect(
      refusal([
        { sku: "LL-OLD", qty: 1 },
        { sku: "LL-PRO", qty: 1 },
      ]),
    ).toEqual(["inactive_sku", "SKU not sold any more: LL-OLD", ["LL-OLD"]]);
    expect(
      refusal([
        { sku: "LL-EU", qty: 1 },
        { sku: "LL-PRO", qty: 1 },
      ]),
    ).toEqual(["currency_mismatch", "Items are priced in different currencies (EUR, USD); quote them separately", ["LL-EU", "LL-PRO"]]);
    expect(refusal([{ sku: "LL-ONB", qty: 2 ** 40 }])).toEqual(["invalid_quantity", "Line total for LL-ONB is too large", ["LL-ONB"]]);
  });

  it("re-prices an undiscounted quote without a discount field", () => {
    expect(requestOf(quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 10 }], term_months: 12 }))).toEqual({
      items: [{ sku: "LL-PRO", qty: 10 }],
      term_months: 12,
    });
  });
});

describe("counterOptions: a cheaper product", () => {
  const product = (sku: string, unit_price_minor: number, over: Record<string, unknown> = {}) => ({
    sku,
    name: sku,
    description: "",
    unit_price_minor,
    currency: "USD",
    unit: "seat/year",
    active: true,
    ...over,
  });
  const wide = {
    ...catalog,
    products: [
      ...catalog.products,
      product("LL-LITE", 9_000),
      product("LL-AAA", 9_000),
      product("LL-GONE", 9_500, { active: false }),
      product("LL-EUR2", 9_900, { currency: "EUR" }),
      product("LL-PKG", 9_900, { unit: "package" }),
      product("XX-PRO", 9_900),
    ],
  } as CatalogSnapshot;
  const swaps = (sku: string) =>
    counterOptions(wide, facts(), { items: [{ sku, qty: 10 }], term_months: 12 })
      .filter((o) => o.kind === "other_product")
      .map((o) => [o.description, o.request]);

  it("offers the dearest cheaper active product of the family, currency and unit, the smaller SKU on a tie", () => {
    expect(swaps("LL-PRO")).toEqual([
      [
        "LL-AAA (LL-AAA) instead of Ledgerline Pro: $855.00",
        { items: [{ sku: "LL-AAA", qty: 10 }], term_months: 12, requested_discount_bps: 500 },
      ],
    ]);
    expect(swaps("LL-STD")).toEqual([]);
  });
});
