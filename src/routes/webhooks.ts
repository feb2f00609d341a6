import { createRoute, z } from "@hono/zod-openapi";
import { readBodyCapped } from "../platform/body";
import { redactPath } from "../platform/redact";
import type { Context } from "hono";
import { getConfig } from "../config";
import { BadRequest, MethodNotAllowed, NotFound, Refusal, Unauthorized, Unavailable, UnsupportedMediaType } from "../platform/errors";
import { statusOf } from "../platform/problem";
import { elapsedMs, log } from "../platform/log";
import { acceptEvent, type EventResult } from "../gateway/accept";
import { secretList, type NormalizedItem, type VerifyResult } from "../gateway/core/common";
import { HubSpotEvent, normalizeHubSpot, verifyHubSpot } from "../gateway/core/hubspot";
import {
  normalizeSalesforce,
  parseSalesforceMessage,
  SALESFORCE_ACK,
  verifySalesforceOrg,
  verifySalesforceToken,
} from "../gateway/core/salesforce";
import { STANDARD_HEADERS, StandardPayload, normalizeStandard, verifyStandard } from "../gateway/core/standard";
import { normalizeStripe, verifyStripe } from "../gateway/core/stripe";
import { ProblemSchema } from "./schemas";
import { createRouter, type AppEnv } from "./router";

/**
 * Vendor webhooks (journey 1). Every route follows the same order, so nothing is written for a
 * delivery that is not both authentic and understood:
 *   content type (415) → size, by Content-Length and by the bytes actually read (413) →
 *   signature on the raw bytes (401) → UTF-8 + parse (400) → shape (422) → acceptEvent per event.
 * The body is read once as bytes: the signature covers exactly what was sent, never a re-serialization.
 *
 * Routes are plain Hono handlers (zod validation of the body would consume and re-serialize it
 * before the signature check); their OpenAPI definitions are registered separately below.
 */
export const webhooks = createRouter();

type Ctx = Context<AppEnv>;

const JSON_TYPES = ["application/json"];
const XML_TYPES = ["text/xml", "application/xml", "application/soap+xml"];

function requireContentType(c: Ctx, allowed: string[]): void {
  const header = c.req.header("content-type") ?? "";
  const media = header.split(";")[0].trim().toLowerCase();
  if (!allowed.includes(media)) {
    throw new UnsupportedMediaType(`Expected ${allowed.join(" or ")}, got ${media ? `"${media.slice(0, 100)}"` : "no content type"}`);
  }
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch (cause) {
    throw new BadRequest("Body is not valid UTF-8", {}, { cause });
  }
}

function rejectUnverified(verdict: VerifyResult): void {
  if (!verdict.ok) throw new Unauthorized(`Webhook verification failed: ${verdict.reason}`);
}

/** One log line for every refused delivery (the gateway logs the accepted ones), then the problem. */
function logged(source: string, handler: (c: Ctx) => Promise<Response>) {
  return async (c: Ctx): Promise<Response> => {
    const started = performance.now();
    try {
      return await handler(c);
    } catch (err) {
      if (err instanceof Refusal && err.kind !== "unavailable") {
        log(
          {
            event: "webhook.rejected",
            source,
            status: statusOf(err.kind),
            code: err.code,
            reason: err.message.slice(0, 200),
            latency_ms: elapsedMs(started),
            outcome: "rejected",
          },
          "warn",
        );
      }
      throw err;
    }
  };
}

/** A source whose secret is not set cannot verify anything; 503 makes the vendor retry until it is. */
function requireConfigured(source: string, values: string[], name: string): void {
  if (values.length > 0) return;
  log({ event: "webhook.not_configured", source, setting: name, outcome: "rejected" }, "error");
  throw new Unavailable(`The ${source} webhook is not configured on this deployment`);
}

type ItemResult =
  EventResult | { event_id: string; source: string; event_type: null; vendor_type: string; status: "IGNORED"; reason: string };

