import { describe, expect, it } from "vitest";
import { parseInvoices } from "../../../../src/recon/core/parse/invoices";

/* Invoice uploads row by row (mutation-driven): every refusal's code, message and location, the JSON shapes, the
 * amount_minor path, the lines column's forms and the due-before-issue warning. */

const HEADER = "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date";
const ok = { invoice_id: "J1", customer_name: "Acme", amount: "10.00", currency: "USD", issue_date: "2026-01-01", due_date: "2026-01-31" };
const json = (rows: unknown) => parseInvoices(JSON.stringify(rows), "application/json");
const errorsOf = (rows: unknown[]) => json(rows).errors.map((e) => [e.code, e.message, e.location]);

describe("invoice rows: refusals", () => {
  it("words each refusal with the invoice it concerns", () => {
    expect(
      errorsOf([
        { ...ok, invoice_id: "  " },
        { ...ok, invoice_id: "x".repeat(65) },
        { ...ok, invoice_id: "C1", currency: " zzz " },
        { ...ok, invoice_id: "A1", amount_minor: 10.5 },
        { ...ok, invoice_id: "A2", amount: "abc" },
        { ...ok, invoice_id: "A3", amount: "-5.00" },
        { ...ok, invoice_id: "A4", amount: "0.00" },
        { ...ok, invoice_id: "D1", issue_date: "2026-13-01" },
        { ...ok, invoice_id: "D2", due_date: "soon" },
        { ...ok, invoice_id: "N1", customer_name: " " },
        { ...ok, invoice_id: "L1", lines: "[{" },
        7,
        ["array"],
        null,
      ]),
    ).toEqual([
      ["MISSING_FIELD", "invoice_id is empty", "row 1"],
      ["BAD_FIELD", "invoice_id is longer than 64 characters", "row 2"],
      ["UNKNOWN_CURRENCY", 'C1: unknown currency "zzz"', "row 3"],
      ["BAD_AMOUNT", "A1: amount_minor must be an integer", "row 4"],
      expect.arrayContaining(["BAD_AMOUNT", "row 5"]),
      ["NEGATIVE_AMOUNT", "A3: amount is negative (credit notes are not invoices)", "row 6"],
      ["ZERO_AMOUNT", "A4: amount is zero", "row 7"],
      ["BAD_DATE", 'D1: issue_date "2026-13-01" is not a date', "row 8"],
      ["BAD_DATE", 'D2: due_date "soon" is not a date', "row 9"],
      ["MISSING_FIELD", "N1: customer_name is empty", "row 10"],
      ["BAD_LINES", "L1: lines is not valid JSON", "row 11"],
      ["BAD_ROW", "expected an object", "row 12"],
      ["BAD_ROW", "expected an object", "row 13"],
      ["BAD_ROW", "expected an object", "row 14"],
    ]);
    expect(json([{ ...ok, invoice_id: "A2", amount: "abc" }]).errors[0].message).toMatch(/^A2: /);
    expect(json([{ ...ok, invoice_id: "x".repeat(64) }]).invoices).toHaveLength(1);
  });

  it("names a CSV row with the wrong number of cells by its line and counts", () => {
    const r = parseInvoices(`${HEADER}\r\nB1,,A,10.00,USD\r\nOK,,A,,10.00,USD,2026-01-01,2026-01-31`);
    expect(r.errors.map((e) => [e.code, e.message, e.location])).toEqual([["BAD_ROW", "expected 8 columns, found 5", "line 2"]]);
    expect(r.invoices.map((i) => i.invoice_id)).toEqual(["OK"]);
  });

  it("names a duplicate invoice id and keeps the first", () => {
    const r = json([ok, { ...ok, amount: "12.00" }]);
    expect(r.errors.map((e) => [e.code, e.message, e.location])).toEqual([["DUPLICATE_INVOICE", "invoice_id J1 appears twice", "row 2"]]);
    expect(r.invoices.map((i) => i.amount_minor)).toEqual([1_000]);
  });

  it("names the missing CSV columns in the refusal", () => {
    expect(() => parseInvoices("invoice_id;amount\nA;1.00")).toThrow(
      expect.objectContaining({
        message: "invoices CSV: missing column(s) customer_name, currency, issue_date, due_date",
        extra: expect.objectContaining({ missing_columns: ["customer_name", "currency", "issue_date", "due_date"] }),
      }),
    );
    expect(() => parseInvoices("[1,", "application/json")).toThrow(/^invoices: the body is not valid JSON \(/);
  });
});

describe("invoice rows: shapes and amounts", () => {
  it("reads {invoices: [...]} and sniffs JSON without a content type", () => {
    expect(parseInvoices(`  {"invoices": ${JSON.stringify([ok])}}`).invoices.map((i) => i.invoice_id)).toEqual(["J1"]);
    expect(parseInvoices(`\n[${JSON.stringify(ok)}]`, "").invoices).toHaveLength(1);
    expect(parseInvoices(JSON.stringify([ok]), "application/vnd.api+JSON").invoices).toHaveLength(1);
    expect(() => json({ invoices: "no" })).toThrow(/JSON array/);
    expect(() => json({ rows: [ok] })).toThrow(/JSON array/);
  });

  it("takes amount_minor as a number, or as text when no amount is given", () => {
    const { amount: _, ...noAmount } = ok;
    expect(json([{ ...noAmount, amount_minor: 1234 }]).invoices[0].amount_minor).toBe(1234);
    expect(json([{ ...noAmount, amount_minor: " 1234 " }]).invoices[0].amount_minor).toBe(1234);
    expect(json([{ ...ok, amount_minor: "1234" }]).invoices[0].amount_minor).toBe(1_000);
    expect(json([{ ...ok, amount_minor: " " }]).invoices[0].amount_minor).toBe(1_000);
    expect(json([{ ...ok, amount: 752.33 }]).invoices[0].amount_minor).toBe(75_233);
    expect(json([{ ...ok, amount: Number.NaN }]).errors[0].code).toBe("BAD_AMOUNT");
    expect(json([{ ...ok, amount: true }]).errors[0].code).toBe("BAD_AMOUNT");
  });

  it("reads a numeric invoice id and customer name as text, and trims them", () => {
    const inv = json([{ ...ok, invoice_id: 42, customer_name: "  Acme  ", customer_tax_id: " ", po_number: 77 }]).invoices[0];
    expect([inv.invoice_id, inv.customer_name, inv.customer_tax_id, inv.po_number]).toEqual(["42", "Acme", null, "77"]);
  });

  it("warns when the due date precedes the issue date, not when they are equal", () => {
    const r = json([
      { ...ok, invoice_id: "W1", due_date: "2025-12-31" },
      { ...ok, invoice_id: "W2", due_date: "2026-01-01" },
    ]);
    expect(r.warnings.map((w) => [w.code, w.message, w.location])).toEqual([
      ["DUE_BEFORE_ISSUE", "due date 2025-12-31 precedes issue date 2026-01-01", "row 1"],
    ]);
    expect(r.invoices).toHaveLength(2);
  });
});

describe("invoice rows: the lines column", () => {
  const lines = (v: unknown) => {
    const r = json([{ ...ok, lines: v }]);
    return r.errors.length ? r.errors[0].message : (r.invoices[0].lines ?? "none");
  };

  it("reads SKU:qty text with any separator and mark", () => {
    expect(lines(" A : 2 ; B x 3 , C×4 | D*5 ||")).toEqual([
      { sku: "A", qty: 2 },
      { sku: "B", qty: 3 },
      { sku: "C", qty: 4 },
      { sku: "D", qty: 5 },
    ]);
    expect(lines("A:12")).toEqual([{ sku: "A", qty: 12 }]);
  });

  it("refuses text that is not SKU:qty", () => {
    expect(lines("A:0")).toBe('J1: line "A:0" is not SKU:qty');
    expect(lines("A")).toBe('J1: line "A" is not SKU:qty');
    expect(lines("A:2b")).toBe('J1: line "A:2b" is not SKU:qty');
    expect(lines(":2")).toBe('J1: line ":2" is not SKU:qty');
  });

  it("reads an array of {sku, qty} or {sku, quantity}, also as JSON text", () => {
    expect(
      lines([
        { sku: " S ", qty: 1 },
        { sku: "T", quantity: 2 },
      ]),
    ).toEqual([
      { sku: "S", qty: 1 },
      { sku: "T", qty: 2 },
    ]);
    expect(lines(' [{"sku":"S","qty":3}]')).toEqual([{ sku: "S", qty: 3 }]);
    expect(lines([])).toBe("none");
    expect(lines(null)).toBe("none");
    expect(lines("")).toBe("none");
  });

  it("refuses an array line without a SKU or a positive whole qty", () => {
    expect(lines([7])).toBe("J1: each line needs sku and qty");
    expect(lines([null])).toBe("J1: each line needs sku and qty");
    for (const l of [{ qty: 1 }, { sku: "S", qty: 0 }, { sku: "S", qty: 1.5 }, { sku: "S" }]) {
      expect(lines([l])).toBe(`J1: line ${JSON.stringify(l)} needs a sku and a positive integer qty`);
    }
    expect(lines(5)).toBe("J1: lines must be an array or SKU:qty text");
  });
});
