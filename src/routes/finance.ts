import { createRoute, z } from "@hono/zod-openapi";
import { readBodyCapped } from "../platform/body";
import type { Context } from "hono";
import { getConfig } from "../config";
import { InvalidInput, NotFound, Refusal, UnsupportedMediaType } from "../platform/errors";
import { sha256Hex } from "../platform/crypto";
import { startImport } from "../recon/import";
import {
  decodeCursor,
  encodeCursor,
  getInvoiceDetail,
  getJob,
  listDiscrepancies,
  listInvoices,
  listLinks,
  listPurchaseOrders,
  referenceReport,
  toCsv,
} from "../recon/store/queries";
import { ledgerStats } from "../recon/ledger-object";
import { reconcilePayment } from "../recon/realtime";
import { resolveLink } from "../recon/resolve";
import { parseStatement } from "../recon/core/parse/detect";
import { parseInvoices } from "../recon/core/parse/invoices";
import { requireScope } from "./auth";
import { createRouter, type AppEnv } from "./router";
import { ProblemSchema, problemResponses } from "./schemas";

/**
 * Finance REST API (/api/finance). Uploads answer 202 with a job id and go through the recon
 * queue; real-time payment notifications (POST /payments) are reconciled in the request, with the
 * queue as their fallback; everything else reads D1. Scopes: finance:write for uploads and resolutions,
 * finance:read for the rest.
 */
const read = requireScope("finance:read");
const write = requireScope("finance:write");
const tags = ["Finance"];
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
const csvContent = { "text/csv": { schema: { type: "string" as const } } };

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const LinkStatus = z.enum(["VERIFIED", "REVIEW", "MANUAL", "UNMATCHED", "REJECTED"]);
const InvoiceStatus = z.enum(["PAID", "PARTIAL", "UNPAID", "OVERPAID", "DISCREPANCY"]);
const Format = z.enum(["json", "csv"]).default("json");

const Issue = z.object({ code: z.string(), message: z.string(), location: z.string().optional() }).openapi("ParseIssue");
const Accepted = z
  .object({
    job_id: z.string(),
    status: z.string().openapi({ description: "queued | failed (nothing importable)" }),
    format: z.string(),
    total_items: z.number().int(),
    chunks: z.number().int(),
    errors: z.array(Issue),
    warnings: z.array(Issue),
    job_url: z.string(),
  })
  .openapi("ImportAccepted");
const Job = z
  .object({
    job_id: z.string(),
    kind: z.string(),
    format: z.string(),
    status: z
      .string()
      .openapi({ description: "queued | processing | done | partial (rows refused or statement flagged: see errors) | failed" }),
    progress: z.object({ chunks_done: z.number(), chunks_total: z.number(), ratio: z.number() }),
    counts: z.object({
      total_items: z.number(),
      inserted: z.number(),
      duplicates: z.number(),
      links_written: z.number(),
      errors: z.number(),
    }),
    errors: z.array(z.unknown()),
    warnings: z.array(z.unknown()),
    bytes: z.number(),
    sha256: z.string(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    latency_ms: z.number().nullable(),
  })
  .openapi("ImportJob");
const LinkSchema = z
  .object({
    id: z.string(),
    invoice_id: z.string().nullable(),
    wire_id: z
      .string()
      .openapi({ description: "The bank's entry reference: camt NtryRef, MT940 :61: customer reference, CSV reference column" }),
    entry_key: z.string(),
    allocated_amount: z.string().openapi({ example: "1018.01" }),
    allocated_minor: z.number().int(),
    currency: z.string(),
    status: z.string(),
    confidence: z.number(),
    reason: z.string(),
    reasons: z.array(z.string()),
    customer_tax_id: z.string().nullable(),
    booking_date: z.string(),
    created_at: z.string(),
    resolved_by: z.string().nullable(),
    resolved_at: z.string().nullable(),
    resolution_reason: z.string().nullable(),
  })
  .openapi("ReconLink");
const InvoiceSchema = z
  .object({
    invoice_id: z.string(),
    customer_tax_id: z.string().nullable(),
    customer_name: z.string(),
    po_number: z.string().nullable(),
    amount: z.string(),
    amount_minor: z.number().int(),
    currency: z.string(),
    issue_date: z.string(),
    due_date: z.string(),
    status: z.string(),
    status_reason: z.string().nullable(),
    paid_amount: z.string(),
    paid_minor: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Invoice");

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

const uploadResponses = {
  202: { description: "Accepted: the job id to poll", content: { "application/json": { schema: Accepted } } },
  401: problemResponses[401],
  403: problemResponses[403],
  413: problem("Body over MAX_UPLOAD_BYTES"),
  415: problem("Unsupported content type"),
  422: problem("Unreadable file (malformed XML, unknown format, missing columns) or nothing importable; `errors` lists the rows"),
} as const;

const postInvoices = createRoute({
  method: "post",
  path: "/invoices",
  summary: "Upload invoices (JSON array or CSV)",
  description:
    "Columns of open_invoices.csv (invoice_id, customer_tax_id, customer_name, po_number, amount, currency, issue_date, due_date; amounts as decimal strings) plus optional `lines` (sku and qty). The invoice number is the natural key: uploading the same invoices again adds nothing. Rows that cannot be read are listed in `errors` and the job ends `partial`; a file with no readable row is a 422.",
  tags,
  middleware: [write] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: { type: "array", items: { type: "object" } } },
        "text/csv": { schema: { type: "string" } },
      },
    },
  },
  responses: uploadResponses,
});

