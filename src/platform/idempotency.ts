/**
 * `Idempotency-Key` decisions as plain functions over plain data (the D1 side is
 * idempotency-store.ts, the HTTP side routes/middleware/idempotency.ts). A client sends a key of
 * its choosing with a POST/PUT/PATCH; the first request with it runs and its response is stored
 * for 24 h; the same key with the same request answers that response again (`Idempotent-Replayed:
 * true`); the same key with a different request is refused; a second request while the first still
 * runs is refused as in flight.
 */
export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotent-replayed";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A reservation this old whose request never finished (its isolate died) may be taken over. */
export const IN_FLIGHT_LEASE_MS = 60_000;
/** Responses larger than this are not stored: the reservation is released and a retry runs again. */
export const MAX_STORED_BODY_CHARS = 1_000_000;
/** The response headers a replay repeats; everything else (timing, rate-limit state) is per request. */
export const REPLAYED_HEADERS = ["content-type", "location", "x-next-cursor", "x-l2c-effects", "content-disposition"] as const;

export const IDEMPOTENT_METHODS = ["POST", "PUT", "PATCH"] as const;

/** Printable ASCII without spaces, 1–255 characters (a UUID, a ULID, a CRM's delivery id). */
const KEY_SYNTAX = /^[\x21-\x7e]{1,255}$/;

export type KeyCheck = { ok: true; key: string } | { ok: false; reason: string };

export function checkIdempotencyKey(raw: string): KeyCheck {
  const key = raw.trim();
  if (key.length === 0) return { ok: false, reason: "The Idempotency-Key header is empty" };
  if (key.length > 255) return { ok: false, reason: "The Idempotency-Key is longer than 255 characters" };
  if (!KEY_SYNTAX.test(key)) return { ok: false, reason: "The Idempotency-Key may hold only printable ASCII characters without spaces" };
  return { ok: true, key };
}

export function appliesTo(method: string): boolean {
  return (IDEMPOTENT_METHODS as readonly string[]).includes(method.toUpperCase());
}

/**
 * What the hash of a request covers: method, path with its query, media type and the body bytes,
 * each length-prefixed so no two requests share a preimage. Headers other than the media type
 * (dates, tracing, the key itself) do not make a request different.
 */
export function fingerprintPrefix(method: string, pathWithQuery: string, contentType: string | null): string {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return [method.toUpperCase(), pathWithQuery, type].map((part) => `${part.length}:${part}`).join("|") + "|";
}

/** A stored reservation as the decision needs it. */
export type StoredKey = {
  requestHash: string;
  status: "in_flight" | "done";
  lockedUntilMs: number;
  expiresAtMs: number;
};

export type Decision =
  | { kind: "execute" } // nothing (live) stored under the key: reserve and run
  | { kind: "take_over" } // an expired row or an abandoned reservation: replace it, then run
  | { kind: "replay" }
  | { kind: "mismatch" }
  | { kind: "in_flight"; retryAfterSeconds: number };

/** The decision for a request whose hash is `requestHash`, given what is stored under its key now. */
export function decide(stored: StoredKey | null, requestHash: string, nowMs: number): Decision {
  if (!stored) return { kind: "execute" };
  if (stored.expiresAtMs <= nowMs) return { kind: "take_over" };
  if (stored.requestHash !== requestHash) return { kind: "mismatch" };
  if (stored.status === "done") return { kind: "replay" };
  if (stored.lockedUntilMs <= nowMs) return { kind: "take_over" };
  return { kind: "in_flight", retryAfterSeconds: Math.max(1, Math.ceil((stored.lockedUntilMs - nowMs) / 1000)) };
}

/**
 * Whether a response is kept for replays. Server errors and rate limits say nothing about the
 * request itself, so a retry with the same key must run again; everything else (2xx and the
 * client's own 4xx) is the request's answer and is replayed.
 */
export function isStorable(status: number, bodyChars: number): boolean {
  if (status >= 500 || status === 429) return false;
  return bodyChars <= MAX_STORED_BODY_CHARS;
}

/** The headers of `headers` a replay repeats, lower-cased, in a stable order. */
export function replayedHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const byName = new Map<string, string>();
  for (const [name, value] of headers) byName.set(name.toLowerCase(), value);
  const out: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = byName.get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
