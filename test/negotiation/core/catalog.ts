import type { CatalogSnapshot, DiscountRule, LeadFacts } from "../../../src/negotiation/core/types";

/** A small hand-built catalog shared by the negotiation unit tests. */
export const catalog: CatalogSnapshot = Object.freeze({
  products: Object.freeze([
    {
      sku: "LL-PRO",
      name: "Ledgerline Pro",
      description: "Automated reconciliation for finance teams",
      unit_price_minor: 12_000,
      currency: "USD",
      unit: "seat/year",
      active: true,
    },
    {
      sku: "LL-STD",
      name: "Ledgerline Standard",
      description: "Reconciliation essentials",
      unit_price_minor: 8_000,
      currency: "USD",
      unit: "seat/year",
      active: true,
    },
    {
      sku: "LL-ONB",
      name: "Onboarding package",
      description: "Implementation and training",
      unit_price_minor: 500_000,
      currency: "USD",
      unit: "package",
      active: true,
    },
    {
      sku: "LL-OLD",
      name: "Ledgerline Classic",
      description: "Retired plan",
      unit_price_minor: 5_000,
      currency: "USD",
      unit: "seat/year",
      active: false,
    },
    {
      sku: "LL-EU",
      name: "Ledgerline Pro (EU)",
      description: "Hosted in Frankfurt",
      unit_price_minor: 11_000,
      currency: "EUR",
      unit: "seat/year",
      active: true,
    },
    {
      sku: "LL-ODD",
      name: "Odd cents",
      description: "A product with an odd price",
      unit_price_minor: 333,
      currency: "USD",
      unit: "unit",
      active: true,
    },
  ]),
  tiers: Object.freeze([
    { sku: "LL-PRO", min_qty: 50, unit_price_minor: 11_000 },
    { sku: "LL-PRO", min_qty: 200, unit_price_minor: 10_000 },
    { sku: "LL-STD", min_qty: 100, unit_price_minor: 7_000 },
  ]),
  rules: Object.freeze<DiscountRule[]>([
    { id: "base-all", segment: "*", min_deal_usd_minor: 0, min_term_months: 1, max_discount_bps: 500, approval_above_bps: 500 },
    { id: "smb-annual", segment: "smb", min_deal_usd_minor: 0, min_term_months: 12, max_discount_bps: 1000, approval_above_bps: 500 },
    {
      id: "mid-annual",
      segment: "mid",
      min_deal_usd_minor: 1_000_000,
      min_term_months: 12,
      max_discount_bps: 1500,
      approval_above_bps: 1000,
    },
    { id: "mid-3y", segment: "mid", min_deal_usd_minor: 1_000_000, min_term_months: 36, max_discount_bps: 2500, approval_above_bps: 2000 },
    {
      id: "ent-annual",
      segment: "enterprise",
      min_deal_usd_minor: 5_000_000,
      min_term_months: 12,
      max_discount_bps: 2000,
      approval_above_bps: 1500,
    },
    {
      id: "ent-3y",
      segment: "enterprise",
      min_deal_usd_minor: 5_000_000,
      min_term_months: 36,
      max_discount_bps: 3000,
      approval_above_bps: 2500,
    },
  ]),
  usd_rate_ppm: Object.freeze({ EUR: 1_080_000, GBP: 1_270_000 }),
});

export function facts(over: Partial<LeadFacts> = {}): LeadFacts {
  return {
    lead_id: "lead_test",
    company: "Acme Corp",
    employees: 400,
    budget_usd_minor: 5_000_000,
    segment: "mid",
    injection_attempt: false,
    ...over,
  };
}
