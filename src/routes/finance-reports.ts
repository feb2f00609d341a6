import { createRoute, z } from "@hono/zod-openapi";
import { toCsv } from "../platform/csv";
import { InvalidInput, NotFound } from "../platform/errors";
import { decodeCursor, encodeCursor } from "../recon/store/cursor";
import { decodeIdCursor, encodeCursor as encodeIdCursor } from "../platform/cursor";
import { getInvoiceDetail, listInvoices } from "../recon/store/invoices";
import { listLinks } from "../recon/store/links";
import { listPurchaseOrders } from "../recon/store/purchase-orders";
import { referenceReport } from "../recon/store/reference";
import { csvContent, Format, InvoiceSchema, InvoiceStatus, IsoDay, LinkSchema, LinkStatus, read, tags } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";

/**
 * Finance reads (/api/finance): reconciliation links, the seed rule's verdicts, invoices and
 * purchase orders, as JSON pages or CSV exports (cells neutralised against formula injection by
 * platform/csv.ts). Scope finance:read.
 */
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
      lead_id: z.string().min(1).max(200).optional().openapi({ description: "only the deal's invoices (loop18)" }),
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
      lead_id: z.string().min(1).max(200).optional().openapi({ description: "only the deal's invoices" }),
      cursor: z.string().max(400).optional(),
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
const REFERENCE_CSV = ["invoice_id", "wire_id", "invoice_amount", "wire_amount", "currency", "day_diff", "verdict"] as const;
const INVOICE_CSV = ["invoice_id", "status", "paid_amount", "amount", "currency", "customer_tax_id", "due_date"] as const;

export const financeReports = createRouter()
  .openapi(referenceRoute, async (c) => {
    const q = c.req.valid("query");
    const rows = await referenceReport(c.env, q.customer);
    if (q.format === "csv") return csvResponse(toCsv(REFERENCE_CSV, rows), null);
    return c.json({ rows }, 200);
  })
  .openapi(listLinksRoute, async (c) => {
    const q = c.req.valid("query");
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (after === null) throw new InvalidInput("cursor is not one this API issued");
    const limit = q.limit ?? (q.format === "csv" ? 10_000 : 100);
    const page = await listLinks(c.env, {
      status: q.status,
      customer: q.customer,
      leadId: q.lead_id,
      from: q.from,
      to: q.to,
      after,
      limit,
    });
    const next = page.next ? encodeCursor(page.next) : null;
    if (q.format === "csv") return csvResponse(toCsv(LINK_CSV, page.links), next);
    return c.json({ links: page.links, next_cursor: next }, 200);
  })
  .openapi(listInvoicesRoute, async (c) => {
    const q = c.req.valid("query");
    const limit = q.limit ?? (q.format === "csv" ? 10_000 : 100);
    // Opaque cursors like every list (src/platform/cursor.ts); a raw invoice id is still read for one release.
    const after = q.cursor ? decodeIdCursor(q.cursor) : undefined;
    const page = await listInvoices(c.env, { status: q.status, customer: q.customer, leadId: q.lead_id, after, limit });
    const next = page.next ? encodeIdCursor([page.next]) : null;
    if (q.format === "csv") return csvResponse(toCsv(INVOICE_CSV, page.invoices), next);
    return c.json({ invoices: page.invoices, next_cursor: next }, 200);
  })
  .openapi(getInvoiceRoute, async (c) => {
    const { id } = c.req.valid("param");
    const detail = await getInvoiceDetail(c.env, id);
    if (!detail) throw new NotFound(`No invoice ${id}`);
    return c.json(detail, 200);
  })
  .openapi(purchaseOrdersRoute, async (c) => c.json(await listPurchaseOrders(c.env, c.req.valid("query").status), 200));

function csvResponse(body: string, nextCursor: string | null): Response {
  const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8" };
  if (nextCursor) headers["x-next-cursor"] = nextCursor;
  return new Response(body, { status: 200, headers });
}
