import { createRoute, z } from "@hono/zod-openapi";
import { isKnownCurrency } from "../platform/money";
import { newId } from "../platform/ids";
import { log } from "../platform/log";
import { InvalidInput, NotFound } from "../platform/errors";
import { SEGMENTS } from "../negotiation/core/types";
import { catalogSnippet, pastDealSnippet, ruleSnippet } from "../negotiation/core/retrieval";
import { indexKnowledge } from "../negotiation/store/vector";
import { requireScope } from "./auth";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";

/**
 * The catalog (read: scope leads:read — anyone working leads may see list prices and tiers) and the
 * admin pricing endpoints (scope admin:pricing). These admin endpoints are the ONLY writers of
 * products, price_tiers and discount_rules (reconciliation adjusts stock); every write is one D1
 * batch together with its audit_log row, so a change is never recorded without its audit, nor the
 * reverse. The negotiation code only ever reads them through the read-only PricingPort.
 */

const Sku = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "letters, digits, . _ - (max 64)")
  .openapi({ example: "ANL-SEAT" });
const Minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Currency = z.string().refine(isKnownCurrency, "unknown currency code").openapi({ example: "USD" });
const Bps = z.number().int().min(0).max(10_000);

const Tier = z.object({ min_qty: z.number().int().min(2).max(10_000_000), unit_price_minor: Minor }).openapi("PriceTier");
const Product = z
  .object({
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    unit_price_minor: z.number().int(),
    currency: z.string(),
    unit: z.string(),
    active: z.boolean(),
    stock: z.number().int().nullable(),
    tiers: z.array(Tier),
  })
  .openapi("CatalogProduct");

const ProductInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(4000).default(""),
    unit_price_minor: Minor.refine((v) => v > 0, "must be positive"),
    currency: Currency,
    unit: z.string().trim().min(1).max(40).default("per_unit"),
    active: z.boolean().default(true),
    stock: z.number().int().nonnegative().nullable().optional(),
    reorder_point: z.number().int().nonnegative().nullable().optional(),
    reorder_qty: z.number().int().nonnegative().nullable().optional(),
    supplier: z.string().max(200).nullable().optional(),
  })
  .strict()
  .openapi("ProductInput");

const TiersInput = z
  .object({ tiers: z.array(Tier).max(50) })
  .strict()
  .refine((v) => new Set(v.tiers.map((t) => t.min_qty)).size === v.tiers.length, {
    message: "min_qty values must be distinct",
    path: ["tiers"],
  })
  .openapi("TiersInput");

const RuleId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
  .openapi({ example: "mid-annual" });
const DiscountRule = z
  .object({
    id: z.string(),
    segment: z.enum([...SEGMENTS, "*"]),
    min_deal_usd_minor: Minor,
    min_term_months: z.number().int().min(1).max(120),
    max_discount_bps: Bps,
    approval_above_bps: Bps,
    description: z.string(),
  })
  .openapi("DiscountRule");
const RuleInput = DiscountRule.omit({ id: true })
  .extend({
    min_deal_usd_minor: Minor.default(0),
    min_term_months: z.number().int().min(1).max(120).default(1),
    description: z.string().max(2000).default(""),
  })
  .strict()
  .refine((r) => r.approval_above_bps <= r.max_discount_bps, {
    message: "approval_above_bps cannot exceed max_discount_bps",
    path: ["approval_above_bps"],
  })
  .openapi("DiscountRuleInput");

const PastDealInput = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
      .optional(),
    company: z.string().trim().min(1).max(200),
    segment: z.enum(SEGMENTS),
    outcome: z.enum(["won", "lost"]),
    skus: z.array(Sku).max(50).default([]),
    total_minor: Minor,
    currency: Currency,
    discount_bps: Bps.default(0),
    term_months: z.number().int().min(1).max(120).default(12),
    objections: z
      .array(z.enum(["price", "timing", "features", "competitor"]))
      .max(4)
      .default([]),
    summary: z.string().max(4000).default(""),
    closed_at: z.iso.datetime(),
  })
  .strict()
  .openapi("PastDealInput");

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const security = [{ apiKey: [] }];

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
type RuleRow = {
  id: string;
  segment: (typeof SEGMENTS)[number] | "*";
  min_deal_usd_minor: number;
  min_term_months: number;
  max_discount_bps: number;
  approval_above_bps: number;
  description: string;
};

