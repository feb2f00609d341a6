import { getDb } from "../../db/client";
import { pastDeals } from "../../db/schema";
import { auditInsert } from "./audit";
import type { PastDeal } from "./mirror";

/**
 * Past deals recorded by an admin (closed negotiations are added by the object through
 * mirror.ts's insertPastDeal). An admin's record of the same id replaces it; audited.
 */
export async function upsertPastDeal(d1: D1Database, d: PastDeal, actor: string, detail: unknown): Promise<void> {
  const db = getDb(d1);
  const fields = {
    company: d.company,
    segment: d.segment,
    outcome: d.outcome,
    skus: d.skus.join(" "),
    totalMinor: d.total_minor,
    currency: d.currency,
    discountBps: d.discount_bps,
    termMonths: d.term_months,
    objections: d.objections.join(" "),
    summary: d.summary,
    closedAt: d.closed_at,
  };
  await db.batch([
    db
      .insert(pastDeals)
      .values({ id: d.id, ...fields })
      .onConflictDoUpdate({ target: pastDeals.id, set: fields }),
    auditInsert(db, { actor, action: "past_deal.upsert", entity: "past_deal", entityId: d.id, detail }),
  ]);
}
