import { describe, expect, it } from "vitest";
import { allocationRefusal } from "../../../src/recon/core/manual-allocation";
import type { InvoiceRow, LinkRow } from "../../../src/recon/core/types";

const inv = (id: string, amount: number): InvoiceRow => ({
  invoice_id: id,
  customer_tax_id: "DE1",
  customer_name: "Kessler GmbH",
  po_number: null,
  amount_minor: amount,
  currency: "EUR",
  issue_date: "2026-03-01",
  due_date: "2026-03-31",
  status: "UNPAID",
  paid_minor: 0,
  status_reason: null,
  has_lines: 0,
});
const link = (invoice_id: string, entry_key: string, allocated_minor: number, status = "VERIFIED"): LinkRow => ({
  id: `${invoice_id}-${entry_key}`,
  invoice_id,
  entry_key,
  wire_id: entry_key,
  allocated_minor,
  currency: "EUR",
  status,
  confidence: 1,
  reason: "INVOICE_REF",
  reasons_json: "[]",
});
const entry = { natural_key: "E1", amount_minor: 70_000 };
const scope = (links: LinkRow[] = []) => ({ currency: "EUR", invoices: [inv("A", 30_000), inv("B", 50_000)], links });
const code = (r: ReturnType<typeof allocationRefusal>) => r?.code ?? null;

describe("allocating one entry across several invoices by hand", () => {
  it("accepts amounts within each invoice's open amount and the entry's, up to both boundaries", () => {
    expect(
      allocationRefusal(scope(), entry, [
        { invoice_id: "A", minor: 30_000 },
        { invoice_id: "B", minor: 40_000 },
      ]),
    ).toBeNull();
    expect(
      code(
        allocationRefusal(scope(), entry, [
          { invoice_id: "A", minor: 30_000 },
          { invoice_id: "B", minor: 40_001 },
        ]),
      ),
    ).toBe("allocation_over_entry");
    expect(code(allocationRefusal(scope(), entry, [{ invoice_id: "A", minor: 30_001 }]))).toBe("allocation_over_open");
  });

  it("counts what other payments paid on an invoice and what the entry spends elsewhere; the pairs being set are replaced", () => {
    const paidByOther = scope([link("A", "E2", 20_000)]);
    expect(code(allocationRefusal(paidByOther, entry, [{ invoice_id: "A", minor: 10_001 }]))).toBe("allocation_over_open");
    const spent = scope([link("C", "E1", 60_000, "MANUAL")]);
    expect(code(allocationRefusal(spent, entry, [{ invoice_id: "A", minor: 10_001 }]))).toBe("allocation_over_entry");
    const same = scope([link("A", "E1", 30_000)]);
    expect(
      allocationRefusal(same, entry, [
        { invoice_id: "A", minor: 30_000 },
        { invoice_id: "B", minor: 40_000 },
      ]),
    ).toBeNull();
    // A proposal or a rejected link spends nothing.
    expect(allocationRefusal(scope([link("B", "E1", 50_000, "REVIEW")]), entry, [{ invoice_id: "B", minor: 50_000 }])).toBeNull();
  });

  it("refuses an invoice twice, an unknown invoice and a missing or zero amount", () => {
    const twice = [
      { invoice_id: "A", minor: 1 },
      { invoice_id: "A", minor: 1 },
    ];
    expect(code(allocationRefusal(scope(), entry, twice))).toBe("allocation_duplicate_invoice");
    expect(code(allocationRefusal(scope(), entry, [{ invoice_id: "Z", minor: 1 }]))).toBe("allocation_unknown_invoice");
    expect(code(allocationRefusal(scope(), entry, [{ invoice_id: "A", minor: undefined }]))).toBe("allocation_amount");
    expect(code(allocationRefusal(scope(), entry, [{ invoice_id: "A", minor: 0 }]))).toBe("allocation_amount");
  });
});
