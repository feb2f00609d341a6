import { describe, expect, it } from "vitest";
import {
  clip,
  concatBytes,
  isoFromMillis,
  isRecord,
  parseIntegerHeader,
  parseJsonText,
  scalarRecord,
  secretList,
  toInternalEvent,
  zodIssues,
} from "../../../src/gateway/core/common";

describe("adapter helpers at their edges", () => {
  it("splits secrets on any run of spaces, tabs, newlines and commas", () => {
    expect(secretList("a\tb\n c ,, d")).toEqual(["a", "b", "c", "d"]);
    expect(secretList(",,")).toEqual([]);
  });

  it("takes a header number of exactly the maximum digits, not one more", () => {
    expect(parseIntegerHeader("123456789012", 12)).toBe(123456789012);
    expect(parseIntegerHeader("1234567890123", 12)).toBeNull();
    expect(parseIntegerHeader("12a")).toBeNull();
    expect(parseIntegerHeader("99999999999999999", 17)).toBeNull(); // not a safe integer
  });

  it("joins byte arrays in order", () => {
    expect([...concatBytes(new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3]))]).toEqual([1, 2, 3]);
    expect(concatBytes().byteLength).toBe(0);
  });

  it("calls only plain objects records", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord("x")).toBe(false);
  });

  it("clips at the limit, keeping a string of exactly the limit whole", () => {
    expect(clip("abcd", 4)).toBe("abcd");
    expect(clip("abcde", 4)).toBe("abcd");
    expect(clip("x".repeat(4001))).toHaveLength(4000);
    expect(clip("x".repeat(4000))).toHaveLength(4000);
  });

  it("keeps a key of 100 characters, drops one of 101, a non-finite number and counts only what it keeps", () => {
    const k100 = "k".repeat(100);
    const k101 = "k".repeat(101);
    expect(scalarRecord({ [k100]: 1, [k101]: 2, inf: Number.POSITIVE_INFINITY, nan: Number.NaN, s: "x".repeat(5000) })).toEqual({
      [k100]: 1,
      s: "x".repeat(4000),
    });
    const skipped = { a: {}, b: [], c: 1, d: 2 };
    expect(scalarRecord(skipped, 2)).toEqual({ c: 1, d: 2 });
  });

  it("answers null for epoch milliseconds out of range, and ISO otherwise", () => {
    expect(isoFromMillis(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoFromMillis(8.64e15)).toBe("+275760-09-13T00:00:00.000Z");
    expect(isoFromMillis(8.64e15 + 1)).toBeNull();
    expect(isoFromMillis(-1)).toBeNull();
    expect(isoFromMillis(Number.NaN)).toBeNull();
    expect(isoFromMillis(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it("lists at most 20 zod issues with dotted paths", () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({ path: ["a", i], message: `m${i}` }));
    const out = zodIssues({ issues });
    expect(out).toHaveLength(20);
    expect(out[3]).toEqual({ path: "a.3", message: "m3" });
  });

  it("refuses JSON that does not parse as a bad request naming what it was", () => {
    expect(parseJsonText('{"a":1}', "X")).toEqual({ a: 1 });
    expect(() => parseJsonText("{", "Stripe body")).toThrowError(
      expect.objectContaining({ kind: "bad_request", message: "Stripe body is not valid JSON" }),
    );
  });

  it("refuses a candidate that is not an internal event, listing the paths", () => {
    try {
      toInternalEvent({ source: "nowhere" });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ kind: "invalid_input", message: "The delivery does not map to a valid internal event" });
      const errors = (err as { extra: { errors: Array<{ path: string; message: string }> } }).extra.errors;
      expect(errors.length).toBeGreaterThan(1);
      expect(errors.every((e) => typeof e.path === "string" && e.message.length > 0)).toBe(true);
      expect(errors.map((e) => e.path)).toContain("vendor_event_id");
    }
  });
});