/** A bank file in any format parseStatement detects (the media type is a hint, not trusted). */
const statementBody = {
  required: true,
  content: {
    "application/xml": { schema: { type: "string" as const, description: "camt.053 / camt.054" } },
    "text/plain": { schema: { type: "string" as const, description: "MT940" } },
    "text/csv": { schema: { type: "string" as const, description: "bank CSV export (`;` or `,`)" } },
  },
};

const postStatement = createRoute({
  method: "post",
  path: "/bank-statements",
  summary: "Upload a bank statement (camt.053 / camt.054 XML, MT940, CSV)",
  description:
    "The format is detected from the content. Each entry gets a natural key (account + bank reference, else a content hash), so importing the same file twice adds nothing. Entries that cannot be read (bad amount, unknown currency, negative credit) are listed in `errors` and the job ends `partial`; an MT940 whose opening balance plus entries differs from its closing balance is imported but flagged (BALANCE_MISMATCH in the job's errors and in the review queue).",
  tags,
  middleware: [write] as const,
  request: { body: statementBody },
  responses: uploadResponses,
});

const RealtimeLinkSchema = z.object({
  invoice_id: z.string(),
  allocated_amount: z.string().openapi({ example: "1018.01" }),
  allocated_minor: z.number().int(),
  status: z.string().openapi({ description: "VERIFIED (automatic), MANUAL, or REVIEW (a proposal waiting for a person)" }),
  confidence: z.number(),
  reason: z.string(),
});
const PaymentResult = z
  .object({
    job_id: z.string(),
    status: z
      .string()
      .openapi({
        description:
          "done | partial (reconciled in the request) | queued (poll job_url: a bulk run holds the currency, or the inline run failed)",
      }),
    format: z.string(),
    inserted: z.number().int(),
    duplicates: z.number().int(),
    entries: z.array(
      z.object({
        wire_id: z.string(),
        entry_key: z.string(),
        amount: z.string(),
        amount_minor: z.number().int(),
        currency: z.string(),
        direction: z.string(),
        booking_date: z.string(),
        match_status: z.string().openapi({ description: "MATCHED | PARTIAL | REVIEW | UNMATCHED | DUPLICATE | DEBIT" }),
        links: z.array(RealtimeLinkSchema),
      }),
    ),
    queued_because: z.enum(["bulk_run_in_progress", "error"]).optional(),
    latency_ms: z.number().optional().openapi({ description: "Accepted → links written, inside the worker" }),
    errors: z.array(Issue),
    warnings: z.array(Issue),
    job_url: z.string(),
  })
  .openapi("PaymentResult");

