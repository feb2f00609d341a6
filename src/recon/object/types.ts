import type { Ledger } from "../core/ledger";
import type { BankEntry } from "../core/types";

/**
 * What a currency's ledger object did since it was last brought into memory: writes decided from
 * memory (ledger_runs; `grouped` notifications went in a write with others; `queue_chunks` came
 * from the queue consumer), ledger reads (loads; warm_loads of them by warm-up), refused writes
 * (conflicts), read-then-write runs, runs refused while a bulk run held the currency (queued_busy).
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

export type LedgerStats = LedgerCounts & { version: number | null; stale: boolean; too_large: boolean; size: Ledger["size"] | null };

/** A recon-events message's chunk of payments (src/recon/messages.ts); job_id null: a billing event's entry. */
export type QueuedChunk = { job_id: string | null; seq: number; enqueued_at_ms: number; entries: BankEntry[] };
export type QueuedChunkOutcome = { items: number; inserted: number; duplicates: number };
