import { describe, expect, it } from "vitest";
import { counterOptions } from "../../../src/negotiation/core/pricing";
import type { CatalogSnapshot, DiscountRule, QuoteRequest } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

/* The counter-proposal list exactly as an escalation shows it (mutation-driven): which options, in which order,
 * with which request and wording; how many longer terms; the limit. */

const pro100 = { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 };
const list = (request: QuoteRequest, opts?: { limit?: number }, cat: CatalogSnapshot = catalog, f = facts()) =>
  counterOptions(cat, f, request, opts).map((o) => [o.kind, o.description, o.request]);
const brief = (request: QuoteRequest, cat: CatalogSnapshot) =>
  counterOptions(cat, facts(), request).map((o) => [o.kind, o.request.term_months, o.request.requested_discount_bps ?? 0]);

const POLICY_MAX = ["policy_max", "10% off on the same items and 12-month term: $9,900.00", { ...pro100, requested_discount_bps: 1000 }];
const LONGER = [
  "longer_term",
  "36-month term instead of 12: 20% off, $8,800.00",
  { items: pro100.items, term_months: 36, requested_discount_bps: 2000 },
];
const TIER = [
  "other_tier",
  "200 × LL-PRO reaches the volume tier at $100.00 per seat/year instead of $110.00: $18,000.00",
  { items: [{ sku: "LL-PRO", qty: 200 }], term_months: 12, requested_discount_bps: 1000 },
];
const PRODUCT = [
  "other_product",
  "Ledgerline Standard (LL-STD) instead of Ledgerline Pro: $6,650.00",
  { items: [{ sku: "LL-STD", qty: 100 }], term_months: 12, requested_discount_bps: 500 },
];

describe("counterOptions: the list", () => {
  it("offers every kind for a refused ask, in order", () => {
    expect(list({ ...pro100, requested_discount_bps: 3000 })).toEqual([
      POLICY_MAX,
      LONGER,
      [
        "fewer_units",
        "73 × LL-PRO instead of 100 × LL-PRO: $7,628.50 with 5% off",
        { items: [{ sku: "LL-PRO", qty: 73 }], term_months: 12, requested_discount_bps: 500 },
      ],
      TIER,
      PRODUCT,
    ]);
  });

  it("cuts the list at the limit", () => {
    expect(list({ ...pro100, requested_discount_bps: 3000 }, { limit: 2 })).toEqual([POLICY_MAX, LONGER]);
    expect(list({ ...pro100, requested_discount_bps: 3000 }, { limit: 0 })).toEqual([]);
  });

  it("fits fewer units to a requested total in the quote's currency only", () => {
    expect(list({ ...pro100, requested_total_minor: 800_000 })[2]).toEqual([
      "fewer_units",
      "76 × LL-PRO instead of 100 × LL-PRO: $7,942.00 with 5% off",
      { items: [{ sku: "LL-PRO", qty: 76 }], term_months: 12, requested_discount_bps: 500 },
    ]);
    expect(list({ ...pro100, requested_total_minor: 800_000, requested_total_currency: "EUR" })).toEqual([
      POLICY_MAX,
      LONGER,
      TIER,
      PRODUCT,
    ]);
    expect(list(pro100)).toEqual([POLICY_MAX, LONGER, TIER, PRODUCT]);
  });

  it("caps a longer term's discount at the ask", () => {
    const f = facts({ segment: "enterprise" });
    expect(
      list({ items: [{ sku: "LL-PRO", qty: 500 }], term_months: 12, requested_discount_bps: 2200 }, {}, catalog, f).slice(0, 2),
    ).toEqual([
      [
        "policy_max",
        "15% off on the same items and 12-month term: $42,500.00",
        { items: [{ sku: "LL-PRO", qty: 500 }], term_months: 12, requested_discount_bps: 1500 },
      ],
      [
        "longer_term",
        "36-month term instead of 12: 22% off, $39,000.00",
        { items: [{ sku: "LL-PRO", qty: 500 }], term_months: 36, requested_discount_bps: 2200 },
      ],
    ]);
  });

  it("offers no product already in the request, and a tier for each line", () => {
    const kinds = list({ items: [...pro100.items, { sku: "LL-STD", qty: 10 }], term_months: 12, requested_discount_bps: 3000 }).map(
      (o) => o[0],
    );
    expect(kinds).toEqual(["policy_max", "longer_term", "fewer_units", "other_tier", "other_tier"]);
  });
});

describe("counterOptions: longer terms", () => {
  const rule = (id: string, min_term_months: number, max_discount_bps: number, approval_above_bps: number): DiscountRule => ({
    id,
    segment: "*",
    min_deal_usd_minor: 0,
    min_term_months,
    max_discount_bps,
    approval_above_bps,
  });
  const terms = {
    ...catalog,
    rules: [
      rule("t1", 1, 500, 300),
      rule("t24", 24, 800, 600),
      rule("t30", 30, 800, 600),
      rule("t36", 36, 1500, 1200),
      rule("t48", 48, 2000, 1800),
      rule("t130", 130, 5000, 5000),
    ],
  } as CatalogSnapshot;
  const onb = (term_months: number, requested_discount_bps?: number): QuoteRequest => ({
    items: [{ sku: "LL-ONB", qty: 1 }],
    term_months,
    ...(requested_discount_bps === undefined ? {} : { requested_discount_bps }),
  });

  it("offers at most two, shortest first, each raising the approval threshold", () => {
    expect(brief(onb(12, 2500), terms)).toEqual([
      ["policy_max", 12, 300],
      ["longer_term", 24, 600],
      ["longer_term", 36, 1200],
    ]);
    expect(brief(onb(24, 2500), terms)).toEqual([
      ["policy_max", 24, 600],
      ["longer_term", 36, 1200],
      ["longer_term", 48, 1800],
    ]);
    expect(brief(onb(12), terms)).toEqual([
      ["policy_max", 12, 300],
      ["longer_term", 24, 600],
      ["longer_term", 36, 1200],
    ]);
  });

  it("stops once a term gives the whole ask", () => {
    expect(brief(onb(12, 500), terms)).toEqual([
      ["policy_max", 12, 300],
      ["longer_term", 24, 500],
    ]);
    expect(brief(onb(12, 1000), terms)).toEqual([
      ["policy_max", 12, 300],
      ["longer_term", 24, 600],
      ["longer_term", 36, 1000],
    ]);
  });

  it("never offers a term past the maximum", () => {
    expect(brief(onb(48, 2500), terms)).toEqual([["policy_max", 48, 1800]]);
  });
});
