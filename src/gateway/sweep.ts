import { getConfig } from "../config";
import { log } from "../platform/log";
import { GatewayMessage } from "./messages";
import { findStaleQueued, markRequeued, markStale, type StaleEvent } from "./store/stale-events";

/** Per cron run; a larger backlog is worked through over the following runs. */
const SWEEP_LIMIT = 200;
const SEND_BATCH = 50;

export type StaleEventsSummary = { requeued: number; failed: number };

/**
 * Cron sweep: no accepted event stays `queued` forever. An event whose queue message was lost
 * (or whose consumer never acked it) is handed to the gateway queue again — the pipelines are
 * idempotent, so a copy that was merely slow changes nothing twice — up to GATEWAY_MAX_REQUEUES
 * times; then, or when the event cannot be re-sent (stored before event_json existed, or no longer
 * a valid message), it is marked `failed` with the reason, so it shows up and a vendor's replay
 * hands it off again.
 */
export async function sweepStaleEvents(env: Env, now = new Date()): Promise<StaleEventsSummary> {
  const cfg = getConfig(env);
  const cutoff = new Date(now.getTime() - cfg.GATEWAY_STALE_MINUTES * 60_000).toISOString();
  const stale = await findStaleQueued(env, cutoff, SWEEP_LIMIT);
  const resend: { row: StaleEvent; message: GatewayMessage }[] = [];
  const failures: { id: string; reason: string }[] = [];
  for (const row of stale) {
    const message = decode(row);
    if (!message) failures.push({ id: row.id, reason: `stuck in queued since ${row.receivedAt}; no stored event to re-send` });
    else if (row.requeues >= cfg.GATEWAY_MAX_REQUEUES) {
      failures.push({ id: row.id, reason: `stuck in queued since ${row.receivedAt} after ${row.requeues} re-sends` });
    } else resend.push({ row, message });
  }
  let requeued = 0;
  for (let i = 0; i < resend.length; i += SEND_BATCH) {
    const part = resend.slice(i, i + SEND_BATCH);
    try {
      await env.GATEWAY_QUEUE.sendBatch(part.map(({ message }) => ({ body: message, contentType: "json" as const })));
      await markRequeued(
        env,
        part.map(({ row }) => row.id),
        now.toISOString(),
      );
      requeued += part.length;
    } catch (err) {
      // Left as they are: the next run tries again (and counts toward nothing).
      log({ event: "gateway.sweep_send_failed", events: part.length, error: err instanceof Error ? err.message : String(err) }, "error");
    }
  }
  await markStale(env, failures);
  if (stale.length) {
    log({ event: "gateway.stale_events", found: stale.length, requeued, failed: failures.length, outcome: "swept" }, "warn");
  }
  return { requeued, failed: failures.length };
}

function decode(row: StaleEvent): GatewayMessage | null {
  if (!row.eventJson) return null;
  try {
    const parsed = GatewayMessage.safeParse({ kind: "route_event", internal_id: row.id, event: JSON.parse(row.eventJson) });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
