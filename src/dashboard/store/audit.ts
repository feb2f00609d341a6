import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import { newId } from "../../platform/ids";

/** One audit record for a decision a person took on the dashboard. */
export async function insertAudit(
  d1: D1Database,
  a: { actor: string; action: string; entity: string; entityId: string; reason: string | null; detail: unknown },
): Promise<void> {
  await getDb(d1)
    .insert(auditLog)
    .values({
      id: newId("aud"),
      at: new Date().toISOString(),
      actor: a.actor,
      action: a.action,
      entity: a.entity,
      entityId: a.entityId,
      reason: a.reason,
      detailJson: JSON.stringify(a.detail),
    });
}
