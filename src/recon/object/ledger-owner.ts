import { getConfig } from "../../config";
import { log } from "../../platform/log";
import type { Ledger } from "../core/ledger";
import type { BankEntry } from "../core/types";
import { runMatch, type Carry, type MatchRunOutcome } from "../match-run";
import { readLedger, readLedgerHead } from "../store/ledger-reads";
import { CurrencyLeased, isCasConflict } from "../store/scope-locks";
import type { LedgerCounts, LedgerStats } from "../core/ledger-stats";

/**
 * The state of one currency's ledger object (src/durable/recon-ledger.ts is its RPC shell): the
 * currency's open ledger in memory (src/recon/core/ledger.ts), whether it may be behind D1, and
 * the object's one-at-a-time chain. D1 stays the only record: the ledger is a copy that every
 * write proves current with a compare-and-swap on the version (ledgerGuardStatement), and takes
 * back what the write read back.
 *
 * Everything else that changes the currency — statement and invoice imports, manual resolutions,
 * the sweep — bumps the version, the next payment's write is refused, and the ledger is read
 * again (after a one-row check: while a bulk run holds the currency the payment is queued behind
 * it, without reloading anything). A currency too large to hold (RECON_LEDGER_MAX_ROWS) and a
 * payment refused twice go the read-then-write way.
 */
export class LedgerOwner {
  #ledger: Ledger | null = null;
  /** The ledger may be behind D1 (a write of ours was refused, or one failed, or a warm-up asked). */
  #stale = true;
  /** The currency has more rows than RECON_LEDGER_MAX_ROWS: read per payment instead. */
  #tooLarge = false;
  #chain: Promise<unknown> = Promise.resolve();
  readonly counts: LedgerCounts = {
    loads: 0,
    warm_loads: 0,
    ledger_runs: 0,
    grouped: 0,
    queue_chunks: 0,
    conflicts: 0,
    read_then_write: 0,
    queued_busy: 0,
  };

  /** How the last match() call was decided, and what bringing the ledger current cost (for RealtimeSpans). */
  lastRun: { path: "ledger" | "reload" | "read_then_write"; reload_ms: number } = { path: "ledger", reload_ms: 0 };

  constructor(private readonly env: Env) {}

  get tooLarge(): boolean {
    return this.#tooLarge;
  }

  stats(): LedgerStats {
    return {
      version: this.#ledger?.version ?? null,
      stale: this.#stale,
      too_large: this.#tooLarge,
      size: this.#ledger?.size ?? null,
      ...this.counts,
    };
  }

  markStale(): void {
    this.#stale = true;
  }

  /** Payments, chunks and warm-ups of the currency run one at a time, in arrival order. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** A warm-up: read the ledger again now, before a payment needs it. Throws CurrencyLeased while a bulk run holds it. */
  async warmUp(currency: string): Promise<void> {
    const before = this.counts.loads;
    await this.#fresh(currency, []);
    this.counts.warm_loads += this.counts.loads - before;
  }

  /**
   * One match run of `payments` (all of `currency`): from memory when the ledger can be made
   * current (one D1 round trip), else by read-then-write with row guards. Throws CurrencyLeased,
   * with nothing written, while a bulk run holds the currency.
   */
  async match(currency: string, payments: BankEntry[], carry: Carry, importId?: string): Promise<MatchRunOutcome> {
    const run: LedgerOwner["lastRun"] = { path: "ledger", reload_ms: 0 };
    this.lastRun = run;
    for (let attempt = 1; attempt <= 2 && !this.#tooLarge; attempt++) {
      let stored: Set<string> | null | undefined;
      const loadsBefore = this.counts.loads;
      const t0 = performance.now();
      try {
        stored = await this.#fresh(currency, payments);
      } catch (err) {
        if (err instanceof CurrencyLeased) this.counts.queued_busy++;
        throw err;
      } finally {
        run.reload_ms += performance.now() - t0;
        if (this.counts.loads > loadsBefore) run.path = "reload";
      }
      if (stored === null || !this.#ledger) break;
      try {
        const outcome = await runMatch(this.env, { kind: "ledger", ledger: this.#ledger, payments, stored, importId, carry });
        this.counts.ledger_runs++;
        return outcome;
      } catch (err) {
        this.#stale = true;
        if (!isCasConflict(err)) throw err;
        this.counts.conflicts++;
        log({ event: "recon.ledger_conflict", currency, attempt, version: this.#ledger.version, outcome: "reload" }, "info");
      }
    }
    // Too large to hold, or refused twice (others keep writing the currency): read then write, with row guards.
    this.counts.read_then_write++;
    run.path = "read_then_write";
    return runMatch(this.env, { kind: "focus", currency, payments, importId, yieldToBulk: true, carry });
  }

  /**
   * Makes sure the ledger is D1's current one: after a refused or failed write, a warm-up call or
   * at first, one small read (version, lease, which of `focus` are stored) and, when the version
   * moved, the ledger itself. Throws CurrencyLeased while a bulk run holds the currency; returns the
   * payments already stored, or null when the currency is too large to hold.
   */
  async #fresh(currency: string, focus: BankEntry[]): Promise<Set<string> | null | undefined> {
    if (this.#ledger && !this.#stale) return undefined;
    const head = await readLedgerHead(this.env, currency, focus);
    if (head.busy) throw new CurrencyLeased(currency);
    if (!this.#ledger || this.#ledger.version !== head.version) {
      this.#ledger = await readLedger(this.env, currency, getConfig(this.env).RECON_LEDGER_MAX_ROWS);
      this.counts.loads++;
      if (!this.#ledger) {
        this.#tooLarge = true;
        return null;
      }
    }
    this.#stale = false;
    return head.stored;
  }
}
