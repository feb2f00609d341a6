import { and, eq, lte, or } from "drizzle-orm";
import { getDb } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import type { StoredKey } from "./idempotency";

/** D1 side of `Idempotency-Key` (decisions: idempotency.ts). Rows are per (API key id, idempotency key). */
export type KeyRef = { apiKeyId: string; idemKey: string };
export type Reservation = KeyRef & { requestHash: string; method: string; path: string; nowMs: number; leaseMs: number; ttlMs: number };
export type StoredResponse = { status: number; headers: Record<string, string>; body: string };
export type StoredRow = StoredKey & { response: StoredResponse | null };

const iso = (ms: number) => new Date(ms).toISOString();

function values(r: Reservation) {
  return {
    apiKeyId: r.apiKeyId,
    idemKey: r.idemKey,
    requestHash: r.requestHash,
    method: r.method,
    path: r.path,
    status: "in_flight",
    responseStatus: null,
    responseHeaders: null,
    responseBody: null,
    createdAt: iso(r.nowMs),
    lockedUntil: iso(r.nowMs + r.leaseMs),
    expiresAt: iso(r.nowMs + r.ttlMs),
  };
}

const byRef = (k: KeyRef) => and(eq(idempotencyKeys.apiKeyId, k.apiKeyId), eq(idempotencyKeys.idemKey, k.idemKey));

/** Inserts the reservation; false when a row already holds the key (the primary key decides races). */
export async function reserve(db: D1Database, r: Reservation): Promise<boolean> {
  const rows = await getDb(db).insert(idempotencyKeys).values(values(r)).onConflictDoNothing().returning({ key: idempotencyKeys.idemKey });
  return rows.length === 1;
}

/**
 * Replaces an expired row or an abandoned reservation, guarded by the same condition in SQL, so
 * two requests that both saw it stale cannot both take it over.
 */
export async function takeOver(db: D1Database, r: Reservation): Promise<boolean> {
  const now = iso(r.nowMs);
  const { apiKeyId: _a, idemKey: _k, ...fresh } = values(r);
  const rows = await getDb(db)
    .update(idempotencyKeys)
    .set(fresh)
    .where(
      and(
        byRef(r),
        or(lte(idempotencyKeys.expiresAt, now), and(eq(idempotencyKeys.status, "in_flight"), lte(idempotencyKeys.lockedUntil, now))),
      ),
    )
    .returning({ key: idempotencyKeys.idemKey });
  return rows.length === 1;
}

export async function readKey(db: D1Database, k: KeyRef): Promise<StoredRow | null> {
  const rows = await getDb(db).select().from(idempotencyKeys).where(byRef(k)).limit(1);
  const row = rows[0];
  if (!row) return null;
  const response =
    row.status === "done" && row.responseStatus !== null
      ? {
          status: row.responseStatus,
          headers: JSON.parse(row.responseHeaders ?? "{}") as Record<string, string>,
          body: row.responseBody ?? "",
        }
      : null;
  return {
    requestHash: row.requestHash,
    status: row.status === "done" ? "done" : "in_flight",
    lockedUntilMs: Date.parse(row.lockedUntil),
    expiresAtMs: Date.parse(row.expiresAt),
    response,
  };
}

/** Stores the response of the request that holds the reservation (matched by its hash). */
export async function complete(db: D1Database, k: KeyRef & { requestHash: string }, res: StoredResponse): Promise<void> {
  await getDb(db)
    .update(idempotencyKeys)
    .set({ status: "done", responseStatus: res.status, responseHeaders: JSON.stringify(res.headers), responseBody: res.body })
    .where(and(byRef(k), eq(idempotencyKeys.requestHash, k.requestHash), eq(idempotencyKeys.status, "in_flight")));
}

/** Frees the key so a retry runs again (the request failed in a way that says nothing about it). */
export async function release(db: D1Database, k: KeyRef & { requestHash: string }): Promise<void> {
  await getDb(db)
    .delete(idempotencyKeys)
    .where(and(byRef(k), eq(idempotencyKeys.requestHash, k.requestHash), eq(idempotencyKeys.status, "in_flight")));
}

/** Deletes expired rows (the 15-minute cron); lookups also treat them as absent. Returns how many. */
export async function sweepExpiredKeys(db: D1Database, nowMs = Date.now()): Promise<number> {
  const rows = await getDb(db)
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, iso(nowMs)))
    .returning({ key: idempotencyKeys.idemKey });
  return rows.length;
}
