import { log } from "../platform/log";
import { runMatch } from "./match-run";
import { backfillMatchKeys } from "./store/match-key-backfill";
import { openCurrencies } from "./store/scope-reads";
import { withBulkLease } from "./store/scope-locks";
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
  const currencies = await openCurrencies(env);
  let links = 0;
  for (const currency of currencies) {
    try {
      await backfillMatchKeys(env, currency);
      const { summary: run } = await withBulkLease(env, currency, () =>
        runMatch(env, { kind: "full", currency, actor: "agent:reconciliation-sweep" }),
      );
      links += run.links_written;
      if (run.entries_decided + run.invoices_changed > 0) await warmLedger(env, currency);
    } catch (err) {
      log({ event: "recon.sweep_failed", currency, error: err instanceof Error ? err.message : String(err), outcome: "error" }, "warn");
    }
  }
  log({ event: "recon.sweep", currencies, links_written: links, latency_ms: Math.round(performance.now() - started), outcome: "ok" });
  return { currencies, links_written: links };
}
