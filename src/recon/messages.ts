import { z } from "zod";
import { InternalEvent } from "../gateway/core/internal-event";
import { BankEntry, Invoice } from "./core/types";

/**
 * Every message on the reconciliation queue, parsed with this schema by the consumer.
 *
 * Uploads are split into chunks (`seq` 0..chunks_total-1 of one import job); each chunk is one
 * message kept well under the 128 KB queue limit (see `chunkForQueue`). `enqueued_at_ms` is
 * when the upload handed the chunk to the queue (per-payment latency in the bench).
 */
export const ReconMessage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("payment_event"), event: InternalEvent }),
  z.object({
    kind: z.literal("invoices"),
    job_id: z.string().min(1),
    seq: z.number().int().nonnegative(),
    enqueued_at_ms: z.number().int().nonnegative(),
    invoices: z.array(Invoice).min(1),
  }),
  z.object({
    kind: z.literal("bank_entries"),
    job_id: z.string().min(1),
    seq: z.number().int().nonnegative(),
    enqueued_at_ms: z.number().int().nonnegative(),
    entries: z.array(BankEntry).min(1),
  }),
]);
export type ReconMessage = z.infer<typeof ReconMessage>;

/** Queue messages must stay under 128 KB; we aim for half of that to leave room for the envelope. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** And never more items than this per message, so one chunk's D1 batch stays small. */
export const MAX_ITEMS_PER_MESSAGE = 250;

/**
 * Splits items into chunks whose JSON stays under MAX_MESSAGE_BYTES (measured, not guessed: a
 * camt entry with a long remittance is several times the size of a short one).
 */
export function chunkForQueue<T>(items: readonly T[], maxBytes = MAX_MESSAGE_BYTES, maxItems = MAX_ITEMS_PER_MESSAGE): T[][] {
  const encoder = new TextEncoder();
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const itemBytes = encoder.encode(JSON.stringify(item)).length + 1;
    if (itemBytes > maxBytes) throw new Error(`one item is ${itemBytes} bytes, above the queue chunk limit of ${maxBytes}`);
    if (current.length && (size + itemBytes > maxBytes || current.length >= maxItems)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemBytes;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
