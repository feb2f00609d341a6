import { describe, expect, it } from "vitest";
import { clampBps, mulDivCeil, mulDivRound } from "../../../src/negotiation/core/arithmetic";
import { applyAmount, applyBps, validate } from "../../../src/negotiation/core/pricing-lines";
import type { QuoteLine, QuoteRequest } from "../../../src/negotiation/core/types";

/* Mutation-driven tests of the pricing engine's integer helpers: signs, exactness past 2^53, the request refusals'
 * boundaries and messages, and the largest-remainder spread of an exact discount. */

const line = (sku: string, total: number): QuoteLine => ({
  sku,
  name: sku,
  qty: 1,
  unit: "seat",
  list_unit_minor: total,
  tier_unit_minor: total,
  line_total_minor: total,
  line_discount_minor: 0,
  line_net_minor: total,
});

const request = (over: Partial<QuoteRequest> = {}): QuoteRequest => ({ items: [{ sku: "A", qty: 1 }], term_months: 12, ...over });

function refusal(r: QuoteRequest): { code: string; message: string; skus: string[] } | null {
  try {
    validate(r);
    return null;
  } catch (e) {
    const err = e as { code: string; message: string; skus: string[] };
    return { code: err.code, message: err.message, skus: err.skus };
  }
}

describe("mulDivRound", () => {
  it("rounds half away from zero for every sign of numerator and divisor", () => {
    expect(mulDivRound(5, 1, -2)).toBe(-3);
    expect(mulDivRound(-5, 1, -2)).toBe(3);
    expect(mulDivRound(5, -1, 2)).toBe(-3);
    expect(mulDivRound(-7, 3, 4)).toBe(-5);
    expect(mulDivRound(7, 3, 4)).toBe(5);
    expect(mulDivRound(7, 3, -4)).toBe(-5);
    expect(mulDivRound(3, 1, 4)).toBe(1);
    expect(mulDivRound(1, 1, 4)).toBe(0);
    expect(mulDivRound(-1, 1, 4) === 0).toBe(true);
    expect(mulDivRound(0, 5, -3) === 0).toBe(true);
  });

  it("is exact where a float product would pass 2^53", () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(mulDivRound(big, 10_000, 10_000)).toBe(big);
    expect(mulDivRound(big, 3, 3)).toBe(big);
    expect(mulDivRound(big - 1, 7, 14)).toBe((big - 1) / 2);
  });

  it("refuses a zero divisor with a RangeError naming it", () => {
    expect(() => mulDivRound(3, 4, 0)).toThrow("division by zero");
  });
});

