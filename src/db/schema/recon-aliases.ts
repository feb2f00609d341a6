import { sql } from "drizzle-orm";
import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Payer aliases learned from manual matches (src/recon/aliases.ts): a person matched a payment
 * whose payer is X to an invoice of customer Y, so X's next payment resolves to Y. Revocable
 * (revoked_at set: it no longer applies); never deleted, so the audit trail keeps its subject.
 */
export const payerAliases = sqliteTable(
  "payer_aliases",
  {
    id: text("id").primaryKey(),
    /** The payer's name as its distinctive tokens joined (src/recon/core/payer-alias.ts). */
    payerKey: text("payer_key").notNull(),
    /** The payer's own account (IBAN), normalised, when the bank gives it; null otherwise. */
    payerAccount: text("payer_account"),
    /** The payer name as first seen (for the list; not used to match). */
    payerName: text("payer_name").notNull(),
    customerTaxId: text("customer_tax_id"),
    customerName: text("customer_name").notNull(),
    /** The customer as its distinctive tokens joined: one live alias per (payer, customer). */
    customerKey: text("customer_key").notNull(),
    /** The manual link, invoice and entry it was learned from. */
    sourceLinkId: text("source_link_id").notNull(),
    invoiceId: text("invoice_id").notNull(),
    entryKey: text("entry_key").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    revokedBy: text("revoked_by"),
  },
  (t) => [
    uniqueIndex("payer_aliases_live")
      .on(t.payerKey, t.customerKey)
      .where(sql`${t.revokedAt} IS NULL`),
    index("payer_aliases_payer").on(t.payerKey),
  ],
);
