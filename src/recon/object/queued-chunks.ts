import { chunkRead, entryChunkStatements, refreshJobStatement } from "../store/chunks";
import type { LedgerOwner } from "./ledger-owner";
import type { QueuedChunk, QueuedChunkOutcome } from "./types";

/**
 * Small payment-only chunks of one currency from the queue consumer (a statement of a few lines,
 * one message per payment), stored and decided from the ledger in ONE transaction with their
 * chunk records and job progress — instead of a chunk write, a focused read and a match write —
 * and without making the ledger stale, as a write by the consumer itself would. Throws, with
 * nothing written, when it cannot (a bulk run holds the currency, a chunk is refused).
 */
export async function applyQueuedChunks(
  env: Env,
  owner: LedgerOwner,
  currency: string,
  chunks: QueuedChunk[],
): Promise<(QueuedChunkOutcome | null)[]> {
  const jobs = chunks.filter((c): c is QueuedChunk & { job_id: string } => c.job_id !== null);
  const { readBack } = await owner.match(
    currency,
    chunks.flatMap((c) => c.entries),
    {
      store: chunks.flatMap((c) => entryChunkStatements(env, c.job_id, c.seq, c.enqueued_at_ms, c.entries, { readBack: false })),
      readBack: jobs.flatMap((c) => [refreshJobStatement(env, c.job_id), chunkRead(env, c.job_id, c.seq)]),
    },
    chunks.length === 1 ? (chunks[0].job_id ?? undefined) : undefined,
  );
  owner.counts.queue_chunks += chunks.length;
  // `readBack` holds [job refresh, chunk row] per chunk with a job, in chunk order.
  let at = 0;
  return chunks.map((c) => (c.job_id === null ? null : (readBack[(at += 2) - 1].results[0] as QueuedChunkOutcome)));
}
