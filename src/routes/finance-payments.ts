import { createRoute, z } from "@hono/zod-openapi";
import { getConfig } from "../config";
import { ledgerStats } from "../recon/ledger-object";
import { reconcilePaymentFile } from "../recon/payment-upload";
import { Issue, problem, read, tags, write } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";
import { readUpload, STATEMENT_TYPES, uploadBody } from "./upload";

/**
 * Real-time payments (/api/finance): POST /payments reconciles a notification in the request, with
 * the queue as its fallback; GET /ledgers/{currency} shows the currency's ledger object.
 */
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
    status: z.string().openapi({
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
    spans: z
      .object({
        path: z.enum(["ledger", "reload", "read_then_write", "queued"]),
        wait_ms: z.number(),
        reload_ms: z.number(),
        write_ms: z.number(),
        group: z.number().int(),
      })
      .optional()
      .openapi({
        description:
          "Where the in-request time went inside the currency's ledger object: waiting for its one-at-a-time chain, bringing its in-memory ledger current (path reload: another writer moved the version), and the match + write transaction; group = notifications decided in the same transaction",
      }),
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
  request: { body: uploadBody(STATEMENT_TYPES) },
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
    415: problem("Content-Type not one of the declared media types (form posts and text/plain are refused)"),
    422: problem("Unreadable notification, or nothing importable; `errors` lists the rows"),
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

export const financePayments = createRouter()
  .openapi(postPayments, async (c) => {
    const upload = await readUpload(c, STATEMENT_TYPES, getConfig(c.env).MAX_BODY_BYTES);
    const result = await reconcilePaymentFile(c.env, upload, c.get("actor") ?? null, (p) => c.executionCtx.waitUntil(p));
    c.header("location", result.job_url);
    return c.json(result, result.status === "queued" ? 202 : result.inserted === 0 ? 200 : 201);
  })
  .openapi(ledgerStatsRoute, async (c) => {
    const { currency } = c.req.valid("param");
    const [stats] = await ledgerStats(c.env, [currency]);
    return c.json(stats, 200);
  });