const postPayments = createRoute({
  method: "post",
  path: "/payments",
  summary: "Reconcile a real-time payment notification now (camt.054, or any statement format with a few entries)",
  description:
    "For payments as they arrive (a camt.054 credit notification, a single wire): the entries are written and matched inside the request — no queue hop, and for a notification in one currency a single D1 transaction, decided by that currency's ledger object from its in-memory copy of the open ledger — and the answer carries each entry's outcome and links (201; 200 when every entry was already imported). Same formats, natural keys and matcher as `/bank-statements`. At most `RECON_INLINE_MAX_ENTRIES` entries (more → 413: upload the statement to `/bank-statements`). While a bulk match run of the same currency is in progress, or if the inline run fails, the payment goes through the queue instead: 202 with the job to poll, nothing lost.",
  tags,
  middleware: [write] as const,
  request: { body: statementBody },
  responses: {
    200: {
      description: "Already imported: nothing changed; the entries' current outcome",
      content: { "application/json": { schema: PaymentResult } },
    },
    201: { description: "Reconciled: the entries' outcome and links", content: { "application/json": { schema: PaymentResult } } },
    202: { description: "Queued (see queued_because): poll job_url", content: { "application/json": { schema: PaymentResult } } },
    401: problemResponses[401],
    403: problemResponses[403],
    413: problem("Body over MAX_BODY_BYTES, or more entries than RECON_INLINE_MAX_ENTRIES"),
    422: problem("Unreadable notification, or nothing importable; `errors` lists the rows"),
  },
});

const getJobRoute = createRoute({
  method: "get",
  path: "/jobs/{id}",
  summary: "An import job's progress, counts, errors and latency",
  tags,
  middleware: [read] as const,
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: Job } } },
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

const LedgerStatsSchema = z
  .object({
    currency: z.string(),
    version: z.number().int().nullable().openapi({ description: "Scope version the in-memory ledger is at (null: not loaded)" }),
    stale: z.boolean().openapi({ description: "The next payment checks the version first (someone else wrote, or a write was refused)" }),
    too_large: z.boolean().openapi({ description: "More rows than RECON_LEDGER_MAX_ROWS: payments read their scope from D1" }),
    size: z.object({ invoices: z.number().int(), entries: z.number().int(), links: z.number().int() }).nullable(),
    loads: z.number().int(),
    warm_loads: z.number().int(),
    ledger_runs: z.number().int().openapi({ description: "Writes decided from memory (one D1 round trip each)" }),
    grouped: z.number().int().openapi({ description: "Notifications written together with others in one of those writes (group commit)" }),
    queue_chunks: z
      .number()
      .int()
      .openapi({ description: "Small payment-only queue chunks (POST /bank-statements) decided by the object" }),
    conflicts: z.number().int().openapi({ description: "Writes refused because D1 had moved on (then reloaded)" }),
    read_then_write: z.number().int(),
    queued_busy: z.number().int().openapi({ description: "Payments queued behind a bulk run of the currency" }),
  })
  .openapi("LedgerStats");

