import { getConfig } from "../config";
import { log } from "../platform/log";
import type { LedgerStats } from "./core/ledger-stats";

/**
 * The callers' side of the currencies' ledger objects (src/durable/recon-ledger.ts, whose logic
 * is src/recon/object/): asking one to read its currency again, and reading what they hold.
 */

/**
 * Called by every writer of a currency other than its ledger object (the queue consumer, manual
 * resolutions, the sweep): the object reads the currency again RECON_LEDGER_WARM_MS after the last
 * such call, instead of the next payment waiting for that read. Never fails its caller.
 */
export async function warmLedger(env: Env, currency: string): Promise<void> {
  const ms = getConfig(env).RECON_LEDGER_WARM_MS;
  if (ms <= 0) return;
  try {
    await env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency)).warm(currency, ms);
  } catch (err) {
    log(
      { event: "recon.ledger_warm_failed", currency, error: err instanceof Error ? err.message : String(err), outcome: "skipped" },
      "warn",
    );
  }
}

/** What the currencies' ledger objects hold and did (the finance API and the dashboard show it). */
export async function ledgerStats(env: Env, currencies: string[]): Promise<({ currency: string } & LedgerStats)[]> {
  return Promise.all(
    currencies.map(async (currency) => ({ currency, ...(await env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency)).stats()) })),
  );
}
