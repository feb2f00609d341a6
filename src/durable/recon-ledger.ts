import { DurableObject } from "cloudflare:workers";
import { GroupCommit } from "../recon/object/group-commit";
import { LedgerOwner } from "../recon/object/ledger-owner";
import { applyQueuedChunks } from "../recon/object/queued-chunks";
import type { LedgerStats } from "../recon/core/ledger-stats";
import type { QueuedChunk, QueuedChunkOutcome } from "../recon/object/types";
import type { Notification, RealtimeResult } from "../recon/realtime";
import { CurrencyLeased } from "../recon/store/scope-locks";

export type { LedgerCounts, LedgerStats } from "../recon/core/ledger-stats";
export type { QueuedChunk } from "../recon/object/types";

/** A warm-up that finds the currency held by a bulk run tries again this much later. */
const BUSY_RETRY_MS = 1_000;

/**
 * One per currency (idFromName(currency)): the owner of that currency's real-time payments, an
 * RPC shell over src/recon/object/ (the ledger in memory and its load/apply: ledger-owner.ts;
 * the group commit: group-commit.ts; the queue's small chunks: queued-chunks.ts). A payment
 * notification costs one D1 round trip — its write — instead of a read and a write
 * (POST /api/finance/payments; bench/recon-e2e.mjs measures both).
 *
 * Nothing here is durable state (but the currency's name, for alarms): an evicted object loads
 * the ledger again on its next payment, and only then learns again whether it is too large.
 */
export class ReconLedger extends DurableObject<Env> {
  #owner = new LedgerOwner(this.env);
  #commits = new GroupCommit(this.env, this.#owner, (p) => this.ctx.waitUntil(p));
  /** The currency's name as stored for alarms (warm writes it once per object lifetime). */
  #currency: string | null = null;

  /** RPC: what this object holds, and what it did since it was last brought into memory (ops, tests). */
  async stats(): Promise<LedgerStats> {
    return this.#owner.stats();
  }

  /**
   * RPC: match one real-time notification (every entry in this object's currency). It waits
   * while the previous write is in flight, and then goes with everything else that arrived
   * meanwhile in one write (group commit).
   */
  async matchNotification(input: Notification): Promise<RealtimeResult> {
    return this.#commits.submit(input);
  }

  /**
   * RPC from the queue consumer: small payment-only chunks of this currency, stored and decided
   * from memory in one transaction. Throws, with nothing written, when it cannot: the consumer
   * then takes its own path.
   */
  async applyChunks(currency: string, chunks: QueuedChunk[]): Promise<(QueuedChunkOutcome | null)[]> {
    return this.#owner.serial(() => applyQueuedChunks(this.env, this.#owner, currency, chunks));
  }

  /**
   * RPC from writers other than this object (the queue consumer after its match runs, resolve,
   * the sweep): the currency changed, so read the ledger again in `delayMs` — before the next
   * payment needs it, instead of making that payment wait for the read. Each call pushes the read
   * back, so a burst of writes (a statement's chunks) ends in one read; while a bulk run holds the
   * currency the read waits for its end.
   */
  async warm(currency: string, delayMs: number): Promise<void> {
    this.#owner.markStale();
    if (this.#currency !== currency) {
      await this.ctx.storage.put("currency", currency); // for the alarm, should the object be evicted before it
      this.#currency = currency;
    }
    await this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  override async alarm(): Promise<void> {
    const currency = await this.ctx.storage.get<string>("currency");
    if (!currency || this.#owner.tooLarge) return;
    await this.#owner.serial(async () => {
      try {
        await this.#owner.warmUp(currency);
      } catch (err) {
        if (!(err instanceof CurrencyLeased)) throw err;
        await this.ctx.storage.setAlarm(Date.now() + BUSY_RETRY_MS);
      }
    });
  }
}
