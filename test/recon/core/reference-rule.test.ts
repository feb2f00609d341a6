import { describe, expect, it } from "vitest";
import { referenceRule } from "../../../src/recon/core/reference-rule";
import type { BankEntry, Invoice } from "../../../src/recon/core/types";

const inv = (id: string, amount: number, due: string, tax: string | null = "11-1111111"): Invoice => ({
  invoice_id: id,
  customer_tax_id: tax,
  customer_name: "Acme Inc.",
  po_number: null,
  amount_minor: amount,
  currency: "USD",
  issue_date: "2026-01-01",
  due_date: due,
});
const wire = (ref: string, amount: number, date: string, tax: string | null = "11-1111111", currency = "USD"): BankEntry => ({
  natural_key: `k-${ref}`,
  account: null,
  bank_ref: null,
  entry_ref: ref,
  amount_minor: amount,
  currency,
  direction: "credit",
  booking_date: date,
  value_date: null,
  sender_name: "ACME",
  sender_tax_id: tax,
  remittance: "",
  format: "wirecsv",
});

describe("the seed reference rule", () => {
  it("verifies exactly at 1 % of the invoice and 3 days, and not one unit or day beyond", () => {
    const rows = referenceRule(
      [inv("I", 100_000, "2026-03-10")],
      [
        wire("in-1pct-under", 99_000, "2026-03-13"),
        wire("in-1pct-over", 101_000, "2026-03-07"),
        wire("out-amount", 98_999, "2026-03-10"),
        wire("out-amount-over", 101_001, "2026-03-10"),
        wire("out-days", 100_000, "2026-03-14"),
        wire("out-days-early", 100_000, "2026-03-06"),
      ],
    );
    expect(rows.map((r) => [r.wire_id, r.verdict, r.day_diff])).toEqual([
      ["in-1pct-under", "VERIFIED_MATCH", 3],
      ["in-1pct-over", "VERIFIED_MATCH", -3],
      ["out-amount", "DISCREPANCY_FLAG", 0],
      ["out-amount-over", "DISCREPANCY_FLAG", 0],
      ["out-days", "DISCREPANCY_FLAG", 4],
      ["out-days-early", "DISCREPANCY_FLAG", -4],
    ]);
  });

  it("pairs every invoice of a customer with every wire of that customer, spending one wire many times", () => {
    const rows = referenceRule(
      [inv("A", 5000, "2026-03-10"), inv("B", 5000, "2026-03-11"), inv("C", 5000, "2026-03-10", "22-2222222")],
      [wire("W1", 5000, "2026-03-10"), wire("W2", 5000, "2026-03-12")],
    );
    expect(rows.map((r) => `${r.invoice_id}/${r.wire_id}/${r.verdict}`)).toEqual([
      "A/W1/VERIFIED_MATCH",
      "A/W2/VERIFIED_MATCH",
      "B/W1/VERIFIED_MATCH",
      "B/W2/VERIFIED_MATCH",
    ]);
  });

  it("joins nothing on a missing tax id and ignores currency, as the SQL did", () => {
    const rows = referenceRule(
      [inv("A", 5000, "2026-03-10"), inv("N", 5000, "2026-03-10", null)],
      [wire("W1", 5000, "2026-03-10", null), wire("W2", 5000, "2026-03-10", "11-1111111", "EUR")],
    );
    expect(rows.map((r) => `${r.invoice_id}/${r.wire_id}/${r.verdict}`)).toEqual(["A/W2/VERIFIED_MATCH"]);
  });
});
