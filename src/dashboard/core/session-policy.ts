/**
 * When a dashboard session is still good, when its token is rotated, and which requests may use
 * it: plain functions over times and headers (no bindings), so every rule is unit-tested.
 */

/** Absolute lifetime from sign-in, whatever the use. */
export const SESSION_ABSOLUTE_MS = 8 * 3600_000;
/** Unused this long, a session ends (a page left open with nothing happening signs out). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A token older than this is replaced by a new one on its next use. */
export const SESSION_ROTATE_MS = 10 * 60_000;
/** After a rotation the old token still works this long: requests already in flight carry it. */
export const SESSION_ROTATION_GRACE_MS = 60_000;
/** The idle clock is written at most this often (not one D1 write per request). */
export const SESSION_TOUCH_MS = 60_000;

/** The times of a stored session that the rules read. */
export type SessionTimes = {
  createdAtMs: number;
  issuedAtMs: number;
  usedAtMs: number;
  expiresAtMs: number;
  rotatedAtMs: number | null;
};

export type SessionVerdict = { ok: false; reason: "expired" | "idle" | "superseded" } | { ok: true; rotate: boolean; touch: boolean };

/**
 * `viaPrevious`: the presented token is the one replaced at the last rotation; it is accepted only
 * within the grace period and never rotated again (the new token is already out).
 */
export function judgeSession(s: SessionTimes, now: number, viaPrevious = false): SessionVerdict {
  if (now >= s.expiresAtMs) return { ok: false, reason: "expired" };
  if (now - s.usedAtMs >= SESSION_IDLE_MS) return { ok: false, reason: "idle" };
  if (viaPrevious) {
    if (s.rotatedAtMs === null || now - s.rotatedAtMs >= SESSION_ROTATION_GRACE_MS) return { ok: false, reason: "superseded" };
    return { ok: true, rotate: false, touch: false };
  }
  return { ok: true, rotate: now - s.issuedAtMs >= SESSION_ROTATE_MS, touch: now - s.usedAtMs >= SESSION_TOUCH_MS };
}

/** A new session's times. */
export function newSessionTimes(now: number): SessionTimes {
  return { createdAtMs: now, issuedAtMs: now, usedAtMs: now, expiresAtMs: now + SESSION_ABSOLUTE_MS, rotatedAtMs: null };
}

/** Seconds the cookie should live: never past the session's absolute end. */
export function cookieMaxAge(s: Pick<SessionTimes, "expiresAtMs">, now: number): number {
  return Math.max(0, Math.floor((s.expiresAtMs - now) / 1000));
}

/**
 * `__Host-` binds the cookie to this exact host (no Domain, Path=/, Secure): a sibling subdomain
 * cannot set or overwrite it. Browsers accept that prefix only with Secure, i.e. over https; plain
 * http (wrangler dev on 127.0.0.1) gets the same cookie without the prefix.
 */
export function sessionCookieName(https: boolean): string {
  return https ? "__Host-l2c_session" : "l2c_session";
}

export type OriginCheck = {
  method: string;
  /** The request's Origin header (null when absent). */
  origin: string | null;
  /** The worker's own origin, from the request URL. */
  self: string;
  /** True when the credential rides along by itself (a cookie), false for an Authorization header. */
  ambient: boolean;
  /** A WebSocket upgrade (a GET that opens a channel with the session's rights). */
  upgrade: boolean;
};

/**
 * Cross-site request forgery: a browser attaches cookies to requests a page on a sibling origin
 * makes (SameSite=Strict treats every origin of the same site as one), but it always tells the
 * truth in `Origin` on POSTs and WebSocket upgrades. So a state-changing request or an upgrade
 * authenticated by cookie must carry exactly our origin; a missing Origin is refused. A request
 * with an Authorization header carries no ambient credential; a foreign Origin is refused anyway.
 */
export function originAllowed(c: OriginCheck): boolean {
  const safe = (c.method === "GET" || c.method === "HEAD" || c.method === "OPTIONS") && !c.upgrade;
  if (safe) return true;
  if (c.origin === null) return !c.ambient;
  return c.origin === c.self;
}
