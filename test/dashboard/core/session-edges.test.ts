import { describe, expect, it } from "vitest";
import { judgeSession, originAllowed, SESSION_ROTATION_GRACE_MS, type SessionTimes } from "../../../src/dashboard/core/session-policy";

/** Session and Origin rules at the cases the main suite leaves out: preflights, and a previous token that was never rotated. */

describe("session edges", () => {
  it("lets a CORS preflight through without an Origin, but not when it asks to upgrade", () => {
    const c = { method: "OPTIONS", origin: null, self: "https://l2c.example", ambient: true, upgrade: false };
    expect(originAllowed(c)).toBe(true);
    expect(originAllowed({ ...c, upgrade: true })).toBe(false);
    expect(originAllowed({ ...c, method: "PUT" })).toBe(false);
  });

  it("refuses a previous token of a session that was never rotated, even right after sign-in", () => {
    const now = 1_000;
    const s: SessionTimes = { createdAtMs: 0, issuedAtMs: 0, usedAtMs: now, expiresAtMs: now + 3_600_000, rotatedAtMs: null };
    expect(now).toBeLessThan(SESSION_ROTATION_GRACE_MS);
    expect(judgeSession(s, now, true)).toEqual({ ok: false, reason: "superseded" });
  });
});
