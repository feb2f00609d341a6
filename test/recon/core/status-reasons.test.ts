import { describe, expect, it } from "vitest";
import { deriveOutcomes } from "../../../src/recon/core/status";
import type { Invoice, Link, ReviewItem } from "../../../src/recon/core/types";

/** The reasons the review screen shows for an invoice's status: each figure spelled out, and a pending review named. */

const invoice = (id: string, amount = 100_000): Invoice => ({
  invoice_id: id,
  customer_tax_id: null,
  customer_name: "Acme",
  po_number: null,
  amount_minor: amount,
  currency: "EUR",
  issue_date: "2026-01-01",
  due_date: "2026-01-31",
});
const link = (invoiceId: string, amount: number, wire: string): Link => ({
  invoice_id: invoiceId,
  entry_key: wire,
  wire_id: wire,
  allocated_minor: amount,
  currency: "EUR",
  confidence: 0.9,
  reason: "INVOICE_REF",
  reasons: ["INVOICE_REF"],
});
const review = (kind: ReviewItem["kind"], ids: string[], reason: string): ReviewItem => ({
  kind,
  entry_key: "e",
  wire_id: "W",
  invoice_ids: ids,
  reason,
});
const one = (links: Link[], reviews: ReviewItem[] = []) => deriveOutcomes([invoice("I")], links, { fee_tolerance_pct: 1 }, reviews)[0];

describe("status reasons", () => {
  it("spells out a full payment, a fee within tolerance, a partial one (one or several payments) and an overpayment", () => {
    expect(one([link("I", 100_000, "W1")])?.reasons).toEqual(["paid in full (W1)"]);
    expect(one([link("I", 99_500, "W1")])?.reasons).toEqual(["paid 995.00 EUR; 5.00 EUR short (0.50 %) within the 1 % fee tolerance"]);
    expect(one([link("I", 40_000, "W1")])?.reasons).toEqual(["paid 400.00 EUR of 1000.00 EUR (1 payment: W1)"]);
    expect(one([link("I", 40_000, "W1"), link("I", 20_000, "W2")])?.reasons).toEqual([
      "paid 600.00 EUR of 1000.00 EUR (2 payments: W1, W2)",
    ]);
    expect(one([link("I", 120_000, "W1")])).toMatchObject({ status: "OVERPAID", reasons: ["overpaid by 200.00 EUR (W1)"] });
    expect(one([link("I", 60_000, "W1"), link("I", 60_000, "W2")])).toMatchObject({
      status: "OVERPAID",
      reasons: ["overpaid by 200.00 EUR (W1, W2)"],
    });
    expect(one([link("I", 100_000, "W1"), link("I", 100_000, "W2")])).toMatchObject({
      status: "DISCREPANCY",
      reasons: ["paid more than once (W1, W2): 2000.00 EUR received for 1000.00 EUR"],
    });
  });

  it("adds the first pending review naming the invoice, after the money", () => {
    const reviews = [review("AMBIGUOUS", ["X", "I"], "two invoices fit"), review("UNDERPAYMENT", ["I"], "later item")];
    expect(one([], reviews)?.reasons).toEqual(["no payment allocated", "in review: ambiguous — two invoices fit"]);
    expect(one([link("I", 40_000, "W1")], reviews)?.reasons).toEqual([
      "paid 400.00 EUR of 1000.00 EUR (1 payment: W1)",
      "in review: ambiguous — two invoices fit",
    ]);
    const out = deriveOutcomes([invoice("I"), invoice("J")], [link("J", 100_000, "W9")], { fee_tolerance_pct: 1 }, reviews);
    expect(out.map((o) => [o.invoice_id, o.status, o.paid_minor, o.reasons.length])).toEqual([
      ["I", "UNPAID", 0, 2],
      ["J", "PAID", 100_000, 1],
    ]);
  });
});
