import { createRoute, z } from "@hono/zod-openapi";
import { HubSpotEvent } from "../gateway/core/hubspot";
import { StandardPayload } from "../gateway/core/standard";
import { ProblemSchema } from "./schemas";
import type { createRouter } from "./router";

// ---------------------------------------------------------------------------------------------
// OpenAPI definitions of the vendor webhooks (src/routes/webhooks.ts).

const ItemResultSchema = z
  .object({
    event_id: z.string().openapi({ description: "The vendor's id of the event (the idempotency key)" }),
    internal_id: z.string().optional(),
    source: z.string(),
    event_type: z.string().nullable(),
    assigned_agent: z.string().optional(),
    route: z.string().optional(),
    routing_latency_ms: z.number().optional(),
    status: z.enum(["PROCESSED", "IGNORED"]),
    vendor_type: z.string().optional().openapi({ description: "For IGNORED: the vendor's event type we do not route" }),
    reason: z.string().optional(),
  })
  .openapi("WebhookEventResult");

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
const commonErrors = {
  400: problem("Malformed body (not JSON/XML, not UTF-8)"),
  401: problem("Missing, bad or expired signature"),
  413: problem("Body larger than MAX_BODY_BYTES (checked on Content-Length and on the bytes read)"),
  415: problem("Wrong content type"),
  422: problem(
    "Missing fields or an unknown event type; or, before parsing, nesting deeper than 32 levels (too_deep) or more than 10,000 members (too_many_keys); or an event too large for the queue (event_too_large)",
  ),
  503: problem("Webhook secret not configured (missing_secret), or downstream unavailable (the vendor retries)"),
};
const replayedHeader = {
  "x-replayed-events": {
    description: "How many events of this delivery were replays of earlier deliveries",
    schema: { type: "string" as const },
  },
};
const rawBody = (mediaType: string, schema: z.ZodType, description: string) => ({
  required: true,
  description: `${description} Verified over the raw bytes before it is parsed.`,
  content: { [mediaType]: { schema } },
});

const hubspotRoute = createRoute({
  method: "post",
  path: "/hubspot",
  summary: "HubSpot webhooks (signature v3)",
  description:
    "X-HubSpot-Signature-v3 = base64(HMAC-SHA256(app secret, method + full URI + raw body + X-HubSpot-Request-Timestamp)); timestamps (ms) more than 5 minutes off are refused. The body is an array of events; contact.* → lead_create/lead_update (lead Durable Object), deal.* → deal_update; other subscription types are acknowledged as IGNORED. Answers one result per event, in order; replays answer the first result.",
  tags: ["Webhooks"],
  request: {
    headers: z.object({
      "x-hubspot-signature-v3": z.string().openapi({ description: "base64 HMAC-SHA256" }),
      "x-hubspot-request-timestamp": z.string().openapi({ description: "epoch milliseconds" }),
    }),
    body: rawBody("application/json", z.array(HubSpotEvent), "A JSON array of HubSpot webhook events."),
  },
  responses: {
    200: {
      description: "One result per event",
      headers: replayedHeader,
      content: { "application/json": { schema: z.array(ItemResultSchema) } },
    },
    ...commonErrors,
  },
});

const stripeRoute = createRoute({
  method: "post",
  path: "/stripe",
  summary: "Stripe webhooks",
  description:
    "Stripe-Signature: t=<unix s>,v1=<hex>[,v1=...]; v1 = hex(HMAC-SHA256(endpoint secret, `${t}.${raw body}`)), any v1 may match, WEBHOOK_TOLERANCE_SECONDS (300) either way. invoice.paid, invoice.payment_failed and charge.refunded go to the reconciliation queue; other types are acknowledged as IGNORED.",
  tags: ["Webhooks"],
  request: {
    headers: z.object({
      "stripe-signature": z
        .string()
        .openapi({ example: "t=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd" }),
    }),
    body: rawBody(
      "application/json",
      z.object({
        id: z.string(),
        type: z.string(),
        created: z.number().int(),
        data: z.object({ object: z.record(z.string(), z.unknown()) }),
      }),
      "A Stripe event object.",
    ),
  },
  responses: {
    200: {
      description: "Routed, replayed or ignored",
      headers: replayedHeader,
      content: { "application/json": { schema: ItemResultSchema } },
    },
    ...commonErrors,
  },
});

const genericRoute = createRoute({
  method: "post",
  path: "/generic",
  summary: "Standard Webhooks (any other sender)",
  description:
    "webhook-id, webhook-timestamp (unix s, 5 minutes either way) and webhook-signature (space-separated `v1,<base64>`), HMAC-SHA256 over `${id}.${timestamp}.${body}` keyed with the bytes of the `whsec_` secret. Types: our internal names (lead_create, lead_update, deal_update, invoice_paid, invoice_payment_failed, charge_refunded) or dotted ones (lead.created, deal.updated, invoice.paid, ...); an unknown type is a 422.",
  tags: ["Webhooks"],
  request: {
    headers: z.object({
      "webhook-id": z.string().openapi({ description: "Delivery id; the idempotency key" }),
      "webhook-timestamp": z.string().openapi({ description: "epoch seconds" }),
      "webhook-signature": z.string().openapi({ example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=" }),
    }),
    body: rawBody("application/json", StandardPayload, "`{type, timestamp?, data: {id, ...}}`."),
  },
  responses: {
    200: { description: "Routed or replayed", headers: replayedHeader, content: { "application/json": { schema: ItemResultSchema } } },
    ...commonErrors,
  },
});

const salesforceRoute = createRoute({
  method: "post",
  path: "/salesforce/{token}",
  summary: "Salesforce Outbound Messaging (SOAP)",
  description:
    "Salesforce does not sign outbound messages: a delivery is authenticated by the secret path token (SALESFORCE_PATH_TOKEN, constant-time compare) and by its OrganizationId being on SALESFORCE_ORG_IDS (15- and 18-character ids compare by their first 15 characters). Lead → lead_create, Opportunity → deal_update; other sObjects are acknowledged and ignored. Answers the SOAP Ack Salesforce expects (otherwise it retries for 24 h). Errors are problem+json.",
  tags: ["Webhooks"],
  request: {
    params: z.object({ token: z.string().openapi({ description: "Secret path token (SALESFORCE_PATH_TOKEN)" }) }),
    body: rawBody(
      "text/xml",
      z.string().openapi({ description: "SOAP 1.1 envelope with a notifications element" }),
      "A SOAP `notifications` message.",
    ),
  },
  responses: { 200: { description: "SOAP Ack envelope", content: { "text/xml": { schema: z.string() } } }, ...commonErrors },
});

/** The vendor webhooks' OpenAPI definitions (documentation only: the handlers verify the raw bytes themselves). */
export function registerWebhookDocs(router: ReturnType<typeof createRouter>): void {
  for (const route of [hubspotRoute, stripeRoute, genericRoute, salesforceRoute]) router.openAPIRegistry.registerPath(route);
}
