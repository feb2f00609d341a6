import { auditLog } from "../../db/schema";
import { newId } from "../../platform/ids";
import type { Db } from "../../db/client";

/** One audit_log row, as a statement to run in the same batch as the change it records. */
export function auditInsert(
  db: Db,
  entry: { actor: string; action: string; entity: string; entityId: string; reason?: string | null; detail: unknown },
) {
  return db.insert(auditLog).values({
    id: newId("aud"),
    at: new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    reason: entry.reason ?? null,
    detailJson: JSON.stringify(entry.detail),
  });
}
