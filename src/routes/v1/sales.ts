import { z } from "@hono/zod-openapi";
import type { LeadView } from "../../leads/core/types";
import { listLeads } from "../../leads/store/leads";
import { escalationsList } from "../../negotiation/deal-api";
import { catalogPage } from "../../negotiation/pricing-admin";
import { money, moneyOrNull, snakeEnum, snakeEnumOrNull, type Money } from "../../platform/list-page";
import { createRouter } from "../router";
import { addList, MoneySchema } from "./list";

/**
 * /v1 lists of the sales side: leads, escalations, the product catalog. Each maps its stored row
 * once (`present*`) into the v1 item: enums lower snake_case, money as `{ amount_minor, currency }`.
 */
const Field = z.object({ value: z.unknown(), evidence: z.string().nullable(), confidence: z.number() });

const V1Lead = z
  .object({
    id: z.string(),
    source: z.string().openapi({ description: "email | pdf | chat | crm_hubspot | crm_salesforce | crm_generic | webhook" }),
    company: z.string().nullable(),
    contact_email: z.string().nullable(),
    contact_name: z.string().nullable(),
    employees: z.number().int().nullable(),
    budget: MoneySchema.nullable().openapi({ description: "The budget as stated, in its own currency" }),
    budget_usd: MoneySchema.nullable().openapi({ description: "The budget converted to USD (minor units) at the D1 fx_rates rate" }),
    timeline_weeks: z.number().nullable(),
    intent: z.string().nullable().openapi({ description: "purchase | info_request | support | spam" }),
    products: z.array(z.string()),
    injection_attempt: z.boolean(),
    injection_evidence: z.array(z.string()),
    score: z.number(),
    score_breakdown: z.object({ size: z.number(), budget: z.number(), urgency: z.number(), score: z.number() }),
    qualified: z.boolean(),
    stage: z
      .string()
      .openapi({ description: "qualified | nurture | disqualified at ingestion; then the negotiation stages", example: "qualified" }),
    stage_reason: z.string().nullable(),
    received_at: z.string(),
    reference_date: z.string(),
    fields: z.record(z.string(), Field),
  })
  .openapi("V1Lead");

export function presentLead(l: LeadView): z.infer<typeof V1Lead> {
  const { budget, ...rest } = l;
  return {
    ...rest,
    source: snakeEnum(l.source),
    intent: snakeEnumOrNull(l.intent),
    stage: snakeEnum(l.stage),
    budget: budget ? money(budget.amount_minor, budget.currency) : null,
    budget_usd: moneyOrNull(budget?.usd, "USD"),
  };
}

const V1Escalation = z
  .object({
    id: z.string(),
    lead_id: z.string(),
    status: z.enum(["open", "resolved"]),
    reasons: z.array(z.object({ code: z.string(), detail: z.string() })),
    summary: z.string(),
    options: z.array(
      z.object({
        kind: z.string().openapi({ description: "policy_max | longer_term | fewer_units | other_tier | other_product" }),
        description: z.string(),
        term_months: z.number().int().nullable(),
        discount_bps: z.number().int().nullable(),
        subtotal: MoneySchema.nullable(),
        total: MoneySchema.nullable(),
      }),
    ),
    resolution: z.string().nullable(),
    resolved_by: z.string().nullable(),
    created_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .openapi("V1Escalation");

type StoredEscalation = Awaited<ReturnType<typeof escalationsList>>["items"][number];
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function presentEscalation(e: StoredEscalation): z.infer<typeof V1Escalation> {
  return {
    id: e.id,
    lead_id: e.lead_id,
    status: e.status === "resolved" ? "resolved" : "open",
    reasons: e.reasons.map((r) => ({ code: snakeEnum(r.code), detail: r.detail })),
    summary: e.summary,
    options: e.options.map((o) => {
      const quote = (o.quote ?? {}) as Record<string, unknown>;
      const currency = typeof quote.currency === "string" ? quote.currency : null;
      return {
        kind: snakeEnum(String(o.kind ?? "other")),
        description: String(o.description ?? ""),
        term_months: num(quote.term_months),
        discount_bps: num(quote.discount_bps),
        subtotal: moneyOrNull(num(quote.subtotal_minor), currency),
        total: moneyOrNull(num(quote.total_minor), currency),
      };
    }),
    resolution: e.resolution,
    resolved_by: e.resolved_by,
    created_at: e.created_at,
    resolved_at: e.resolved_at,
  };
}

const V1Product = z
  .object({
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    unit_price: MoneySchema,
    unit: z.string(),
    active: z.boolean(),
    stock: z.number().int().nullable(),
    tiers: z.array(z.object({ min_qty: z.number().int(), unit_price: MoneySchema })),
  })
  .openapi("V1Product");

type StoredProduct = Awaited<ReturnType<typeof catalogPage>>["products"][number];
export function presentProduct(p: StoredProduct): z.infer<typeof V1Product> {
  const price = (minor: number): Money => money(minor, p.currency);
  return {
    sku: p.sku,
    name: p.name,
    description: p.description,
    unit_price: price(p.unit_price_minor),
    unit: p.unit,
    active: p.active,
    stock: p.stock,
    tiers: p.tiers.map((t) => ({ min_qty: t.min_qty, unit_price: price(t.unit_price_minor) })),
  };
}

export const v1Sales = createRouter();

addList(v1Sales, {
  path: "/leads",
  name: "V1Lead",
  summary: "Leads, newest first, filtered by stage and minimum score",
  order: "Newest first, in a stable order (received_at, id)",
  tags: ["Leads"],
  scope: "leads:read",
  filters: {
    stage: z.string().min(1).max(40).optional(),
    min_score: z.coerce.number().finite().min(0).max(10).optional(),
  },
  item: V1Lead,
  arity: 2,
  read: async (env, f, after, limit) => {
    const page = await listLeads(env, {
      stage: f.stage,
      minScore: f.min_score,
      limit,
      after: after ? { receivedAt: after[0]!, id: after[1]! } : undefined,
    });
    return { rows: page.leads, next: page.next ? [page.next.receivedAt, page.next.id] : null };
  },
  present: presentLead,
});

addList(v1Sales, {
  path: "/escalations",
  name: "V1Escalation",
  summary: "Escalated deals",
  order: "Newest first, in a stable order (created_at, id)",
  tags: ["Negotiation"],
  scope: "leads:read",
  filters: {
    status: z.enum(["open", "resolved", "all"]).default("open"),
    lead_id: z.string().max(128).optional(),
  },
  item: V1Escalation,
  arity: 2,
  read: async (env, f, after, limit) => {
    const page = await escalationsList(env, {
      status: f.status,
      lead_id: f.lead_id,
      limit,
      after: after ? { createdAt: after[0]!, id: after[1]! } : undefined,
    });
    return { rows: page.items, next: page.next ? [page.next.createdAt, page.next.id] : null };
  },
  present: presentEscalation,
});

addList(v1Sales, {
  path: "/products",
  name: "V1Product",
  summary: "The product catalog with volume tiers",
  order: "In sku order; inactive products only with include_inactive=true",
  tags: ["Catalog"],
  scope: "leads:read",
  filters: { include_inactive: z.enum(["true", "false"]).default("false") },
  item: V1Product,
  arity: 1,
  read: async (env, f, after, limit) => {
    const page = await catalogPage(env, { includeInactive: f.include_inactive === "true", afterSku: after?.[0], limit });
    return { rows: page.products, next: page.next ? [page.next] : null };
  },
  present: presentProduct,
});
