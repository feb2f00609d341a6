import { describe, expect, it } from "vitest";
import { deriveOutcomes } from "../../../src/recon/core/status";
import type { Invoice, Link, ReviewItem } from "../../../src/recon/core/types";

const inv: Invoice = {
  invoice_id: "I1",
  customer_tax_id: null,
  customer_name: "X",
  po_number: null,
  amount_minor: 10_000,
  currency: "EUR",
  issue_date: "2026-01-01",
  due_date: "2026-01-31",
};
const link = (wire: string, minor: number): Link => ({
  invoice_id: "I1",
  entry_key: wire,
  wire_id: wire,
  allocated_minor: minor,
  currency: "EUR",
  confidence: 0.9,
  reason: "INVOICE_REF",
  reasons: ["INVOICE_REF"],
});
const one = (links: Link[], credit?: { ids: string[]; minor: number }, review: ReviewItem[] = []) =>
  deriveOutcomes([inv], links, { fee_tolerance_pct: 1 }, review, new Map(credit ? [["I1", credit]] : []))[0];

describe("invoice status reasons", () => {
  it("spell out each status with its figures", () => {
    expect(one([link("W1", 10_000)]).reasons).toEqual(["paid in full (W1)"]);
    expect(one([link("W1", 9_950)]).reasons).toEqual(["paid 99.50 EUR; 0.50 EUR short (0.50 %) within the 1 % fee tolerance"]);
    expect(one([link("W1", 4_000), link("W2", 1_000)]).reasons).toEqual(["paid 50.00 EUR of 100.00 EUR (2 payments: W1, W2)"]);
    expect(one([link("W1", 4_000)]).reasons).toEqual(["paid 40.00 EUR of 100.00 EUR (1 payment: W1)"]);
    expect(one([link("W1", 12_000)])).toMatchObject({ status: "OVERPAID", reasons: ["overpaid by 20.00 EUR (W1)"] });
    expect(one([link("W1", 10_000), link("W2", 10_000)])).toMatchObject({
      status: "DISCREPANCY",
      reasons: ["paid more than once (W1, W2): 200.00 EUR received for 100.00 EUR"],
    });
    expect(one([link("W1", 5_000), link("W2", 6_000)]).status).toBe("OVERPAID");
  });

  it("adds a pending review item's kind and reason, once per invoice (the first)", () => {
    const review: ReviewItem[] = [
      { kind: "UNDERPAYMENT", entry_key: "W1", wire_id: "W1", invoice_ids: ["I1"], reason: "short" },
      { kind: "AMBIGUOUS", entry_key: "W2", wire_id: "W2", invoice_ids: ["I1"], reason: "other" },
    ];
    expect(one([link("W1", 4_000)], undefined, review).reasons).toEqual([
      "paid 40.00 EUR of 100.00 EUR (1 payment: W1)",
      "in review: underpayment — short",
    ]);
    expect(one([], undefined, review).reasons).toEqual(["no payment allocated", "in review: underpayment — short"]);
  });

  it("counts a credit note toward PAID only when it makes the invoice full without overpaying it", () => {
    expect(one([link("W1", 8_500)], { ids: ["CN-1"], minor: 1_500 })).toMatchObject({
      status: "PAID",
      paid_minor: 8_500,
      reasons: ["paid 85.00 EUR + credit note CN-1 15.00 EUR = 100.00 EUR (W1)"],
    });
    expect(one([link("W1", 8_500)], { ids: ["CN-1"], minor: 1_501 }).status).toBe("PAID");
    expect(one([link("W1", 8_500)], { ids: ["CN-1"], minor: 1_502 }).reasons[0]).toBe("paid 85.00 EUR of 100.00 EUR (1 payment: W1)");
    expect(one([link("W1", 8_500)], { ids: ["CN-1"], minor: 1_000 }).status).toBe("PARTIAL");
    expect(one([link("W1", 8_500)], { ids: ["CN-1"], minor: 0 }).status).toBe("PARTIAL");
    expect(one([link("W1", 10_000)], { ids: ["CN-1"], minor: 0 }).reasons).toEqual(["paid in full (W1)"]);
  });
});
