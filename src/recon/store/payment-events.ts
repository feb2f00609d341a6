import type { InternalEvent } from "../../gateway/core/internal-event";
import { paymentEventToEntry } from "../core/stripe-payment";
import type { BankEntry } from "../core/types";

/** The payment_events row (idempotent by event id), and the bank entry the event becomes, if any. */
export async function recordPaymentEvent(e: InternalEvent, env: Env): Promise<BankEntry | null> {
  const amount = typeof e.data.amount_minor === "number" ? e.data.amount_minor : null;
  const currency = typeof e.data.currency === "string" ? e.data.currency : null;
  await env.DB.prepare(
    `INSERT INTO payment_events (event_id, source, event_type, subject_id, amount_minor, currency, data_json, occurred_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
  )
    .bind(
      `${e.source}:${e.vendor_event_id}`,
      e.source,
      e.event_type,
      e.subject_id,
      amount,
      currency,
      JSON.stringify(e.data),
      e.occurred_at,
      new Date().toISOString(),
    )
    .run();
  return paymentEventToEntry(e);
}
