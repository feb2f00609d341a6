import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { hasScope, type Scope } from "../platform/api-keys";
import { Forbidden, Unauthorized } from "../platform/errors";
import { lookupApiKey, SESSION_COOKIE } from "../routes/auth";
import type { AppEnv } from "../routes/router";
import { AccessJwtError, verifyAccessJwt, type JwksFetcher } from "./access-jwt";

/** Scopes an identity that passed Cloudflare Access (and presented no key) gets. */
export const ACCESS_SCOPES: readonly string[] = ["dashboard:read"];

let jwksFetcher: JwksFetcher | undefined;
/** Tests inject a JWKS source (a locally generated key pair); production fetches the team's certs. */
export function setAccessJwksFetcher(f: JwksFetcher | undefined): void {
  jwksFetcher = f;
}

export function accessConfigured(env: Env): boolean {
  return Boolean(env.ACCESS_TEAM_DOMAIN?.trim() && env.ACCESS_AUD?.trim());
}

type Who = { ok: true; actor: string; scopes: string[] } | { ok: false; status: 401 | 403; reason: string };

/**
 * Who is looking at the dashboard. With Access configured, a valid `Cf-Access-Jwt-Assertion` is
 * required on every request (a missing one means Access was bypassed); the session key, when
 * present, adds its scopes (so a person can approve drafts with a sales:write key). Without
 * Access, the `l2c_key` cookie (or a bearer key) is the only credential.
 */
export async function identify(c: Context<AppEnv>): Promise<Who> {
  const env = c.env;
  let actor: string | null = null;
  const scopes = new Set<string>();
  if (accessConfigured(env)) {
    const token = c.req.header("cf-access-jwt-assertion") ?? getCookie(c, "CF_Authorization");
    if (!token) return { ok: false, status: 401, reason: "Cloudflare Access token missing" };
    try {
      const id = await verifyAccessJwt(token, { teamDomain: env.ACCESS_TEAM_DOMAIN, aud: env.ACCESS_AUD, fetcher: jwksFetcher });
      actor = `access:${id.email ?? id.sub}`;
      for (const s of ACCESS_SCOPES) scopes.add(s);
    } catch (err) {
      return {
        ok: false,
        status: 401,
        reason:
          err instanceof AccessJwtError
            ? `Cloudflare Access token rejected: ${err.message}`
            : "Cloudflare Access token could not be verified",
      };
    }
  }
  const auth = c.req.header("authorization");
  const key = auth?.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : getCookie(c, SESSION_COOKIE);
  if (key) {
    const found = await lookupApiKey(env, key);
    if (found) {
      actor ??= `key:${found.id}`;
      for (const s of found.scopes) scopes.add(s);
    } else if (!actor) {
      return { ok: false, status: 401, reason: "Unknown or revoked API key" };
    }
  }
  if (!actor) return { ok: false, status: 401, reason: "Sign in with an API key" };
  return { ok: true, actor, scopes: [...scopes] };
}

/** For JSON endpoints and the WebSocket: problem+json 401/403. */
export function requireDashboard(scope: Scope = "dashboard:read"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const who = await identify(c);
    if (!who.ok) throw who.status === 401 ? new Unauthorized(who.reason) : new Forbidden(who.reason);
    if (!hasScope(who.scopes, scope)) throw new Forbidden(`The dashboard needs the scope ${scope}`);
    c.set("actor", who.actor);
    c.set("scopes", who.scopes);
    await next();
  };
}

/** Rejects cross-site form posts (SameSite=Strict already keeps the cookie off them). */
export function sameOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (!origin || origin === "null") return !origin;
  return origin === new URL(c.req.url).origin;
}
