import type { InternalEvent } from "../../gateway/core/internal-event";

/**
 * Who may say an invoice is paid. A payment processor (Stripe) signs events about money it moved
 * itself; a CRM (the seed router, HubSpot, Standard Webhooks senders) only relays what someone
 * typed, and invoice numbers are sequential. So a CRM's "invoice paid" is a claim: recorded for
 * finance and checked against the bank, never a payment.
 */
export const PAYMENT_PROCESSORS: ReadonlySet<string> = new Set(["stripe"]);

export function isPaymentClaim(event: Pick<InternalEvent, "source" | "event_type">): boolean {
  return event.event_type === "invoice_paid" && !PAYMENT_PROCESSORS.has(event.source);
}

export type PaymentClaim = {
  event_id: string;
  source: string;
  event_type: string;
  subject_id: string;
  invoice_ref: string | null;
  amount_minor: number | null;
  currency: string | null;
  data_json: string;
  occurred_at: string;
};

/** The claim an event makes: the invoice it names (its number when it carries one, else its subject), and the amount. */
export function claimFromEvent(event: InternalEvent): PaymentClaim {
  const d = event.data;
  const amount = typeof d.amount_minor === "number" && Number.isSafeInteger(d.amount_minor) ? d.amount_minor : null;
  const currency = typeof d.currency === "string" && /^[A-Za-z]{3}$/.test(d.currency) ? d.currency.toUpperCase() : null;
  return {
    event_id: `${event.source}:${event.vendor_event_id}`,
    source: event.source,
    event_type: event.event_type,
    subject_id: event.subject_id,
    invoice_ref: text(d.invoice_number) ?? text(d.invoice_id) ?? text(d.number) ?? event.subject_id,
    amount_minor: amount,
    currency,
    data_json: JSON.stringify(d),
    occurred_at: event.occurred_at,
  };
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim().slice(0, 256) : null;
}
