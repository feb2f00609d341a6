import { z } from "zod";
import { InvalidInput } from "../../platform/errors";
import { fromBase64, hmacSha256, timingSafeEqual, toBase64, utf8 } from "../../platform/crypto";
import type { InternalEventType } from "./routing-table";
import {
  clip,
  concatBytes,
  DEFAULT_TOLERANCE_SECONDS,
  isoFromMillis,
  parseIntegerHeader,
  parseJsonText,
  toInternalEvent,
  withinTolerance,
  zodIssues,
  type HeaderSource,
  type NormalizedItem,
  type VerifyResult,
} from "./common";

/**
 * HubSpot webhooks, signature v3.
 * X-HubSpot-Signature-v3 = base64(HMAC-SHA256(app secret, method + URI + raw body + X-HubSpot-Request-Timestamp)),
 * the timestamp in epoch milliseconds. HubSpot URI-decodes a fixed set of characters in the URI
 * before signing, so we do the same before computing ours.
 */
export const HUBSPOT_SIGNATURE_HEADER = "x-hubspot-signature-v3";
export const HUBSPOT_TIMESTAMP_HEADER = "x-hubspot-request-timestamp";

const DECODED_BY_HUBSPOT = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** The request URI as HubSpot signs it: %3A → ":", %2F → "/", ... (only the documented set). */
export function hubspotCanonicalUri(uri: string): string {
  return uri.replace(DECODED_BY_HUBSPOT, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The base64 v3 signature of a request, for senders (tests, the bench) and for verification. */
export async function signHubSpotV3(
  secret: string,
  method: string,
  uri: string,
  body: Uint8Array | string,
  timestampMs: number | string,
): Promise<string> {
  return toBase64(await hubspotMac(secret, method, uri, typeof body === "string" ? utf8(body) : body, String(timestampMs)));
}

function hubspotMac(secret: string, method: string, uri: string, body: Uint8Array, timestamp: string): Promise<Uint8Array> {
  const message = concatBytes(utf8(method.toUpperCase() + hubspotCanonicalUri(uri)), body, utf8(timestamp));
  return hmacSha256(secret, message);
}

export type HubSpotVerifyInput = {
  method: string;
  /** The full request URI as received: scheme, host, path and query. */
  uri: string;
  body: Uint8Array;
  headers: HeaderSource;
  secrets: string[];
  nowMs: number;
  toleranceSeconds?: number;
};

export async function verifyHubSpot(input: HubSpotVerifyInput): Promise<VerifyResult> {
  if (input.secrets.length === 0) return { ok: false, reason: "no HubSpot app secret configured" };
  const signature = input.headers.get(HUBSPOT_SIGNATURE_HEADER);
  const timestampText = input.headers.get(HUBSPOT_TIMESTAMP_HEADER);
  if (!signature || !timestampText) return { ok: false, reason: "missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp" };
  const timestampMs = parseIntegerHeader(timestampText.trim());
  if (timestampMs === null) return { ok: false, reason: "malformed X-HubSpot-Request-Timestamp" };
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!withinTolerance(timestampMs / 1000, input.nowMs / 1000, tolerance))
    return { ok: false, reason: "timestamp outside the tolerance window" };
  const given = fromBase64(signature.trim());
  if (!given || given.byteLength !== 32) return { ok: false, reason: "malformed signature" };
  for (const secret of input.secrets) {
    const expected = await hubspotMac(secret, input.method, input.uri, input.body, timestampText.trim());
    if (timingSafeEqual(expected, given)) return { ok: true };
  }
  return { ok: false, reason: "signature mismatch" };
}

const Id = z
  .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)])
  .transform(String);

/** One element of HubSpot's webhook array (the fields we rely on; the rest is ignored). */
export const HubSpotEvent = z.object({
  eventId: Id,
  subscriptionId: Id.optional(),
  portalId: Id,
  appId: Id.optional(),
  occurredAt: z.number().int().nonnegative().max(8.64e15),
  subscriptionType: z.string().min(1).max(100),
  attemptNumber: z.number().int().nonnegative().optional(),
  objectId: Id,
  /** New developer platform: generic `object.*` subscriptions name the type ("0-1" contacts, "0-3" deals). */
  objectTypeId: z.string().max(20).optional(),
  changeSource: z.string().max(100).optional(),
  changeFlag: z.string().max(100).optional(),
  propertyName: z.string().max(100).optional(),
  propertyValue: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
});
export type HubSpotEvent = z.infer<typeof HubSpotEvent>;

/** HubSpot sends up to 100 events per request; a little slack, but never an unbounded batch. */
export const HubSpotPayload = z.array(HubSpotEvent).min(1).max(200);

/** contact.* → lead events, deal.* → deal updates; everything else is acknowledged and ignored. */
export function hubspotEventType(e: Pick<HubSpotEvent, "subscriptionType" | "objectTypeId">): InternalEventType | null {
  const [object, change] = splitType(e.subscriptionType);
  const kind = object === "object" ? ({ "0-1": "contact", "0-3": "deal" } as Record<string, string>)[e.objectTypeId ?? ""] : object;
  if (kind === "contact") return change === "creation" ? "lead_create" : "lead_update";
  if (kind === "deal") return "deal_update";
  return null;
}

function splitType(t: string): [string, string] {
  const dot = t.indexOf(".");
  return dot < 0 ? [t, ""] : [t.slice(0, dot), t.slice(dot + 1)];
}

/** HubSpot documents eventId as not guaranteed unique, so the key also names the subscription, object and property. */
export function hubspotVendorEventId(e: HubSpotEvent): string {
  return [e.portalId, e.subscriptionType, e.objectId, e.eventId, e.propertyName].filter((p) => p !== undefined && p !== "").join(":");
}

export function normalizeHubSpot(text: string): NormalizedItem[] {
  const parsed = HubSpotPayload.safeParse(parseJsonText(text, "HubSpot body"));
  if (!parsed.success) throw new InvalidInput("HubSpot body must be an array of webhook events", { errors: zodIssues(parsed.error) });
  return parsed.data.map((e): NormalizedItem => {
    const vendorEventId = hubspotVendorEventId(e);
    const type = hubspotEventType(e);
    if (!type)
      return { kind: "ignored", vendor_event_id: vendorEventId, vendor_type: e.subscriptionType, reason: "subscription type not routed" };
    const value = e.propertyValue === undefined || e.propertyValue === null ? null : clip(String(e.propertyValue));
    const data: Record<string, unknown> = {
      portal_id: e.portalId,
      object_id: e.objectId,
      subscription_type: e.subscriptionType,
      change: splitType(e.subscriptionType)[1] || null,
      change_source: e.changeSource ?? null,
      property_name: e.propertyName ?? null,
      property_value: value,
      attempt_number: e.attemptNumber ?? null,
    };
    // The one property the lead pipeline can use directly; the rest comes from the CRM API later.
    if (e.propertyName === "email" && value) data.email = value;
    return {
      kind: "event",
      event: toInternalEvent({
        source: "hubspot",
        vendor_event_id: vendorEventId,
        event_type: type,
        subject_id: e.objectId,
        occurred_at: isoFromMillis(e.occurredAt),
        data,
      }),
    };
  });
}
