import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apiKeys, dashboardSessions } from "../../db/schema";

export type SessionRow = typeof dashboardSessions.$inferSelect;
export type NewSessionRow = typeof dashboardSessions.$inferInsert;

export async function insertSession(d1: D1Database, row: NewSessionRow): Promise<void> {
  await getDb(d1).insert(dashboardSessions).values(row);
}

/**
 * The session whose current or previous token has this hash, only while its API key is not
 * revoked (so revoking a key ends its sessions at once, without a second write).
 */
export async function findSession(d1: D1Database, tokenHash: string): Promise<SessionRow | null> {
  const rows = await getDb(d1)
    .select({ s: dashboardSessions })
    .from(dashboardSessions)
    .innerJoin(apiKeys, eq(apiKeys.id, dashboardSessions.keyId))
    .where(and(or(eq(dashboardSessions.tokenHash, tokenHash), eq(dashboardSessions.prevTokenHash, tokenHash)), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0]?.s ?? null;
}

export async function touchSession(d1: D1Database, id: string, now: number): Promise<void> {
  await getDb(d1).update(dashboardSessions).set({ usedAtMs: now }).where(eq(dashboardSessions.id, id));
}

/**
 * Replaces the token; false when another request rotated it first (that one's new token is
 * already on its way to the browser, so this request keeps the old one for the grace period).
 */
export async function rotateSession(d1: D1Database, id: string, oldHash: string, newHash: string, now: number): Promise<boolean> {
  const res = await getDb(d1)
    .update(dashboardSessions)
    .set({ tokenHash: newHash, prevTokenHash: oldHash, issuedAtMs: now, usedAtMs: now, rotatedAtMs: now })
    .where(and(eq(dashboardSessions.id, id), eq(dashboardSessions.tokenHash, oldHash)))
    .run();
  return res.meta.changes > 0;
}

export async function deleteSession(d1: D1Database, id: string): Promise<void> {
  await getDb(d1).delete(dashboardSessions).where(eq(dashboardSessions.id, id));
}

/** Housekeeping at sign-in: a key's sessions past their absolute end. */
export async function deleteExpiredSessions(d1: D1Database, keyId: string, now: number): Promise<void> {
  await getDb(d1)
    .delete(dashboardSessions)
    .where(and(eq(dashboardSessions.keyId, keyId), lt(dashboardSessions.expiresAtMs, now)));
}
