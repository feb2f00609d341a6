import { describe, expect, it } from "vitest";
import { parseIntegerHeader, scalarRecord, secretList, withinTolerance } from "../../../src/gateway/core/common";

describe("webhook adapter helpers", () => {
  it("reads a secret list separated by commas or spaces, so secrets can be rotated", () => {
    expect(secretList(" a, b  c,,")).toEqual(["a", "b", "c"]);
    expect(secretList("")).toEqual([]);
    expect(secretList(undefined)).toEqual([]);
  });

  it("applies the tolerance window in both directions", () => {
    expect(withinTolerance(1000, 1300, 300)).toBe(true);
    expect(withinTolerance(1000, 1301, 300)).toBe(false);
    expect(withinTolerance(1301, 1000, 300)).toBe(false);
    expect(withinTolerance(Number.NaN, 1000, 300)).toBe(false);
  });

  it("accepts only plain decimal integers as header numbers", () => {
    expect(parseIntegerHeader("1700000000")).toBe(1700000000);
    for (const bad of ["", "-1", "1e9", " 1", "0x10", "1.5", "9".repeat(20), null]) expect(parseIntegerHeader(bad)).toBeNull();
  });

  it("keeps only flat scalars of a free-form map, with bounded keys", () => {
    const input = JSON.parse('{"a":"x","b":2,"c":true,"d":null,"e":{"f":1},"g":[1],"__proto__":"p","h":1e400}');
    expect(scalarRecord(input)).toEqual({ a: "x", b: 2, c: true, d: null });
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(scalarRecord(many))).toHaveLength(50);
    expect(scalarRecord("not a map")).toEqual({});
  });
});
