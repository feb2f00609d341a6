import { BadRequest, InvalidInput } from "../../platform/errors";
import { InternalEvent } from "./internal-event";

/**
 * Shared shapes of the vendor adapters. Each adapter is a pure pair:
 * `verify(raw bytes, headers, secrets, now)` → VerifyResult, then `normalize(text)` → NormalizedItem[].
 * Adapters throw BadRequest (unparseable) or InvalidInput (parsed, but not a delivery we understand).
 */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** A delivery's element: an event to route, or a vendor event we accept (2xx) but deliberately do not route. */
export type NormalizedItem =
  { kind: "event"; event: InternalEvent } | { kind: "ignored"; vendor_event_id: string; vendor_type: string; reason: string };

/** Minimal header access, so adapters take a `Headers` or a plain map in unit tests. */
export type HeaderSource = Pick<Headers, "get">;

export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Secrets from one env var: a comma- or whitespace-separated list, so a secret can be rotated
 * without downtime (both the old and the new one verify during the switch). Empty entries dropped.
 */
export function secretList(value: string | undefined | null): string[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Both directions: a stale timestamp is a replay, one far in the future is a forgery or a broken clock. */
export function withinTolerance(timestampSeconds: number, nowSeconds: number, toleranceSeconds: number): boolean {
  return Number.isFinite(timestampSeconds) && Math.abs(nowSeconds - timestampSeconds) <= toleranceSeconds;
}

/** A strictly decimal integer header value (no sign, no spaces, no exponent), or null. */
export function parseIntegerHeader(value: string | null, maxDigits = 16): number | null {
  if (value === null || !/^\d+$/.test(value) || value.length > maxDigits) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const MAX_TEXT = 4000;
const MAX_KEYS = 50;

/** A string clipped to a sane size for the event store (the body limit bounds it anyway). */
export function clip(value: string, max = MAX_TEXT): string {
  return value.length > max ? value.slice(0, max) : value;
}

/**
 * A flat copy of a vendor's free-form map (Stripe metadata, a generic sender's data) keeping only
 * scalar values: nested structures from the wire never reach storage or RPC, so a deeply nested
 * body cannot blow a stack downstream.
 */
export function scalarRecord(value: unknown, maxKeys = MAX_KEYS): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  if (!isRecord(value)) return out;
  let n = 0;
  for (const [key, v] of Object.entries(value)) {
    if (n >= maxKeys) break;
    if (key.length > 100 || key === "__proto__") continue;
    if (typeof v === "string") out[key] = clip(v);
    else if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
    else if (typeof v === "boolean" || v === null) out[key] = v;
    else continue;
    n++;
  }
  return out;
}

/** Last line of defence: whatever an adapter built must match the internal event schema. */
export function toInternalEvent(candidate: unknown): InternalEvent {
  const parsed = InternalEvent.safeParse(candidate);
  if (!parsed.success) {
    throw new InvalidInput("The delivery does not map to a valid internal event", {
      errors: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}

/** Epoch milliseconds → ISO 8601, or null when out of range. */
export function isoFromMillis(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) return null;
  return new Date(ms).toISOString();
}

export function zodIssues(error: {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** JSON.parse that answers a 400 problem instead of a SyntaxError (or a RangeError on absurd nesting). */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new BadRequest(`${what} is not valid JSON`, {}, { cause });
  }
}
