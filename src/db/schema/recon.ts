import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Tables of the reconciliation layer (kept in sync by hand with migrations/0030_recon.sql).
 * Written only by src/queues/reconciliation.ts, src/pipelines/recon-*.ts and src/routes/finance.ts.
 * Money is integer minor units + currency; dates are YYYY-MM-DD, timestamps ISO 8601 UTC.
 */

/** Open and settled invoices; the invoice number is the natural key, so a re-import adds nothing. */
export const invoices = sqliteTable(
  "invoices",
  {
    id: text("id").primaryKey(), // the invoice number (INV-2026-000001)
    customerTaxId: text("customer_tax_id"),
    customerName: text("customer_name").notNull(),
    poNumber: text("po_number"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    issueDate: text("issue_date").notNull(),
    dueDate: text("due_date").notNull(),
    /** PAID | PARTIAL | UNPAID | OVERPAID | DISCREPANCY, derived by recon/status.ts. */
    status: text("status").notNull().default("UNPAID"),
    statusReason: text("status_reason"),
    paidMinor: integer("paid_minor").notNull().default(0),
    /** upload | stripe */
    source: text("source").notNull().default("upload"),
    importId: text("import_id"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    /** Match keys (src/recon/core/match-keys.ts): normalized tax id and first name token, for focused match runs. */
    taxNorm: text("tax_norm"),
    nameFirst: text("name_first"),
    /** 1 once tax_norm, name_first and invoice_keys are written; rows from before 0040 are keyed by the backfill. */
    keyed: integer("keyed").notNull().default(0),
    /** The deal (lead) this invoice bills: issued on won (src/recon/invoicing.ts) or linked by hand / PO number. */
    leadId: text("lead_id"),
    /** 1..n within the deal's schedule when we issued it; null for an imported invoice (linked or not). */
    dealPeriod: integer("deal_period"),
  },
  (t) => [
    // Exactly once: one invoice per (deal, schedule period), whatever closes or retries.
    uniqueIndex("invoices_lead_period")
      .on(t.leadId, t.dealPeriod)
      .where(sql`${t.dealPeriod} IS NOT NULL`),
    index("invoices_lead").on(t.leadId),
    index("invoices_currency_status").on(t.currency, t.status),
    index("invoices_customer").on(t.customerTaxId),
    index("invoices_tax_norm").on(t.taxNorm),
    index("invoices_name_first").on(t.nameFirst),
    index("invoices_unkeyed")
      .on(t.currency)
      .where(sql`${t.keyed} = 0`),
  ],
);

/** References in a bank entry's remittance text, in the same key forms (a focused run's lookups). */
export const entryKeys = sqliteTable(
  "entry_keys",
  {
    entryKey: text("entry_key").notNull(),
    key: text("key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryKey, t.key] })],
);

/** Invoice and PO numbers in the matcher's key forms ("A:INV2026000042", "D:2026000042"), for lookups from remittance text. */
export const invoiceKeys = sqliteTable(
  "invoice_keys",
  {
    key: text("key").notNull(),
    invoiceId: text("invoice_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.invoiceId] }), index("invoice_keys_invoice").on(t.invoiceId)],
);

/** What an invoice sold: stock of these SKUs is decremented once the invoice is fully paid. */
export const invoiceLines = sqliteTable(
  "invoice_lines",
  {
    invoiceId: text("invoice_id").notNull(),
    sku: text("sku").notNull(),
    qty: integer("qty").notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.sku] })],
);

/** One upload (invoices or a bank statement) and its progress through the queue. */
export const imports = sqliteTable(
  "imports",
  {
    id: text("id").primaryKey(),
    /** invoices | bank_statement */
    kind: text("kind").notNull(),
    /** json | csv | camt053 | camt054 | mt940 | bankcsv | wirecsv */
    format: text("format").notNull(),
    /** queued | processing | done | failed | partial (done, but some rows were refused or flagged) */
    status: text("status").notNull(),
    actor: text("actor"),
    sha256: text("sha256").notNull(),
    bytes: integer("bytes").notNull(),
    totalItems: integer("total_items").notNull(),
    chunksTotal: integer("chunks_total").notNull(),
    chunksDone: integer("chunks_done").notNull().default(0),
    insertedItems: integer("inserted_items").notNull().default(0),
    duplicateItems: integer("duplicate_items").notNull().default(0),
    linksWritten: integer("links_written").notNull().default(0),
    /** Rows refused at parse time (left out of the import) and statement-level flags (balance mismatch). */
    errorsJson: text("errors_json").notNull().default("[]"),
    warningsJson: text("warnings_json").notNull().default("[]"),
    createdAt: text("created_at").notNull(),
    finishedAt: text("finished_at"),
    latencyMs: real("latency_ms"),
  },
  (t) => [index("imports_created").on(t.createdAt)],
);

/** Chunks of an import already applied: a redelivered chunk is recognized and counted once. */
export const importChunks = sqliteTable(
  "import_chunks",
  {
    importId: text("import_id").notNull(),
    seq: integer("seq").notNull(),
    items: integer("items").notNull(),
    inserted: integer("inserted").notNull(),
    duplicates: integer("duplicates").notNull(),
    doneAt: text("done_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

/** Bank credits (and debits) from statements; natural_key = account|bank ref, else a content hash. */
export const bankEntries = sqliteTable(
  "bank_entries",
  {
    naturalKey: text("natural_key").primaryKey(),
    entryRef: text("entry_ref"),
    bankRef: text("bank_ref"),
    /** What exports call wire_id: entry_ref ?? bank_ref ?? natural_key. */
    wireId: text("wire_id").notNull(),
    account: text("account"),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    /** credit | debit */
    direction: text("direction").notNull(),
    reversal: integer("reversal", { mode: "boolean" }).notNull().default(false),
    bookingDate: text("booking_date").notNull(),
    valueDate: text("value_date"),
    senderName: text("sender_name"),
    senderTaxId: text("sender_tax_id"),
    remittance: text("remittance").notNull().default(""),
    format: text("format").notNull(),
    importId: text("import_id"),
    /** Sum of this entry's VERIFIED + MANUAL link allocations (never above amount_minor). */
    allocatedMinor: integer("allocated_minor").notNull().default(0),
    /** PENDING (not matched yet) | MATCHED | PARTIAL | UNMATCHED | REVIEW | DUPLICATE */
    matchStatus: text("match_status").notNull().default("PENDING"),
    /** Epoch ms when the upload enqueued it and when its links were written (bench: per-payment latency). */
    enqueuedAtMs: integer("enqueued_at_ms"),
    matchedAtMs: integer("matched_at_ms"),
    createdAt: text("created_at").notNull(),
    /** The payer's match keys (src/recon/core/match-keys.ts): open entries of the same payer join a focused run. */
    taxNorm: text("tax_norm"),
    nameFirst: text("name_first"),
    keyed: integer("keyed").notNull().default(0),
  },
  (t) => [
    index("bank_entries_currency_status").on(t.currency, t.matchStatus),
    index("bank_entries_import").on(t.importId),
    index("bank_entries_tax_norm").on(t.taxNorm, t.matchStatus),
    index("bank_entries_name_first").on(t.nameFirst, t.matchStatus),
    index("bank_entries_unkeyed")
      .on(t.currency)
      .where(sql`${t.keyed} = 0`),
    check("bank_entries_allocation_bounded", sql`${t.allocatedMinor} >= 0 AND ${t.allocatedMinor} <= ${t.amountMinor}`),
  ],
);

/**
 * Links between invoices and bank entries. VERIFIED (automatic) and MANUAL links spend money;
 * REVIEW links are proposals waiting for a person; REJECTED are links a person unmatched (the pair
 * is never linked automatically again); UNMATCHED rows (invoice_id NULL) record a credit that pays
 * nothing we know. booking_date and customer_tax_id are copied in for cheap filters.
 */
export const reconLinks = sqliteTable(
  "recon_links",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id"),
    entryKey: text("entry_key").notNull(),
    wireId: text("wire_id").notNull(),
    allocatedMinor: integer("allocated_minor").notNull(),
    currency: text("currency").notNull(),
    /** VERIFIED | REVIEW | MANUAL | UNMATCHED | REJECTED */
    status: text("status").notNull(),
    confidence: real("confidence").notNull(),
    reason: text("reason").notNull(),
    reasonsJson: text("reasons_json").notNull().default("[]"),
    customerTaxId: text("customer_tax_id"),
    bookingDate: text("booking_date").notNull(),
    importId: text("import_id"),
    createdAt: text("created_at").notNull(),
    resolvedBy: text("resolved_by"),
    resolvedAt: text("resolved_at"),
    resolutionReason: text("resolution_reason"),
  },
  (t) => [
    // One live row per (invoice, entry) pair: a replayed match run cannot add a second one.
    uniqueIndex("recon_links_pair")
      .on(t.invoiceId, t.entryKey)
      .where(sql`${t.status} IN ('VERIFIED','MANUAL','REVIEW')`),
    uniqueIndex("recon_links_unmatched")
      .on(t.entryKey)
      .where(sql`${t.status} = 'UNMATCHED'`),
    index("recon_links_invoice").on(t.invoiceId),
    index("recon_links_entry").on(t.entryKey),
    index("recon_links_status").on(t.status, t.id),
    index("recon_links_created").on(t.createdAt, t.id),
    check("recon_links_amount", sql`${t.allocatedMinor} >= 0`),
  ],
);

/** Every status change of an invoice, with why and who. */
export const invoiceStatusHistory = sqliteTable(
  "invoice_status_history",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    paidMinor: integer("paid_minor").notNull(),
    reason: text("reason"),
    actor: text("actor").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("invoice_status_history_invoice").on(t.invoiceId, t.at)],
);

/** Stock decrements for paid invoices; UNIQUE (invoice_id, sku) makes each happen exactly once. */
export const stockMoves = sqliteTable(
  "stock_moves",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id").notNull(),
    sku: text("sku").notNull(),
    qtyDelta: integer("qty_delta").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("stock_moves_invoice_sku").on(t.invoiceId, t.sku)],
);

/** Purchase-order drafts for the product's supplier when stock falls below its reorder point. */
export const purchaseOrders = sqliteTable(
  "purchase_orders",
  {
    id: text("id").primaryKey(),
    supplier: text("supplier").notNull(),
    sku: text("sku").notNull(),
    qty: integer("qty").notNull(),
    /** DRAFT | SENT | CANCELLED */
    status: text("status").notNull().default("DRAFT"),
    reason: text("reason").notNull(),
    triggerInvoiceId: text("trigger_invoice_id"),
    stockAfter: integer("stock_after"),
    createdAt: text("created_at").notNull(),
  },
  // At most one open draft per SKU: a second trigger while a draft is open adds nothing.
  (t) => [
    uniqueIndex("purchase_orders_open_draft")
      .on(t.sku)
      .where(sql`${t.status} = 'DRAFT'`),
    index("purchase_orders_supplier").on(t.supplier),
  ],
);

/** The review queue: what a person must look at, with the reason spelled out. */
export const discrepancies = sqliteTable(
  "discrepancies",
  {
    id: text("id").primaryKey(),
    /** AMBIGUOUS | UNMATCHED_ENTRY | CURRENCY_MISMATCH | DUPLICATE_ENTRY | OVERPAYMENT | UNDERPAYMENT | BALANCE_MISMATCH | STOCK_SHORTAGE */
    kind: text("kind").notNull(),
    /** kind + subject: the same finding twice is one row. */
    dedupeKey: text("dedupe_key").notNull().unique(),
    entryKey: text("entry_key"),
    wireId: text("wire_id"),
    invoiceIdsJson: text("invoice_ids_json").notNull().default("[]"),
    importId: text("import_id"),
    reason: text("reason").notNull(),
    /** The matcher's ranked candidates when the item was raised: [{invoice_id, open_minor, currency, score, reasons}]. */
    candidatesJson: text("candidates_json").notNull().default("[]"),
    /** OPEN | RESOLVED */
    status: text("status").notNull().default("OPEN"),
    createdAt: text("created_at").notNull(),
    resolvedAt: text("resolved_at"),
    resolvedBy: text("resolved_by"),
  },
  (t) => [index("discrepancies_status").on(t.status, t.id)],
);

/**
 * Optimistic lock per matching scope (one currency): every write of a match run starts with a
 * compare-and-swap on `version`; a stale run sets it to -1, the CHECK fails and D1 rolls the whole
 * batch back, so two concurrent runs can never spend one wire twice.
 */
export const reconScopes = sqliteTable(
  "recon_scopes",
  {
    scope: text("scope").primaryKey(),
    version: integer("version").notNull().default(0),
    updatedAt: text("updated_at"),
    /** Epoch ms until which a bulk match run holds the scope: real-time payments queue instead of racing it. */
    busyUntilMs: integer("busy_until_ms"),
  },
  (t) => [check("recon_scopes_version", sql`${t.version} >= 0`)],
);

/**
 * One statement of an imported file (MT940 :20: block, BAI2 03 account group): what the reader
 * counted and summed, and its own balance check. Written in the same D1 batch as its import row.
 * Entries carry no statement position, so a statement's entries are those of its import with its
 * account and currency (src/recon/store/statements.ts).
 */
export const statements = sqliteTable(
  "statements",
  {
    id: text("id").primaryKey(),
    importId: text("import_id").notNull(),
    /** Position of the statement within the file, from 0. */
    position: integer("position").notNull(),
    ref: text("ref").notNull(),
    account: text("account"),
    currency: text("currency"),
    lines: integer("lines").notNull(),
    entries: integer("entries").notNull(),
    zeroLines: integer("zero_lines").notNull(),
    rejectedLines: integer("rejected_lines").notNull(),
    creditMinor: integer("credit_minor").notNull(),
    debitMinor: integer("debit_minor").notNull(),
    openingMinor: integer("opening_minor"),
    closingMinor: integer("closing_minor"),
    /** ok | mismatch | unchecked */
    balance: text("balance").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("statements_import_position").on(t.importId, t.position)],
);
