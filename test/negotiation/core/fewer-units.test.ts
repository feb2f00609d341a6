import { describe, expect, it } from "vitest";
import { fewerUnitsOption, type OptionSteps } from "../../../src/negotiation/core/counter-steps";
import type { CounterOptionKind, Quote, QuoteItem } from "../../../src/negotiation/core/types";

/**
 * The "fewer units" counter-option alone, over a flat price list (10.00 a unit, an optional discount): which
 * quantities it proposes for a customer's number, when it proposes none, and how it words the option.
 */

const UNIT = 1_000;

function flatQuote(items: QuoteItem[], term: number, discountBps = 0): Quote {
  const subtotal = items.reduce((a, i) => a + i.qty * UNIT, 0);
  const discount = Math.round((subtotal * discountBps) / 10_000);
  return {
    currency: "USD",
    lines: items.map((i) => ({
      sku: i.sku,
      name: i.sku,
      qty: i.qty,
      unit: "seat",
      list_unit_minor: UNIT,
      tier_unit_minor: UNIT,
      line_total_minor: i.qty * UNIT,
      line_discount_minor: 0,
      line_net_minor: i.qty * UNIT,
    })),
    subtotal_minor: subtotal,
    discount_bps: discountBps,
    discount_minor: discount,
    total_minor: subtotal - discount,
    term_months: term,
    verdict: "within_policy",
    reasons: [],
    requested_discount_bps: 0,
    rule_id: null,
    max_discount_bps: 0,
    approval_above_bps: 0,
    deal_usd_minor: subtotal,
    total_usd_minor: subtotal - discount,
  };
}

type Pushed = { kind: CounterOptionKind; description: string; q: Quote; items: QuoteItem[]; term: number };

function steps(items: QuoteItem[], opts: { discountBps?: number; budget?: number } = {}) {
  const pushed: Pushed[] = [];
  const probes: QuoteItem[][] = [];
  let budget = opts.budget ?? 1_000;
  const o: OptionSteps = {
    items,
    base: flatQuote(items, 12),
    term: 12,
    cur: "USD",
    atPolicy: (probe, term) => {
      probes.push(probe);
      budget--;
      return flatQuote(probe, term, opts.discountBps ?? 0);
    },
    push: (kind, description, q, its, term) => pushed.push({ kind, description, q, items: its, term }),
    budgetLeft: () => budget,
  };
  return { o, pushed, probes };
}

describe("fewerUnitsOption", () => {
  it("proposes the largest quantity whose total fits the customer's number, a fit to the cent included", () => {
    const { o, pushed, probes } = steps([{ sku: "A", qty: 10 }]);
    fewerUnitsOption(o, 7_000);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ kind: "fewer_units", items: [{ sku: "A", qty: 7 }], term: 12 });
    expect(pushed[0]?.q.total_minor).toBe(7_000);
    expect(pushed[0]?.description).toBe("7 × A instead of 10 × A: $70.00");
    // One probe per distinct quantity (9, 8, 7), not one per percent step.
    expect(probes.map((p) => p[0]?.qty)).toEqual([9, 8, 7]);
  });

  it("scales every line by the same percentage, never below one unit, and names the discount it keeps", () => {
    const { o, pushed } = steps(
      [
        { sku: "A", qty: 20 },
        { sku: "B", qty: 1 },
      ],
      { discountBps: 1000 },
    );
    fewerUnitsOption(o, 9_000);
    // (9 + 1) × 10.00 − 10 % = 90.00: the first that fits.
    expect(pushed[0]?.items).toEqual([
      { sku: "A", qty: 9 },
      { sku: "B", qty: 1 },
    ]);
    expect(pushed[0]?.description).toBe("9 × A, 1 × B instead of 20 × A, 1 × B: $90.00 with 10% off");
  });

  it("goes down to one percent of the quantity when only that fits", () => {
    const { o, pushed } = steps([{ sku: "A", qty: 100 }]);
    fewerUnitsOption(o, 1_000);
    expect(pushed[0]?.items).toEqual([{ sku: "A", qty: 1 }]);
  });

  it("proposes nothing when the number already pays the full price, nothing fits, or there is nothing to take away", () => {
    for (const [items, target] of [
      [[{ sku: "A", qty: 10 }], 10_000],
      [[{ sku: "A", qty: 10 }], 12_000],
      [[{ sku: "A", qty: 10 }], 999],
      [[{ sku: "A", qty: 1 }], 500],
      [
        [
          { sku: "A", qty: 1 },
          { sku: "B", qty: 1 },
        ],
        1_000,
      ],
    ] as Array<[QuoteItem[], number]>) {
      const { o, pushed } = steps(items);
      fewerUnitsOption(o, target);
      expect(pushed, JSON.stringify([items, target])).toEqual([]);
    }
  });

  it("stops probing when the search budget is spent", () => {
    const { o, pushed, probes } = steps([{ sku: "A", qty: 10 }], { budget: 2 });
    fewerUnitsOption(o, 5_000);
    expect(pushed).toEqual([]);
    expect(probes).toHaveLength(2);
  });
});
