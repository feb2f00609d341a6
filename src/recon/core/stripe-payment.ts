import { isKnownCurrency } from "../../platform/money";
import type { BankEntry } from "./types";
import type { InternalEvent } from "../../gateway/core/internal-event";

/**
 * A billing `invoice_paid` event (Stripe invoice.paid via the foundation's adapter, or the seed
 * router) becomes one bank entry of format "stripe", so the SAME matcher settles the invoice and
 * the same exactly-once rules apply (stock, statuses, review queue) — no second code path.
 *
 * The invoice is named in the entry's remittance: our invoice number when the billing system
 * carries it (`metadata.invoice_id` / `metadata.invoice_number`, Stripe's `number`), plus the
 * event's subject id; the matcher's INVOICE_REF rule finds it there. The natural key is the
 * billing object (`stripe|<subject>`): a second delivery, or a second event for the same
 * invoice, adds nothing. Returns null when the event carries no usable amount.
 */
export function paymentEventToEntry(event: InternalEvent): BankEntry | null {
  if (event.event_type !== "invoice_paid") return null;
  const d = event.data;
  const amount = typeof d.amount_minor === "number" && Number.isSafeInteger(d.amount_minor) ? d.amount_minor : null;
  const currency = typeof d.currency === "string" ? d.currency.toUpperCase() : null;
  if (amount === null || amount <= 0 || !currency || !isKnownCurrency(currency)) return null;
  const meta = isRecord(d.metadata) ? d.metadata : {};
  const refs = [str(meta.invoice_id), str(meta.invoice_number), str(d.invoice_number), str(d.number), event.subject_id].filter(
    (r, i, all): r is string => r !== null && all.indexOf(r) === i,
  );
  const date = /^\d{4}-\d{2}-\d{2}/.exec(event.occurred_at)?.[0] ?? new Date().toISOString().slice(0, 10);
  return {
    natural_key: `${event.source}|${event.subject_id}`,
    account: event.source,
    bank_ref: event.vendor_event_id,
    entry_ref: event.subject_id,
    amount_minor: amount,
    currency,
    direction: "credit",
    booking_date: date,
    value_date: date,
    sender_name: str(d.customer_name) ?? str(d.company),
    sender_tax_id: str(d.customer_tax_id) ?? str(meta.tax_id),
    remittance: refs.join(" "),
    format: "stripe",
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}
