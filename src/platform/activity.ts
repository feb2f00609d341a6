import { newId } from "./ids";

export type AgentName = "gateway" | "ingestion" | "negotiation" | "reconciliation";
export type Activity = {
  agent: AgentName;
  action: string;
  entity: string;
  entity_id: string;
  outcome?: "ok" | "error";
  latency_ms?: number;
  detail?: Record<string, unknown>;
};

export type ActivityRow = ReturnType<typeof activityRow>;

export function activityRow(a: Activity) {
  return {
    id: newId("act"),
    at: new Date().toISOString(),
    agent: a.agent,
    action: a.action,
    entity: a.entity,
    entity_id: a.entity_id,
    outcome: a.outcome ?? "ok",
    latency_ms: a.latency_ms ?? null,
    detail: a.detail ?? null,
  };
}

/**
 * The activity row's insert, for callers that write it inside their own transaction. With
 * `sinceMs` (epoch ms), latency_ms is SQLite's clock at this statement minus it; RETURNING gives
 * the value for publishActivity.
 */
export function activityStatement(env: Env, row: ActivityRow, sinceMs?: number): D1PreparedStatement {
  return env.DB.prepare(
    `INSERT INTO activity (id, at, agent, action, entity, entity_id, outcome, latency_ms, detail_json)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, round((julianday('now') - 2440587.5) * 86400000.0 - ?10)), ?9) RETURNING latency_ms`,
  ).bind(
    row.id,
    row.at,
    row.agent,
    row.action,
    row.entity,
    row.entity_id,
    row.outcome,
    row.latency_ms,
    row.detail ? JSON.stringify(row.detail) : null,
    sinceMs ?? null,
  );
}

/** Pushes a stored activity row to the dashboards. Never fails the caller. */
export async function publishActivity(env: Env, row: ActivityRow): Promise<void> {
  try {
    await env.LIVE_HUB.getByName("global").publish({ type: "activity", activity: row });
  } catch (err) {
    console.warn(JSON.stringify({ event: "activity.publish_failed", error: err instanceof Error ? err.message : String(err) }));
  }
}

/**
 * Records what an agent did (D1 `activity`) and pushes it to the dashboards' LiveHub.
 * Never fails the caller: the activity log is observability, not business state.
 */
export async function recordActivity(env: Env, a: Activity): Promise<void> {
  const row = activityRow(a);
  try {
    await activityStatement(env, row).run();
  } catch (err) {
    console.warn(JSON.stringify({ event: "activity.record_failed", error: err instanceof Error ? err.message : String(err) }));
    return;
  }
  await publishActivity(env, row);
}
