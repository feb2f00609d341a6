import { createRoute, z } from "@hono/zod-openapi";
import { getConfig } from "../config";
import { NotFound } from "../platform/errors";
import { importInvoiceFile, importStatementFile } from "../recon/import";
import { getJob } from "../recon/store/imports";
import { Issue, problem, read, tags, write } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";
import { INVOICE_TYPES, readUpload, STATEMENT_TYPES, uploadBody } from "./upload";

/**
 * Finance uploads (/api/finance): invoices and bank statements answer 202 with a job id and go
 * through the recon queue; GET /jobs/{id} follows the job. Scopes: finance:write to upload,
 * finance:read to poll.
 */
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
    statement_ids: z
      .array(z.string())
      .openapi({ description: "The file's statements, in file order: GET /statements/{id} has each one's totals" }),
    bytes: z.number(),
    sha256: z.string(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    latency_ms: z.number().nullable(),
  })
  .openapi("ImportJob");

const uploadResponses = {
  202: { description: "Accepted: the job id to poll", content: { "application/json": { schema: Accepted } } },
  401: problemResponses[401],
  403: problemResponses[403],
  413: problem("Body over MAX_UPLOAD_BYTES"),
  415: problem("Content-Type not one of the declared media types (form posts and text/plain are refused)"),
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
        ...uploadBody(INVOICE_TYPES).content,
        "application/json": { schema: { type: "array", items: { type: "object" } } },
      },
    },
  },
  responses: uploadResponses,
});

const postStatement = createRoute({
  method: "post",
  path: "/bank-statements",
  summary: "Upload a bank statement (camt.053 / camt.054 XML, MT940, CSV)",
  description:
    "Send camt XML as application/xml, MT940 as text/x-mt940, a bank CSV as text/csv; the format itself is detected from the content. Each entry gets a natural key (account + bank reference, else a content hash), so importing the same file twice adds nothing. Entries that cannot be read (bad amount, unknown currency, negative credit) are listed in `errors` and the job ends `partial`; an MT940 whose opening balance plus entries differs from its closing balance is imported but flagged (BALANCE_MISMATCH in the job's errors and in the review queue).",
  tags,
  middleware: [write] as const,
  request: { body: uploadBody(STATEMENT_TYPES) },
  responses: uploadResponses,
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

export const financeImports = createRouter()
  .openapi(postInvoices, async (c) => {
    const upload = await readUpload(c, INVOICE_TYPES, getConfig(c.env).MAX_UPLOAD_BYTES);
    const accepted = await importInvoiceFile(c.env, upload, c.get("actor") ?? null);
    c.header("location", accepted.job_url);
    return c.json(accepted, 202);
  })
  .openapi(postStatement, async (c) => {
    const upload = await readUpload(c, STATEMENT_TYPES, getConfig(c.env).MAX_UPLOAD_BYTES);
    const accepted = await importStatementFile(c.env, upload, c.get("actor") ?? null);
    c.header("location", accepted.job_url);
    return c.json(accepted, 202);
  })
  .openapi(getJobRoute, async (c) => {
    const { id } = c.req.valid("param");
    const job = await getJob(c.env, id);
    if (!job) throw new NotFound(`No import job ${id}`);
    return c.json(job, 200);
  });
