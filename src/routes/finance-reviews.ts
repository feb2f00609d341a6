import { createRoute, z } from "@hono/zod-openapi";
import { resolveLink } from "../recon/resolve";
import { listDiscrepancies } from "../recon/store/discrepancies";
import { problem, read, tags, write } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";
import { decodeIdCursor, encodeCursor } from "../platform/cursor";

/**
 * What a person decides (/api/finance): the review queue, and the manual match or unmatch of a
 * link (audited). Scopes: finance:read to list, finance:write to resolve.
 */
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
    allocations: z
      .array(
        z.object({
          invoice_id: z.string().min(1).max(200),
          amount: z.string().min(1).max(32).openapi({ description: "Decimal string; at most what the invoice still owes" }),
        }),
      )
      .min(1)
      .max(50)
      .optional()
      .openapi({
        description:
          "`match` only: allocate the entry by hand across several invoices with explicit amounts (instead of invoice_id + amount). Each invoice once, each amount ≤ its open amount, the sum ≤ what the entry has left; else 422 with code allocation_duplicate_invoice, allocation_unknown_invoice, allocation_amount, allocation_over_open or allocation_over_entry.",
      }),
  })
  .refine((r) => !r.allocations || (r.action === "match" && r.invoice_id === undefined && r.amount === undefined), {
    message: "allocations replace invoice_id and amount, and only for action match",
    path: ["allocations"],
  })
  .openapi("Resolution");

const ResolvedInvoice = z.object({ invoice_id: z.string(), status: z.string(), paid_amount: z.string(), currency: z.string() });

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
              invoice: ResolvedInvoice.nullable(),
              allocations: z
                .array(z.object({ link_id: z.string(), status: z.string(), invoice: ResolvedInvoice.nullable() }))
                .optional()
                .openapi({ description: "With `allocations`: each allocation's link and invoice" }),
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
      cursor: z.string().max(400).optional(),
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
                  amount: z
                    .string()
                    .nullable()
                    .openapi({ description: "The payment's amount (decimal); null when the item has no payment" }),
                  amount_minor: z.number().int().nullable(),
                  currency: z.string().nullable(),
                  booking_date: z.string().nullable(),
                  payer_name: z.string().nullable(),
                  remittance: z.string().nullable(),
                  candidates: z
                    .array(
                      z.object({
                        invoice_id: z.string(),
                        open_amount: z.string().openapi({ description: "What the invoice still owes now (decimal)" }),
                        open_minor: z.number().int(),
                        currency: z.string(),
                        score: z.number().openapi({ description: "0..1, best first" }),
                        reasons: z.array(z.string()),
                      }),
                    )
                    .openapi({ description: "Open invoices ranked for one-click confirmation (POST …/reconciliations/{id}/resolve)" }),
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

export const financeReviews = createRouter()
  .openapi(resolveRoute, async (c) => {
    const result = await resolveLink(c.env, c.req.valid("param").id, c.req.valid("json"), c.get("actor") ?? "unknown");
    return c.json(result, 200);
  })
  .openapi(discrepanciesRoute, async (c) => {
    const q = c.req.valid("query");
    // Opaque cursors like every list (src/platform/cursor.ts); a raw item id is still read for one release.
    const after = q.cursor ? decodeIdCursor(q.cursor) : undefined;
    const page = await listDiscrepancies(c.env, { status: q.status, kind: q.kind, after, limit: q.limit });
    return c.json({ items: page.items, next_cursor: page.next ? encodeCursor([page.next]) : null }, 200);
  });
