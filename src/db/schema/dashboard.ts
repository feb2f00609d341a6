import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Dashboard sign-ins (src/dashboard/session.ts): the browser holds a random token, only its
 * SHA-256 is stored. A session belongs to the API key it was exchanged for, so revoking the key ends
 * it (reads join api_keys). Times are epoch ms.
 */
export const dashboardSessions = sqliteTable(
  "dashboard_sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The token before the last rotation, still accepted for a few seconds (requests in flight). */
    prevTokenHash: text("prev_token_hash"),
    keyId: text("key_id").notNull(),
    actor: text("actor").notNull(),
    /** JSON array: the key's scopes when the session was made. */
    scopes: text("scopes").notNull(),
    createdAtMs: integer("created_at_ms").notNull(),
    /** When the current token was issued (rotation is due some minutes later). */
    issuedAtMs: integer("issued_at_ms").notNull(),
    usedAtMs: integer("used_at_ms").notNull(),
    /** Absolute end, whatever the use. */
    expiresAtMs: integer("expires_at_ms").notNull(),
    rotatedAtMs: integer("rotated_at_ms"),
  },
  (t) => [index("dashboard_sessions_prev").on(t.prevTokenHash), index("dashboard_sessions_key").on(t.keyId)],
);
