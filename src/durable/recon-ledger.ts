import { DurableObject } from "cloudflare:workers";
import { getConfig } from "../config";
import { log } from "../lib/log";
import { isCasConflict, reconcileCurrency, ScopeBusy } from "../pipelines/invoice-match";
import type { NewImport } from "../pipelines/recon-import";
import { loadLedger, readLedgerHead, reconcileFromLedger } from "../pipelines/recon-ledger";
import { reconcileNow, type CurrencyRun, type RealtimeResult } from "../pipelines/recon-realtime";
import type { Ledger } from "../recon/ledger";
import type { BankEntry } from "../recon/types";

/**
 * One per currency (idFromName(currency)): the owner of that currency's real-time payments.
 * It keeps the currency's open ledger in memory (src/recon/ledger.ts), so a payment notification
 * costs one D1 round trip — its write — instead of a read and a write (POST /api/finance/payments,
 * bench/recon-e2e.mjs measures both). D1 stays the only record: the ledger is a copy that every
 * write proves current with a compare-and-swap on the scope version, and takes back what the
 * write read back.
 *
 * Payments of the currency are decided one at a time here (a chain), so they never refuse each
 * other; everything else that changes the currency — statement and invoice imports, manual
 * resolutions, the sweep — bumps the version, the next payment's write is refused, and the ledger
 * is read again (after a one-row check: while a bulk run holds the currency the payment is queued
 * behind it, as before, without reloading anything). A currency too large to hold
 * (RECON_LEDGER_MAX_ROWS) and a payment refused twice go the read-then-write way.
 *
 * Nothing here is durable state: an evicted object loads the ledger again on its next payment.
 */
/** Payments decided from memory (ledger_runs), ledger reads (loads), refused writes (conflicts), read-then-write runs, payments queued behind a bulk run. */
export type LedgerCounts = { loads: number; ledger_runs: number; conflicts: number; read_then_write: number; queued_busy: number };
export type LedgerStats = LedgerCounts & { version: number | null; stale: boolean; too_large: boolean; size: Ledger["size"] | null };

export class ReconLedger extends DurableObject<Env> {
  #ledger: Ledger | null = null;
  /** The ledger may be behind D1 (a write of ours was refused, or one failed). */
  #stale = true;
  /** The currency has more rows than RECON_LEDGER_MAX_ROWS: read per payment instead. */
  #tooLarge = false;
  #chain: Promise<unknown> = Promise.resolve();
  #counts: LedgerCounts = { loads: 0, ledger_runs: 0, conflicts: 0, read_then_write: 0, queued_busy: 0 };

  /** RPC: what this object holds, and what it did since it was last brought into memory (ops, tests). */
  async stats(): Promise<LedgerStats> {
    return { version: this.#ledger?.version ?? null, stale: this.#stale, too_large: this.#tooLarge, size: this.#ledger?.size ?? null, ...this.#counts };
  }

  /** RPC: reconcile one real-time notification (every entry in this object's currency). */
  async reconcile(input: { meta: NewImport; entries: BankEntry[]; acceptedAt: number }): Promise<RealtimeResult> {
    const next = this.#chain.then(() =>
      reconcileNow(this.env, input.meta, input.entries, (p) => this.ctx.waitUntil(p), { acceptedAt: input.acceptedAt, run: this.#run }),
    );
    this.#chain = next.catch(() => undefined);
    return next;
  }

  #run: CurrencyRun = async (currency, focus, opts) => {
    if (this.#tooLarge) return this.#readThenWrite(currency, focus, opts);
    let stored: Set<string> | undefined;
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (!this.#ledger || this.#stale) {
        const head = await readLedgerHead(this.env, currency, focus);
        if (head.busy) {
          this.#counts.queued_busy++;
          throw new ScopeBusy(currency);
        }
        stored = head.stored;
        if (!this.#ledger || this.#ledger.version !== head.version) {
          this.#ledger = await loadLedger(this.env, currency, getConfig(this.env).RECON_LEDGER_MAX_ROWS);
          this.#counts.loads++;
          if (!this.#ledger) {
            this.#tooLarge = true;
            return this.#readThenWrite(currency, focus, opts);
          }
        }
        this.#stale = false;
      }
      try {
        const summary = await reconcileFromLedger(this.env, this.#ledger, focus, opts, stored);
        this.#counts.ledger_runs++;
        return summary;
      } catch (err) {
        this.#stale = true;
        if (!isCasConflict(err)) throw err;
        this.#counts.conflicts++;
        log({ event: "recon.ledger_conflict", currency, attempt, version: this.#ledger.version, outcome: "reload" }, "info");
      }
    }
    // Refused twice (the currency is busy with other writers): read then write, with row guards.
    return this.#readThenWrite(currency, focus, opts);
  };

  #readThenWrite: CurrencyRun = (currency, focus, opts) => {
    this.#counts.read_then_write++;
    return reconcileCurrency(this.env, currency, { ...opts, focus, yieldToBulk: true });
  };
}
