import { Conflict, NotFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { recordActivity } from "../platform/activity";
import { SafeDb } from "./store/safe-db";

/**
 * The negotiation state of a lead as its layer exposes it (stage, history, drafts), or null when
 * that layer has nothing for the lead; the dashboard then falls back to the D1 mirrors.
 */
export async function loadNegotiation(env: Env, leadId: string): Promise<Record<string, unknown> | null> {
  try {
    const state = await env.LEAD_NEGOTIATION.getByName(leadId).getState();
    // A plain JSON copy: RPC results carry types the page data does not need.
    return state ? (JSON.parse(JSON.stringify(state)) as Record<string, unknown>) : null;
  } catch (err) {
    console.warn(
      JSON.stringify({
        event: "dashboard.negotiation_read_failed",
        lead_id: leadId,
        error: err instanceof Error ? err.message : String(err),
      }),
    );
    return null;
  }
}

/**
 * Closes an open review item with the person's reason: the discrepancy row, an audit record and an
 * activity entry in one batch. A second resolve of the same item is a 409.
 */
export async function resolveDiscrepancy(
  env: Env,
  id: string,
  actor: string,
  reason: string,
  opts: { ifOpen?: boolean } = {},
): Promise<{ id: string; status: string; resolved_at: string | null }> {
  const sdb = new SafeDb(env.DB);
  if (!(await sdb.has("discrepancies"))) throw new NotFound("No reconciliation review queue in this deployment");
  const row = await env.DB.prepare("SELECT id, status, resolved_at FROM discrepancies WHERE id = ?")
    .bind(id)
    .first<{ id: string; status: string; resolved_at: string | null }>();
  if (!row) throw new NotFound(`No discrepancy ${id}`);
  // ifOpen: after a manual match the matcher may already have closed the item; that is success.
  if (row.status !== "OPEN" && opts.ifOpen) return { id, status: row.status, resolved_at: row.resolved_at };
  if (row.status !== "OPEN") throw new Conflict(`Discrepancy ${id} is already ${row.status}`);
  const at = new Date().toISOString();
  const [upd] = await env.DB.batch([
    env.DB.prepare("UPDATE discrepancies SET status = 'RESOLVED', resolved_at = ?, resolved_by = ? WHERE id = ? AND status = 'OPEN'").bind(
      at,
      actor,
      id,
    ),
    env.DB.prepare(
      "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json) SELECT ?, ?, ?, 'discrepancy.resolve', 'discrepancy', ?, ?, NULL WHERE changes() > 0",
    ).bind(newId("aud"), at, actor, id, reason),
  ]);
  if (!upd.meta.changes) throw new Conflict(`Discrepancy ${id} was resolved by someone else`);
  await recordActivity(env, {
    agent: "reconciliation",
    action: "discrepancy_resolved",
    entity: "discrepancy",
    entity_id: id,
    detail: { reason, actor },
  });
  return { id, status: "RESOLVED", resolved_at: at };
}
