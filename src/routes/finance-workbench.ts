import { createRoute, z } from "@hono/zod-openapi";
import { listPayerAliases, revokePayerAlias } from "../recon/aliases";
import { WRITE_OFF_KINDS } from "../recon/core/write-off";
import { writeOff } from "../recon/write-off";
import { decodeIdCursor, encodeCursor } from "../platform/cursor";
import { problem, read, tags, write } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";

/**
 * The review workbench's extras (/api/finance): payer aliases learned from manual matches (listed,
 * revoked) and write-offs of small differences. Scopes: finance:read to list, finance:write else.
 */
const PayerAliasSchema = z
  .object({
    id: z.string(),
    payer_key: z.string().openapi({ description: "The payer's name as its distinctive tokens joined (legal forms dropped)" }),
    payer_name: z.string(),
    payer_account: z.string().nullable().openapi({ description: "The payer's own account when the bank gave it; null otherwise" }),
    customer_tax_id: z.string().nullable(),
    customer_name: z.string(),
    learned_from: z.object({ link_id: z.string(), invoice_id: z.string(), entry_key: z.string() }),
    reason: z.string().openapi({ description: "The reason a link or candidate shows when the alias applies" }),
    created_by: z.string(),
    created_at: z.string(),
    status: z.enum(["LIVE", "REVOKED"]),
    revoked_at: z.string().nullable(),
    revoked_by: z.string().nullable(),
  })
  .openapi("PayerAlias");

const listRoute = createRoute({
  method: "get",
  path: "/payer-aliases",
  summary: "Payer aliases learned from manual matches",
  description:
    "A person matched a payment from payer X to an invoice of customer Y (POST …/reconciliations/{id}/resolve) where the matcher did not already know X is Y: X's next payment resolves to Y. Live aliases by default; `include_revoked=true` lists revoked ones too.",
  tags,
  middleware: [read] as const,
  request: {
    query: z.object({
      include_revoked: z.enum(["true", "false"]).default("false"),
      cursor: z.string().max(400).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
  },
  responses: {
    200: {
      description: "A page of aliases",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(PayerAliasSchema), next_cursor: z.string().nullable() }).openapi("PayerAliasPage"),
        },
      },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/payer-aliases/{id}",
  summary: "Revoke a payer alias (audited, idempotent)",
  description:
    "The alias no longer applies to payments matched from now on (links already made stay). Revoking a revoked alias answers the same and writes nothing.",
  tags,
  middleware: [write] as const,
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: "Revoked", content: { "application/json": { schema: PayerAliasSchema } } },
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
    422: problemResponses[422],
  },
});

const WriteOffBody = z
  .object({
    kind: z.enum(WRITE_OFF_KINDS).openapi({ description: "What the difference is: a bank fee, an early-payment discount, rounding" }),
    amount_minor: z.number().int().positive().openapi({ description: "Exactly what is still open on the invoice, in minor units" }),
    currency: z.string().regex(/^[A-Z]{3}$/),
    reason: z.string().trim().min(3).max(500).openapi({ description: "Why (kept in the audit log)" }),
  })
  .openapi("WriteOff");
const WriteOffResult = z
  .object({
    write_off: z.object({
      link_id: z.string(),
      kind: z.enum(WRITE_OFF_KINDS),
      amount: z.string(),
      amount_minor: z.number().int(),
      currency: z.string(),
      reason: z.string(),
    }),
    replayed: z.boolean().openapi({ description: "true when this write-off was already recorded: nothing was written" }),
    review_items_resolved: z.number().int(),
    invoice: z.object({
      invoice_id: z.string(),
      status: z.string(),
      status_reason: z.string().nullable(),
      paid_amount: z.string(),
      currency: z.string(),
    }),
  })
  .openapi("WriteOffResult");
const writeOffResponses = {
  200: { description: "Written off (or already was)", content: { "application/json": { schema: WriteOffResult } } },
  401: problemResponses[401],
  403: problemResponses[403],
  404: problemResponses[404],
  409: problem("The invoice already has another write-off (write_off_exists), or the review item is closed"),
  422: problem(
    "Not a small difference: codes write_off_amount (not what is open), write_off_over_limit (WRITE_OFF_MAX_MINOR), write_off_over_percent (WRITE_OFF_MAX_PCT), write_off_not_short (overpaid), write_off_unpaid, write_off_currency",
  ),
};
const writeOffDescription =
  "Odoo's counterpart rule: an invoice left PARTIAL by a small short payment (bank fee, early-payment discount, rounding) is settled by writing the open amount off. The write-off is recorded as a MANUAL link without money (reason WRITE_OFF), the invoice becomes PAID with the write-off in its status reason, the review items about it are resolved, and audit_log keeps who, when and why. Limits: WRITE_OFF_MAX_MINOR and WRITE_OFF_MAX_PCT of the invoice. The same write-off again changes nothing; an Idempotency-Key replays the first answer. Unmatching the write-off's link (…/reconciliations/{id}/resolve) undoes it.";

const invoiceWriteOffRoute = createRoute({
  method: "post",
  path: "/invoices/{id}/write-off",
  summary: "Write off a small difference of an invoice (audited, idempotent)",
  description: writeOffDescription,
  tags,
  middleware: [write] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(200) }),
    body: { required: true, content: { "application/json": { schema: WriteOffBody } } },
  },
  responses: writeOffResponses,
});

const itemWriteOffRoute = createRoute({
  method: "post",
  path: "/discrepancies/{id}/write-off",
  summary: "Write off a review item's small difference (audited, idempotent)",
  description: `${writeOffDescription} The invoice is the item's own (\`invoice_id\` chooses among its invoices or candidates).`,
  tags,
  middleware: [write] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: WriteOffBody.extend({ invoice_id: z.string().min(1).max(200).optional() }).openapi("ReviewWriteOff"),
        },
      },
    },
  },
  responses: writeOffResponses,
});

export const financeWorkbench = createRouter()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const after = q.cursor ? decodeIdCursor(q.cursor) : undefined;
    const page = await listPayerAliases(c.env, { includeRevoked: q.include_revoked === "true", after, limit: q.limit });
    return c.json({ items: page.items, next_cursor: page.next ? encodeCursor([page.next]) : null }, 200);
  })
  .openapi(revokeRoute, async (c) => {
    return c.json(await revokePayerAlias(c.env, c.req.valid("param").id, c.get("actor") ?? "unknown"), 200);
  })
  .openapi(invoiceWriteOffRoute, async (c) => {
    const body = c.req.valid("json");
    return c.json(await writeOff(c.env, { invoice_id: c.req.valid("param").id }, body, c.get("actor") ?? "unknown"), 200);
  })
  .openapi(itemWriteOffRoute, async (c) => {
    const { invoice_id, ...body } = c.req.valid("json");
    return c.json(await writeOff(c.env, { review_item_id: c.req.valid("param").id, invoice_id }, body, c.get("actor") ?? "unknown"), 200);
  });
