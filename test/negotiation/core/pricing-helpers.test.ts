import { describe, expect, it } from "vitest";
import { clampBps, mulDivCeil, mulDivRound } from "../../../src/negotiation/core/arithmetic";
import { familyOf, sameRequest } from "../../../src/negotiation/core/counter-steps";
import { applyAmount, applyBps, validate } from "../../../src/negotiation/core/pricing-lines";
import { describePolicy, verdictFor } from "../../../src/negotiation/core/pricing-rules";
import * as pricing from "../../../src/negotiation/core/pricing";
import type { QuoteLine } from "../../../src/negotiation/core/types";
import { facts } from "./catalog";

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

describe("pricing helpers (split out of pricing.ts)", () => {
  it("keeps the engine's public names importable from pricing.ts", () => {
    expect(pricing.mulDivRound).toBe(mulDivRound);
    expect(pricing.formatMoney(123_456, "EUR")).toBe("€1,234.56");
    expect(pricing.formatBps(1250)).toBe("12.5%");
    expect(pricing.MAX_TERM_MONTHS).toBe(120);
  });

  it("rounds half away from zero, ceils exactly, clamps basis points", () => {
    expect(mulDivRound(5, 1, 2)).toBe(3);
    expect(mulDivRound(-5, 1, 2)).toBe(-3);
    expect(mulDivRound(4, 1, 2)).toBe(2);
    expect(() => mulDivRound(1, 1, 0)).toThrow(RangeError);
    expect(mulDivCeil(10_001, 1, 10_000)).toBe(2);
    expect(mulDivCeil(10_000, 1, 10_000)).toBe(1);
    expect([clampBps(-5), clampBps(12_000), clampBps(1500.9)]).toEqual([0, 10_000, 1500]);
  });

  it("spreads an exact discount pro rata with the leftover to the largest remainder, earlier line first", () => {
    const out = applyAmount([line("A", 100), line("B", 100), line("C", 100)], 100, 300);
    expect(out.map((l) => l.line_discount_minor)).toEqual([34, 33, 33]);
    expect(out.reduce((a, l) => a + l.line_net_minor, 0)).toBe(200);
    expect(applyAmount([line("A", 100)], 0, 100)[0]?.line_net_minor).toBe(100);
  });

  it("rounds a percentage discount once per line", () => {
    expect(applyBps([line("A", 105), line("B", 105)], 1000).map((l) => l.line_discount_minor)).toEqual([11, 11]);
  });

  it("refuses bad requests with a typed code", () => {
    expect(() => validate({ items: [], term_months: 12 })).toThrow(expect.objectContaining({ code: "empty_request" }));
    expect(() => validate({ items: [{ sku: "A", qty: 0 }], term_months: 12 })).toThrow(
      expect.objectContaining({ code: "invalid_quantity" }),
    );
    expect(() => validate({ items: [{ sku: "A", qty: 1 }], term_months: 121 })).toThrow(expect.objectContaining({ code: "invalid_term" }));
    expect(() => validate({ items: [{ sku: "A", qty: 1 }], term_months: 12, requested_discount_bps: 10_001 })).toThrow(
      expect.objectContaining({ code: "invalid_discount" }),
    );
    expect(() => validate({ items: [{ sku: "A", qty: 1 }], term_months: 120 })).not.toThrow();
  });

  it("judges an ask against the approval threshold and the maximum, both inclusive", () => {
    const policy = { rule: null, max_discount_bps: 2000, approval_above_bps: 1000 };
    expect([verdictFor(1000, policy), verdictFor(1001, policy), verdictFor(2000, policy), verdictFor(2001, policy)]).toEqual([
      "within_policy",
      "needs_approval",
      "needs_approval",
      "refused",
    ]);
    expect(describePolicy(policy, facts(), 100, 12)).toContain("no discount rule applies");
  });

  it("groups products by SKU prefix and compares requests by value", () => {
    expect([familyOf("LL-PRO"), familyOf("LL-STD-2"), familyOf("SOLO"), familyOf("-X")]).toEqual(["LL", "LL", "SOLO", "-X"]);
    expect(sameRequest({ items: [{ sku: "A", qty: 1 }], term_months: 12 }, { items: [{ sku: "A", qty: 1 }], term_months: 12 })).toBe(true);
    expect(sameRequest({ items: [{ sku: "A", qty: 1 }], term_months: 12 }, { items: [{ sku: "A", qty: 2 }], term_months: 12 })).toBe(false);
  });
});
