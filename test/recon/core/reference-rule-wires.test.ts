import { describe, expect, it } from "vitest";
import { referenceRule } from "../../../src/recon/core/reference-rule";
import type { BankEntry, Invoice } from "../../../src/recon/core/types";

const invoice: Invoice = {
  invoice_id: "I",
  customer_tax_id: "11-1111111",
  customer_name: "Acme Inc.",
  po_number: null,
  amount_minor: 100_000,
  currency: "USD",
  issue_date: "2026-01-01",
  due_date: "2026-03-10",
};
const entry = (ref: string, over: Partial<BankEntry> = {}): BankEntry => ({
  natural_key: `k-${ref}`,
  account: null,
  bank_ref: `b-${ref}`,
  entry_ref: ref,
  amount_minor: 100_000,
  currency: "USD",
  direction: "credit",
  booking_date: "2026-03-10",
  value_date: null,
  sender_name: "ACME",
  sender_tax_id: "11-1111111",
  remittance: "",
  format: "camt053",
  ...over,
});

describe("the reference rule's wires", () => {
  it("leaves out reversals and debits: only plain credits are wires", () => {
    const rows = referenceRule(
      [invoice],
      [
        entry("plain"),
        entry("reversed", { reversal: true }),
        entry("debit", { direction: "debit" }),
        entry("not-reversed", { reversal: false }),
      ],
    );
    expect(rows.map((r) => [r.wire_id, r.verdict])).toEqual([
      ["plain", "VERIFIED_MATCH"],
      ["not-reversed", "VERIFIED_MATCH"],
    ]);
  });

  it("names a wire by its entry reference, else its bank reference, else its natural key", () => {
    const rows = referenceRule(
      [invoice],
      [entry("e1"), entry("e2", { entry_ref: null }), entry("e3", { entry_ref: null, bank_ref: null })],
    );
    expect(rows.map((r) => [r.wire_id, r.entry_key])).toEqual([
      ["e1", "k-e1"],
      ["b-e2", "k-e2"],
      ["k-e3", "k-e3"],
    ]);
  });

  it("joins on the trimmed tax id and reports both amounts, the currency and the signed day difference", () => {
    const rows = referenceRule(
      [{ ...invoice, customer_tax_id: " 11-1111111 " }],
      [
        entry("w", { sender_tax_id: "11-1111111 ", booking_date: "2026-03-08", amount_minor: 99_500, currency: "EUR" }),
        entry("blank", { sender_tax_id: "  " }),
      ],
    );
    expect(rows).toEqual([
      {
        invoice_id: "I",
        wire_id: "w",
        entry_key: "k-w",
        invoice_amount_minor: 100_000,
        wire_amount_minor: 99_500,
        currency: "EUR",
        day_diff: -2,
        verdict: "VERIFIED_MATCH",
      },
    ]);
    expect(referenceRule([{ ...invoice, customer_tax_id: "  " }], [entry("w", { sender_tax_id: "  " })])).toEqual([]);
  });
});
