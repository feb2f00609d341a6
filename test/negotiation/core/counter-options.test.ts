import { describe, expect, it } from "vitest";
import { counterOptions, quote } from "../../../src/negotiation/core/pricing";
import type { QuoteRequest, Segment } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

describe("counter-proposal options", () => {
  it("offers the policy maximum, a longer term, fewer units, the next tier and a cheaper product", () => {
    const opts = counterOptions(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, requested_discount_bps: 2500 });
    expect(opts.map((o) => o.kind)).toEqual(["policy_max", "longer_term", "fewer_units", "other_tier", "other_product"]);
    const longer = opts.find((o) => o.kind === "longer_term")!;
    expect(longer.request.term_months).toBe(36);
    expect(longer.quote.discount_bps).toBe(2000);
    const fewer = opts.find((o) => o.kind === "fewer_units")!;
    // what the customer wanted to pay: 25% off $11,000.00 = $8,250.00
    expect(fewer.quote.total_minor).toBeLessThanOrEqual(825_000);
    expect(fewer.request.items[0].qty).toBeLessThan(100);
    expect(opts.find((o) => o.kind === "other_product")!.request.items[0].sku).toBe("LL-STD");
  });

  it("returns only within-policy options whose quotes the engine reproduces, for many asks", () => {
    let seen = 0;
    const segments: Segment[] = ["smb", "mid", "enterprise"];
    for (const segment of segments) {
      for (const qty of [5, 49, 100, 199, 500]) {
        for (const term of [1, 12, 24, 36]) {
          for (const ask of [
            { requested_discount_bps: 900 },
            { requested_discount_bps: 4000 },
            { requested_total_minor: 100_000 },
            { requested_total_minor: qty * 9_000 },
          ]) {
            const req: QuoteRequest = {
              items: [
                { sku: "LL-PRO", qty },
                { sku: "LL-ONB", qty: 1 },
              ],
              term_months: term,
              ...ask,
            };
            for (const o of counterOptions(catalog, facts({ segment }), req)) {
              seen++;
              expect(o.quote.verdict).toBe("within_policy");
              expect(o.quote.discount_bps).toBeLessThanOrEqual(o.quote.approval_above_bps);
              expect(quote(catalog, facts({ segment }), o.request)).toEqual(o.quote);
            }
          }
        }
      }
    }
    expect(seen).toBeGreaterThan(300);
  });

  it("returns nothing better than list price when no rule applies", () => {
    const opts = counterOptions({ ...catalog, rules: [] }, facts(), {
      items: [{ sku: "LL-PRO", qty: 100 }],
      term_months: 12,
      requested_discount_bps: 2000,
    });
    for (const o of opts) expect(o.quote.discount_bps).toBe(0);
    expect(opts.some((o) => o.kind === "policy_max" || o.kind === "longer_term")).toBe(false);
  });
});
