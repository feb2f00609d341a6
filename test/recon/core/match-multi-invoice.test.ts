import { describe, expect, it } from "vitest";
import { matchPayments } from "../../../src/recon/core/match";
import type { BankEntry, Invoice, MatchResult } from "../../../src/recon/core/types";

// One credit whose remittance names several invoices: how it is split, and what goes to review.
const inv = (n: number, amount: number, due = "2026-03-31"): Invoice => ({
  invoice_id: `INV-2026-00004${n}`,
  customer_tax_id: "11-1111111",
  customer_name: "Acme Robotics Inc.",
  po_number: null,
  amount_minor: amount,
  currency: "USD",
  issue_date: "2026-03-01",
  due_date: due,
});
const credit = (amount: number, remittance: string, over: Partial<BankEntry> = {}): BankEntry => ({
  natural_key: `ACC|${amount}|${remittance}`,
  account: "ACC",
  bank_ref: null,
  entry_ref: "W1",
  amount_minor: amount,
  currency: "USD",
  direction: "credit",
  booking_date: "2026-03-31",
  value_date: null,
  sender_name: "ACME ROBOTICS INC",
  sender_tax_id: "11-1111111",
  remittance,
  format: "camt053",
  ...over,
});
const links = (r: MatchResult) => r.links.map((l) => [l.invoice_id.slice(-1), l.allocated_minor, l.reasons]);
const reviews = (r: MatchResult) => r.review.map((x) => [x.kind, x.invoice_ids.map((i) => i.slice(-1))]);
const NAMES = "INV-2026-000041 INV-2026-000042";

describe("a credit naming several invoices", () => {
  it("pays each exactly when the amount is their sum", () => {
    const r = matchPayments([inv(1, 10_000), inv(2, 30_000)], [credit(40_000, NAMES)]);
    expect(links(r)).toEqual([
      ["1", 10_000, ["INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT", "AMOUNT_EXACT"]],
      ["2", 30_000, ["INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT", "AMOUNT_EXACT"]],
    ]);
    expect(r.review).toEqual([]);
    expect(r.links.every((l) => l.confidence > 0.95)).toBe(true);
  });

  it("splits a fee shortfall within tolerance in proportion to the open amounts", () => {
    const r = matchPayments([inv(1, 10_000), inv(2, 30_000)], [credit(39_700, NAMES)]);
    expect(links(r)).toEqual([
      ["1", 9_925, ["INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT", "FEE_SHORTFALL"]],
      ["2", 29_775, ["INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT", "FEE_SHORTFALL"]],
    ]);
    // An odd unit goes to the larger fractional share, never lost.
    const odd = matchPayments([inv(1, 10_000), inv(2, 10_000), inv(3, 10_000)], [credit(29_999, `${NAMES} INV-2026-000043`)]);
    expect(odd.links.map((l) => l.allocated_minor)).toEqual([10_000, 10_000, 9_999]);
  });

  it("keeps an overpayment's excess on the last-due invoice and sends it to review", () => {
    const r = matchPayments([inv(1, 10_000, "2026-04-05"), inv(2, 30_000, "2026-03-25")], [credit(45_000, NAMES)]);
    expect(links(r)).toEqual([
      ["2", 30_000, ["INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT"]],
      ["1", 15_000, ["OVERPAYMENT", "INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT"]],
    ]);
    expect(r.review.map((x) => [x.kind, x.reason])).toEqual([
      ["OVERPAYMENT", "pays INV-2026-000041, INV-2026-000042 with an excess of 5000 minor units"],
    ]);
  });

  it("pays an exact sub-selection when the amount is short of the sum", () => {
    const r = matchPayments([inv(1, 10_000), inv(2, 30_000), inv(3, 5_000)], [credit(15_000, `${NAMES} INV-2026-000043`)]);
    expect(
      links(r)
        .map(([id, amt]) => [id, amt])
        .sort(),
    ).toEqual([
      ["1", 10_000],
      ["3", 5_000],
    ]);
    expect(r.review).toEqual([]);
  });

  it("else pays oldest due first, the last one in part, and sends it to review as an underpayment", () => {
    const r = matchPayments([inv(1, 10_000, "2026-04-05"), inv(2, 30_000, "2026-03-25")], [credit(35_000, NAMES)]);
    expect(links(r)).toEqual([
      ["2", 30_000, ["INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT"]],
      ["1", 5_000, ["INSTALLMENT", "INVOICE_REF", "MULTI_INVOICE", "TAX_ID_EXACT"]],
    ]);
    expect(reviews(r)).toEqual([["UNDERPAYMENT", ["1", "2"]]]);
    expect(r.review[0].reason).toBe("pays less than the invoices it names (35000 of 40000 minor units); allocated oldest due first");
  });

  it("sends to review a credit naming only paid invoices, and one where neither payer nor amount agree", () => {
    const paid = matchPayments(
      [inv(1, 10_000), inv(2, 30_000)],
      [
        credit(40_000, NAMES, { natural_key: "a" }),
        credit(1_000, NAMES, { natural_key: "b", entry_ref: "W2", booking_date: "2026-04-02" }),
      ],
    );
    expect(paid.links).toHaveLength(2);
    expect(reviews(paid)).toEqual([["OVERPAYMENT", ["1", "2"]]]);
    expect(paid.review[0].reason).toBe("all invoices named (INV-2026-000041, INV-2026-000042) are already paid");
    const stranger = matchPayments(
      [inv(1, 10_000), inv(2, 30_000)],
      [credit(12_345, NAMES, { sender_tax_id: "99-9999999", sender_name: "Somebody Else" })],
    );
    expect(stranger.links).toEqual([]);
    expect(reviews(stranger)).toEqual([["AMBIGUOUS", ["1", "2"]]]);
  });

  it("lowers the confidence when the payer does not agree with the invoices named", () => {
    const r = matchPayments(
      [inv(1, 10_000), inv(2, 30_000)],
      [credit(40_000, NAMES, { sender_tax_id: "99-9999999", sender_name: "Somebody Else" })],
    );
    expect(r.links.map((l) => l.reasons)).toEqual([
      ["INVOICE_REF", "MULTI_INVOICE", "AMOUNT_EXACT"],
      ["INVOICE_REF", "MULTI_INVOICE", "AMOUNT_EXACT"],
    ]);
    expect(Math.max(...r.links.map((l) => l.confidence))).toBeLessThan(0.85);
  });
});
