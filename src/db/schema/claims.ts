import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";

/**
 * "Invoice paid" as a CRM says it (the seed router, Standard Webhooks, HubSpot): a claim, never a
 * payment. Recorded for finance and for the reconciliation layer to check against the bank; only
 * a bank entry (or a payment processor's signed event) settles an invoice. One row per event.
 */
export const paymentClaims = sqliteTable(
  "payment_claims",
  {
    id: text("id").primaryKey(),
    /** `<source>:<vendor_event_id>`: a redelivery of the event is the same claim. */
    eventId: text("event_id").notNull().unique(),
    source: text("source").notNull(),
    eventType: text("event_type").notNull(),
    /** The CRM's object id, and the invoice number it names, when it names one. */
    subjectId: text("subject_id").notNull(),
    invoiceRef: text("invoice_ref"),
    amountMinor: integer("amount_minor"),
    currency: text("currency"),
    /**
     * open | confirmed | disputed. Every claim starts open; confirming one against a bank entry is the
     * reconciliation layer's to add (nothing sets the other two yet, and none of them ever pays an invoice).
     */
    status: text("status").notNull().default("open"),
    dataJson: text("data_json").notNull(),
    occurredAt: text("occurred_at").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [index("payment_claims_invoice").on(t.invoiceRef), index("payment_claims_received").on(t.receivedAt)],
);
export type PaymentClaimRow = typeof paymentClaims.$inferSelect;
