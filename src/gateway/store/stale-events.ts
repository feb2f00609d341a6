import type { events } from "../../db/schema/core";

/** An accepted event that sat in `queued` past the sweep's cutoff. */
export type StaleEvent = Pick<typeof events.$inferSelect, "id" | "eventJson" | "requeues" | "receivedAt">;

/** Oldest first: events still `queued` whose last hand-off (first, or the sweep's last re-send) is older than `cutoff`. */
export async function findStaleQueued(env: Env, cutoffIso: string, limit: number): Promise<StaleEvent[]> {
  const { results } = await env.DB.prepare(
    `SELECT id, event_json AS eventJson, requeues, received_at AS receivedAt FROM events
     WHERE status = 'queued' AND coalesce(requeued_at, received_at) < ?
     ORDER BY received_at LIMIT ?`,
  )
    .bind(cutoffIso, limit)
    .all<StaleEvent>();
  return results;
}

/** The sweep handed these off again (guarded on `queued`: a consumer may have routed one meanwhile). */
export async function markRequeued(env: Env, ids: string[], nowIso: string): Promise<void> {
  if (!ids.length) return;
  await env.DB.batch(
    ids.map((id) =>
      env.DB.prepare("UPDATE events SET requeues = requeues + 1, requeued_at = ? WHERE id = ? AND status = 'queued'").bind(nowIso, id),
    ),
  );
}

/** Gives up on these, with the reason; a vendor's next delivery of one hands it off again. */
export async function markStale(env: Env, failures: { id: string; reason: string }[]): Promise<void> {
  if (!failures.length) return;
  await env.DB.batch(
    failures.map(({ id, reason }) =>
      env.DB.prepare("UPDATE events SET status = 'failed', error = ? WHERE id = ? AND status = 'queued'").bind(reason.slice(0, 500), id),
    ),
  );
}
