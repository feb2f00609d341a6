import { describe, expect, it } from "vitest";
import { formatBps, formatMoney, mulDivRound, policyFor, quote, requestOf, toUsdMinor } from "../../../src/negotiation/core/pricing";
import { PricingError, type Quote } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

const pro100 = { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 };

function expectConsistent(q: Quote): void {
  expect(q.subtotal_minor).toBe(q.lines.reduce((a, l) => a + l.line_total_minor, 0));
  expect(q.discount_minor).toBe(q.lines.reduce((a, l) => a + l.line_discount_minor, 0));
  expect(q.total_minor).toBe(q.lines.reduce((a, l) => a + l.line_net_minor, 0));
  expect(q.total_minor).toBe(q.subtotal_minor - q.discount_minor);
  expect(q.discount_bps).toBeLessThanOrEqual(q.max_discount_bps);
  for (const l of q.lines) {
    expect(l.line_total_minor).toBe(l.tier_unit_minor * l.qty);
    expect(Number.isInteger(l.line_discount_minor)).toBe(true);
  }
}

describe("pricing engine: tiers and totals", () => {
  it("uses the list price below the first tier and the highest reached tier above it", () => {
    const q49 = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 49 }], term_months: 12 });
    expect(q49.lines[0].tier_unit_minor).toBe(12_000);
    const q50 = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 50 }], term_months: 12 });
    expect(q50.lines[0].tier_unit_minor).toBe(11_000);
    const q250 = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 250 }], term_months: 12 });
    expect(q250.lines[0].tier_unit_minor).toBe(10_000);
    expect(q250.lines[0].line_total_minor).toBe(2_500_000);
    expect(q250.lines[0].list_unit_minor).toBe(12_000);
    for (const q of [q49, q50, q250]) expectConsistent(q);
  });

  it("merges a SKU listed twice into one line whose tier follows the summed quantity", () => {
    const q = quote(catalog, facts(), {
      items: [
        { sku: "LL-PRO", qty: 30 },
        { sku: "LL-PRO", qty: 30 },
      ],
      term_months: 12,
    });
    expect(q.lines).toHaveLength(1);
    expect(q.lines[0].qty).toBe(60);
    expect(q.lines[0].tier_unit_minor).toBe(11_000);
  });

  it("quotes no discount when none is asked", () => {
    const q = quote(catalog, facts(), pro100);
    expect(q).toMatchObject({
      currency: "USD",
      subtotal_minor: 1_100_000,
      discount_bps: 0,
      discount_minor: 0,
      total_minor: 1_100_000,
      verdict: "within_policy",
      rule_id: "mid-annual",
    });
    expectConsistent(q);
  });
});

describe("pricing engine: discount verdicts", () => {
  it("accepts a discount up to the approval threshold as within policy", () => {
    const q = quote(catalog, facts(), { ...pro100, requested_discount_bps: 1000 });
    expect(q).toMatchObject({ verdict: "within_policy", discount_bps: 1000, discount_minor: 110_000, total_minor: 990_000 });
    expectConsistent(q);
  });

  it("asks for approval between the threshold and the maximum", () => {
    const q = quote(catalog, facts(), { ...pro100, requested_discount_bps: 1200 });
    expect(q.verdict).toBe("needs_approval");
    expect(q.total_minor).toBe(968_000);
    expect(q.reasons.join(" ")).toContain("needs approval");
  });

  it("refuses above the maximum, names the maximum, and prices at the maximum instead of the ask", () => {
    const q = quote(catalog, facts(), { ...pro100, requested_discount_bps: 2000 });
    expect(q.verdict).toBe("refused");
    expect(q.requested_discount_bps).toBe(2000);
    expect(q.discount_bps).toBe(1500);
    expect(q.total_minor).toBe(935_000);
    expect(q.reasons.join(" ")).toMatch(/exceeds the maximum 15%/);
    expectConsistent(q);
  });

  it("allows more discount for a longer term and less for a short one", () => {
    expect(quote(catalog, facts(), { ...pro100, term_months: 36, requested_discount_bps: 2000 }).verdict).toBe("within_policy");
    const short = quote(catalog, facts(), { ...pro100, term_months: 6, requested_discount_bps: 1000 });
    expect(short.verdict).toBe("refused");
    expect(short.rule_id).toBe("base-all");
    expect(short.max_discount_bps).toBe(500);
  });

  it("sizes the deal: a small mid-market deal does not reach the mid-market rule", () => {
    const q = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 10 }], term_months: 12, requested_discount_bps: 1000 });
    expect(q.rule_id).toBe("base-all");
    expect(q.verdict).toBe("refused");
  });

  it("picks the rule of the lead's segment", () => {
    expect(quote(catalog, facts({ segment: "smb" }), pro100).rule_id).toBe("smb-annual");
    expect(quote(catalog, facts({ segment: "enterprise" }), { items: [{ sku: "LL-PRO", qty: 500 }], term_months: 36 }).rule_id).toBe(
      "ent-3y",
    );
  });

  it("refuses any discount when no rule applies", () => {
    const noRules = { ...catalog, rules: [] };
    const q = quote(noRules, facts(), { ...pro100, requested_discount_bps: 1 });
    expect(q).toMatchObject({ verdict: "refused", rule_id: null, max_discount_bps: 0, discount_minor: 0, total_minor: 1_100_000 });
  });

  it("treats the most generous applicable rule as deciding, whatever the rule order", () => {
    const reversed = { ...catalog, rules: [...catalog.rules].reverse() };
    expect(policyFor(reversed.rules, "mid", 2_000_000, 40)).toEqual(policyFor(catalog.rules, "mid", 2_000_000, 40));
    expect(policyFor(catalog.rules, "mid", 2_000_000, 40).rule?.id).toBe("mid-3y");
  });
});

