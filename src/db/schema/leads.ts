import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Ingested leads (the ingestion layer's record; a qualified lead's negotiation lives in its
 * Durable Object, which may advance `stage`). Written by src/leads/ingest.ts in ONE
 * INSERT ... ON CONFLICT DO NOTHING, so a lead is never half-written and a duplicate never doubles.
 */
export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    /** email | pdf | chat | crm_hubspot | crm_salesforce | crm_generic | webhook */
    source: text("source").notNull(),
    /**
     * Dedupe key from the input's own id, namespaced: `email:<Message-ID>`, `hubspot:<record id>`,
     * `seed:<CRM id>` (webhook lead events: source + subject id). NULL when the format has none.
     */
    externalId: text("external_id").unique(),
    /** SHA-256 of the raw bytes (or of the CRM event's source, subject and data): same content = same lead. */
    contentSha256: text("content_sha256").notNull().unique(),
    company: text("company"),
    contactEmail: text("contact_email"),
    contactName: text("contact_name"),
    employees: integer("employees"),
    budgetAmountMinor: integer("budget_amount_minor"),
    budgetCurrency: text("budget_currency"),
    /** The budget in USD minor units at the D1 fx_rates rate of the day of ingestion. */
    budgetUsdMinor: integer("budget_usd_minor"),
    timelineWeeks: integer("timeline_weeks"),
    intent: text("intent"),
    productsJson: text("products_json").notNull().default("[]"),
    injectionAttempt: integer("injection_attempt", { mode: "boolean" }).notNull().default(false),
    injectionEvidenceJson: text("injection_evidence_json").notNull().default("[]"),
    score: real("score").notNull(),
    scoreBreakdownJson: text("score_breakdown_json").notNull(),
    qualified: integer("qualified", { mode: "boolean" }).notNull(),
    /** qualified | nurture | disqualified at ingestion; then the negotiation stages. */
    stage: text("stage").notNull(),
    stageReason: text("stage_reason"),
    /** Per field: { value, evidence, confidence }. */
    fieldsJson: text("fields_json").notNull(),
    /**
     * Hand-off to the lead's Durable Object: none (not qualified) | pending | routed. A `pending`
     * row is retried (openLead is idempotent) when the same input or event arrives again.
     */
    routingStatus: text("routing_status").notNull().default("none"),
    routedAt: text("routed_at"),
    referenceDate: text("reference_date").notNull(),
    receivedAt: text("received_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("leads_stage_received").on(t.stage, t.receivedAt, t.id),
    index("leads_score").on(t.score),
    index("leads_received").on(t.receivedAt, t.id),
  ],
);
