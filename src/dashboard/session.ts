import { lookupApiKey } from "../platform/api-key-lookup";
import { sha256Hex, toBase64 } from "../platform/crypto";
import { newId } from "../platform/ids";
import { AccessJwtError, verifyAccessJwt, type JwksFetcher } from "./access-jwt";
import { cookieMaxAge, judgeSession, newSessionTimes } from "./core/session-policy";
import { deleteExpiredSessions, deleteSession, findSession, insertSession, rotateSession, touchSession } from "./store/sessions";

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

/** What a dashboard request presented, read from its headers by the route. */
export type Credentials = {
  /** `Authorization: Bearer` (scripts and tests; never ambient). */
  bearer: string | null;
  /** The dashboard session cookie's token. */
  session: string | null;
  /** `Cf-Access-Jwt-Assertion` or the `CF_Authorization` cookie. */
  access: string | null;
};

/** A session token to hand back to the browser (a new one after rotation). */
export type IssuedToken = { token: string; maxAgeSeconds: number };

export type Who =
  | {
      ok: true;
      actor: string;
      scopes: string[];
      /** The session this request rode on (logout ends it). */
      sessionId: string | null;
      /** True when a cookie authenticated the request: then it needs the Origin check. */
      ambient: boolean;
      /** Set when the session's token was rotated: the route sets the new cookie. */
      rotated: IssuedToken | null;
    }
  | { ok: false; status: 401 | 403; reason: string };

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Only the SHA-256 of a session token is stored: a D1 read leak does not give sessions away. */
function tokenHash(token: string): Promise<string> {
  return sha256Hex(token);
}

export type SignInResult = { ok: true; token: IssuedToken } | { ok: false; status: 401 | 403; reason: string };

/** Exchanges an API key for a dashboard session (the key itself never goes into a cookie). */
export async function signIn(env: Env, key: string, now = Date.now()): Promise<SignInResult> {
  const found = await lookupApiKey(env, key);
  if (!found) return { ok: false, status: 401, reason: "Unknown or revoked API key." };
  if (!found.scopes.includes("*") && !found.scopes.includes("dashboard:read"))
    return { ok: false, status: 403, reason: "This key lacks the dashboard:read scope." };
  const token = randomToken();
  const times = newSessionTimes(now);
  await deleteExpiredSessions(env.DB, found.id, now);
  await insertSession(env.DB, {
    id: newId("dss"),
    tokenHash: await tokenHash(token),
    prevTokenHash: null,
    keyId: found.id,
    actor: `key:${found.id}`,
    scopes: JSON.stringify(found.scopes),
    ...times,
  });
  return { ok: true, token: { token, maxAgeSeconds: cookieMaxAge(times, now) } };
}

/** Ends the session server-side (the cookie alone would outlive a browser-side delete). */
export async function signOut(env: Env, sessionToken: string | null): Promise<void> {
  if (!sessionToken) return;
  const row = await findSession(env.DB, await tokenHash(sessionToken));
  if (row) await deleteSession(env.DB, row.id);
}

type SessionGrant = { id: string; actor: string; scopes: string[]; rotated: IssuedToken | null };

/** A live session for this token, its idle clock advanced and its token rotated when due; else null. */
async function resume(env: Env, token: string, now: number, mayRotate: boolean): Promise<SessionGrant | null> {
  const hash = await tokenHash(token);
  const row = await findSession(env.DB, hash);
  if (!row) return null;
  const verdict = judgeSession(row, now, row.tokenHash !== hash);
  if (!verdict.ok) {
    if (verdict.reason !== "superseded") await deleteSession(env.DB, row.id);
    return null;
  }
  let rotated: IssuedToken | null = null;
  if (verdict.rotate && mayRotate) {
    const next = randomToken();
    if (await rotateSession(env.DB, row.id, hash, await tokenHash(next), now))
      rotated = { token: next, maxAgeSeconds: cookieMaxAge(row, now) };
  } else if (verdict.touch) await touchSession(env.DB, row.id, now);
  return { id: row.id, actor: row.actor, scopes: JSON.parse(row.scopes) as string[], rotated };
}

/**
 * Who is looking at the dashboard. With Access configured, a valid Access token is required on
 * every request (a missing one means Access was bypassed); a session or bearer key, when present,
 * adds its scopes (so a person can approve drafts with a sales:write key). Without Access, the
 * session cookie (or a bearer key) is the only credential. `mayRotate: false` where the answer
 * cannot carry a new cookie (a WebSocket upgrade).
 */
export async function identify(env: Env, cred: Credentials, opts: { now?: number; mayRotate?: boolean } = {}): Promise<Who> {
  const now = opts.now ?? Date.now();
  let actor: string | null = null;
  const scopes = new Set<string>();
  // The Access token arrives as a cookie in browsers: ambient like the session cookie.
  let ambient = false;
  if (accessConfigured(env)) {
    if (!cred.access) return { ok: false, status: 401, reason: "Cloudflare Access token missing" };
    try {
      const id = await verifyAccessJwt(cred.access, { teamDomain: env.ACCESS_TEAM_DOMAIN, aud: env.ACCESS_AUD, fetcher: jwksFetcher });
      actor = `access:${id.email ?? id.sub}`;
      for (const s of ACCESS_SCOPES) scopes.add(s);
      ambient = !cred.bearer;
    } catch (err) {
      const reason =
        err instanceof AccessJwtError
          ? `Cloudflare Access token rejected: ${err.message}`
          : "Cloudflare Access token could not be verified";
      return { ok: false, status: 401, reason };
    }
  }
  let sessionId: string | null = null;
  let rotated: IssuedToken | null = null;
  if (cred.bearer) {
    const found = await lookupApiKey(env, cred.bearer);
    if (found) {
      actor ??= `key:${found.id}`;
      for (const s of found.scopes) scopes.add(s);
    } else if (!actor) return { ok: false, status: 401, reason: "Unknown or revoked API key" };
  } else if (cred.session) {
    const grant = await resume(env, cred.session, now, opts.mayRotate ?? true);
    if (grant) {
      actor ??= grant.actor;
      for (const s of grant.scopes) scopes.add(s);
      sessionId = grant.id;
      rotated = grant.rotated;
      ambient = true;
    } else if (!actor) return { ok: false, status: 401, reason: "Your dashboard session has ended: sign in again" };
  }
  if (!actor) return { ok: false, status: 401, reason: "Sign in with an API key" };
  return { ok: true, actor, scopes: [...scopes], sessionId, ambient, rotated };
}
