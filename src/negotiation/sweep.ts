import { log } from "../platform/log";

/** Stages in which a deal has timers (follow-up, approval SLA) that must keep firing. */
const OPEN_STAGES = ["proposal_drafted", "awaiting_approval", "proposal_sent", "countered", "accepted", "agreement_drafted"];
const BATCH = 100;

/**
 * Cron safety net: each open deal's DO re-arms its alarm from its timers table. Alarms are durable
 * and retried by the platform, so this normally changes nothing; it covers a DO whose alarm was
 * lost (e.g. cleared by a failed deploy) — oldest updated first, a bounded batch per run.
 */
export async function sweepNegotiations(env: Env): Promise<{ rearmed: number }> {
  const started = performance.now();
  const { results } = await env.DB.prepare(
    `SELECT lead_id FROM deals WHERE stage IN (${OPEN_STAGES.map(() => "?").join(", ")}) ORDER BY updated_at LIMIT ?`,
  )
    .bind(...OPEN_STAGES, BATCH)
    .all<{ lead_id: string }>();
  let rearmed = 0;
  for (const { lead_id } of results) {
    try {
      const { next } = await env.LEAD_NEGOTIATION.getByName(lead_id).rearm();
      if (next) rearmed++;
    } catch (err) {
      log(
        { event: "negotiation.sweep_failed", lead_id, error: err instanceof Error ? err.message : String(err), outcome: "error" },
        "warn",
      );
    }
  }
  log({ event: "negotiation.sweep", deals: results.length, rearmed, latency_ms: Math.round(performance.now() - started), outcome: "ok" });
  return { rearmed };
}