/**
 * Each event through the gateway (idempotent per vendor id). Events about different objects run
 * concurrently; events about the same object run in delivery order (a contact's creation before its
 * property change, and no two first-writes racing for one lead). If any downstream refuses, the
 * delivery answers 503 so the vendor retries it; the events that did go through are replays then.
 */
async function acceptItems(
  c: Ctx,
  source: string,
  items: NormalizedItem[],
  startedAt: number,
): Promise<{ results: ItemResult[]; replayed: number }> {
  type Done = { result: ItemResult; duplicate: boolean };
  const chains = new Map<string, Promise<unknown>>();
  const pending = items.map((item): Promise<Done> => {
    if (item.kind === "ignored") {
      log({ event: "webhook.ignored", source, vendor_type: item.vendor_type, vendor_event_id: item.vendor_event_id, outcome: "ignored" });
      return Promise.resolve({
        duplicate: false,
        result: {
          event_id: item.vendor_event_id,
          source,
          event_type: null,
          vendor_type: item.vendor_type,
          status: "IGNORED",
          reason: item.reason,
        },
      });
    }
    const key = item.event.subject_id;
    const run = (chains.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => acceptEvent(c.env, item.event, { startedAt, ctx: c.executionCtx }));
    chains.set(key, run);
    return run;
  });
  const settled = await Promise.allSettled(pending);
  const failed = settled.filter((s) => s.status === "rejected").length;
  if (failed > 0) {
    throw new Unavailable(
      `${failed} of ${items.length} events could not be handed downstream; retry the delivery (events already accepted will not be repeated)`,
    );
  }
  const ok = settled.map((s) => (s as PromiseFulfilledResult<Done>).value);
  return { results: ok.map((o) => o.result), replayed: ok.filter((o) => o.duplicate).length };
}

function replayHeader(replayed: number): Record<string, string> {
  return { "x-replayed-events": String(replayed) };
}

// ---------------------------------------------------------------------------------------------
// OpenAPI definitions (documentation only: the handlers verify the raw bytes themselves).

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
  422: problem("Parsed, but missing fields or an unknown event type"),
  503: problem("Webhook secret not configured, or downstream unavailable (the vendor retries)"),
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

for (const route of [hubspotRoute, stripeRoute, genericRoute, salesforceRoute]) webhooks.openAPIRegistry.registerPath(route);

// ---------------------------------------------------------------------------------------------
// Handlers

webhooks.post(
  "/hubspot",
  logged("hubspot", async (c) => {
    const started = performance.now();
    const secrets = secretList(c.env.HUBSPOT_APP_SECRET);
    requireConfigured("hubspot", secrets, "HUBSPOT_APP_SECRET");
    requireContentType(c, JSON_TYPES);
    const cfg = getConfig(c.env);
    const body = await readBodyCapped(c.req.raw, cfg.MAX_BODY_BYTES);
    rejectUnverified(
      await verifyHubSpot({
        method: c.req.method,
        uri: c.req.url,
        body,
        headers: c.req.raw.headers,
        secrets,
        nowMs: Date.now(),
        toleranceSeconds: cfg.WEBHOOK_TOLERANCE_SECONDS,
      }),
    );
    const items = normalizeHubSpot(decodeUtf8(body));
    const { results, replayed } = await acceptItems(c, "hubspot", items, started);
    return c.json(results, 200, replayHeader(replayed));
  }),
);

