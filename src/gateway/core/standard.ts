import { z } from "zod";
import { InvalidInput } from "../../platform/errors";
import { fromBase64, hmacSha256, timingSafeEqual, toBase64, utf8 } from "../../platform/crypto";
import type { InternalEventType } from "./routing-table";
import {
  concatBytes,
  DEFAULT_TOLERANCE_SECONDS,
  parseIntegerHeader,
  parseJsonText,
  scalarRecord,
  toInternalEvent,
  withinTolerance,
  zodIssues,
  type HeaderSource,
  type NormalizedItem,
  type VerifyResult,
} from "./common";

/**
 * Standard Webhooks (standardwebhooks.com), for any sender without its own scheme:
 * `webhook-signature: v1,<base64> [v1,<base64> ...]` over `${webhook-id}.${webhook-timestamp}.${body}`,
 * keyed with the base64 bytes after `whsec_`. Hand-written over Web Crypto (30 lines) rather than
 * the `standardwebhooks` package, so verification stays a pure function of an injected clock.
 */
export const STANDARD_HEADERS = { id: "webhook-id", timestamp: "webhook-timestamp", signature: "webhook-signature" } as const;

/** `whsec_<base64>` → key bytes; a secret without the prefix is taken as bare base64 (as the reference libraries do). */
export function standardSecretKey(secret: string): Uint8Array | null {
  const b64 = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const key = fromBase64(b64);
  return key && key.byteLength > 0 ? key : null;
}

export async function signStandard(secret: string, id: string, timestampSeconds: number, body: Uint8Array | string): Promise<string> {
  const key = standardSecretKey(secret);
  if (!key) throw new Error("invalid Standard Webhooks secret");
  return `v1,${toBase64(await standardMac(key, id, String(timestampSeconds), typeof body === "string" ? utf8(body) : body))}`;
}

function standardMac(key: Uint8Array, id: string, timestamp: string, body: Uint8Array): Promise<Uint8Array> {
  return hmacSha256(key, concatBytes(utf8(`${id}.${timestamp}.`), body));
}

export type StandardVerifyInput = {
  body: Uint8Array;
  headers: HeaderSource;
  secrets: string[];
  nowSeconds: number;
  toleranceSeconds?: number;
};

export async function verifyStandard(input: StandardVerifyInput): Promise<VerifyResult> {
  const keys = input.secrets.map(standardSecretKey).filter((k): k is Uint8Array => k !== null);
  if (keys.length === 0) return { ok: false, reason: "no Standard Webhooks secret configured" };
  const id = input.headers.get(STANDARD_HEADERS.id);
  const timestampText = input.headers.get(STANDARD_HEADERS.timestamp);
  const signatures = input.headers.get(STANDARD_HEADERS.signature);
  if (!id || !timestampText || !signatures) return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature" };
  if (id.length > 256) return { ok: false, reason: "webhook-id too long" };
  const timestamp = parseIntegerHeader(timestampText, 12);
  if (timestamp === null) return { ok: false, reason: "malformed webhook-timestamp" };
  if (!withinTolerance(timestamp, input.nowSeconds, input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: "timestamp outside the tolerance window" };
  }
  const given: Uint8Array[] = [];
  for (const entry of signatures.split(" ").slice(0, 10)) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue; // other versions (v1a: asymmetric) are not ours
    const bytes = fromBase64(entry.slice(comma + 1));
    if (bytes && bytes.byteLength === 32) given.push(bytes);
  }
  if (given.length === 0) return { ok: false, reason: "no v1 signature" };
  for (const key of keys) {
    const expected = await standardMac(key, id, timestampText, input.body);
    let match = false;
    for (const g of given) match = timingSafeEqual(expected, g) || match;
    if (match) return { ok: true };
  }
  return { ok: false, reason: "signature mismatch" };
}

/** Type names a generic sender may use: our internal names, and the obvious dotted ones. */
const TYPE_ALIASES: Record<string, InternalEventType> = {
  lead_create: "lead_create",
  "lead.created": "lead_create",
  "lead.create": "lead_create",
  "contact.created": "lead_create",
  lead_update: "lead_update",
  "lead.updated": "lead_update",
  "lead.update": "lead_update",
  "contact.updated": "lead_update",
  deal_update: "deal_update",
  "deal.updated": "deal_update",
  "deal.update": "deal_update",
  "opportunity.updated": "deal_update",
  invoice_paid: "invoice_paid",
  "invoice.paid": "invoice_paid",
  invoice_payment_failed: "invoice_payment_failed",
  "invoice.payment_failed": "invoice_payment_failed",
  charge_refunded: "charge_refunded",
  "charge.refunded": "charge_refunded",
};

export function standardEventType(type: string): InternalEventType | null {
  return Object.hasOwn(TYPE_ALIASES, type) ? TYPE_ALIASES[type] : null;
}

/** The Standard Webhooks payload convention: `{ type, timestamp?, data }`, data carrying the object's id. */
export const StandardPayload = z.object({
  type: z.string().min(1).max(100),
  timestamp: z.string().max(40).optional(),
  data: z
    .object({ id: z.union([z.string().min(1).max(256), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]) })
    .catchall(z.unknown()),
});

export function normalizeStandard(text: string, meta: { webhookId: string; webhookTimestampSeconds: number }): NormalizedItem[] {
  const parsed = StandardPayload.safeParse(parseJsonText(text, "Webhook body"));
  if (!parsed.success) throw new InvalidInput("Webhook body must be {type, data: {id, ...}}", { errors: zodIssues(parsed.error) });
  const { type, timestamp, data } = parsed.data;
  const eventType = standardEventType(type);
  if (!eventType) throw new InvalidInput(`Unknown event type "${type.slice(0, 100)}"`, { accepted_types: Object.keys(TYPE_ALIASES) });
  const occurred =
    timestamp && !Number.isNaN(Date.parse(timestamp))
      ? new Date(Date.parse(timestamp)).toISOString()
      : new Date(meta.webhookTimestampSeconds * 1000).toISOString();
  const facts = scalarRecord(data);
  if (typeof facts.currency === "string") facts.currency = facts.currency.toUpperCase();
  // Money only as integer minor units: a float here would be a bug downstream.
  if ("amount_minor" in facts && !Number.isSafeInteger(facts.amount_minor)) {
    throw new InvalidInput("data.amount_minor must be an integer (minor units)");
  }
  return [
    {
      kind: "event",
      event: toInternalEvent({
        source: "generic",
        vendor_event_id: meta.webhookId,
        event_type: eventType,
        subject_id: String(data.id),
        occurred_at: occurred,
        data: { ...facts, vendor_type: type },
      }),
    },
  ];
}
