import { asc, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { deals } from "../../db/schema";
import { auditInsert } from "./audit";

/** Reads of the deals mirror, and the audit rows of humans' decisions on a deal. */

/**
 * Whether a lead is known to ingestion or has a deal: the API answers 404 before it touches a
 * Durable Object. Reads the leads table by id only (ingestion's record of the lead).
 */
export async function isKnownLead(db: D1Database, id: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS x FROM deals WHERE lead_id = ?1 UNION ALL SELECT 1 FROM leads WHERE id = ?1 LIMIT 1")
    .bind(id)
    .first();
  return row !== null;
}

/** Open deals, least recently updated first (the sweep re-arms their objects' alarms). */
export async function dealsInStages(d1: D1Database, stages: readonly string[], limit: number): Promise<string[]> {
  const rows = await getDb(d1)
    .select({ leadId: deals.leadId })
    .from(deals)
    .where(inArray(deals.stage, [...stages]))
    .orderBy(asc(deals.updatedAt))
    .limit(limit);
  return rows.map((r) => r.leadId);
}

export async function auditDecision(
  d1: D1Database,
  entry: { actor: string; action: string; entity: string; entityId: string; reason: string | null; detail: unknown },
): Promise<void> {
  await auditInsert(getDb(d1), entry).run();
}
