import { describe, expect, it } from "vitest";
import { matchPayments } from "../../../src/recon/core/match";
import type { BankEntry, Invoice } from "../../../src/recon/core/types";

// A credit with no reference is matched by customer + amount + date: the window (10 days by default) is inclusive.
const invoice = (id: string, over: Partial<Invoice> = {}): Invoice => ({
  invoice_id: id,
  customer_tax_id: "11-1111111",
  customer_name: "Acme Robotics Inc.",
  po_number: null,
  amount_minor: 50_000,
  currency: "USD",
  issue_date: "2026-03-01",
  due_date: "2026-03-31",
  ...over,
});
const credit = (booking: string, over: Partial<BankEntry> = {}): BankEntry => ({
  natural_key: `ACC|${booking}`,
  account: "ACC",
  bank_ref: `B-${booking}`,
  entry_ref: `W-${booking}`,
  amount_minor: 50_000,
  currency: "USD",
  direction: "credit",
  booking_date: booking,
  value_date: null,
  sender_name: "ACME ROBOTICS INC",
  sender_tax_id: "11-1111111",
  remittance: "thank you",
  format: "camt053",
  ...over,
});
const paidBy = (booking: string, config = {}, inv: Partial<Invoice> = {}) =>
  matchPayments([invoice("INV-1", inv)], [credit(booking)], config).links.map((l) => l.invoice_id);

describe("the matcher's date window", () => {
  it("matches a payment exactly 10 days after or before the due date, and not 11", () => {
    expect(paidBy("2026-04-10")).toEqual(["INV-1"]);
    expect(paidBy("2026-03-21")).toEqual(["INV-1"]);
    expect(paidBy("2026-04-11")).toEqual([]);
    expect(paidBy("2026-03-20")).toEqual([]);
  });

  it("follows a configured window", () => {
    expect(paidBy("2026-04-03", { date_window_days: 3 })).toEqual(["INV-1"]);
    expect(paidBy("2026-04-04", { date_window_days: 3 })).toEqual([]);
  });

  it("does not pay an invoice issued more than the window after the payment", () => {
    // Due date close to the payment, but the invoice did not exist yet.
    const late = { issue_date: "2026-04-12", due_date: "2026-04-08" };
    expect(paidBy("2026-04-02", {}, late)).toEqual(["INV-1"]);
    expect(paidBy("2026-04-01", {}, late)).toEqual([]);
  });

  it("picks by due date only when one invoice is at least 3 days closer than the next", () => {
    const two = (booking: string) =>
      matchPayments([invoice("INV-A", { due_date: "2026-03-25" }), invoice("INV-B", { due_date: "2026-03-28" })], [credit(booking)]);
    // 0 days from A, 3 from B: exactly the margin.
    expect(two("2026-03-25").links.map((l) => l.invoice_id)).toEqual(["INV-A"]);
    expect(two("2026-03-29").links.map((l) => l.invoice_id)).toEqual(["INV-B"]);
    const tie = two("2026-03-26");
    expect(tie.links).toEqual([]);
    expect(tie.review.map((r) => [r.kind, r.invoice_ids])).toEqual([["AMBIGUOUS", ["INV-A", "INV-B"]]]);
  });
});
