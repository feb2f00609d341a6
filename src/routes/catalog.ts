import { createRoute, z } from "@hono/zod-openapi";
import { isKnownCurrency } from "../platform/money";
import { SEGMENTS } from "../negotiation/core/types";
import { catalogList, recordPastDeal, removeRule, retire, rules, saveProduct, saveRule, saveTiers } from "../negotiation/pricing-admin";
import { requireScope } from "./auth";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";

/**
 * The catalog (read: scope leads:read — anyone working leads may see list prices and tiers) and the
 * admin pricing endpoints (scope admin:pricing): parse, authorise, call one function of
 * src/negotiation/pricing-admin.ts. These admin endpoints are the ONLY writers of
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

const actorOf = (c: { get(key: "actor"): string | undefined }) => c.get("actor") ?? "unknown";

export const catalog = createRouter()
  .openapi(getCatalog, async (c) => c.json({ products: await catalogList(c.env, c.req.valid("query").include_inactive === "true") }, 200))
  .openapi(putProduct, async (c) => {
    const bg = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
    return c.json(await saveProduct(c.env, c.req.valid("param").sku, c.req.valid("json"), c.get("actor"), bg), 200);
  })
  .openapi(deleteProduct, async (c) => c.json({ product: await retire(c.env, c.req.valid("param").sku, actorOf(c)) }, 200))
  .openapi(putTiers, async (c) =>
    c.json({ product: await saveTiers(c.env, c.req.valid("param").sku, c.req.valid("json").tiers, actorOf(c)) }, 200),
  )
  .openapi(listRules, async (c) => c.json({ rules: await rules(c.env) }, 200))
  .openapi(putRule, async (c) => {
    const bg = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
    return c.json(await saveRule(c.env, c.req.valid("param").id, c.req.valid("json"), c.get("actor"), bg), 200);
  })
  .openapi(deleteRule, async (c) => c.json(await removeRule(c.env, c.req.valid("param").id, actorOf(c)), 200))
  .openapi(postPastDeal, async (c) => {
    const bg = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
    return c.json(await recordPastDeal(c.env, c.req.valid("json"), actorOf(c), bg), 201);
  });
