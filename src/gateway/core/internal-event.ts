import { z } from "zod";
import { INTERNAL_EVENT_TYPES } from "./routing-table";

export const WEBHOOK_SOURCES = ["seed", "hubspot", "salesforce", "stripe", "generic"] as const;
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

/** What every vendor adapter normalizes a delivery into. */
export const InternalEvent = z.object({
  source: z.enum(WEBHOOK_SOURCES),
  /** The vendor's own id of this delivery/event, unique per source (idempotency key). */
  vendor_event_id: z.string().min(1).max(256),
  event_type: z.enum(INTERNAL_EVENT_TYPES),
  /** The CRM/billing object this is about (contact id, deal id, invoice id). */
  subject_id: z.string().min(1).max(256),
  occurred_at: z.string(),
  /** Normalized facts the downstream pipelines use (email, company, amount_minor, currency...). */
  data: z.record(z.string(), z.unknown()),
});
export type InternalEvent = z.infer<typeof InternalEvent>;

/** The lead Durable Object's name for an event: the source plus its CRM id. */
export function leadKeyFor(event: Pick<InternalEvent, "source" | "subject_id">): string {
  return `${event.source}:${event.subject_id}`;
}
