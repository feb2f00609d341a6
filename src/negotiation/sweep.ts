import { log } from "../platform/log";
import { dealsInStages } from "./store/deals";

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
  const leadIds = await dealsInStages(env.DB, OPEN_STAGES, BATCH);
  let rearmed = 0;
  for (const lead_id of leadIds) {
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
  log({ event: "negotiation.sweep", deals: leadIds.length, rearmed, latency_ms: Math.round(performance.now() - started), outcome: "ok" });
  return { rearmed };
}
