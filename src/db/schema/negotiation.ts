import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/*
 * Negotiation layer tables. Kept in sync by hand with migrations/0020_negotiation.sql, which ALSO
 * holds what drizzle cannot declare: the FTS5 table `knowledge_fts` (catalog entries, pricing rules
 * and past deals for retrieval, BM25) and the triggers that keep it in sync with products,
 * discount_rules and past_deals. If drizzle-kit regenerates the migrations, keep that block as a
 * custom migration.
 *
 * Pricing tables (products in core.ts, price_tiers, discount_rules) are written ONLY by
 * src/routes/catalog.ts (scope admin:pricing); the negotiation code reads them through the
 * read-only port in src/negotiation/store/pricing-port.ts.
 */

/** Volume tiers: from min_qty units on, one unit of `sku` costs unit_price_minor (the product's currency). */
export const priceTiers = sqliteTable(
  "price_tiers",
  {
    sku: text("sku").notNull(),
    minQty: integer("min_qty").notNull(),
    unitPriceMinor: integer("unit_price_minor").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.minQty] })],
);

/** The discount policy (see DiscountRule in src/negotiation/core/types.ts). */
export const discountRules = sqliteTable("discount_rules", {
  id: text("id").primaryKey(),
  /** smb | mid | enterprise | * */
  segment: text("segment").notNull(),
  minDealUsdMinor: integer("min_deal_usd_minor").notNull().default(0),
  minTermMonths: integer("min_term_months").notNull().default(1),
  maxDiscountBps: integer("max_discount_bps").notNull(),
  approvalAboveBps: integer("approval_above_bps").notNull(),
  description: text("description").notNull().default(""),
  updatedAt: text("updated_at").notNull(),
});

/** Mirror of each lead's Durable Object state, for listing and reporting (the DO is the source of truth). */
export const deals = sqliteTable(
  "deals",
  {
    leadId: text("lead_id").primaryKey(),
    company: text("company"),
    segment: text("segment"),
    stage: text("stage").notNull(),
    /** copilot | autonomous */
    mode: text("mode").notNull(),
    quoteTotalMinor: integer("quote_total_minor"),
    quoteCurrency: text("quote_currency"),
    quoteVerdict: text("quote_verdict"),
    openedAt: text("opened_at").notNull(),
    stageEnteredAt: text("stage_entered_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    wonAt: text("won_at"),
    lostAt: text("lost_at"),
  },
  (t) => [index("deals_stage").on(t.stage, t.updatedAt)],
);

/** Mirror of the DO's drafts (proposals, revised proposals, follow-ups, agreements). */
export const proposals = sqliteTable(
  "proposals",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id").notNull(),
    /** proposal | agreement | follow_up */
    kind: text("kind").notNull(),
    /** awaiting_approval | approved | rejected | sent | superseded | draft */
    status: text("status").notNull(),
    totalMinor: integer("total_minor"),
    currency: text("currency"),
    /** template | ai */
    author: text("author").notNull(),
    createdAt: text("created_at").notNull(),
    decidedAt: text("decided_at"),
    decidedBy: text("decided_by"),
  },
  (t) => [index("proposals_lead").on(t.leadId, t.createdAt)],
);

/** Deals a human must look at: above the value threshold, outside policy, or an injection attempt. */
export const escalations = sqliteTable(
  "escalations",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id").notNull(),
    reasonsJson: text("reasons_json").notNull(),
    summary: text("summary").notNull(),
    optionsJson: text("options_json").notNull(),
    /** open | resolved */
    status: text("status").notNull(),
    resolution: text("resolution"),
    resolvedBy: text("resolved_by"),
    createdAt: text("created_at").notNull(),
    resolvedAt: text("resolved_at"),
  },
  (t) => [index("escalations_status").on(t.status, t.createdAt), index("escalations_lead").on(t.leadId)],
);

/** Closed deals (won and lost) with their prices and objections: retrieval context for new drafts. */
export const pastDeals = sqliteTable("past_deals", {
  id: text("id").primaryKey(),
  company: text("company").notNull(),
  segment: text("segment").notNull(),
  /** won | lost */
  outcome: text("outcome").notNull(),
  skus: text("skus").notNull().default(""),
  totalMinor: integer("total_minor").notNull(),
  currency: text("currency").notNull(),
  discountBps: integer("discount_bps").notNull().default(0),
  termMonths: integer("term_months").notNull().default(12),
  /** Space-separated objection kinds (price timing features competitor). */
  objections: text("objections").notNull().default(""),
  summary: text("summary").notNull().default(""),
  closedAt: text("closed_at").notNull(),
});

/** What "send" produced when no OUTBOUND_WEBHOOK_URL is configured (and a copy of every webhook send). */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    leadId: text("lead_id").notNull(),
    draftId: text("draft_id").notNull(),
    channel: text("channel").notNull(), // webhook | log
    recipient: text("recipient"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status").notNull(), // delivered | logged | failed
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("outbox_lead").on(t.leadId)],
);
