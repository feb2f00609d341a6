import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { escalations } from "../../db/schema";
import { newId } from "../../platform/ids";
import type { EscalationReason } from "../core/types";

/**
 * Escalations as humans list and resolve them (the object inserts them through mirror.ts's
 * insertEscalation and keeps its own reference).
 */
type EscalationRow = typeof escalations.$inferSelect;

export type EscalationView = {
  id: string;
  lead_id: string;
  reasons: EscalationReason[];
  summary: string;
  options: Array<Record<string, unknown>>;
  status: "open" | "resolved";
  resolution: string | null;
  resolved_by: string | null;
  created_at: string;
  resolved_at: string | null;
};

function toView(r: EscalationRow): EscalationView {
  return {
    id: r.id,
    lead_id: r.leadId,
    reasons: JSON.parse(r.reasonsJson) as EscalationReason[],
    summary: r.summary,
    options: JSON.parse(r.optionsJson) as Array<Record<string, unknown>>,
    status: r.status as "open" | "resolved",
    resolution: r.resolution,
    resolved_by: r.resolvedBy,
    created_at: r.createdAt,
    resolved_at: r.resolvedAt,
  };
}

export type EscalationKey = { createdAt: string; id: string };

/**
 * Newest first in a stable order (created_at, id), a page of `limit` after `after`; `next` is the
 * last row's key when more follow (one row more is read to know).
 */
export async function listEscalations(
  d1: D1Database,
  q: { status: "open" | "resolved" | "all"; lead_id?: string | undefined; limit: number; after?: EscalationKey | undefined },
): Promise<{ items: EscalationView[]; next: EscalationKey | null }> {
  const where: SQL[] = [];
  if (q.status !== "all") where.push(eq(escalations.status, q.status));
  if (q.lead_id) where.push(eq(escalations.leadId, q.lead_id));
  if (q.after) {
    const { createdAt, id } = q.after;
    where.push(or(lt(escalations.createdAt, createdAt), and(eq(escalations.createdAt, createdAt), lt(escalations.id, id)))!);
  }
  const rows = await getDb(d1)
    .select()
    .from(escalations)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(escalations.createdAt), desc(escalations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: page.map(toView), next: rows.length > q.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function readEscalation(d1: D1Database, id: string): Promise<EscalationView | null> {
  const [row] = await getDb(d1).select().from(escalations).where(eq(escalations.id, id));
  return row ? toView(row) : null;
}

/**
 * Resolves an open escalation; false when it was not open any more. The conditional UPDATE decides
 * atomically which of two concurrent resolutions wins; the audit row is written in the same batch
 * only when it did (changes() of the UPDATE just before), which drizzle cannot express: raw D1.
 */
export async function resolveEscalation(
  db: D1Database,
  id: string,
  r: { resolution: string; actor: string; apply_option: number | null },
): Promise<boolean> {
  const now = new Date().toISOString();
  const [updated] = await db.batch([
    db
      .prepare(
        "UPDATE escalations SET status = 'resolved', resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'open'",
      )
      .bind(r.resolution, r.actor, now, id),
    db
      .prepare(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json) SELECT ?, ?, ?, 'escalation.resolve', 'escalation', ?, ?, ? WHERE changes() = 1",
      )
      .bind(newId("aud"), now, r.actor, id, r.resolution, JSON.stringify({ apply_option: r.apply_option })),
  ]);
  return (updated?.meta.changes ?? 0) > 0;
}