describe("mulDivCeil", () => {
  it("rounds any remainder up and an exact quotient not at all", () => {
    expect(mulDivCeil(0, 5, 3)).toBe(0);
    expect(mulDivCeil(7, 1, 7)).toBe(1);
    expect(mulDivCeil(8, 1, 7)).toBe(2);
    expect(mulDivCeil(6, 1, 7)).toBe(1);
    expect(mulDivCeil(5, 3, 4)).toBe(4);
    expect(mulDivCeil(Number.MAX_SAFE_INTEGER, 2, 2)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("clampBps", () => {
  it("keeps the bounds themselves and truncates toward zero", () => {
    expect(clampBps(0)).toBe(0);
    expect(clampBps(10_000)).toBe(10_000);
    expect(clampBps(10_000.7)).toBe(10_000);
    expect(clampBps(9_999.9)).toBe(9_999);
    expect(clampBps(-0.5) === 0).toBe(true);
  });
});

describe("validate", () => {
  it("accepts the edges of every range", () => {
    expect(refusal(request({ term_months: 1 }))).toBeNull();
    expect(refusal(request({ term_months: 120 }))).toBeNull();
    expect(refusal(request({ requested_discount_bps: 0, requested_total_minor: 0 }))).toBeNull();
    expect(refusal(request({ requested_discount_bps: 10_000 }))).toBeNull();
    expect(
      refusal(
        request({
          items: [
            { sku: "A", qty: 1 },
            { sku: "B", qty: Number.MAX_SAFE_INTEGER },
          ],
        }),
      ),
    ).toBeNull();
  });

  it("refuses a missing or non-array item list as empty", () => {
    expect(refusal({ term_months: 12 } as unknown as QuoteRequest)).toEqual({
      code: "empty_request",
      message: "A quote needs at least one item",
      skus: [],
    });
    expect(refusal({ items: "A", term_months: 12 } as unknown as QuoteRequest)?.code).toBe("empty_request");
  });

  it("refuses an item without a SKU, empty or not a string", () => {
    for (const sku of ["", 7, undefined]) {
      expect(refusal(request({ items: [{ sku: "A", qty: 1 }, { sku, qty: 1 } as never] }))).toEqual({
        code: "unknown_sku",
        message: "Every item needs a SKU",
        skus: [],
      });
    }
  });

  it("refuses a zero, negative, fractional or unsafe quantity, naming the SKU", () => {
    for (const qty of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      expect(
        refusal(
          request({
            items: [
              { sku: "A", qty: 1 },
              { sku: "LL-PRO", qty },
            ],
          }),
        ),
      ).toEqual({
        code: "invalid_quantity",
        message: "Quantity for LL-PRO must be a positive integer",
        skus: ["LL-PRO"],
      });
    }
  });

  it("refuses a term outside 1..120 months or not whole", () => {
    for (const term_months of [0, -12, 121, 12.5, Number.NaN]) {
      expect(refusal(request({ term_months }))).toEqual({
        code: "invalid_term",
        message: "term_months must be an integer from 1 to 120",
        skus: [],
      });
    }
  });

  it("refuses a discount outside 0..10000 bps or not whole", () => {
    for (const requested_discount_bps of [-1, 10_001, 12.5, Number.NaN]) {
      expect(refusal(request({ requested_discount_bps }))).toEqual({
        code: "invalid_discount",
        message: "requested_discount_bps must be an integer from 0 to 10000",
        skus: [],
      });
    }
  });

  it("refuses a negative or fractional requested total", () => {
    for (const requested_total_minor of [-1, 99.5, Number.POSITIVE_INFINITY]) {
      expect(refusal(request({ requested_total_minor }))).toEqual({
        code: "invalid_discount",
        message: "requested_total_minor must be a non-negative integer",
        skus: [],
      });
    }
  });
});

describe("applyBps", () => {
  it("discounts each line at the rate and keeps the other fields", () => {
    const out = applyBps([line("A", 10_000), line("B", 333)], 2_500);
    expect(out.map((l) => [l.sku, l.line_total_minor, l.line_discount_minor, l.line_net_minor])).toEqual([
      ["A", 10_000, 2_500, 7_500],
      ["B", 333, 83, 250],
    ]);
  });
});

describe("applyAmount", () => {
  const discounts = (totals: number[], discount: number): number[] =>
    applyAmount(
      totals.map((t, i) => line(`L${i}`, t)),
      discount,
      totals.reduce((a, t) => a + t, 0),
    ).map((l) => l.line_discount_minor);

  it("gives the leftover unit to the largest remainder wherever that line is", () => {
    expect(discounts([50, 30, 20], 7)).toEqual([4, 2, 1]);
    expect(discounts([20, 30, 50], 7)).toEqual([1, 2, 4]);
    expect(discounts([30, 50, 20], 7)).toEqual([2, 4, 1]);
  });

  it("breaks equal remainders by line order and hands out only the leftover", () => {
    expect(discounts([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(discounts([1, 1, 1, 1], 3)).toEqual([1, 1, 1, 0]);
    expect(discounts([50, 50], 10)).toEqual([5, 5]);
    expect(discounts([100, 200, 300], 600)).toEqual([100, 200, 300]);
  });

  it("nets each line and sums to exactly the discount", () => {
    const out = applyAmount([line("A", 999), line("B", 1), line("C", 500)], 751, 1_500);
    expect(out.reduce((a, l) => a + l.line_discount_minor, 0)).toBe(751);
    for (const l of out) expect(l.line_net_minor).toBe(l.line_total_minor - l.line_discount_minor);
  });

  it("gives no discount when the subtotal or the discount is zero", () => {
    const zero = applyAmount([line("A", 0), line("B", 0)], 10, 0);
    expect(zero.map((l) => [l.line_discount_minor, l.line_net_minor])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const none = applyAmount([line("A", 40), line("B", 60)], 0, 100);
    expect(none.map((l) => [l.line_discount_minor, l.line_net_minor])).toEqual([
      [0, 40],
      [0, 60],
    ]);
  });
});
