import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../../src/platform/cursor";
import {
  LIST_LIMIT,
  money,
  moneyOrNull,
  pageOf,
  parseCursor,
  parseLimit,
  snakeEnum,
  snakeEnumOrNull,
} from "../../../src/platform/list-page";
import { Refusal } from "../../../src/platform/errors";

const refusal = (fn: () => unknown): Refusal => {
  try {
    fn();
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
  throw new Error("expected a refusal");
};

describe("parseLimit", () => {
  it("defaults when absent and takes every whole number from 1 to the maximum", () => {
    expect(parseLimit(undefined)).toBe(LIST_LIMIT.default);
    expect(parseLimit("")).toBe(LIST_LIMIT.default);
    expect(parseLimit("1")).toBe(1);
    expect(parseLimit(String(LIST_LIMIT.max))).toBe(LIST_LIMIT.max);
    expect(parseLimit(7)).toBe(7);
  });
  it("refuses (422 invalid_input, never clamps) zero, past the maximum, fractions, signs and words", () => {
    for (const bad of ["0", String(LIST_LIMIT.max + 1), "1000000", "1.5", "-3", "+3", "ten", " 5", "1e2", 0, 2.5]) {
      const r = refusal(() => parseLimit(bad));
      expect(r.kind, String(bad)).toBe("invalid_input");
      expect(r.extra.errors).toEqual([expect.objectContaining({ path: "limit" })]);
    }
  });
  it("is the documented 50 / 200", () => {
    expect(LIST_LIMIT).toEqual({ default: 50, max: 200 });
  });
});

describe("parseCursor", () => {
  it("gives back the key parts of a cursor of the same arity, undefined for the first page", () => {
    expect(parseCursor(undefined, 2)).toBeUndefined();
    expect(parseCursor("", 1)).toBeUndefined();
    expect(parseCursor(encodeCursor(["2026-12-01T00:00:00.000Z", "lead_1"]), 2)).toEqual(["2026-12-01T00:00:00.000Z", "lead_1"]);
    expect(parseCursor(encodeCursor(["INV-9"]), 1)).toEqual(["INV-9"]);
  });
  it("refuses a raw id, another list's cursor (other arity) and noise with invalid_cursor", () => {
    for (const [bad, arity] of [
      ["INV-9", 1],
      [encodeCursor(["a", "b"]), 1],
      [encodeCursor(["a"]), 2],
      ["%%%", 2],
      [btoa("{}"), 1],
    ] as const) {
      const r = refusal(() => parseCursor(bad, arity));
      expect(r.kind).toBe("invalid_input");
      expect(r.code, bad).toBe("invalid_cursor");
    }
  });
});

describe("pageOf", () => {
  it("presents every row in order and encodes the next key opaquely, null on the last page", () => {
    const rows = [{ n: 1 }, { n: 2 }, { n: 3 }];
    const page = pageOf(rows, ["2026-12-01", "x_3"], (r) => r.n * 10);
    expect(page.data).toEqual([10, 20, 30]);
    expect(page.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(page.next_cursor!, 2)).toEqual(["2026-12-01", "x_3"]);
    expect(pageOf(rows, null, (r) => r)).toEqual({ data: rows, next_cursor: null });
    expect(Object.keys(pageOf([], null, (r) => r))).toEqual(["data", "next_cursor"]);
  });
});

describe("snakeEnum", () => {
  it("lowers upper snake case and camel case, keeps lower snake case", () => {
    expect(snakeEnum("VERIFIED")).toBe("verified");
    expect(snakeEnum("VERIFIED_MATCH")).toBe("verified_match");
    expect(snakeEnum("UNMATCHED_ENTRY")).toBe("unmatched_entry");
    expect(snakeEnum("crm_hubspot")).toBe("crm_hubspot");
    expect(snakeEnum("invoicePaid")).toBe("invoice_paid");
    expect(snakeEnum("per seat")).toBe("per_seat");
    expect(snakeEnum("camt053")).toBe("camt053");
    expect(snakeEnumOrNull(null)).toBeNull();
    expect(snakeEnumOrNull("OPEN")).toBe("open");
  });
});

describe("money", () => {
  it("is an object of integer minor units and a currency; null when a part is missing", () => {
    expect(money(101801, "EUR")).toEqual({ amount_minor: 101801, currency: "EUR" });
    expect(moneyOrNull(0, "USD")).toEqual({ amount_minor: 0, currency: "USD" });
    expect(moneyOrNull(null, "USD")).toBeNull();
    expect(moneyOrNull(5, null)).toBeNull();
    expect(moneyOrNull(undefined, "USD")).toBeNull();
  });
});
