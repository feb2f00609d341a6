import { DurableObject } from "cloudflare:workers";
import { getConfig } from "../config";
import { log } from "../platform/log";
import { isCasConflict, ScopeBusy } from "../recon/match-run";
import { loadLedger, readLedgerHead, reconcileFromLedger } from "../recon/ledger-object";
import { chunkRead, entryChunkStatements, refreshJobStatement } from "../recon/store/chunks";
import { readThenWrite, reconcileGroup, type CurrencyRun, type Notification, type RealtimeResult } from "../recon/realtime";
import type { Ledger } from "../recon/core/ledger";
import type { BankEntry } from "../recon/core/types";

/**
 * Writes decided from memory (ledger_runs; `grouped` notifications went in a write with others;
 * `queue_chunks` came from the queue consumer), ledger reads (loads; warm_loads of them by
 * warm-up), refused writes (conflicts), read-then-write runs, runs refused while a bulk run held
 * the currency (queued_busy).
 */
export type LedgerCounts = {
  loads: number;
  warm_loads: number;
  ledger_runs: number;
  grouped: number;
  queue_chunks: number;
  conflicts: number;
  read_then_write: number;
  queued_busy: number;
};

/** A recon-events message's chunk of payments (src/queues/messages.ts); job_id null: a billing event's entry. */
export type QueuedChunk = { job_id: string | null; seq: number; enqueued_at_ms: number; entries: BankEntry[] };
type ChunkOutcome = { items: number; inserted: number; duplicates: number };

type Waiting = { input: Notification; resolve: (r: RealtimeResult) => void; reject: (e: unknown) => void };

/** A group commit holds at most this many notifications and payments (one match run, one transaction). */
const GROUP_MAX_NOTIFICATIONS = 32;
const GROUP_MAX_ENTRIES = 200;

/** The oldest waiting notifications that fit one group (always at least one). */
function takeGroup(pending: Waiting[]): Waiting[] {
  let n = 0;
  let entries = 0;
  while (n < pending.length && n < GROUP_MAX_NOTIFICATIONS && (n === 0 || entries + pending[n].input.entries.length <= GROUP_MAX_ENTRIES)) {
    entries += pending[n].input.entries.length;
    n++;
  }
  return pending.splice(0, n);
}

/** A warm-up that finds the currency held by a bulk run tries again this much later. */
const BUSY_RETRY_MS = 1_000;

export type LedgerStats = LedgerCounts & { version: number | null; stale: boolean; too_large: boolean; size: Ledger["size"] | null };

/**
 * One per currency (idFromName(currency)): the owner of that currency's real-time payments.
 * It keeps the currency's open ledger in memory (src/recon/core/ledger.ts), so a payment notification
 * costs one D1 round trip — its write — instead of a read and a write (POST /api/finance/payments,
 * bench/recon-e2e.mjs measures both). D1 stays the only record: the ledger is a copy that every
 * write proves current with a compare-and-swap on the scope version, and takes back what the
 * write read back.
 *
 * Payments of the currency are decided here in arrival order, one write at a time, so they never
 * refuse each other; what arrives while a write is in flight goes into the next one together
 * (group commit: a burst costs one round trip, and a backlog never builds up one payment per round
 * trip). Everything else that changes the currency — statement and invoice imports, manual
 * resolutions, the sweep — bumps the version, the next payment's write is refused, and the ledger
 * is read again (after a one-row check: while a bulk run holds the currency the payment is queued
 * behind it, as before, without reloading anything). The queue consumer calls `warm` after its
 * runs, so that read usually happens before the next payment arrives (an alarm,
 * RECON_LEDGER_WARM_MS later). A currency too large to hold (RECON_LEDGER_MAX_ROWS) and a payment
 * refused twice go the read-then-write way.
 *
 * Nothing here is durable state (but the currency's name, for alarms): an evicted object loads
 * the ledger again on its next payment, and only then learns again whether it is too large.
 */
