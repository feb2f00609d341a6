import type { Ledger } from "./ledger";

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
