import { newId } from "../../platform/ids";

type DiscrepancyState = { id: string; status: string; resolved_at: string | null };

export async function readDiscrepancy(d1: D1Database, id: string): Promise<DiscrepancyState | null> {
  return d1.prepare("SELECT id, status, resolved_at FROM discrepancies WHERE id = ?").bind(id).first<DiscrepancyState>();
}

/**
 * Closes an OPEN item and writes its audit record in one batch; the audit row is written only if
 * the update changed the row (`changes()`), so a lost race leaves no stray audit. False when someone
 * else closed it first.
 */
export async function closeDiscrepancy(d1: D1Database, id: string, actor: string, reason: string, at: string): Promise<boolean> {
  const [upd] = await d1.batch([
    d1
      .prepare("UPDATE discrepancies SET status = 'RESOLVED', resolved_at = ?, resolved_by = ? WHERE id = ? AND status = 'OPEN'")
      .bind(at, actor, id),
    d1
      .prepare(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json) SELECT ?, ?, ?, 'discrepancy.resolve', 'discrepancy', ?, ?, NULL WHERE changes() > 0",
      )
      .bind(newId("aud"), at, actor, id, reason),
  ]);
  return Boolean(upd.meta.changes);
}