export class ReconLedger extends DurableObject<Env> {
  #ledger: Ledger | null = null;
  /** The ledger may be behind D1 (a write of ours was refused, or one failed). */
  #stale = true;
  /** The currency has more rows than RECON_LEDGER_MAX_ROWS: read per payment instead. */
  #tooLarge = false;
  #chain: Promise<unknown> = Promise.resolve();
  #pending: Waiting[] = [];
  /** The currency's name as stored for alarms (warm writes it once per object lifetime). */
  #currency: string | null = null;
  #counts: LedgerCounts = {
    loads: 0,
    warm_loads: 0,
    ledger_runs: 0,
    grouped: 0,
    queue_chunks: 0,
    conflicts: 0,
    read_then_write: 0,
    queued_busy: 0,
  };

  /** RPC: what this object holds, and what it did since it was last brought into memory (ops, tests). */
  async stats(): Promise<LedgerStats> {
    return {
      version: this.#ledger?.version ?? null,
      stale: this.#stale,
      too_large: this.#tooLarge,
      size: this.#ledger?.size ?? null,
      ...this.#counts,
    };
  }

  /**
   * RPC: reconcile one real-time notification (every entry in this object's currency). It waits
   * while the previous write is in flight, and then goes with everything else that arrived
   * meanwhile in one write (group commit): a burst costs one round trip, not one per payment.
   */
  async reconcile(input: Notification): Promise<RealtimeResult> {
    return new Promise<RealtimeResult>((resolve, reject) => {
      this.#pending.push({ input, resolve, reject });
      if (this.#pending.length === 1) void this.#serial(() => this.#flush());
    });
  }

  /**
   * RPC from the queue consumer: small payment-only chunks of this currency (a statement of a few
   * lines, one message per payment) stored and decided from memory in ONE transaction with their
   * chunk records and job progress — instead of a chunk write, a focused read and a match write —
   * and without making the ledger stale, as a write by the consumer itself would. Throws, with
   * nothing written, when it cannot (a bulk run holds the currency, a chunk is refused): the
   * consumer then takes its own path.
   */
  async applyChunks(currency: string, chunks: QueuedChunk[]): Promise<(ChunkOutcome | null)[]> {
    return this.#serial(async () => {
      let back: D1Result[] = [];
      const jobs = chunks.filter((c): c is QueuedChunk & { job_id: string } => c.job_id !== null);
      await this.#run(
        currency,
        chunks.flatMap((c) => c.entries),
        {
          importId: chunks.length === 1 ? (chunks[0].job_id ?? undefined) : undefined,
          store: () =>
            chunks.flatMap((c) => entryChunkStatements(this.env, c.job_id, c.seq, c.enqueued_at_ms, c.entries, { readBack: false })),
          after: jobs.flatMap((c) => [refreshJobStatement(this.env, c.job_id), chunkRead(this.env, c.job_id, c.seq)]),
          onAfter: (results) => {
            back = results;
          },
        },
      );
      this.#counts.queue_chunks += chunks.length;
      // `after` holds [job refresh, chunk row] per chunk with a job, in chunk order.
      let at = 0;
      return chunks.map((c) => (c.job_id === null ? null : (back[(at += 2) - 1].results[0] as ChunkOutcome)));
    });
  }

  /** Writes what is pending, a group at a time, until nothing is. */
  async #flush(): Promise<void> {
    while (this.#pending.length) {
      const group = takeGroup(this.#pending);
      const currency = group[0].input.entries[0].currency;
      try {
        const results = await reconcileGroup(
          this.env,
          currency,
          group.map((g) => g.input),
          this.#run,
          (p) => this.ctx.waitUntil(p),
        );
        group.forEach((g, i) => g.resolve(results[i]));
        if (group.length > 1) this.#counts.grouped += group.length;
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
  }

  /**
   * RPC from writers other than this object (the queue consumer after its match runs): the
   * currency changed, so read the ledger again in `delayMs` — before the next payment needs it,
   * instead of making that payment wait for the read. Each call pushes the read back, so a burst
   * of writes (a statement's chunks) ends in one read; while a bulk run holds the currency the read
   * waits for its end.
   */
  async warm(currency: string, delayMs: number): Promise<void> {
    this.#stale = true;
    if (this.#currency !== currency) {
      await this.ctx.storage.put("currency", currency); // for the alarm, should the object be evicted before it
      this.#currency = currency;
    }
    await this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  override async alarm(): Promise<void> {
    const currency = await this.ctx.storage.get<string>("currency");
    if (!currency || this.#tooLarge) return;
    await this.#serial(async () => {
      try {
        const before = this.#counts.loads;
        await this.#fresh(currency, []);
        this.#counts.warm_loads += this.#counts.loads - before;
      } catch (err) {
        if (!(err instanceof ScopeBusy)) throw err;
        await this.ctx.storage.setAlarm(Date.now() + BUSY_RETRY_MS);
      }
    });
  }

  /** Payments (and warm-ups) of the currency run one at a time, in arrival order. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(fn);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Makes sure the ledger is D1's current one: after a refused or failed write, a warm-up call or
   * at first, one small read (version, lease, which of `focus` are stored) and, when the version
   * moved, the ledger itself. Throws ScopeBusy while a bulk run holds the currency; returns the
   * payments already stored, or null when the currency is too large to hold.
   */
  async #fresh(currency: string, focus: BankEntry[]): Promise<Set<string> | null | undefined> {
    if (this.#ledger && !this.#stale) return undefined;
    const head = await readLedgerHead(this.env, currency, focus);
    if (head.busy) throw new ScopeBusy(currency);
    if (!this.#ledger || this.#ledger.version !== head.version) {
      this.#ledger = await loadLedger(this.env, currency, getConfig(this.env).RECON_LEDGER_MAX_ROWS);
      this.#counts.loads++;
      if (!this.#ledger) {
        this.#tooLarge = true;
        return null;
      }
    }
    this.#stale = false;
    return head.stored;
  }

  #run: CurrencyRun = async (currency, focus, opts) => {
    for (let attempt = 1; attempt <= 2 && !this.#tooLarge; attempt++) {
      let stored: Set<string> | null | undefined;
      try {
        stored = await this.#fresh(currency, focus);
      } catch (err) {
        if (err instanceof ScopeBusy) this.#counts.queued_busy++;
        throw err;
      }
      if (stored === null || !this.#ledger) break;
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
    // Too large to hold, or refused twice (others keep writing the currency): read then write, with row guards.
    return this.#readThenWrite(currency, focus, opts);
  };

  #readThenWrite: CurrencyRun = (currency, focus, opts) => {
    this.#counts.read_then_write++;
    return readThenWrite(this.env)(currency, focus, opts);
  };
}
