import { and, asc, count, eq, gt, inArray } from "drizzle-orm";
import { getDb, type Db } from "../../db/client";
import { priceTiers, products } from "../../db/schema";
import { auditInsert } from "./audit";
import type { BatchItem } from "drizzle-orm/batch";

/**
 * The catalog aggregate: products and their volume tiers, as the admin endpoints write them and
 * the catalog endpoint lists them. Every write is one batch together with its audit_log row, so a
 * change is never recorded without its audit, nor the reverse. The negotiation code itself only
 * reads these tables through the read-only port (pricing-port.ts).
 */
type ProductRow = typeof products.$inferSelect;
type TierRow = typeof priceTiers.$inferSelect;

export type TierView = { min_qty: number; unit_price_minor: number };
export type CatalogProduct = {
  sku: string;
  name: string;
  description: string;
  unit_price_minor: number;
  currency: string;
  unit: string;
  active: boolean;
  stock: number | null;
  tiers: TierView[];
};
export type ProductFields = {
  name: string;
  description: string;
  unit_price_minor: number;
  currency: string;
  unit: string;
  active: boolean;
  stock?: number | null | undefined;
  reorder_point?: number | null | undefined;
  reorder_qty?: number | null | undefined;
  supplier?: string | null | undefined;
};

function toView(p: ProductRow, tiers: readonly TierRow[]): CatalogProduct {
  return {
    sku: p.sku,
    name: p.name,
    description: p.description,
    unit_price_minor: p.unitPriceMinor,
    currency: p.currency,
    unit: p.unit,
    active: Boolean(p.active),
    stock: p.stock,
    tiers: tiers.map((t) => ({ min_qty: t.minQty, unit_price_minor: t.unitPriceMinor })),
  };
}

export async function listCatalog(d1: D1Database, includeInactive: boolean): Promise<CatalogProduct[]> {
  const db = getDb(d1);
  const [rows, tiers] = await db.batch([
    db
      .select()
      .from(products)
      .where(includeInactive ? undefined : eq(products.active, true))
      .orderBy(asc(products.sku)),
    db.select().from(priceTiers).orderBy(asc(priceTiers.sku), asc(priceTiers.minQty)),
  ]);
  const bySku = new Map<string, TierRow[]>();
  for (const t of tiers) bySku.set(t.sku, [...(bySku.get(t.sku) ?? []), t]);
  return rows.map((p) => toView(p, bySku.get(p.sku) ?? []));
}

/** One page of the catalog in sku order (keyset: the page after `afterSku`), for the v1 list; `next` is the last sku when more follow. */
export async function pageCatalog(
  d1: D1Database,
  q: { includeInactive: boolean; afterSku?: string | undefined; limit: number },
): Promise<{ products: CatalogProduct[]; next: string | null }> {
  const db = getDb(d1);
  const rows = await db
    .select()
    .from(products)
    .where(
      and(q.includeInactive ? undefined : eq(products.active, true), q.afterSku === undefined ? undefined : gt(products.sku, q.afterSku)),
    )
    .orderBy(asc(products.sku))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const skus = page.map((p) => p.sku);
  const tiers = skus.length
    ? await db.select().from(priceTiers).where(inArray(priceTiers.sku, skus)).orderBy(asc(priceTiers.sku), asc(priceTiers.minQty))
    : [];
  const bySku = new Map<string, TierRow[]>();
  for (const t of tiers) bySku.set(t.sku, [...(bySku.get(t.sku) ?? []), t]);
  return { products: page.map((p) => toView(p, bySku.get(p.sku) ?? [])), next: rows.length > q.limit ? (page.at(-1)?.sku ?? null) : null };
}

export async function readProduct(d1: D1Database, sku: string): Promise<CatalogProduct | null> {
  const db = getDb(d1);
  const [row] = await db.select().from(products).where(eq(products.sku, sku));
  if (!row) return null;
  const tiers = await db.select().from(priceTiers).where(eq(priceTiers.sku, sku)).orderBy(asc(priceTiers.minQty));
  return toView(row, tiers);
}

/** The stored product's currency and how many tiers it has (null: no such product). */
export async function productCurrency(d1: D1Database, sku: string): Promise<{ currency: string; tiers: number } | null> {
  const db = getDb(d1);
  const [row] = await db.select({ currency: products.currency }).from(products).where(eq(products.sku, sku));
  if (!row) return null;
  const [n] = await db.select({ n: count() }).from(priceTiers).where(eq(priceTiers.sku, sku));
  return { currency: row.currency, tiers: n?.n ?? 0 };
}

/** Creates or updates a product; stock fields change only when given (reconciliation owns stock moves). */
export async function upsertProduct(d1: D1Database, sku: string, p: ProductFields, actor: string, created: boolean): Promise<void> {
  const db = getDb(d1);
  const now = new Date().toISOString();
  const optional = {
    ...(p.stock !== undefined ? { stock: p.stock } : {}),
    ...(p.reorder_point !== undefined ? { reorderPoint: p.reorder_point } : {}),
    ...(p.reorder_qty !== undefined ? { reorderQty: p.reorder_qty } : {}),
    ...(p.supplier !== undefined ? { supplier: p.supplier } : {}),
  };
  const fields = {
    name: p.name,
    description: p.description,
    unitPriceMinor: p.unit_price_minor,
    currency: p.currency,
    unit: p.unit,
    active: p.active,
    updatedAt: now,
  };
  await db.batch([
    db
      .insert(products)
      .values({
        sku,
        ...fields,
        stock: p.stock ?? null,
        reorderPoint: p.reorder_point ?? null,
        reorderQty: p.reorder_qty ?? null,
        supplier: p.supplier ?? null,
      })
      .onConflictDoUpdate({ target: products.sku, set: { ...fields, ...optional } }),
    auditInsert(db, { actor, action: created ? "product.create" : "product.update", entity: "product", entityId: sku, detail: p }),
  ]);
}

/** A soft delete: invoices, stock moves and past deals keep referring to it. */
export async function retireProduct(d1: D1Database, sku: string, actor: string): Promise<void> {
  const db = getDb(d1);
  await db.batch([
    db.update(products).set({ active: false, updatedAt: new Date().toISOString() }).where(eq(products.sku, sku)),
    auditInsert(db, { actor, action: "product.retire", entity: "product", entityId: sku, detail: {} }),
  ]);
}

/** Replaces the whole tier list atomically (one row per statement: D1 binds at most 100 parameters). */
export async function replaceTiers(d1: D1Database, sku: string, tiers: readonly TierView[], before: readonly TierView[], actor: string) {
  const db: Db = getDb(d1);
  const now = new Date().toISOString();
  const stmts: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [
    db.delete(priceTiers).where(eq(priceTiers.sku, sku)),
    ...tiers.map((t) => db.insert(priceTiers).values({ sku, minQty: t.min_qty, unitPriceMinor: t.unit_price_minor, updatedAt: now })),
    auditInsert(db, { actor, action: "tiers.replace", entity: "product", entityId: sku, detail: { before, after: tiers } }),
  ];
  await db.batch(stmts);
}
