import { desc, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { deals, leads } from "../../db/schema";
import type { SafeDb } from "./safe-db";

type Lead = typeof leads.$inferSelect;

/** A lead as the pipeline lists it: the schema's columns (snake_case, as the page reads them), the deal's stage when there is one. */
export type LeadRow = {
  id: Lead["id"];
  source: Lead["source"];
  company: Lead["company"];
  contact_name: Lead["contactName"];
  employees: Lead["employees"];
  budget_usd_minor: Lead["budgetUsdMinor"];
  timeline_weeks: Lead["timelineWeeks"];
  score: Lead["score"];
  stage: Lead["stage"];
  qualified: Lead["qualified"];
  injection_attempt: Lead["injectionAttempt"];
  received_at: Lead["receivedAt"];
};

/**
 * The newest leads with their current stage: the negotiation layer mirrors a deal's stage into
 * `deals` (its object is the source of truth), ingestion's stage stays in `leads`. Like every
 * dashboard read, a missing table or a failing read is an empty list, not a 500.
 */
export async function listLeads(sdb: SafeDb, d1: D1Database, limit = 1000): Promise<LeadRow[]> {
  if (!(await sdb.has("leads"))) return [];
  const withDeals = await sdb.has("deals");
  const cols = {
    id: leads.id,
    source: leads.source,
    company: leads.company,
    contact_name: leads.contactName,
    employees: leads.employees,
    budget_usd_minor: leads.budgetUsdMinor,
    timeline_weeks: leads.timelineWeeks,
    score: leads.score,
    stage: withDeals ? sql<string>`COALESCE(${deals.stage}, ${leads.stage})` : leads.stage,
    qualified: leads.qualified,
    injection_attempt: leads.injectionAttempt,
    received_at: leads.receivedAt,
  };
  const db = getDb(d1);
  try {
    const base = db.select(cols).from(leads);
    const q = withDeals ? base.leftJoin(deals, eq(deals.leadId, leads.id)) : base;
    return await q.orderBy(desc(leads.receivedAt), desc(leads.id)).limit(limit);
  } catch (err) {
    console.warn(
      JSON.stringify({ event: "dashboard.read_failed", tables: ["leads"], error: err instanceof Error ? err.message : String(err) }),
    );
    return [];
  }
}