describe('pricing engine: requested totals ("we can pay X")', () => {
  it("converts a total into its implied discount, rounded up to a basis point, and keeps the exact total", () => {
    const q = quote(catalog, facts(), { ...pro100, requested_total_minor: 950_000 });
    // 150 000 / 1 100 000 = 13.636…% → 1364 bps: above 10%, below 15% → approval
    expect(q).toMatchObject({
      requested_discount_bps: 1364,
      discount_bps: 1364,
      verdict: "needs_approval",
      total_minor: 950_000,
      discount_minor: 150_000,
    });
    expectConsistent(q);
  });

  it("never rounds an implied discount down into policy", () => {
    // 165 001 / 1 100 000 = 15.0000909% → 1501 bps > 1500 → refused
    const q = quote(catalog, facts(), { ...pro100, requested_total_minor: 934_999 });
    expect(q.requested_discount_bps).toBe(1501);
    expect(q.verdict).toBe("refused");
    expect(q.total_minor).toBe(935_000);
    expect(quote(catalog, facts(), { ...pro100, requested_total_minor: 935_000 }).verdict).toBe("needs_approval");
  });

  it("spreads an exact discount over several lines so the line nets add up to the asked total", () => {
    const q = quote(catalog, facts(), {
      items: [
        { sku: "LL-PRO", qty: 100 },
        { sku: "LL-ONB", qty: 1 },
        { sku: "LL-ODD", qty: 7 },
      ],
      term_months: 12,
      requested_total_minor: 1_450_000,
    });
    expect(q.total_minor).toBe(1_450_000);
    expectConsistent(q);
  });

  it("refuses a total in another currency rather than converting it", () => {
    const q = quote(catalog, facts(), { ...pro100, requested_total_minor: 900_000, requested_total_currency: "EUR" });
    expect(q.verdict).toBe("refused");
    expect(q.total_minor).toBe(1_100_000);
    expect(q.reasons.join(" ")).toMatch(/EUR.*USD/);
  });

  it("charges the subtotal when the offered total is above it", () => {
    const q = quote(catalog, facts(), { ...pro100, requested_total_minor: 2_000_000 });
    expect(q).toMatchObject({ verdict: "within_policy", discount_minor: 0, total_minor: 1_100_000 });
  });
});

