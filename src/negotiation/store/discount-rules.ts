import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { discountRules } from "../../db/schema";
import { auditInsert } from "./audit";
import type { RuleSegment } from "../core/types";

/**
 * The discount policy aggregate, as the admin endpoints read and write it (each write in one batch
 * with its audit_log row). The pricing engine reads it through the read-only port.
 */
type RuleRow = typeof discountRules.$inferSelect;

export type RuleView = {
  id: string;
  segment: RuleSegment;
  min_deal_usd_minor: number;
  min_term_months: number;
  max_discount_bps: number;
  approval_above_bps: number;
  description: string;
};
export type RuleFields = Omit<RuleView, "id">;

function toView(r: RuleRow): RuleView {
  return {
    id: r.id,
    segment: r.segment as RuleSegment,
    min_deal_usd_minor: r.minDealUsdMinor,
    min_term_months: r.minTermMonths,
    max_discount_bps: r.maxDiscountBps,
    approval_above_bps: r.approvalAboveBps,
    description: r.description,
  };
}

export async function listRules(d1: D1Database): Promise<RuleView[]> {
  return (await getDb(d1).select().from(discountRules).orderBy(asc(discountRules.id))).map(toView);
}

export async function readRule(d1: D1Database, id: string): Promise<RuleView | null> {
  const [row] = await getDb(d1).select().from(discountRules).where(eq(discountRules.id, id));
  return row ? toView(row) : null;
}

export async function upsertRule(d1: D1Database, id: string, r: RuleFields, before: RuleView | null, actor: string): Promise<void> {
  const db = getDb(d1);
  const fields = {
    segment: r.segment,
    minDealUsdMinor: r.min_deal_usd_minor,
    minTermMonths: r.min_term_months,
    maxDiscountBps: r.max_discount_bps,
    approvalAboveBps: r.approval_above_bps,
    description: r.description,
    updatedAt: new Date().toISOString(),
  };
  await db.batch([
    db
      .insert(discountRules)
      .values({ id, ...fields })
      .onConflictDoUpdate({ target: discountRules.id, set: fields }),
    auditInsert(db, {
      actor,
      action: before ? "rule.update" : "rule.create",
      entity: "discount_rule",
      entityId: id,
      detail: { before, after: r },
    }),
  ]);
}

export async function deleteRule(d1: D1Database, id: string, before: RuleView, actor: string): Promise<void> {
  const db = getDb(d1);
  await db.batch([
    db.delete(discountRules).where(eq(discountRules.id, id)),
    auditInsert(db, { actor, action: "rule.delete", entity: "discount_rule", entityId: id, detail: { before } }),
  ]);
}
