import { z } from "zod";
import { InvalidInput } from "../../platform/errors";
import { hmacSha256, timingSafeEqual, toHex, utf8 } from "../../platform/crypto";
import type { InternalEventType } from "./routing-table";
import {
  clip,
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
 * Stripe webhooks: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]`,
 * v1 = hex(HMAC-SHA256(endpoint secret, `${t}.${raw body}`)). Any v1 may match (Stripe sends
 * several while an endpoint secret is being rolled); v0 (test-mode legacy) is ignored.
 */
export const STRIPE_SIGNATURE_HEADER = "stripe-signature";

export async function signStripe(secret: string, body: Uint8Array | string, timestampSeconds: number): Promise<string> {
  return toHex(await stripeMac(secret, String(timestampSeconds), typeof body === "string" ? utf8(body) : body));
}

function stripeMac(secret: string, t: string, body: Uint8Array): Promise<Uint8Array> {
  return hmacSha256(secret, concatBytes(utf8(`${t}.`), body));
}

export function parseStripeSignatureHeader(header: string): { t: string | null; v1: string[] } {
  let t: string | null = null;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && t === null) t = value;
    else if (key === "v1" && v1.length < 10) v1.push(value);
  }
  return { t, v1 };
}

export type StripeVerifyInput = {
  body: Uint8Array;
  headers: HeaderSource;
  secrets: string[];
  nowSeconds: number;
  toleranceSeconds?: number;
};

export async function verifyStripe(input: StripeVerifyInput): Promise<VerifyResult> {
  if (input.secrets.length === 0) return { ok: false, reason: "no Stripe webhook secret configured" };
  const header = input.headers.get(STRIPE_SIGNATURE_HEADER);
  if (!header) return { ok: false, reason: "missing Stripe-Signature" };
  const { t, v1 } = parseStripeSignatureHeader(header);
  const timestamp = parseIntegerHeader(t, 12);
  if (t === null || timestamp === null) return { ok: false, reason: "missing or malformed t= in Stripe-Signature" };
  if (v1.length === 0) return { ok: false, reason: "no v1 signature in Stripe-Signature" };
  if (!withinTolerance(timestamp, input.nowSeconds, input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: "timestamp outside the tolerance window" };
  }
  const given = v1.filter((s) => /^[0-9a-f]{64}$/i.test(s)).map((s) => utf8(s.toLowerCase()));
  for (const secret of input.secrets) {
    const expected = utf8(toHex(await stripeMac(secret, t, input.body)));
    // Every candidate is compared (no early exit on the first mismatch) in constant time each.
    let match = false;
    for (const g of given) match = timingSafeEqual(expected, g) || match;
    if (match) return { ok: true };
  }
  return { ok: false, reason: "signature mismatch" };
}

/** Stripe's event envelope; `data.object` is checked per type below. */
export const StripeEvent = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("event").optional(),
  type: z.string().min(1).max(100),
  created: z.number().int().nonnegative().max(1e11),
  livemode: z.boolean().optional(),
  api_version: z.string().max(50).nullable().optional(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;

const Amount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .transform((c) => c.toUpperCase());
/** Expandable references arrive as an id or as the expanded object. */
const Ref = z
  .union([z.string().max(255), z.object({ id: z.string().max(255) }).passthrough()])
  .nullable()
  .optional()
  .transform((r) => (r == null ? null : typeof r === "string" ? r : r.id));
const Text = z
  .string()
  .max(4000)
  .nullable()
  .optional()
  .transform((s) => s ?? null);

const StripeInvoice = z.object({
  id: z.string().min(1).max(255),
  number: Text,
  amount_paid: Amount,
  amount_due: Amount,
  currency: Currency,
  customer: Ref,
  customer_email: Text,
  customer_name: Text,
  status: Text,
  metadata: z.unknown().optional(),
});

const StripeCharge = z.object({
  id: z.string().min(1).max(255),
  amount: Amount,
  amount_refunded: Amount,
  currency: Currency,
  customer: Ref,
  invoice: Ref,
  payment_intent: Ref,
  receipt_email: Text,
  billing_details: z.object({ email: Text, name: Text }).partial().nullable().optional(),
  metadata: z.unknown().optional(),
});

const ROUTED: Record<string, InternalEventType> = {
  "invoice.paid": "invoice_paid",
  "invoice.payment_failed": "invoice_payment_failed",
  "charge.refunded": "charge_refunded",
};

export function normalizeStripe(text: string): NormalizedItem[] {
  const envelope = StripeEvent.safeParse(parseJsonText(text, "Stripe body"));
  if (!envelope.success) throw new InvalidInput("Stripe body is not an event object", { errors: zodIssues(envelope.error) });
  const e = envelope.data;
  const type = ROUTED[e.type];
  if (!type) return [{ kind: "ignored", vendor_event_id: e.id, vendor_type: e.type, reason: "event type not routed" }];

  const occurredAt = new Date(e.created * 1000).toISOString();
  const common = { source: "stripe", vendor_event_id: e.id, event_type: type, occurred_at: occurredAt };
  if (type === "charge_refunded") {
    const ch = StripeCharge.safeParse(e.data.object);
    if (!ch.success) throw new InvalidInput("charge.refunded without a valid charge object", { errors: zodIssues(ch.error) });
    const c = ch.data;
    return [
      {
        kind: "event",
        event: toInternalEvent({
          ...common,
          subject_id: c.id,
          data: {
            amount_minor: c.amount_refunded,
            charge_amount_minor: c.amount,
            currency: c.currency,
            charge_id: c.id,
            invoice_id: c.invoice,
            payment_intent: c.payment_intent,
            customer: c.customer,
            customer_email: c.billing_details?.email ?? c.receipt_email,
            customer_name: c.billing_details?.name ?? null,
            metadata: scalarRecord(c.metadata),
            livemode: e.livemode ?? null,
          },
        }),
      },
    ];
  }
  const inv = StripeInvoice.safeParse(e.data.object);
  if (!inv.success) throw new InvalidInput(`${e.type} without a valid invoice object`, { errors: zodIssues(inv.error) });
  const i = inv.data;
  return [
    {
      kind: "event",
      event: toInternalEvent({
        ...common,
        subject_id: i.id,
        data: {
          // Paid: what was collected. Failed: what was attempted.
          amount_minor: type === "invoice_paid" ? i.amount_paid : i.amount_due,
          amount_due_minor: i.amount_due,
          currency: i.currency,
          invoice_id: i.id,
          invoice_number: i.number === null ? null : clip(i.number, 100),
          invoice_status: i.status,
          customer: i.customer,
          customer_email: i.customer_email,
          customer_name: i.customer_name,
          metadata: scalarRecord(i.metadata),
          livemode: e.livemode ?? null,
        },
      }),
    },
  ];
}
