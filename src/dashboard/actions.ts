import { Conflict, NotFound } from "../platform/errors";
import { recordActivity } from "../platform/activity";
import { unwrap } from "../negotiation/core/outcome";
import { insertAudit } from "./store/audit";
import { closeDiscrepancy, readDiscrepancy } from "./store/discrepancies";
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
  const row = await readDiscrepancy(env.DB, id);
  if (!row) throw new NotFound(`No discrepancy ${id}`);
  // ifOpen: after a manual match the matcher may already have closed the item; that is success.
  if (row.status !== "OPEN" && opts.ifOpen) return { id, status: row.status, resolved_at: row.resolved_at };
  if (row.status !== "OPEN") throw new Conflict(`Discrepancy ${id} is already ${row.status}`);
  const at = new Date().toISOString();
  if (!(await closeDiscrepancy(env.DB, id, actor, reason, at))) throw new Conflict(`Discrepancy ${id} was resolved by someone else`);
  await recordActivity(env, {
    agent: "reconciliation",
    action: "discrepancy_resolved",
    entity: "discrepancy",
    entity_id: id,
    detail: { reason, actor },
  });
  return { id, status: "RESOLVED", resolved_at: at };
}

export type DraftDecision = { kind: "approve" } | { kind: "reject"; reason: string };

/**
 * A person's approval or rejection of a draft from the dashboard: the lead's negotiation object
 * decides (the same RPC the API's approve/reject call, so the same refusals), then the decision is
 * audited like the API's.
 */
export async function decideDraft(env: Env, leadId: string, draftId: string, actor: string, d: DraftDecision) {
  const stub = env.LEAD_NEGOTIATION.getByName(leadId);
  if (d.kind === "approve") {
    const out = unwrap(await stub.approve(draftId, actor));
    await insertAudit(env.DB, {
      actor,
      action: "proposal.approve",
      entity: "proposal",
      entityId: draftId,
      reason: null,
      detail: { lead_id: leadId, sent: out.sent },
    });
    return out;
  }
  const out = unwrap(await stub.reject(draftId, actor, d.reason));
  await insertAudit(env.DB, {
    actor,
    action: "proposal.reject",
    entity: "proposal",
    entityId: draftId,
    reason: d.reason,
    detail: { lead_id: leadId },
  });
  return out;
}