describe("pricing engine: rounding", () => {
  it("rounds half away from zero", () => {
    expect(mulDivRound(1, 5000, 10_000)).toBe(1);
    expect(mulDivRound(3, 5000, 10_000)).toBe(2);
    expect(mulDivRound(1, 4999, 10_000)).toBe(0);
    expect(mulDivRound(-1, 5000, 10_000)).toBe(-1);
    expect(mulDivRound(-3, 5000, 10_000)).toBe(-2);
    expect(mulDivRound(9_007_199_254_740_991, 10_000, 10_000)).toBe(9_007_199_254_740_991);
  });

  it("rounds the discount once per line", () => {
    // LL-ODD: 3.33 × 3 = 9.99; 5% = 0.4995 → 0.50; LL-STD 8 000 × 1 = 80.00; 5% = 4.00
    const q = quote(catalog, facts({ segment: "smb" }), {
      items: [
        { sku: "LL-ODD", qty: 3 },
        { sku: "LL-STD", qty: 1 },
      ],
      term_months: 12,
      requested_discount_bps: 500,
    });
    expect(q.lines.map((l) => l.line_discount_minor)).toEqual([50, 400]);
    expect(q.discount_minor).toBe(450);
    expectConsistent(q);
  });

  it("formats basis points and money for the templates", () => {
    expect(formatBps(1500)).toBe("15%");
    expect(formatBps(1250)).toBe("12.5%");
    expect(formatBps(1364)).toBe("13.64%");
    expect(formatMoney(4_500_000, "USD")).toBe("$45,000.00");
    expect(formatMoney(123_450, "EUR")).toBe("€1,234.50");
    expect(formatMoney(123_450, "CHF")).toBe("CHF 1,234.50");
  });
});

describe("pricing engine: bad input", () => {
  it("throws a typed 422 for an unknown SKU and names it", () => {
    try {
      quote(catalog, facts(), {
        items: [
          { sku: "LL-PRO", qty: 1 },
          { sku: "NOPE-1", qty: 2 },
        ],
        term_months: 12,
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PricingError);
      const e = err as PricingError;
      expect(e.kind).toBe("invalid_input");
      expect(e.code).toBe("unknown_sku");
      expect(e.skus).toEqual(["NOPE-1"]);
    }
  });

  it("refuses inactive SKUs, mixed currencies, bad quantities, terms and discounts", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof PricingError ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => quote(catalog, facts(), { items: [{ sku: "LL-OLD", qty: 1 }], term_months: 12 }))).toBe("inactive_sku");
    expect(
      code(() =>
        quote(catalog, facts(), {
          items: [
            { sku: "LL-PRO", qty: 1 },
            { sku: "LL-EU", qty: 1 },
          ],
          term_months: 12,
        }),
      ),
    ).toBe("currency_mismatch");
    expect(code(() => quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 0 }], term_months: 12 }))).toBe("invalid_quantity");
    expect(code(() => quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 1.5 }], term_months: 12 }))).toBe("invalid_quantity");
    expect(code(() => quote(catalog, facts(), { items: [], term_months: 12 }))).toBe("empty_request");
    expect(code(() => quote(catalog, facts(), { ...pro100, term_months: 0 }))).toBe("invalid_term");
    expect(code(() => quote(catalog, facts(), { ...pro100, requested_discount_bps: -100 }))).toBe("invalid_discount");
    expect(code(() => quote(catalog, facts(), { ...pro100, requested_discount_bps: 10_001 }))).toBe("invalid_discount");
    expect(code(() => quote({ ...catalog, usd_rate_ppm: {} }, facts(), { items: [{ sku: "LL-EU", qty: 1 }], term_months: 12 }))).toBe(
      "missing_fx_rate",
    );
  });

  it("sizes a EUR deal in USD for the rules", () => {
    const q = quote(catalog, facts(), { items: [{ sku: "LL-EU", qty: 100 }], term_months: 12 });
    expect(q.currency).toBe("EUR");
    expect(q.deal_usd_minor).toBe(toUsdMinor(1_100_000, "EUR", catalog.usd_rate_ppm));
    expect(q.deal_usd_minor).toBe(1_188_000);
    expect(q.rule_id).toBe("mid-annual");
  });
});

describe("pricing engine: re-pricing a quote", () => {
  it("requestOf reproduces every accepted quote exactly, including an exact requested total", () => {
    let n = 0;
    for (const qty of [1, 7, 50, 100, 333]) {
      for (const ask of [
        {},
        { requested_discount_bps: 500 },
        { requested_discount_bps: 1200 },
        { requested_total_minor: qty * 10_001 },
        { requested_total_minor: qty * 99_999 },
      ]) {
        const q = quote(catalog, facts(), {
          items: [
            { sku: "LL-PRO", qty },
            { sku: "LL-ODD", qty: 3 },
          ],
          term_months: 12,
          ...ask,
        });
        if (q.verdict === "refused") continue;
        const again = quote(catalog, facts(), requestOf(q));
        expect(again.lines).toEqual(q.lines);
        expect([again.total_minor, again.discount_bps, again.verdict]).toEqual([q.total_minor, q.discount_bps, q.verdict]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
  });
});
