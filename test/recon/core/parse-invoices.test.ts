import { describe, expect, it } from "vitest";
import { InvalidInput } from "../../../src/platform/errors";
import { parseInvoices } from "../../../src/recon/core/parse/invoices";
import { fixtures } from "../../fixtures/recon";

const HEADER = "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date";

describe("invoice uploads", () => {
  it("reads the open_invoices.csv columns into minor units without floats", () => {
    const r = parseInvoices(fixtures.invoicesCsv, "text/csv");
    expect(r.errors).toEqual([]);
    expect(r.invoices).toHaveLength(fixtures.invoicesCsv.trim().split("\n").length - 1);
    expect(r.invoices[0]).toEqual({
      invoice_id: "INV-2026-000001",
      customer_tax_id: "33-9901582",
      customer_name: "Stonebridge Handelsgesellschaft Corp.",
      po_number: "4544385152",
      amount_minor: 7130961,
      currency: "USD",
      issue_date: "2026-01-07",
      due_date: "2026-02-06",
    });
    // 0.29 × 100 is 28.999… as a float; the decimal parser must give 29.
    const r2 = parseInvoices(`${HEADER}\nX1,,A,,0.29,USD,2026-01-01,2026-01-31\nX2,,A,,1001.1,EUR,2026-01-01,2026-01-31`);
    expect(r2.invoices.map((i) => i.amount_minor)).toEqual([29, 100110]);
  });

  it("turns empty tax id and PO into null", () => {
    const r = parseInvoices(fixtures.invoicesCsv, "text/csv");
    const inv8 = r.invoices.find((i) => i.invoice_id === "INV-2026-000008");
    expect(inv8).toMatchObject({ po_number: null, customer_tax_id: "83-2531882" });
  });

  it("accepts an optional lines column as SKU:qty or JSON", () => {
    const csv = `${HEADER},lines\nA1,,Acme,,10.00,USD,2026-01-01,2026-01-31,SKU-1:2|SKU-2:5\nA2,,Acme,,10.00,USD,2026-01-01,2026-01-31,"[{""sku"":""SKU-3"",""qty"":1}]"\nA3,,Acme,,10.00,USD,2026-01-01,2026-01-31,`;
    const r = parseInvoices(csv);
    expect(r.errors).toEqual([]);
    expect(r.invoices.map((i) => i.lines)).toEqual([
      [
        { sku: "SKU-1", qty: 2 },
        { sku: "SKU-2", qty: 5 },
      ],
      [{ sku: "SKU-3", qty: 1 }],
      undefined,
    ]);
  });

  it("reads a JSON array with decimal-string amounts and lines", () => {
    const body = JSON.stringify([
      {
        invoice_id: "J1",
        customer_tax_id: "DE1",
        customer_name: "Acme GmbH",
        po_number: "PO-1",
        amount: "1.234,50",
        currency: "eur",
        issue_date: "2026-02-01",
        due_date: "2026-03-01",
        lines: [{ sku: "S", qty: 3 }],
      },
      {
        invoice_id: "J2",
        customer_name: "Acme GmbH",
        amount_minor: 5000,
        currency: "EUR",
        issue_date: "2026-02-01",
        due_date: "2026-03-01",
      },
    ]);
    const r = parseInvoices(body, "application/json");
    expect(r.errors).toEqual([]);
    expect(r.invoices.map((i) => [i.invoice_id, i.amount_minor, i.currency, i.lines?.length ?? 0])).toEqual([
      ["J1", 123450, "EUR", 1],
      ["J2", 5000, "EUR", 0],
    ]);
  });

  it("reports every bad row with its line number and keeps the good ones", () => {
    const csv = [
      HEADER,
      "B1,,A,,abc,USD,2026-01-01,2026-01-31",
      "B2,,A,,10.00,XXX,2026-01-01,2026-01-31",
      "B3,,A,,-10.00,USD,2026-01-01,2026-01-31",
      "B4,,A,,10.00,USD,2026-02-30,2026-03-31",
      "B5,,A,,0,USD,2026-01-01,2026-01-31",
      "B6,,A,,10.001,USD,2026-01-01,2026-01-31",
      "OK,,A,,10.00,USD,2026-01-01,2026-01-31",
      "OK,,A,,12.00,USD,2026-01-01,2026-01-31",
      "B8,,A,10.00,USD",
    ].join("\n");
    const r = parseInvoices(csv);
    expect(r.errors.map((e) => [e.code, e.location])).toEqual([
      ["BAD_AMOUNT", "line 2"],
      ["UNKNOWN_CURRENCY", "line 3"],
      ["NEGATIVE_AMOUNT", "line 4"],
      ["BAD_DATE", "line 5"],
      ["ZERO_AMOUNT", "line 6"],
      ["BAD_AMOUNT", "line 7"],
      ["DUPLICATE_INVOICE", "line 9"],
      ["BAD_ROW", "line 10"],
    ]);
    expect(r.invoices.map((i) => i.invoice_id)).toEqual(["OK"]);
  });

  it("throws InvalidInput for missing columns, broken JSON and a non-array body", () => {
    expect(() => parseInvoices("invoice_id,amount\nA,1.00")).toThrow(/missing column/);
    expect(() => parseInvoices("[{", "application/json")).toThrow(InvalidInput);
    expect(() => parseInvoices('{"a":1}', "application/json")).toThrow(/JSON array/);
    expect(() => parseInvoices(`${HEADER}\n"A,,B,,1.00,USD,2026-01-01,2026-01-31`)).toThrow(/never closed/);
  });
});
