import { newId } from "../lib/ids";

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

/**
 * Records what an agent did (D1 `activity`) and pushes it to the dashboards' LiveHub.
 * Never fails the caller: the activity log is observability, not business state.
 */
export async function recordActivity(env: Env, a: Activity): Promise<void> {
  const row = {
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
  try {
    await env.DB.prepare(
      "INSERT INTO activity (id, at, agent, action, entity, entity_id, outcome, latency_ms, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
      .bind(row.id, row.at, row.agent, row.action, row.entity, row.entity_id, row.outcome, row.latency_ms, row.detail ? JSON.stringify(row.detail) : null)
      .run();
    await env.LIVE_HUB.getByName("global").publish({ type: "activity", activity: row });
  } catch (err) {
    console.warn(JSON.stringify({ event: "activity.record_failed", error: err instanceof Error ? err.message : String(err) }));
  }
}
