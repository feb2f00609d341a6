import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { apiKeys } from "../db/schema";
import { hashApiKey } from "./api-keys";

export type ApiKeyGrant = { id: string; scopes: string[] };

/**
 * An API key's id and scopes by the HMAC of the presented key; null when unknown or revoked.
 * Shared by the API's bearer check (routes/auth.ts) and the dashboard's sign-in.
 */
export async function lookupApiKey(env: Pick<Env, "DB" | "API_KEY_PEPPER">, key: string): Promise<ApiKeyGrant | null> {
  const hash = await hashApiKey(key, env.API_KEY_PEPPER);
  const rows = await getDb(env.DB)
    .select({ id: apiKeys.id, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, scopes: JSON.parse(row.scopes) as string[] };
}
