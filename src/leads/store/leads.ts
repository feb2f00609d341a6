import { and, asc, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { fxRates, leads, products } from "../../db/schema";
import type { Field, InputFormat, LeadRecord, LeadView, ScoreBreakdown } from "../core/types";

/** The leads table: everything ingestion reads and writes, and the API's reads of it. */

export type LeadRow = typeof leads.$inferSelect;
export type NewLeadRow = typeof leads.$inferInsert;

export type Catalog = Array<{ sku: string; name: string }>;
export type Rates = Record<string, number>;

export function toView(r: LeadRow): LeadView {
  return {
    id: r.id,
    source: r.source as InputFormat,
    company: r.company,
    contact_email: r.contactEmail,
    contact_name: r.contactName,
    employees: r.employees,
    budget:
      r.budgetAmountMinor === null || r.budgetCurrency === null
        ? null
        : { amount_minor: r.budgetAmountMinor, currency: r.budgetCurrency, usd: r.budgetUsdMinor },
    timeline_weeks: r.timelineWeeks,
    intent: r.intent as LeadRecord["intent"],
    products: JSON.parse(r.productsJson) as string[],
    injection_attempt: r.injectionAttempt,
    injection_evidence: JSON.parse(r.injectionEvidenceJson) as string[],
    score: r.score,
    score_breakdown: JSON.parse(r.scoreBreakdownJson) as ScoreBreakdown,
    qualified: r.qualified,
    stage: r.stage,
    stage_reason: r.stageReason,
    received_at: r.receivedAt,
    reference_date: r.referenceDate,
    fields: JSON.parse(r.fieldsJson) as Record<string, Field<unknown>>,
  };
}

const sameInput = (contentSha: string, externalKey: string | null): SQL | undefined =>
  externalKey === null ? eq(leads.contentSha256, contentSha) : or(eq(leads.contentSha256, contentSha), eq(leads.externalId, externalKey));

/**
 * One D1 round trip for everything ingestion needs before parsing: a lead already ingested from
 * the same bytes or the same external key (a duplicate), the active catalog and the fx rates.
 */
export async function readIngestContext(
  env: Env,
  contentSha: string,
  externalKey: string | null,
): Promise<{ existing: LeadRow | null; catalog: Catalog; rates: Rates }> {
  const db = getDb(env.DB);
  const [dup, catalog, fx] = await db.batch([
    db.select().from(leads).where(sameInput(contentSha, externalKey)).limit(1),
    db.select({ sku: products.sku, name: products.name }).from(products).where(eq(products.active, true)).orderBy(asc(products.sku)),
    db.select({ currency: fxRates.currency, usdRatePpm: fxRates.usdRatePpm }).from(fxRates),
  ]);
  const rates: Rates = {};
  for (const r of fx) rates[r.currency] = r.usdRatePpm;
  return { existing: dup[0] ?? null, catalog, rates };
}

/**
 * The whole lead in ONE statement: it exists completely or not at all. The unique external_id and
 * content_sha256 decide atomically which of two concurrent copies is first; false = the other one.
 */
export async function insertLead(env: Env, row: NewLeadRow): Promise<boolean> {
  const inserted = await getDb(env.DB).insert(leads).values(row).onConflictDoNothing().returning({ id: leads.id });
  return inserted.length > 0;
}

/** The lead that won an insert race against `insertLead`, by the same keys. */
export async function findLeadByInput(env: Env, contentSha: string, externalKey: string | null): Promise<LeadRow | null> {
  return (await getDb(env.DB).select().from(leads).where(sameInput(contentSha, externalKey)).limit(1).get()) ?? null;
}

export async function findLead(env: Env, id: string): Promise<LeadRow | null> {
  return (await getDb(env.DB).select().from(leads).where(eq(leads.id, id)).get()) ?? null;
}

export async function leadIdByExternalKey(env: Env, externalKey: string): Promise<string | null> {
  const row = await getDb(env.DB).select({ id: leads.id }).from(leads).where(eq(leads.externalId, externalKey)).get();
  return row?.id ?? null;
}

export type LeadPageQuery = { stage?: string; minScore?: number; limit: number; after?: { receivedAt: string; id: string } };

/** Newest first, in the stable order (received_at DESC, id DESC); keyset pagination, no OFFSET. */
export async function listLeads(
  env: Env,
  q: LeadPageQuery,
): Promise<{ leads: LeadView[]; next: { receivedAt: string; id: string } | null }> {
  const where: (SQL | undefined)[] = [];
  if (q.stage) where.push(eq(leads.stage, q.stage));
  if (q.minScore !== undefined) where.push(gte(leads.score, q.minScore));
  if (q.after) {
    const { receivedAt, id } = q.after;
    where.push(or(lt(leads.receivedAt, receivedAt), and(eq(leads.receivedAt, receivedAt), lt(leads.id, id))));
  }
  const results = await getDb(env.DB)
    .select()
    .from(leads)
    .where(and(...where))
    .orderBy(desc(leads.receivedAt), desc(leads.id))
    .limit(q.limit + 1);
  const page = results.slice(0, q.limit);
  const last = page.at(-1);
  return { leads: page.map(toView), next: results.length > q.limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
}

export async function getLead(env: Env, id: string): Promise<LeadView | null> {
  const row = await findLead(env, id);
  return row ? toView(row) : null;
}

/** The hand-off to the lead's Durable Object happened (only a pending row moves to routed). */
export async function markRouted(env: Env, id: string): Promise<void> {
  await getDb(env.DB)
    .update(leads)
    .set({ routingStatus: "routed", routedAt: new Date().toISOString() })
    .where(and(eq(leads.id, id), eq(leads.routingStatus, "pending")));
}

/** Qualified leads whose hand-off failed and has not been retried since `before`, oldest first. */
export async function pendingHandOffs(env: Env, before: string, limit: number): Promise<LeadRow[]> {
  return getDb(env.DB)
    .select()
    .from(leads)
    .where(and(eq(leads.routingStatus, "pending"), lte(leads.updatedAt, before)))
    .orderBy(asc(leads.receivedAt))
    .limit(limit);
}
