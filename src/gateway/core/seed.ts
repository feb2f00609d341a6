import { z } from "zod";
import { SEED_EVENT_TYPES } from "./routing-table";
import type { InternalEvent } from "./internal-event";
import { scalarRecord } from "./common";

/** The reference design's request body for POST /api/crm/webhook-router. */
export const SeedWebhook = z.object({
  event_type: z.enum(SEED_EVENT_TYPES),
  payload: z
    .object({
      id: z.union([z.string().min(1).max(256), z.number().int().transform(String)]),
      value: z.number().finite().nonnegative().optional(),
      email: z.string().max(320).optional(),
    })
    .passthrough(),
});
export type SeedWebhook = z.infer<typeof SeedWebhook>;

/**
 * Maps a seed request onto the internal event. The seed has no delivery id, so the idempotency key
 * is event_type + payload.id: the same event for the same object is one event. `value` is whole
 * currency units in the seed (USD); we carry it as minor units. The payload's other fields travel
 * only as flat scalars (at most 50, strings clipped): nested values never reach the queue.
 */
export function normalizeSeed(body: SeedWebhook, receivedAt: string): InternalEvent {
  const { id, value, email, ...rest } = body.payload;
  return {
    source: "seed",
    vendor_event_id: `${body.event_type}:${id}`,
    event_type: body.event_type,
    subject_id: id,
    occurred_at: receivedAt,
    data: {
      ...scalarRecord(rest),
      email: email ?? null,
      amount_minor: value === undefined ? null : Math.round(value * 100),
      currency: "USD",
    },
  };
}