async function readProduct(db: D1Database, sku: string): Promise<z.infer<typeof Product> | null> {
  const row = await db
    .prepare("SELECT sku, name, description, unit_price_minor, currency, unit, active, stock FROM products WHERE sku = ?")
    .bind(sku)
    .first<ProductRow>();
  if (!row) return null;
  const { results } = await db
    .prepare("SELECT min_qty, unit_price_minor FROM price_tiers WHERE sku = ? ORDER BY min_qty")
    .bind(sku)
    .all<{ min_qty: number; unit_price_minor: number }>();
  return { ...row, active: Boolean(row.active), tiers: results };
}

function audit(db: D1Database, actor: string, action: string, entity: string, entityId: string, detail: unknown): D1PreparedStatement {
  return db
    .prepare("INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)")
    .bind(newId("aud"), new Date().toISOString(), actor, action, entity, entityId, JSON.stringify(detail));
}

const getCatalog = createRoute({
  method: "get",
  path: "/catalog",
  summary: "The product catalog with volume tiers",
  description:
    "Scope leads:read (sales and anyone working leads may see list prices). Inactive products only with include_inactive=true. Discount rules are policy, not catalog: see /api/admin/pricing/discount-rules.",
  tags: ["Catalog"],
  security,
  middleware: [requireScope("leads:read")] as const,
  request: { query: z.object({ include_inactive: z.enum(["true", "false"]).default("false") }) },
  responses: { 200: { description: "Catalog", ...json(z.object({ products: z.array(Product) })) }, ...problemResponses },
});

const putProduct = createRoute({
  method: "put",
  path: "/admin/pricing/products/{sku}",
  summary: "Create or update a product",
  description: "Scope admin:pricing. Stock fields are only changed when present (reconciliation owns stock moves). Audited.",
  tags: ["Admin pricing"],
  security,
  middleware: [requireScope("admin:pricing")] as const,
  request: { params: z.object({ sku: Sku }), body: { required: true, ...json(ProductInput) } },
  responses: {
    200: { description: "The product as stored", ...json(z.object({ product: Product, created: z.boolean() })) },
    ...problemResponses,
  },
});

const deleteProduct = createRoute({
  method: "delete",
  path: "/admin/pricing/products/{sku}",
  summary: "Retire a product",
  description:
    "Scope admin:pricing. A soft delete (active = false): invoices, stock moves and past deals keep referring to it, and no new quote can include it. Audited.",
  tags: ["Admin pricing"],
  security,
  middleware: [requireScope("admin:pricing")] as const,
  request: { params: z.object({ sku: Sku }) },
  responses: { 200: { description: "The retired product", ...json(z.object({ product: Product })) }, ...problemResponses },
});

const putTiers = createRoute({
  method: "put",
  path: "/admin/pricing/products/{sku}/tiers",
  summary: "Replace a product's volume tiers",
  description:
    "Scope admin:pricing. The whole list is replaced atomically (an empty list removes every tier). A tier may not cost more than the list price. Audited.",
  tags: ["Admin pricing"],
  security,
  middleware: [requireScope("admin:pricing")] as const,
  request: { params: z.object({ sku: Sku }), body: { required: true, ...json(TiersInput) } },
  responses: { 200: { description: "The product with its new tiers", ...json(z.object({ product: Product })) }, ...problemResponses },
});

