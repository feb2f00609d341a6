import { createRoute, z } from "@hono/zod-openapi";
import { toCsv } from "../platform/csv";
import { InvalidInput, NotFound } from "../platform/errors";
import { BANK_ENTRY_CSV, bankEntryCsvRow, listBankEntries } from "../recon/store/bank-entries";
import { decodeCursor, encodeCursor } from "../recon/store/cursor";
import { getStatement } from "../recon/store/statements";
import { csvContent, Format, Issue, IsoDay, read, tags } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";

/**
 * What landed from the bank (/api/finance): the stored bank entries as JSON pages or a CSV export
 * (cells neutralised by platform/csv.ts), and each imported statement's totals. Scope finance:read.
 */
const Money = z.object({ amount_minor: z.number().int(), currency: z.string() }).openapi("Money");
const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR");
const Id = z.string().min(1).max(64);

const BankEntrySchema = z
  .object({
    entry_key: z.string().openapi({ description: "The natural key: account + bank reference, else a content hash" }),
    wire_id: z.string(),
    entry_ref: z.string().nullable(),
    bank_ref: z.string().nullable(),
    account: z.string().nullable(),
    amount: Money,
    direction: z.string().openapi({ description: "credit | debit" }),
    reversal: z.boolean(),
    booking_date: z.string(),
    value_date: z.string().nullable(),
    sender_name: z.string().nullable(),
    sender_tax_id: z.string().nullable(),
    remittance: z.string(),
    format: z.string(),
    import_id: z.string().nullable(),
    match_status: z.string().openapi({ description: "PENDING | MATCHED | PARTIAL | UNMATCHED | REVIEW | DUPLICATE" }),
    allocated: Money,
    created_at: z.string(),
  })
  .openapi("BankEntry");

const listRoute = createRoute({
  method: "get",
  path: "/bank-entries",
  summary: "Bank entries as stored (JSON pages or CSV export)",
  description:
    "Keyset pagination in a stable order (created_at, entry_key): pass `next_cursor` back as `cursor`. `from`/`to` filter the booking date (inclusive). `status=matched` is an entry fully allocated to invoices (match_status MATCHED); `unmatched` is every other entry (pending, partly paid, in review, duplicate, debits). `statement_id` selects the entries its import stored on the statement's account and currency. `format=csv` answers text/csv (`entry_key,wire_id,booking_date,value_date,account,amount,amount_minor,currency,direction,…`; amounts as decimal strings and minor units); its next cursor is in the `x-next-cursor` header.",
  tags,
  middleware: [read] as const,
  request: {
    query: z.object({
      account: z.string().min(1).max(200).optional(),
      currency: CurrencyCode.optional(),
      from: IsoDay.optional(),
      to: IsoDay.optional(),
      status: z.enum(["matched", "unmatched"]).optional(),
      import_id: Id.optional(),
      statement_id: Id.optional(),
      cursor: z.string().max(400).optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
      format: Format,
    }),
  },
  responses: {
    200: {
      description: "A page of bank entries",
      content: {
        "application/json": {
          schema: z.object({ entries: z.array(BankEntrySchema), next_cursor: z.string().nullable() }).openapi("BankEntryPage"),
        },
        ...csvContent,
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

const StatementSchema = z
  .object({
    statement_id: z.string(),
    job_id: z.string(),
    job_status: z.string(),
    position: z.number().int().openapi({ description: "The statement's position within the file, from 0" }),
    ref: z.string().openapi({ description: "The bank's statement reference (MT940 :20:, BAI2 account group)" }),
    account: z.string().nullable(),
    currency: z.string().nullable(),
    counts: z.object({
      lines: z.number().int().openapi({ description: "Transaction lines the reader saw" }),
      parsed: z.number().int().openapi({ description: "Lines read into entries" }),
      imported: z.number().int().openapi({ description: "Entries this import stored (counted in D1 now)" }),
      duplicates: z
        .number()
        .int()
        .nullable()
        .openapi({ description: "Entries already known from an earlier import; null until the job is done" }),
      zero_lines: z.number().int(),
      rejected_lines: z.number().int().openapi({ description: "Lines refused: see errors for where and why" }),
    }),
    credit: Money.nullable(),
    debit: Money.nullable(),
    balance: z.object({
      status: z
        .string()
        .openapi({ description: "ok: opening + lines = closing | mismatch | unchecked: a balance is missing or unreadable" }),
      opening: Money.nullable(),
      closing: Money.nullable(),
    }),
    shares_entries_with: z.array(z.string()).openapi({
      description:
        "Other statements of the file on the same account and currency: entries are linked to a statement by (import, account, currency), so imported and duplicates count them together",
    }),
    errors: z.array(Issue).openapi({ description: "This statement's located errors: rejected lines, balance findings" }),
    file_errors: z.array(Issue).openapi({ description: "The job's errors located by file line only (not attributable to one statement)" }),
    created_at: z.string(),
  })
  .openapi("StatementTotals");

const getStatementRoute = createRoute({
  method: "get",
  path: "/statements/{id}",
  summary: "One imported statement's totals: parsed, imported, duplicate, zero, rejected, and its balance check",
  tags,
  middleware: [read] as const,
  request: { params: z.object({ id: Id }) },
  responses: {
    200: { description: "The statement", content: { "application/json": { schema: StatementSchema } } },
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

export const financeEntries = createRouter()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (after === null) throw new InvalidInput("cursor is not one this API issued");
    if (q.from && q.to && q.from > q.to) throw new InvalidInput("from is after to");
    const limit = q.limit ?? (q.format === "csv" ? 10_000 : 100);
    const page = await listBankEntries(c.env, {
      account: q.account,
      currency: q.currency,
      from: q.from,
      to: q.to,
      status: q.status,
      importId: q.import_id,
      statementId: q.statement_id,
      after,
      limit,
    });
    const next = page.next ? encodeCursor(page.next) : null;
    if (q.format === "csv") {
      const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8" };
      if (next) headers["x-next-cursor"] = next;
      return new Response(toCsv(BANK_ENTRY_CSV, page.entries.map(bankEntryCsvRow)), { status: 200, headers });
    }
    return c.json({ entries: page.entries, next_cursor: next }, 200);
  })
  .openapi(getStatementRoute, async (c) => {
    const { id } = c.req.valid("param");
    const statement = await getStatement(c.env, id);
    if (!statement) throw new NotFound(`No statement ${id}`);
    return c.json(statement, 200);
  });
