import { readBodyCapped } from "../platform/body";
import { redactPath } from "../platform/redact";
import type { Context } from "hono";
import { getConfig } from "../config";
import { BadRequest, MethodNotAllowed, NotFound, Refusal, Unauthorized, Unavailable, UnsupportedMediaType } from "../platform/errors";
import { statusOf } from "../platform/problem";
import { elapsedMs, log } from "../platform/log";
import { acceptEvent, type EventResult } from "../gateway/accept";
import { secretList, type NormalizedItem, type VerifyResult } from "../gateway/core/common";
import { normalizeHubSpot, verifyHubSpot } from "../gateway/core/hubspot";
import {
  normalizeSalesforce,
  parseSalesforceMessage,
  SALESFORCE_ACK,
  verifySalesforceOrg,
  verifySalesforceToken,
} from "../gateway/core/salesforce";
import { STANDARD_HEADERS, normalizeStandard, verifyStandard } from "../gateway/core/standard";
import { normalizeStripe, verifyStripe } from "../gateway/core/stripe";
import { createRouter, type AppEnv } from "./router";
import { registerWebhookDocs } from "./webhooks-docs";
import { assertJsonWithinLimits, assertXmlWithinLimits } from "../platform/json-limits";
import { missingSecret } from "../platform/secrets";
import { assertEventBounded } from "../gateway/core/bounds";

/**
 * Vendor webhooks (journey 1). Every route follows the same order, so nothing is written for a
 * delivery that is not both authentic and understood:
 *   content type (415) → size, by Content-Length and by the bytes actually read (413) →
 *   signature on the raw bytes (401) → UTF-8 (400) → depth and member counts, before parsing (422
 *   too_deep / too_many_keys) → parse (400) → shape (422) → each event bounded for the queue (422)
 *   → acceptEvent per event.
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

/** The body as text, refused before it is parsed when it nests or repeats past the limits. */
function jsonText(bytes: Uint8Array): string {
  return assertJsonWithinLimits(decodeUtf8(bytes));
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
            // The sender's id for this delivery when a header names one (Standard Webhooks
            // `webhook-id`, an Idempotency-Key or X-Request-Id), else our request id (cf-ray, which
            // Cloudflare's own logs show). Bounded printable ASCII: it is the client's text.
            delivery_id: deliveryId(c),
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

const DELIVERY_HEADERS = [STANDARD_HEADERS.id, "idempotency-key", "x-request-id", "x-hubspot-request-id"];

function deliveryId(c: Ctx): string {
  for (const name of DELIVERY_HEADERS) {
    const v = c.req.header(name)?.trim();
    if (v && /^[\x21-\x7e]{1,128}$/.test(v)) return v;
  }
  return c.get("requestId");
}

/** A source whose secret is not set cannot verify anything; 503 makes the vendor retry until it is. */
function requireConfigured(source: string, values: string[], name: string): void {
  if (values.length > 0) return;
  log({ event: "webhook.not_configured", source, setting: name, outcome: "rejected" }, "error");
  throw missingSecret(name, `The ${source} webhook is not configured on this deployment (${name} is not set)`);
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
  // A delivery with an event too big or too deep for the queue is refused whole (422), before
  // any of its events is recorded: the vendor sees the problem instead of a partial success.
  for (const item of items) if (item.kind === "event") assertEventBounded(item.event);
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

registerWebhookDocs(webhooks);

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
    const items = normalizeHubSpot(jsonText(body));
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
    const items = normalizeStripe(jsonText(body));
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
    const items = normalizeStandard(jsonText(body), {
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
    const message = parseSalesforceMessage(assertXmlWithinLimits(decodeUtf8(body)));
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