const listRules = createRoute({
  method: "get",
  path: "/admin/pricing/discount-rules",
  summary: "The discount policy",
  tags: ["Admin pricing"],
  security,
  middleware: [requireScope("admin:pricing")] as const,
  responses: { 200: { description: "Rules", ...json(z.object({ rules: z.array(DiscountRule) })) }, ...problemResponses },
});

const putRule = createRoute({
  method: "put",
  path: "/admin/pricing/discount-rules/{id}",
  summary: "Create or update a discount rule",
  description:
    "Scope admin:pricing. Up to approval_above_bps a discount is within policy, up to max_discount_bps it needs approval, above it is refused. Audited.",
  tags: ["Admin pricing"],
  security,
  middleware: [requireScope("admin:pricing")] as const,
  request: { params: z.object({ id: RuleId }), body: { required: true, ...json(RuleInput) } },
  responses: {
    200: { description: "The rule as stored", ...json(z.object({ rule: DiscountRule, created: z.boolean() })) },
    ...problemResponses,
  },
});

const deleteRule = createRoute({
  method: "delete",
  path: "/admin/pricing/discount-rules/{id}",
  summary: "Delete a discount rule",
  tags: ["Admin pricing"],
  security,
  middleware: [requireScope("admin:pricing")] as const,
  request: { params: z.object({ id: RuleId }) },
  responses: { 200: { description: "Deleted", ...json(z.object({ deleted: z.string() })) }, ...problemResponses },
});

const postPastDeal = createRoute({
  method: "post",
  path: "/admin/pricing/past-deals",
  summary: "Record a closed deal for retrieval",
  description:
    "Scope admin:pricing. Won and lost deals with their prices and objections are retrieved (FTS5, BM25) as context for new drafts. Closed negotiations are added automatically. Audited.",
  tags: ["Admin pricing"],
  security,
  middleware: [requireScope("admin:pricing")] as const,
  request: { body: { required: true, ...json(PastDealInput) } },
  responses: { 201: { description: "Stored", ...json(z.object({ id: z.string() })) }, ...problemResponses },
});

