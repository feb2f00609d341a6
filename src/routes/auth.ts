import type { MiddlewareHandler } from "hono";
import { lookupApiKey } from "../platform/api-key-lookup";
import { hasScope, type Scope } from "../platform/api-keys";
import { Forbidden } from "../platform/errors";
import { authFailure, countWrite } from "../platform/rate-limit";
import { setRequestKey } from "../platform/request-context";
import { idempotent } from "./middleware/idempotency";
import type { AppEnv } from "./router";

/**
 * Reads the API key from `Authorization: Bearer` or `x-api-key`. Never from a cookie: a browser
 * attaches cookies to requests other pages make, so the API takes only credentials a page cannot
 * send cross-origin without our CORS consent. The dashboard's cookie session is accepted only on
 * dashboard routes (routes/dashboard.ts), behind an Origin check.
 */
function presentedKey(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | undefined {
  const auth = c.req.header("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) return auth.slice(7).trim();
  return c.req.header("x-api-key") ?? undefined;
}

/**
 * 401 when no valid key is presented (who are you?), 403 when the key is valid but lacks the
 * scope (you may not), 429 past the failed-authentication or the key's write limit. Sets `actor`
 * and `scopes` for handlers and audit records, then runs the request under its Idempotency-Key.
 */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get("scopes")) {
      const key = presentedKey(c);
      if (!key) throw await authFailure(c.env, c.req.raw.headers, null, "An API key is required (Authorization: Bearer <key>)");
      const found = await lookupApiKey(c.env, key);
      if (!found) throw await authFailure(c.env, c.req.raw.headers, key, "Unknown or revoked API key");
      c.set("actor", `key:${found.id}`);
      c.set("scopes", found.scopes);
      setRequestKey(found.id);
      await countWrite(c.env, c.req.method, found.id);
    }
    if (!hasScope(c.get("scopes") ?? [], scope)) throw new Forbidden(`This endpoint needs the scope ${scope}`);
    return idempotent(c, next);
  };
}
