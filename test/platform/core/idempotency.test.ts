import { describe, expect, it } from "vitest";
import {
  appliesTo,
  checkIdempotencyKey,
  decide,
  fingerprintPrefix,
  isStorable,
  MAX_STORED_BODY_CHARS,
  replayedHeaders,
  type StoredKey,
} from "../../../src/platform/idempotency";

const NOW = 1_800_000_000_000;
const stored = (over: Partial<StoredKey> = {}): StoredKey => ({
  requestHash: "h1",
  status: "done",
  lockedUntilMs: NOW + 30_000,
  expiresAtMs: NOW + 3_600_000,
  ...over,
});

describe("checkIdempotencyKey", () => {
  it("accepts a UUID and trims surrounding whitespace", () => {
    expect(checkIdempotencyKey("  4f9c2a6e-0d1b-4c1e-9a7f-2b3c4d5e6f70 ")).toEqual({
      ok: true,
      key: "4f9c2a6e-0d1b-4c1e-9a7f-2b3c4d5e6f70",
    });
  });
  it("accepts exactly 255 printable characters and refuses 256", () => {
    expect(checkIdempotencyKey("k".repeat(255))).toEqual({ ok: true, key: "k".repeat(255) });
    const long = checkIdempotencyKey("k".repeat(256));
    expect(long.ok).toBe(false);
    expect(long.ok === false && long.reason).toMatch(/255/);
  });
  it("refuses an empty key, inner spaces and non-ASCII", () => {
    const empty = checkIdempotencyKey("   ");
    expect(empty.ok === false && empty.reason).toMatch(/empty/);
    for (const bad of ["a b", "clé", "tab\there", "\x7f"]) {
      const r = checkIdempotencyKey(bad);
      expect(r.ok === false && r.reason).toMatch(/printable ASCII/);
    }
  });
  it("accepts the printable extremes ! and ~", () => {
    expect(checkIdempotencyKey("!~").ok).toBe(true);
  });
});

describe("appliesTo", () => {
  it("covers POST, PUT and PATCH in any case, not GET or DELETE", () => {
    expect(["POST", "put", "Patch"].map(appliesTo)).toEqual([true, true, true]);
    expect(["GET", "DELETE", "HEAD", "OPTIONS"].map(appliesTo)).toEqual([false, false, false, false]);
  });
});

describe("fingerprintPrefix", () => {
  it("length-prefixes method, path and bare media type so no two requests share a preimage", () => {
    expect(fingerprintPrefix("post", "/api/x?a=1", "Application/JSON; charset=utf-8")).toBe("4:POST|10:/api/x?a=1|16:application/json|");
    expect(fingerprintPrefix("POST", "/a", null)).toBe("4:POST|2:/a|0:|");
    expect(fingerprintPrefix("POST", "/a", " text/csv ; header=present")).toBe("4:POST|2:/a|8:text/csv|");
    expect(fingerprintPrefix("POST", "/a|", "b")).not.toBe(fingerprintPrefix("POST", "/a", "|b"));
  });
});

describe("decide", () => {
  it("executes when nothing is stored", () => {
    expect(decide(null, "h1", NOW)).toEqual({ kind: "execute" });
  });
  it("replays a finished request with the same hash", () => {
    expect(decide(stored(), "h1", NOW)).toEqual({ kind: "replay" });
  });
  it("refuses a different request under the same key, finished or in flight", () => {
    expect(decide(stored(), "h2", NOW)).toEqual({ kind: "mismatch" });
    expect(decide(stored({ status: "in_flight" }), "h2", NOW)).toEqual({ kind: "mismatch" });
  });
  it("takes over an expired row even for another request (the key is free again after 24 h)", () => {
    expect(decide(stored({ expiresAtMs: NOW }), "h2", NOW)).toEqual({ kind: "take_over" });
    expect(decide(stored({ expiresAtMs: NOW + 1 }), "h2", NOW)).toEqual({ kind: "mismatch" });
  });
  it("reports a live reservation as in flight with the seconds left on its lease, at least 1", () => {
    expect(decide(stored({ status: "in_flight", lockedUntilMs: NOW + 2_500 }), "h1", NOW)).toEqual({
      kind: "in_flight",
      retryAfterSeconds: 3,
    });
    expect(decide(stored({ status: "in_flight", lockedUntilMs: NOW + 1 }), "h1", NOW)).toEqual({ kind: "in_flight", retryAfterSeconds: 1 });
  });
  it("takes over a reservation whose lease ran out (its request died)", () => {
    expect(decide(stored({ status: "in_flight", lockedUntilMs: NOW }), "h1", NOW)).toEqual({ kind: "take_over" });
  });
  it("replays a finished request even after its lease time passed", () => {
    expect(decide(stored({ lockedUntilMs: NOW - 1 }), "h1", NOW)).toEqual({ kind: "replay" });
  });
});

describe("isStorable", () => {
  it("keeps 2xx and the client's 4xx, not 5xx or 429", () => {
    expect([200, 201, 202, 400, 404, 409, 422, 499].map((s) => isStorable(s, 10))).toEqual(Array(8).fill(true));
    expect([429, 500, 503].map((s) => isStorable(s, 10))).toEqual([false, false, false]);
  });
  it("keeps bodies up to the cap, not one character past it", () => {
    expect(isStorable(200, MAX_STORED_BODY_CHARS)).toBe(true);
    expect(isStorable(200, MAX_STORED_BODY_CHARS + 1)).toBe(false);
  });
});

describe("replayedHeaders", () => {
  it("keeps only the headers a replay repeats, lower-cased, in a stable order", () => {
    const h = replayedHeaders([
      ["Server-Timing", "x;dur=1"],
      ["X-Next-Cursor", "abc"],
      ["Content-Type", "application/json"],
      ["Request-Id", "req_1"],
      ["Location", "/api/x"],
    ]);
    expect(h).toEqual({ "content-type": "application/json", location: "/api/x", "x-next-cursor": "abc" });
    expect(Object.keys(h)).toEqual(["content-type", "location", "x-next-cursor"]);
    expect(replayedHeaders(new Headers({ "x-l2c-effects": "none", "content-disposition": "attachment" }))).toEqual({
      "x-l2c-effects": "none",
      "content-disposition": "attachment",
    });
  });
});