export const catalog = createRouter()
  .openapi(getCatalog, async (c) => {
    const all = c.req.valid("query").include_inactive === "true";
    const db = c.env.DB;
    const [products, tiers] = await db.batch([
      db.prepare(
        `SELECT sku, name, description, unit_price_minor, currency, unit, active, stock FROM products ${all ? "" : "WHERE active = 1"} ORDER BY sku`,
      ),
      db.prepare("SELECT sku, min_qty, unit_price_minor FROM price_tiers ORDER BY sku, min_qty"),
    ]);
    const bySku = new Map<string, Array<{ min_qty: number; unit_price_minor: number }>>();
    for (const t of tiers.results as Array<{ sku: string; min_qty: number; unit_price_minor: number }>) {
      const list = bySku.get(t.sku) ?? [];
      list.push({ min_qty: t.min_qty, unit_price_minor: t.unit_price_minor });
      bySku.set(t.sku, list);
    }
    const out = (products.results as ProductRow[]).map((p) => ({ ...p, active: Boolean(p.active), tiers: bySku.get(p.sku) ?? [] }));
    return c.json({ products: out }, 200);
  })
  .openapi(putProduct, async (c) => {
    const { sku } = c.req.valid("param");
    const p = c.req.valid("json");
    const db = c.env.DB;
    const existed = await db.prepare("SELECT currency FROM products WHERE sku = ?").bind(sku).first<{ currency: string }>();
    if (existed && existed.currency !== p.currency) {
      const tiers = await db.prepare("SELECT count(*) AS n FROM price_tiers WHERE sku = ?").bind(sku).first<{ n: number }>();
      if ((tiers?.n ?? 0) > 0)
        throw new InvalidInput(`Product ${sku} has volume tiers in ${existed.currency}: replace its tiers before changing its currency`);
    }
    const now = new Date().toISOString();
    const has = (k: keyof typeof p) => (p[k] === undefined ? 0 : 1);
    await db.batch([
      db
        .prepare(
          `INSERT INTO products (sku, name, description, unit_price_minor, currency, unit, active, stock, reorder_point, reorder_qty, supplier, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
           ON CONFLICT (sku) DO UPDATE SET name = excluded.name, description = excluded.description,
             unit_price_minor = excluded.unit_price_minor, currency = excluded.currency, unit = excluded.unit, active = excluded.active,
             stock = CASE WHEN ?13 THEN excluded.stock ELSE products.stock END,
             reorder_point = CASE WHEN ?14 THEN excluded.reorder_point ELSE products.reorder_point END,
             reorder_qty = CASE WHEN ?15 THEN excluded.reorder_qty ELSE products.reorder_qty END,
             supplier = CASE WHEN ?16 THEN excluded.supplier ELSE products.supplier END,
             updated_at = excluded.updated_at`,
        )
        .bind(
          sku,
          p.name,
          p.description,
          p.unit_price_minor,
          p.currency,
          p.unit,
          p.active ? 1 : 0,
          p.stock ?? null,
          p.reorder_point ?? null,
          p.reorder_qty ?? null,
          p.supplier ?? null,
          now,
          has("stock"),
          has("reorder_point"),
          has("reorder_qty"),
          has("supplier"),
        ),
      audit(db, c.get("actor") ?? "unknown", existed ? "product.update" : "product.create", "product", sku, p),
    ]);
    log({ event: "pricing.product_upserted", sku, actor: c.get("actor"), created: !existed, outcome: "ok" });
    const product = await readProduct(db, sku);
    if (!product) throw new Error("product vanished after upsert");
    c.executionCtx.waitUntil(
      indexKnowledge(c.env, [
        {
          kind: "catalog",
          id: sku,
          text: catalogSnippet(
            product,
            product.tiers.map((t) => ({ sku, ...t })),
          ).text,
        },
      ]),
    );
    return c.json({ product, created: !existed }, 200);
  })
  .openapi(deleteProduct, async (c) => {
    const { sku } = c.req.valid("param");
    const db = c.env.DB;
    if (!(await readProduct(db, sku))) throw new NotFound(`No product ${sku}`);
    await db.batch([
      db.prepare("UPDATE products SET active = 0, updated_at = ? WHERE sku = ?").bind(new Date().toISOString(), sku),
      audit(db, c.get("actor") ?? "unknown", "product.retire", "product", sku, {}),
    ]);
    const product = await readProduct(db, sku);
    if (!product) throw new Error("product vanished after retire");
    return c.json({ product }, 200);
  })
  .openapi(putTiers, async (c) => {
    const { sku } = c.req.valid("param");
    const { tiers } = c.req.valid("json");
    const db = c.env.DB;
    const product = await readProduct(db, sku);
    if (!product) throw new NotFound(`No product ${sku}`);
    const dearer = tiers.filter((t) => t.unit_price_minor > product.unit_price_minor);
    if (dearer.length)
      throw new InvalidInput("A volume tier may not cost more than the list price", {
        errors: dearer.map((t) => ({
          path: `tiers.min_qty=${t.min_qty}`,
          message: `unit_price_minor ${t.unit_price_minor} > list ${product.unit_price_minor}`,
        })),
      });
    const now = new Date().toISOString();
    await db.batch([
      db.prepare("DELETE FROM price_tiers WHERE sku = ?").bind(sku),
      ...tiers.map((t) =>
        db
          .prepare("INSERT INTO price_tiers (sku, min_qty, unit_price_minor, updated_at) VALUES (?, ?, ?, ?)")
          .bind(sku, t.min_qty, t.unit_price_minor, now),
      ),
      audit(db, c.get("actor") ?? "unknown", "tiers.replace", "product", sku, { before: product.tiers, after: tiers }),
    ]);
    const updated = await readProduct(db, sku);
    if (!updated) throw new Error("product vanished after tier update");
    return c.json({ product: updated }, 200);
  })
  .openapi(listRules, async (c) => {
    const { results } = await c.env.DB.prepare(
      "SELECT id, segment, min_deal_usd_minor, min_term_months, max_discount_bps, approval_above_bps, description FROM discount_rules ORDER BY id",
    ).all<RuleRow>();
    return c.json({ rules: results }, 200);
  })
  .openapi(putRule, async (c) => {
    const { id } = c.req.valid("param");
    const r = c.req.valid("json");
    const db = c.env.DB;
    const before = await db
      .prepare(
        "SELECT id, segment, min_deal_usd_minor, min_term_months, max_discount_bps, approval_above_bps, description FROM discount_rules WHERE id = ?",
      )
      .bind(id)
      .first<RuleRow>();
    await db.batch([
      db
        .prepare(
          `INSERT INTO discount_rules (id, segment, min_deal_usd_minor, min_term_months, max_discount_bps, approval_above_bps, description, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET segment = excluded.segment, min_deal_usd_minor = excluded.min_deal_usd_minor,
             min_term_months = excluded.min_term_months, max_discount_bps = excluded.max_discount_bps,
             approval_above_bps = excluded.approval_above_bps, description = excluded.description, updated_at = excluded.updated_at`,
        )
        .bind(
          id,
          r.segment,
          r.min_deal_usd_minor,
          r.min_term_months,
          r.max_discount_bps,
          r.approval_above_bps,
          r.description,
          new Date().toISOString(),
        ),
      audit(db, c.get("actor") ?? "unknown", before ? "rule.update" : "rule.create", "discount_rule", id, { before, after: r }),
    ]);
    log({ event: "pricing.rule_upserted", rule_id: id, actor: c.get("actor"), outcome: "ok" });
    c.executionCtx.waitUntil(indexKnowledge(c.env, [{ kind: "pricing_rule", id, text: ruleSnippet({ id, ...r }).text }]));
    return c.json({ rule: { id, ...r }, created: !before }, 200);
  })
  .openapi(deleteRule, async (c) => {
    const { id } = c.req.valid("param");
    const db = c.env.DB;
    const before = await db
      .prepare(
        "SELECT id, segment, min_deal_usd_minor, min_term_months, max_discount_bps, approval_above_bps, description FROM discount_rules WHERE id = ?",
      )
      .bind(id)
      .first<RuleRow>();
    if (!before) throw new NotFound(`No discount rule ${id}`);
    await db.batch([
      db.prepare("DELETE FROM discount_rules WHERE id = ?").bind(id),
      audit(db, c.get("actor") ?? "unknown", "rule.delete", "discount_rule", id, { before }),
    ]);
    return c.json({ deleted: id }, 200);
  })
  .openapi(postPastDeal, async (c) => {
    const d = c.req.valid("json");
    const id = d.id ?? newId("pd");
    const db = c.env.DB;
    await db.batch([
      db
        .prepare(
          `INSERT INTO past_deals (id, company, segment, outcome, skus, total_minor, currency, discount_bps, term_months, objections, summary, closed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET company = excluded.company, segment = excluded.segment, outcome = excluded.outcome, skus = excluded.skus,
             total_minor = excluded.total_minor, currency = excluded.currency, discount_bps = excluded.discount_bps, term_months = excluded.term_months,
             objections = excluded.objections, summary = excluded.summary, closed_at = excluded.closed_at`,
        )
        .bind(
          id,
          d.company,
          d.segment,
          d.outcome,
          d.skus.join(" "),
          d.total_minor,
          d.currency,
          d.discount_bps,
          d.term_months,
          d.objections.join(" "),
          d.summary,
          d.closed_at,
        ),
      audit(db, c.get("actor") ?? "unknown", "past_deal.upsert", "past_deal", id, d),
    ]);
    c.executionCtx.waitUntil(indexKnowledge(c.env, [{ kind: "past_deal", id, text: pastDealSnippet({ id, ...d }).text }]));
    return c.json({ id }, 201);
  });