webhooks.post(
  "/stripe",
  logged("stripe", async (c) => {
    const started = performance.now();
    const secrets = secretList(c.env.STRIPE_WEBHOOK_SECRET);
    requireConfigured("stripe", secrets, "STRIPE_WEBHOOK_SECRET");
    requireContentType(c, JSON_TYPES);
    const cfg = getConfig(c.env);
    const body = await readBodyCapped(c.req.raw, cfg.MAX_BODY_BYTES);
    rejectUnverified(
      await verifyStripe({
        body,
        headers: c.req.raw.headers,
        secrets,
        nowSeconds: Math.floor(Date.now() / 1000),
        toleranceSeconds: cfg.WEBHOOK_TOLERANCE_SECONDS,
      }),
    );
    const items = normalizeStripe(decodeUtf8(body));
    const { results, replayed } = await acceptItems(c, "stripe", items, started);
    return c.json(results[0], 200, replayHeader(replayed));
  }),
);

webhooks.post(
  "/generic",
  logged("generic", async (c) => {
    const started = performance.now();
    const secrets = secretList(c.env.STANDARD_WEBHOOK_SECRET);
    requireConfigured("generic", secrets, "STANDARD_WEBHOOK_SECRET");
    requireContentType(c, JSON_TYPES);
    const cfg = getConfig(c.env);
    const body = await readBodyCapped(c.req.raw, cfg.MAX_BODY_BYTES);
    const nowSeconds = Math.floor(Date.now() / 1000);
    rejectUnverified(
      await verifyStandard({ body, headers: c.req.raw.headers, secrets, nowSeconds, toleranceSeconds: cfg.WEBHOOK_TOLERANCE_SECONDS }),
    );
    const items = normalizeStandard(decodeUtf8(body), {
      webhookId: c.req.header(STANDARD_HEADERS.id) ?? "",
      webhookTimestampSeconds: Number(c.req.header(STANDARD_HEADERS.timestamp)),
    });
    const { results, replayed } = await acceptItems(c, "generic", items, started);
    return c.json(results[0], 200, replayHeader(replayed));
  }),
);

webhooks.post(
  "/salesforce/:token",
  logged("salesforce", async (c) => {
    const started = performance.now();
    const tokens = secretList(c.env.SALESFORCE_PATH_TOKEN);
    const orgs = secretList(c.env.SALESFORCE_ORG_IDS);
    requireConfigured("salesforce", tokens, "SALESFORCE_PATH_TOKEN");
    requireConfigured("salesforce", orgs, "SALESFORCE_ORG_IDS");
    // The token first: an unauthenticated caller never reaches the XML parser.
    rejectUnverified(await verifySalesforceToken(c.req.param("token") ?? "", tokens));
    requireContentType(c, XML_TYPES);
    const cfg = getConfig(c.env);
    const body = await readBodyCapped(c.req.raw, cfg.MAX_BODY_BYTES);
    const message = parseSalesforceMessage(decodeUtf8(body));
    rejectUnverified(verifySalesforceOrg(message.organizationId, orgs));
    const items = normalizeSalesforce(message, new Date().toISOString());
    const { replayed } = await acceptItems(c, "salesforce", items, started);
    return c.body(SALESFORCE_ACK, 200, { "content-type": "text/xml; charset=utf-8", ...replayHeader(replayed) });
  }),
);

const KNOWN = new Set(["hubspot", "stripe", "generic", "salesforce"]);

webhooks.all("/salesforce", () => {
  throw new NotFound("Salesforce deliveries go to /webhooks/salesforce/<path token>");
});

webhooks.all("/:source", (c) => unknownOrWrongMethod(c, false));
webhooks.all("/:source/*", (c) => unknownOrWrongMethod(c, true));

function unknownOrWrongMethod(c: Ctx, deeper: boolean): never {
  const source = c.req.param("source") ?? "";
  if (!KNOWN.has(source)) {
    throw new NotFound(`Unknown webhook source "${source.slice(0, 60)}"; known: ${[...KNOWN].join(", ")}`);
  }
  if (c.req.method !== "POST" && (!deeper || source === "salesforce")) {
    throw new MethodNotAllowed("Webhooks are delivered with POST", { allow: "POST" });
  }
  throw new NotFound(`No webhook at ${redactPath(c.req.path).slice(0, 200)}`);
}
