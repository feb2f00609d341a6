import { createRoute, z } from "@hono/zod-openapi";
import { listPayerAliases, revokePayerAlias } from "../recon/aliases";
import { decodeIdCursor, encodeCursor } from "../platform/cursor";
import { read, tags, write } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";

/**
 * The review workbench's memory (/api/finance): payer aliases learned from manual matches, listed
 * and revoked. Scopes: finance:read to list, finance:write to revoke.
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

export const financeWorkbench = createRouter()
  .openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const after = q.cursor ? decodeIdCursor(q.cursor) : undefined;
    const page = await listPayerAliases(c.env, { includeRevoked: q.include_revoked === "true", after, limit: q.limit });
    return c.json({ items: page.items, next_cursor: page.next ? encodeCursor([page.next]) : null }, 200);
  })
  .openapi(revokeRoute, async (c) => {
    return c.json(await revokePayerAlias(c.env, c.req.valid("param").id, c.get("actor") ?? "unknown"), 200);
  });
