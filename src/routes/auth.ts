import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { hasScope, hashApiKey, type Scope } from "../platform/api-keys";
import { Forbidden, Unauthorized } from "../platform/errors";
import type { AppEnv } from "./router";

export const SESSION_COOKIE = "l2c_key";

/** Reads the API key from `Authorization: Bearer`, `x-api-key`, or the dashboard's cookie. */
function presentedKey(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | undefined {
  const auth = c.req.header("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) return auth.slice(7).trim();
  return c.req.header("x-api-key") ?? getCookie(c, SESSION_COOKIE) ?? undefined;
}

/** Looks up an API key's scopes by its hash; null when unknown or revoked. */
export async function lookupApiKey(env: Env, key: string): Promise<{ id: string; scopes: string[] } | null> {
  const hash = await hashApiKey(key, env.API_KEY_PEPPER);
  const row = await env.DB.prepare("SELECT id, scopes FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
    .bind(hash)
    .first<{ id: string; scopes: string }>();
  if (!row) return null;
  return { id: row.id, scopes: JSON.parse(row.scopes) as string[] };
}

/**
 * 401 when no valid key is presented (who are you?), 403 when the key is valid but lacks the
 * scope (you may not). Sets `actor` and `scopes` for handlers and audit records.
 */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("scopes")) {
      const key = presentedKey(c);
      if (!key) throw new Unauthorized("An API key is required (Authorization: Bearer <key>)");
      const found = await lookupApiKey(c.env, key);
      if (!found) throw new Unauthorized("Unknown or revoked API key");
      c.set("actor", `key:${found.id}`);
      c.set("scopes", found.scopes);
    }
    if (!hasScope(c.get("scopes") ?? [], scope)) throw new Forbidden(`This endpoint needs the scope ${scope}`);
    await next();
  };
}
