import { elapsedMs, log } from "../platform/log";
import { recordActivity } from "../platform/activity";
import type { LeadView } from "./core/types";
import { markRouted, pendingHandOffs, toView, type LeadRow } from "./store/leads";
import type { IngestOutcome } from "./pipeline-types";

/**
 * Opens the lead in its Durable Object (named by the lead id). The row is already complete with
 * stage `qualified` and routing_status `pending`; a failure here leaves it so, logged, and the next
 * delivery of the same input retries (openLead is idempotent).
 */
export async function handOff(env: Env, lead: LeadView): Promise<boolean> {
  const { fields: _fields, ...record } = lead;
  try {
    await env.LEAD_NEGOTIATION.getByName(lead.id).openLead(record);
    await markRouted(env, lead.id);
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log({ event: "lead.routing_failed", lead_id: lead.id, error: message.slice(0, 200), outcome: "pending" }, "error");
    await recordActivity(env, {
      agent: "ingestion",
      action: "lead.routing_failed",
      entity: "lead",
      entity_id: lead.id,
      outcome: "error",
      detail: { error: message.slice(0, 200) },
    });
    return false;
  }
}

/**
 * Sweeps qualified leads whose hand-off failed (routing_status pending) and opens them in their
 * Durable Object again; openLead is idempotent, so a sweep racing a live request does no harm.
 * Meant for the cron trigger (`scheduled()`); returns how many were handed off.
 */
export async function retryPendingHandOffs(
  env: Env,
  opts: { olderThanMs?: number; limit?: number } = {},
): Promise<{ tried: number; routed: number }> {
  const before = new Date(Date.now() - (opts.olderThanMs ?? 60_000)).toISOString();
  const results = await pendingHandOffs(env, before, opts.limit ?? 50);
  let routed = 0;
  for (const row of results) if (await handOff(env, toView(row))) routed++;
  if (results.length)
    log({ event: "lead.handoff_sweep", tried: results.length, routed, outcome: routed === results.length ? "ok" : "partial" });
  return { tried: results.length, routed };
}

/** A duplicate: answer the stored lead; finish a hand-off an earlier attempt left pending. */
export async function replay(env: Env, row: LeadRow, startedAt: number): Promise<IngestOutcome> {
  const lead = toView(row);
  const handOffStart = performance.now();
  const retried = row.routingStatus === "pending" ? await handOff(env, lead) : null;
  const routingMs = retried === null ? 0 : elapsedMs(handOffStart);
  const latencyMs = elapsedMs(startedAt);
  log({
    event: "lead.duplicate",
    lead_id: lead.id,
    format: lead.source,
    stage: lead.stage,
    routing: retried === null ? row.routingStatus : retried ? "routed" : "pending",
    routing_ms: routingMs,
    latency_ms: latencyMs,
    outcome: "replayed",
  });
  return { lead, duplicate: true, routing_ms: routingMs, latency_ms: latencyMs };
}
