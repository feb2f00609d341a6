import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Won → invoice → payment → deal (src/recon/invoicing.ts). Invoices themselves live in `invoices`
 * (lead_id, deal_period); these tables hold what only issued invoices have.
 */

/** Invoice number series: one counter row per series, advanced atomically inside the issuing transaction. */
export const invoiceSeries = sqliteTable(
  "invoice_series",
  {
    series: text("series").primaryKey(),
    /** The last number handed out (0: none yet). */
    lastNo: integer("last_no").notNull().default(0),
    updatedAt: text("updated_at").notNull(),
  },
  // A compare-and-swap that lost writes -1, which this refuses: the whole issuing batch rolls back.
  (t) => [check("invoice_series_cas", sql`${t.lastNo} >= 0`)],
);

/** What an issued invoice bills, line by line (the quote's lines, this period's share). */
export const invoiceItems = sqliteTable(
  "invoice_items",
  {
    invoiceId: text("invoice_id").notNull(),
    lineNo: integer("line_no").notNull(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    qty: integer("qty").notNull(),
    unitPriceMinor: integer("unit_price_minor").notNull(),
    discountMinor: integer("discount_minor").notNull(),
    amountMinor: integer("amount_minor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.lineNo] })],
);

/** The rest of an issued invoice: customer contact, terms, remittance text and when it was sent. */
export const invoiceDocuments = sqliteTable(
  "invoice_documents",
  {
    invoiceId: text("invoice_id").primaryKey(),
    leadId: text("lead_id").notNull(),
    series: text("series").notNull(),
    periods: integer("periods").notNull(),
    schedule: text("schedule").notNull(),
    paymentTerms: text("payment_terms").notNull(),
    recipient: text("recipient"),
    remittance: text("remittance").notNull(),
    /** Set once the invoice went out (outbound webhook or outbox); future periods wait for their issue date. */
    sentAt: text("sent_at"),
    sendChannel: text("send_channel"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("invoice_documents_lead").on(t.leadId), index("invoice_documents_unsent").on(t.sentAt)],
);

/**
 * A deal invoice's status moves, written by a trigger on `invoices` in the same transaction as the
 * move (migrations/0100_invoicing.sql), so no match-run path can forget one; delivered to the lead's
 * object (idempotent by id) right after the run and by the sweep.
 */
export const cashEvents = sqliteTable(
  "cash_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    invoiceId: text("invoice_id").notNull(),
    leadId: text("lead_id").notNull(),
    status: text("status").notNull(),
    paidMinor: integer("paid_minor").notNull(),
    at: text("at").notNull(),
    deliveredAt: text("delivered_at"),
  },
  (t) => [index("cash_events_undelivered").on(t.deliveredAt)],
);
