import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { normalizeSeed, SeedWebhook } from "../gateway/core/seed";
import { acceptEvent, previewEvent } from "../gateway/accept";
import { ProblemSchema } from "./schemas";
import { createRouter, type AppEnv } from "./router";
import { bodyLimit } from "hono/body-limit";
import { getConfig } from "../config";
import { Forbidden, PayloadTooLarge } from "../platform/errors";
import { hasScope } from "../platform/api-keys";
import { assertJsonWithinLimits } from "../platform/json-limits";
import { listClaims } from "../recon/claims";
import { lookupApiKey } from "../platform/api-key-lookup";
import { authFailure } from "../platform/rate-limit";
import { requireScope } from "./auth";

const RouterResult = z
  .object({
    event_id: z.string(),
    assigned_agent: z.string().openapi({ example: "Lead_Qualification_Agent" }),
    route: z.string().openapi({ example: "/pipelines/lead-ingest" }),
    routing_latency_ms: z.number(),
    status: z.literal("PROCESSED"),
  })
  .openapi("RouterResult");

/** Tells the caller whether its call had effects, without changing the reference body. */
export const EFFECTS_HEADER = "x-l2c-effects";

const webhookRouter = createRoute({
  method: "post",
  path: "/webhook-router",
  summary: "Seed-compatible CRM webhook router",
  description: [
    "Accepts the reference design's body and routes it to an agent pipeline. Unlike the reference, deal_update goes to Negotiation_Agent (not Default_Fallback), and unknown event types are a 422, not a silent fallback. Replays of the same event_type + payload.id return the first answer and do nothing again.",
    "",
    "**Effects need an API key with the scope `webhooks:write`** (`Authorization: Bearer <key>` or `x-api-key`). Without one the call is routed and answered with the same body, and changes nothing: no event is recorded or dispatched, no lead is made, no deal moves. The `x-l2c-effects` header says which happened (`none` or `recorded`). A key that is unknown is a 401, a key without the scope a 403.",
    "",
    "Even authenticated, `invoice_paid` from a CRM is only a **payment claim** (listed at GET /api/crm/payment-claims): it never marks an invoice PAID or moves stock; only a bank entry or a payment processor's signed event does.",
    "",
    "Bodies are checked before parsing: over MAX_BODY_BYTES is a 413, nesting deeper than 32 levels (`too_deep`) or more than 10,000 members (`too_many_keys`) a 422. Only flat fields of `payload` (strings, numbers, booleans) travel with the event.",
  ].join("\n"),
  tags: ["Webhooks"],
  request: { body: { required: true, content: { "application/json": { schema: SeedWebhook.openapi("SeedWebhook") } } } },
  responses: {
    200: {
      description: "Routed (or a replay of an already routed event)",
      headers: {
        [EFFECTS_HEADER]: {
          description: "`recorded`: the event was recorded and dispatched; `none`: unauthenticated, answered only",
          schema: { type: "string", enum: ["recorded", "none"] },
        },
      },
      content: { "application/json": { schema: RouterResult } },
    },
    400: { description: "Malformed JSON", content: { "application/problem+json": { schema: ProblemSchema } } },
    401: {
      description: "An API key was presented but is unknown or revoked",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
    403: { description: "The API key lacks webhooks:write", content: { "application/problem+json": { schema: ProblemSchema } } },
    413: { description: "Body over MAX_BODY_BYTES", content: { "application/problem+json": { schema: ProblemSchema } } },
    422: {
      description: "Unknown event_type, missing payload.id, or a body nested too deep / with too many members",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
    503: {
      description: "API_KEY_PEPPER is not configured (missing_secret)",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  },
});

const PaymentClaim = z
  .object({
    id: z.string(),
    event_id: z.string(),
    source: z.string(),
    event_type: z.string(),
    subject_id: z.string(),
    invoice_ref: z.string().nullable(),
    amount_minor: z.number().int().nullable(),
    currency: z.string().nullable(),
    status: z.string(),
    occurred_at: z.string(),
    received_at: z.string(),
  })
  .openapi("PaymentClaim");

const claimsRoute = createRoute({
  method: "get",
  path: "/payment-claims",
  summary: "Payment claims from CRM events",
  description:
    "`invoice_paid` events from CRMs (the seed router, HubSpot, Standard Webhooks) are recorded here as claims for finance and the reconciliation layer; they never settle an invoice. Newest first. Needs finance:read.",
  tags: ["Finance"],
  request: {
    query: z.object({
      status: z.enum(["open", "confirmed", "disputed"]).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: { description: "Claims", content: { "application/json": { schema: z.object({ items: z.array(PaymentClaim) }) } } },
    401: { description: "No API key", content: { "application/problem+json": { schema: ProblemSchema } } },
    403: { description: "Lacks finance:read", content: { "application/problem+json": { schema: ProblemSchema } } },
  },
});

export const crm = createRouter();

// Bodies over MAX_BODY_BYTES are refused before they are read (413), then any JSON nested or
// repeated past the limits before it is parsed (422): the parser and everything after it recurse.
crm.use("/webhook-router", (c, next) => {
  const max = getConfig(c.env).MAX_BODY_BYTES;
  return bodyLimit({
    maxSize: max,
    onError: () => {
      throw new PayloadTooLarge(max);
    },
  })(c, next);
});
crm.use("/webhook-router", async (c, next) => {
  // Hono caches the text: the validator's c.req.json() reads the same bytes again.
  if (c.req.method === "POST") assertJsonWithinLimits(await c.req.text());
  await next();
});

/**
 * The router's caller, by API key in a header (never the dashboard cookie: a cross-site form must
 * not be able to post events). No key: null, the call has no effects. A key that does not check
 * out is refused rather than silently demoted, so a misconfigured CRM learns of it.
 */
async function webhookCaller(c: Context<AppEnv>): Promise<string | null> {
  const auth = c.req.header("authorization");
  const key = auth?.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : c.req.header("x-api-key");
  if (!key) return null;
  const found = await lookupApiKey(c.env, key);
  if (!found) throw await authFailure(c.env, c.req.raw.headers, key, "Unknown or revoked API key"); // 401, or 429 past the limit
  if (!hasScope(found.scopes, "webhooks:write")) throw new Forbidden("This endpoint needs the scope webhooks:write to have effects");
  c.set("actor", `key:${found.id}`);
  c.set("scopes", found.scopes);
  return found.id;
}

crm.openapi(webhookRouter, async (c) => {
  const started = performance.now();
  const body = c.req.valid("json");
  const event = normalizeSeed(body, new Date().toISOString());
  const caller = await webhookCaller(c);
  const result = caller
    ? (await acceptEvent(c.env, event, { startedAt: started, resultId: event.subject_id, ctx: c.executionCtx })).result
    : previewEvent(event, { startedAt: started, resultId: event.subject_id });
  return c.json(
    {
      event_id: result.event_id,
      assigned_agent: result.assigned_agent,
      route: result.route,
      routing_latency_ms: result.routing_latency_ms,
      status: result.status,
    },
    200,
    { [EFFECTS_HEADER]: caller ? "recorded" : "none" },
  );
});

crm.use("/payment-claims", requireScope("finance:read"));
crm.openapi(claimsRoute, async (c) => {
  const { status, limit } = c.req.valid("query");
  const rows = await listClaims(c.env, { status, limit });
  const items = rows.map((r) => ({
    id: r.id,
    event_id: r.eventId,
    source: r.source,
    event_type: r.eventType,
    subject_id: r.subjectId,
    invoice_ref: r.invoiceRef,
    amount_minor: r.amountMinor,
    currency: r.currency,
    status: r.status,
    occurred_at: r.occurredAt,
    received_at: r.receivedAt,
  }));
  return c.json({ items }, 200);
});
