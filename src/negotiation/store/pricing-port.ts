import type { DiscountRule, PriceTier, PricingPort, Product, RuleSegment } from "../core/types";
import { readOnlyD1, type ReadOnlyD1 } from "./read-only-d1";

/**
 * The READ-ONLY PricingPort over D1 handed to the negotiation code: SELECTs only (through
 * ReadOnlyD1, which refuses anything else), every object returned frozen, and no method that could
 * write. The only writers of products/price_tiers/discount_rules are the admin endpoints
 * (src/routes/catalog.ts → src/negotiation/pricing-admin.ts → store/catalog.ts and
 * store/discount-rules.ts, scope admin:pricing); reconciliation moves stock in products.
 */
type ProductRow = {
  sku: string;
  name: string;
  description: string;
  unit_price_minor: number;
  currency: string;
  unit: string;
  active: number;
  stock: number | null;
};
type TierRow = { sku: string; min_qty: number; unit_price_minor: number };
type RuleRow = {
  id: string;
  segment: string;
  min_deal_usd_minor: number;
  min_term_months: number;
  max_discount_bps: number;
  approval_above_bps: number;
};

// D1 binds at most 100 parameters per statement.
const CHUNK = 90;

function deepFreeze<T extends object>(rows: T[]): readonly Readonly<T>[] {
  return Object.freeze(rows.map((r) => Object.freeze(r)));
}

async function bySku<T>(db: ReadOnlyD1, base: string, order: string, skus: readonly string[]): Promise<T[]> {
  if (skus.length === 0) return db.all<T>(`${base} ${order}`);
  const unique = [...new Set(skus)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    out.push(...(await db.all<T>(`${base} WHERE sku IN (${part.map(() => "?").join(", ")}) ${order}`, ...part)));
  }
  return out;
}

export function toProduct(r: ProductRow): Product {
  return {
    sku: r.sku,
    name: r.name,
    description: r.description,
    unit_price_minor: r.unit_price_minor,
    currency: r.currency,
    unit: r.unit,
    active: Boolean(r.active),
    stock: r.stock,
  };
}

export function toRule(r: RuleRow): DiscountRule {
  return {
    id: r.id,
    segment: r.segment as RuleSegment,
    min_deal_usd_minor: r.min_deal_usd_minor,
    min_term_months: r.min_term_months,
    max_discount_bps: r.max_discount_bps,
    approval_above_bps: r.approval_above_bps,
  };
}

export function d1PricingPort(d1: D1Database): PricingPort {
  const db = readOnlyD1(d1);
  const port: PricingPort = {
    async getProducts(skus) {
      const rows = await bySku<ProductRow>(
        db,
        "SELECT sku, name, description, unit_price_minor, currency, unit, active, stock FROM products",
        "ORDER BY sku",
        skus,
      );
      return deepFreeze(rows.map(toProduct));
    },
    async getTiers(skus) {
      const rows = await bySku<TierRow>(db, "SELECT sku, min_qty, unit_price_minor FROM price_tiers", "ORDER BY sku, min_qty", skus);
      return deepFreeze(rows.map((r): PriceTier => ({ sku: r.sku, min_qty: r.min_qty, unit_price_minor: r.unit_price_minor })));
    },
    async getRules() {
      const rows = await db.all<RuleRow>(
        "SELECT id, segment, min_deal_usd_minor, min_term_months, max_discount_bps, approval_above_bps FROM discount_rules ORDER BY id",
      );
      return deepFreeze(rows.map(toRule));
    },
    async getUsdRatesPpm() {
      const rows = await db.all<{ currency: string; usd_rate_ppm: number }>("SELECT currency, usd_rate_ppm FROM fx_rates");
      return Object.freeze(Object.fromEntries(rows.map((r) => [r.currency, r.usd_rate_ppm])));
    },
  };
  return Object.freeze(port);
}
