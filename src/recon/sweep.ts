import { log } from "../platform/log";
import { backfillMatchKeys, reconcileCurrency, withScopeLease } from "./match-run";
import { warmLedger } from "./ledger-object";

/**
 * Cron safety net for reconciliation: one full match run per currency that has open credits.
 * Focused runs (real-time payments, statement chunks) decide their own payers' entries; a full run
 * re-offers every open entry — an ambiguous payment whose rival invoice has been paid since, a
 * payment an interrupted hand-off left PENDING — and backfills match keys first. A run with
 * nothing to change writes nothing. Runs under the bulk lease, like the queue's bulk runs.
 */
export async function sweepReconciliation(env: Env): Promise<{ currencies: string[]; links_written: number }> {
  const started = performance.now();
  const { results } = await env.DB.prepare(
    "SELECT DISTINCT currency FROM bank_entries WHERE match_status IN ('PENDING','UNMATCHED','REVIEW','PARTIAL') ORDER BY currency",
  ).all<{ currency: string }>();
  let links = 0;
  for (const { currency } of results) {
    try {
      await backfillMatchKeys(env, currency);
      const run = await withScopeLease(env, currency, () => reconcileCurrency(env, currency, { actor: "agent:reconciliation-sweep" }));
      links += run.links_written;
      if (run.entries_decided + run.invoices_changed > 0) await warmLedger(env, currency);
    } catch (err) {
      log({ event: "recon.sweep_failed", currency, error: err instanceof Error ? err.message : String(err), outcome: "error" }, "warn");
    }
  }
  const currencies = results.map((r) => r.currency);
  log({ event: "recon.sweep", currencies, links_written: links, latency_ms: Math.round(performance.now() - started), outcome: "ok" });
  return { currencies, links_written: links };
}