const ledgerStatsRoute = createRoute({
  method: "get",
  path: "/ledgers/{currency}",
  summary: "The real-time ledger object of a currency: what it holds and did",
  description:
    "Real-time payments of a currency are decided by that currency's ledger object from an in-memory copy of its open ledger (see POST /payments). Counts are since the object was last brought into memory.",
  tags,
  middleware: [read] as const,
  request: { params: z.object({ currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR") }) },
  responses: {
    200: { description: "The ledger's state", content: { "application/json": { schema: LedgerStatsSchema } } },
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

const listLinksRoute = createRoute({
  method: "get",
  path: "/reconciliations",
  summary: "Reconciliation links (JSON pages or CSV export)",
  description:
    "Keyset pagination in a stable order (created_at, id): pass `next_cursor` back as `cursor`. `format=csv` answers text/csv with at least `invoice_id,wire_id,allocated_amount,currency,status,confidence,reason` (amounts as decimal strings); its next cursor is in the `x-next-cursor` header. `customer` is a tax id or an exact (case-insensitive) customer name; `from`/`to` filter the bank booking date.",
  tags,
  middleware: [read] as const,
  request: {
    query: z.object({
      status: LinkStatus.optional(),
      customer: z.string().min(1).max(200).optional(),
      from: IsoDay.optional(),
      to: IsoDay.optional(),
      cursor: z.string().max(400).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
      format: Format,
    }),
  },
  responses: {
    200: {
      description: "A page of links",
      content: {
        "application/json": {
          schema: z.object({ links: z.array(LinkSchema), next_cursor: z.string().nullable() }).openapi("ReconLinkPage"),
        },
        ...csvContent,
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

const referenceRoute = createRoute({
  method: "get",
  path: "/reconciliations/reference",
  summary: "The seed rule's verdicts (compatibility for auditors)",
  description:
    "customer_tax_id = sender_tax_id, |invoice − wire| ≤ 1 % of the invoice and |due_date − transaction_date| ≤ 3 days → VERIFIED_MATCH, else DISCREPANCY_FLAG — every invoice of a customer paired with every wire of that customer, exactly as the reference SQL does (no allocation, no currency check). Computed over the invoices and bank entries in D1.",
  tags,
  middleware: [read] as const,
  request: { query: z.object({ customer: z.string().min(1).max(200).optional(), format: Format }) },
  responses: {
    200: {
      description: "One row per (invoice, wire) pair of the same tax id",
      content: {
        "application/json": {
          schema: z
            .object({
              rows: z.array(
                z.object({
                  invoice_id: z.string(),
                  wire_id: z.string(),
                  invoice_amount: z.string(),
                  wire_amount: z.string(),
                  currency: z.string(),
                  day_diff: z.number(),
                  verdict: z.enum(["VERIFIED_MATCH", "DISCREPANCY_FLAG"]),
                }),
              ),
            })
            .openapi("ReferenceReport"),
        },
        ...csvContent,
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
  },
});

const listInvoicesRoute = createRoute({
  method: "get",
  path: "/invoices",
  summary: "Invoices with status and paid amount (JSON pages or CSV export)",
  description:
    "`format=csv` answers `invoice_id,status,paid_amount,amount,currency,customer_tax_id,due_date`. Ordered by invoice number; `next_cursor` / `x-next-cursor` continue.",
  tags,
  middleware: [read] as const,
  request: {
    query: z.object({
      status: InvoiceStatus.optional(),
      customer: z.string().min(1).max(200).optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
      format: Format,
    }),
  },
  responses: {
    200: {
      description: "A page of invoices",
      content: {
        "application/json": {
          schema: z.object({ invoices: z.array(InvoiceSchema), next_cursor: z.string().nullable() }).openapi("InvoicePage"),
        },
        ...csvContent,
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

const getInvoiceRoute = createRoute({
  method: "get",
  path: "/invoices/{id}",
  summary: "One invoice with its links, status history, lines and stock moves",
  tags,
  middleware: [read] as const,
  request: { params: z.object({ id: z.string().min(1).max(200) }) },
  responses: {
    200: {
      description: "The invoice",
      content: {
        "application/json": {
          schema: z
            .object({
              invoice: InvoiceSchema,
              lines: z.array(z.object({ sku: z.string(), qty: z.number() })),
              links: z.array(LinkSchema),
              history: z.array(
                z.object({
                  from_status: z.string().nullable(),
                  to_status: z.string(),
                  paid_amount: z.string(),
                  reason: z.string().nullable(),
                  actor: z.string(),
                  at: z.string(),
                }),
              ),
              stock_moves: z.array(z.object({ sku: z.string(), qty_delta: z.number(), created_at: z.string() })),
            })
            .openapi("InvoiceDetail"),
        },
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

const Resolution = z
  .object({
    action: z.enum(["match", "unmatch"]),
    reason: z.string().trim().min(3).max(500).openapi({ description: "Why (kept in the audit log)" }),
    invoice_id: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: "Required to match an UNMATCHED entry; else the link's invoice" }),
    amount: z
      .string()
      .max(32)
      .optional()
      .openapi({ description: "Decimal string; default: what the wire has left, capped at what the invoice owes" }),
  })
  .openapi("Resolution");

const resolveRoute = createRoute({
  method: "post",
  path: "/reconciliations/{id}/resolve",
  summary: "Manual match or unmatch of a link (audited)",
  description:
    "`match` confirms a REVIEW proposal (or re-instates a REJECTED link, or links an UNMATCHED entry to `invoice_id`) as MANUAL; `unmatch` rejects a link so the pair is never matched automatically again and its money is free. The invoice status is re-derived at once; stock moves stay exactly-once. Written to audit_log with the actor and reason.",
  tags,
  middleware: [write] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    body: { required: true, content: { "application/json": { schema: Resolution } } },
  },
  responses: {
    200: {
      description: "Resolved",
      content: {
        "application/json": {
          schema: z
            .object({
              link_id: z.string(),
              status: z.string(),
              invoice: z.object({ invoice_id: z.string(), status: z.string(), paid_amount: z.string(), currency: z.string() }).nullable(),
            })
            .openapi("ResolveResult"),
        },
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
    409: problem("The link cannot take that action, or the wire has not enough money left"),
    422: problemResponses[422],
  },
});

const purchaseOrdersRoute = createRoute({
  method: "get",
  path: "/purchase-orders",
  summary: "Purchase-order drafts created when paid invoices took a SKU below its reorder point",
  tags,
  middleware: [read] as const,
  request: { query: z.object({ status: z.enum(["DRAFT", "SENT", "CANCELLED"]).optional() }) },
  responses: {
    200: {
      description: "Purchase orders, grouped by supplier",
      content: {
        "application/json": {
          schema: z
            .object({
              purchase_orders: z.array(
                z.object({
                  id: z.string(),
                  supplier: z.string(),
                  sku: z.string(),
                  qty: z.number(),
                  status: z.string(),
                  reason: z.string(),
                  trigger_invoice_id: z.string().nullable(),
                  stock_after: z.number().nullable(),
                  created_at: z.string(),
                }),
              ),
              by_supplier: z.record(z.string(), z.array(z.object({ sku: z.string(), qty: z.number(), id: z.string() }))),
            })
            .openapi("PurchaseOrders"),
        },
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
  },
});

const discrepanciesRoute = createRoute({
  method: "get",
  path: "/discrepancies",
  summary: "The review queue: what a person must look at, with the reason",
  tags,
  middleware: [read] as const,
  request: {
    query: z.object({
      status: z.enum(["OPEN", "RESOLVED"]).default("OPEN"),
      kind: z.string().min(1).max(40).optional(),
      cursor: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: {
      description: "A page of review items",
      content: {
        "application/json": {
          schema: z
            .object({
              items: z.array(
                z.object({
                  id: z.string(),
                  kind: z.string(),
                  entry_key: z.string().nullable(),
                  wire_id: z.string().nullable(),
                  invoice_ids: z.array(z.string()),
                  import_id: z.string().nullable(),
                  reason: z.string(),
                  status: z.string(),
                  created_at: z.string(),
                  resolved_at: z.string().nullable(),
                  resolved_by: z.string().nullable(),
                }),
              ),
              next_cursor: z.string().nullable(),
            })
            .openapi("ReviewQueue"),
        },
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

// ---------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------

const LINK_CSV = [
  "invoice_id",
  "wire_id",
  "allocated_amount",
  "currency",
  "status",
  "confidence",
  "reason",
  "id",
  "booking_date",
  "customer_tax_id",
  "entry_key",
] as const;
const INVOICE_CSV = ["invoice_id", "status", "paid_amount", "amount", "currency", "customer_tax_id", "due_date"] as const;

export const finance = createRouter()
  .openapi(postInvoices, async (c) => {
    const { text, bytes, mediaType } = await readUpload(c, [
      "application/json",
      "text/csv",
      "text/plain",
      "application/csv",
      "application/octet-stream",
    ]);
    const parsed = parseInvoices(text, mediaType, { maxBytes: getConfig(c.env).MAX_UPLOAD_BYTES });
    if (parsed.invoices.length === 0) throw new InvalidInput("invoices: no row could be imported", { errors: parsed.errors });
    const format = /json/.test(mediaType) || /^\s*[[{]/.test(text) ? "json" : "csv";
    const job = await startImport(
      c.env,
      {
        kind: "invoices",
        format,
        sha256: await sha256Hex(bytes),
        bytes: bytes.byteLength,
        actor: c.get("actor") ?? null,
        errors: parsed.errors,
        warnings: parsed.warnings,
      },
      { kind: "invoices", invoices: parsed.invoices },
    );
    c.header("location", `/api/finance/jobs/${job.job_id}`);
    return c.json({ ...job, format, errors: parsed.errors, warnings: parsed.warnings, job_url: `/api/finance/jobs/${job.job_id}` }, 202);
  })
  .openapi(postStatement, async (c) => {
    const { text, bytes } = await readUpload(c, null);
    const parsed = parseStatement(text, { maxBytes: getConfig(c.env).MAX_UPLOAD_BYTES });
    if (parsed.entries.length === 0 && parsed.errors.length > 0) {
      throw new InvalidInput(`${parsed.format}: no entry could be imported`, { format: parsed.format, errors: parsed.errors });
    }
    const job = await startImport(
      c.env,
      {
        kind: "bank_statement",
        format: parsed.format,
        sha256: await sha256Hex(bytes),
        bytes: bytes.byteLength,
        actor: c.get("actor") ?? null,
        errors: parsed.errors,
        warnings: parsed.warnings,
      },
      { kind: "bank_entries", entries: parsed.entries },
    );
    await flagStatement(c.env, job.job_id, parsed.errors);
    c.header("location", `/api/finance/jobs/${job.job_id}`);
    return c.json(
      { ...job, format: parsed.format, errors: parsed.errors, warnings: parsed.warnings, job_url: `/api/finance/jobs/${job.job_id}` },
      202,
    );
  })
  .openapi(postPayments, async (c) => {
    const cfg = getConfig(c.env);
    const { text, bytes } = await readUpload(c, null, cfg.MAX_BODY_BYTES);
    const parsed = parseStatement(text, { maxBytes: cfg.MAX_BODY_BYTES });
    if (parsed.entries.length === 0) {
      throw new InvalidInput(`${parsed.format}: no entry could be imported`, { format: parsed.format, errors: parsed.errors });
    }
    if (parsed.entries.length > cfg.RECON_INLINE_MAX_ENTRIES) {
      throw new Refusal(
        "payload_too_large",
        `${parsed.entries.length} entries: real-time reconciliation takes at most ${cfg.RECON_INLINE_MAX_ENTRIES}; upload statements to /api/finance/bank-statements`,
        { code: "too_many_entries", entries: parsed.entries.length, max_entries: cfg.RECON_INLINE_MAX_ENTRIES },
      );
    }
    const meta = {
      kind: "bank_statement" as const,
      format: parsed.format,
      sha256: await sha256Hex(bytes),
      bytes: bytes.byteLength,
      actor: c.get("actor") ?? null,
      errors: parsed.errors,
      warnings: parsed.warnings,
    };
    const result = await reconcilePayment(c.env, meta, parsed.entries, (p) => c.executionCtx.waitUntil(p));
    await flagStatement(c.env, result.job_id, parsed.errors);
    c.header("location", `/api/finance/jobs/${result.job_id}`);
    const code = result.status === "queued" ? 202 : result.inserted === 0 ? 200 : 201;
    return c.json(
      { ...result, format: parsed.format, errors: parsed.errors, warnings: parsed.warnings, job_url: `/api/finance/jobs/${result.job_id}` },
      code,
    );
  })
  .openapi(ledgerStatsRoute, async (c) => {
    const { currency } = c.req.valid("param");
    const [stats] = await ledgerStats(c.env, [currency]);
    return c.json(stats, 200);
  })
  .openapi(getJobRoute, async (c) => {
    const job = await getJob(c.env, c.req.valid("param").id);
    if (!job) throw new NotFound(`No import job ${c.req.valid("param").id}`);
    return c.json(job, 200);
  })
  .openapi(referenceRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = await referenceReport(c.env, q.customer);
    if (q.format === "csv")
      return csvResponse(toCsv(["invoice_id", "wire_id", "invoice_amount", "wire_amount", "currency", "day_diff", "verdict"], rows), null);
    return c.json({ rows }, 200);
  })
  .openapi(listLinksRoute, async (c) => {
    const q = c.req.valid("query");
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (after === null) throw new InvalidInput("cursor is not one this API issued");
    const limit = q.limit ?? (q.format === "csv" ? 10_000 : 100);
    const page = await listLinks(c.env, { status: q.status, customer: q.customer, from: q.from, to: q.to, after, limit });
    const next = page.next ? encodeCursor(page.next) : null;
    if (q.format === "csv") return csvResponse(toCsv(LINK_CSV, page.links), next);
    return c.json({ links: page.links, next_cursor: next }, 200);
  })
  .openapi(listInvoicesRoute, async (c) => {
    const q = c.req.valid("query");
    const limit = q.limit ?? (q.format === "csv" ? 10_000 : 100);
    const page = await listInvoices(c.env, { status: q.status, customer: q.customer, after: q.cursor, limit });
    if (q.format === "csv") return csvResponse(toCsv(INVOICE_CSV, page.invoices), page.next);
    return c.json({ invoices: page.invoices, next_cursor: page.next }, 200);
  })
  .openapi(getInvoiceRoute, async (c) => {
    const detail = await getInvoiceDetail(c.env, c.req.valid("param").id);
    if (!detail) throw new NotFound(`No invoice ${c.req.valid("param").id}`);
    return c.json(detail, 200);
  })
  .openapi(resolveRoute, async (c) => {
    const body = c.req.valid("json");
    const result = await resolveLink(c.env, c.req.valid("param").id, body, c.get("actor") ?? "unknown");
    return c.json(result, 200);
  })
  .openapi(purchaseOrdersRoute, async (c) => {
    const rows = await listPurchaseOrders(c.env, c.req.valid("query").status);
    const bySupplier: Record<string, { sku: string; qty: number; id: string }[]> = {};
    for (const po of rows) (bySupplier[po.supplier] ??= []).push({ sku: po.sku, qty: po.qty, id: po.id });
    return c.json({ purchase_orders: rows, by_supplier: bySupplier }, 200);
  })
  .openapi(discrepanciesRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await listDiscrepancies(c.env, { status: q.status, kind: q.kind, after: q.cursor, limit: q.limit });
    return c.json({ items: page.items, next_cursor: page.next }, 200);
  });

function csvResponse(body: string, nextCursor: string | null): Response {
  const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8" };
  if (nextCursor) headers["x-next-cursor"] = nextCursor;
  return new Response(body, { status: 200, headers });
}

/**
 * The body as text under MAX_UPLOAD_BYTES: a Content-Length above it is refused before reading,
 * and a lying or absent one is caught while streaming. `allowed` null = any type (the statement
 * format is detected from the content, not trusted from the header).
 */
async function readUpload(
  c: Context<AppEnv>,
  allowed: string[] | null,
  limit = getConfig(c.env).MAX_UPLOAD_BYTES,
): Promise<{ text: string; bytes: Uint8Array; mediaType: string }> {
  const mediaType = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (allowed && mediaType && !allowed.includes(mediaType))
    throw new UnsupportedMediaType(`Send ${allowed.slice(0, 2).join(" or ")}, not ${mediaType}`);
  if (mediaType === "multipart/form-data") throw new UnsupportedMediaType("Send the file as the request body, not as multipart/form-data");
  const bytes = await readBodyCapped(c.req.raw, limit);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InvalidInput("The file is not valid UTF-8 text");
  }
  return { text, bytes, mediaType };
}

/** A statement-level problem (MT940 balance mismatch) also goes to the review queue, once per file. */
async function flagStatement(env: Env, jobId: string, errors: { code: string; message: string; location?: string }[]): Promise<void> {
  const flags = errors.filter((e) => e.code === "BALANCE_MISMATCH");
  if (!flags.length) return;
  const now = new Date().toISOString();
  await env.DB.batch(
    flags.map((f, i) =>
      env.DB.prepare(
        `INSERT INTO discrepancies (id, kind, dedupe_key, entry_key, wire_id, invoice_ids_json, import_id, reason, status, created_at)
         VALUES (?, 'BALANCE_MISMATCH', ?, NULL, NULL, '[]', ?, ?, 'OPEN', ?) ON CONFLICT DO NOTHING`,
      ).bind(
        `${jobId}_bal${i}`,
        `BALANCE_MISMATCH|${jobId}|${f.location ?? i}`,
        jobId,
        `${f.message}${f.location ? ` (${f.location})` : ""}`,
        now,
      ),
    ),
  );
}
