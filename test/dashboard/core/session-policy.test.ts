import { describe, expect, it } from "vitest";
import {
  cookieMaxAge,
  judgeSession,
  newSessionTimes,
  originAllowed,
  sessionCookieName,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SESSION_ROTATE_MS,
  SESSION_ROTATION_GRACE_MS,
  SESSION_TOUCH_MS,
  type OriginCheck,
} from "../../../src/dashboard/core/session-policy";

const T0 = Date.UTC(2026, 11, 4, 9, 0, 0);

describe("dashboard session lifetime", () => {
  it("lasts 8 hours at most, 30 minutes unused, and rotates its token after 10 minutes", () => {
    expect(SESSION_ABSOLUTE_MS).toBe(8 * 3600_000);
    expect(SESSION_IDLE_MS).toBe(30 * 60_000);
    expect(SESSION_ROTATE_MS).toBe(10 * 60_000);
  });

  it("accepts a fresh session without rotating or writing the idle clock", () => {
    expect(judgeSession(newSessionTimes(T0), T0 + 1000)).toEqual({ ok: true, rotate: false, touch: false });
  });

  it("writes the idle clock once a minute, not on every request", () => {
    const s = newSessionTimes(T0);
    expect(judgeSession(s, T0 + SESSION_TOUCH_MS - 1)).toMatchObject({ ok: true, touch: false });
    expect(judgeSession(s, T0 + SESSION_TOUCH_MS)).toMatchObject({ ok: true, touch: true });
  });

  it("ends a session unused for 30 minutes, at the exact boundary", () => {
    const s = newSessionTimes(T0);
    expect(judgeSession(s, T0 + SESSION_IDLE_MS - 1).ok).toBe(true);
    expect(judgeSession(s, T0 + SESSION_IDLE_MS)).toEqual({ ok: false, reason: "idle" });
  });

  it("ends a session 8 hours after sign-in even if it was used a second ago", () => {
    const s = { ...newSessionTimes(T0), usedAtMs: T0 + SESSION_ABSOLUTE_MS - 1000, issuedAtMs: T0 + SESSION_ABSOLUTE_MS - 1000 };
    expect(judgeSession(s, T0 + SESSION_ABSOLUTE_MS - 1).ok).toBe(true);
    expect(judgeSession(s, T0 + SESSION_ABSOLUTE_MS)).toEqual({ ok: false, reason: "expired" });
  });

  it("asks for a new token once the current one is 10 minutes old", () => {
    const s = { ...newSessionTimes(T0), usedAtMs: T0 + SESSION_ROTATE_MS - 1 };
    expect(judgeSession(s, T0 + SESSION_ROTATE_MS - 1)).toMatchObject({ ok: true, rotate: false });
    expect(judgeSession(s, T0 + SESSION_ROTATE_MS)).toMatchObject({ ok: true, rotate: true });
  });

  it("accepts the token replaced by a rotation for one minute only, and never rotates it again", () => {
    const rotatedAt = T0 + SESSION_ROTATE_MS;
    const s = { ...newSessionTimes(T0), issuedAtMs: rotatedAt, usedAtMs: rotatedAt, rotatedAtMs: rotatedAt };
    expect(judgeSession(s, rotatedAt + SESSION_ROTATION_GRACE_MS - 1, true)).toEqual({ ok: true, rotate: false, touch: false });
    expect(judgeSession(s, rotatedAt + SESSION_ROTATION_GRACE_MS, true)).toEqual({ ok: false, reason: "superseded" });
    expect(judgeSession({ ...s, rotatedAtMs: null }, rotatedAt, true)).toEqual({ ok: false, reason: "superseded" });
  });

  it("never lets the cookie outlive the session", () => {
    const s = newSessionTimes(T0);
    expect(cookieMaxAge(s, T0)).toBe(8 * 3600);
    expect(cookieMaxAge(s, T0 + 3600_000 + 500)).toBe(7 * 3600 - 1);
    expect(cookieMaxAge(s, T0 + SESSION_ABSOLUTE_MS + 1)).toBe(0);
  });

  it("names the cookie __Host- over https only (browsers refuse that prefix without Secure)", () => {
    expect(sessionCookieName(true)).toBe("__Host-l2c_session");
    expect(sessionCookieName(false)).toBe("l2c_session");
  });
});

describe("Origin rule against same-site request forgery", () => {
  const self = "https://l2c.example";
  const base: OriginCheck = { method: "POST", origin: self, self, ambient: true, upgrade: false };

  it("lets reads through whatever their Origin", () => {
    expect(originAllowed({ ...base, method: "GET", origin: null })).toBe(true);
    expect(originAllowed({ ...base, method: "GET", origin: "https://evil.example" })).toBe(true);
    expect(originAllowed({ ...base, method: "HEAD", origin: null })).toBe(true);
  });

  it("lets a cookie-authenticated write through only with exactly our Origin", () => {
    expect(originAllowed(base)).toBe(true);
    expect(originAllowed({ ...base, origin: null })).toBe(false);
    expect(originAllowed({ ...base, origin: "null" })).toBe(false);
    expect(originAllowed({ ...base, origin: "https://evil.example" })).toBe(false);
    // Same site, other origin: another port, another scheme, a sibling subdomain.
    expect(originAllowed({ ...base, origin: "https://l2c.example:8443" })).toBe(false);
    expect(originAllowed({ ...base, origin: "http://l2c.example" })).toBe(false);
    expect(originAllowed({ ...base, origin: "https://shop.l2c.example" })).toBe(false);
    expect(originAllowed({ ...base, method: "DELETE", origin: null })).toBe(false);
  });

  it("treats a WebSocket upgrade like a write: a GET, but it opens the live feed with the session", () => {
    const ws = { ...base, method: "GET", upgrade: true };
    expect(originAllowed(ws)).toBe(true);
    expect(originAllowed({ ...ws, origin: null })).toBe(false);
    expect(originAllowed({ ...ws, origin: "http://127.0.0.1:9000" })).toBe(false);
  });

  it("lets a request with an Authorization header go without Origin (no ambient credential), never with a foreign one", () => {
    expect(originAllowed({ ...base, ambient: false, origin: null })).toBe(true);
    expect(originAllowed({ ...base, ambient: false, upgrade: true, method: "GET", origin: null })).toBe(true);
    expect(originAllowed({ ...base, ambient: false, origin: "https://evil.example" })).toBe(false);
  });
});
