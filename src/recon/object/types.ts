import type { BankEntry } from "../core/types";

/** A recon-events message's chunk of payments (src/recon/messages.ts); job_id null: a billing event's entry. */
export type QueuedChunk = { job_id: string | null; seq: number; enqueued_at_ms: number; entries: BankEntry[] };
export type QueuedChunkOutcome = { items: number; inserted: number; duplicates: number };
