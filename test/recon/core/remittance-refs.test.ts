import { describe, expect, it } from "vitest";
import {
  extractRefs,
  invoiceKeys,
  invoiceSerial,
  looksLikeNonInvoicePayment,
  nameTokens,
  poKeys,
  shortInvoiceNumbers,
} from "../../../src/recon/core/normalize";

describe("references in remittance text", () => {
  it("collects alphanumeric compounds of at least three characters holding a digit", () => {
    expect(extractRefs("inv-2026-000042, ab1, a1, PO_77 thanks").alnum).toEqual(["INV2026000042", "AB1", "PO77"]);
  });

  it("forms digit strings of five or more from one to four neighbouring groups", () => {
    const { digits } = extractRefs("2026-000042 / 12.34.56.78.90");
    expect(digits).toContain("2026000042");
    expect(digits).toContain("000042");
    expect(digits).toContain("12345678");
    expect(digits).not.toContain("1234567890");
    expect(extractRefs("1234").digits).toEqual([]);
    expect(extractRefs("12345").digits).toEqual(["12345"]);
  });

  it("reads only the first 1000 characters", () => {
    expect(extractRefs(`${"x ".repeat(500)}INV-2026-000042`).alnum).toEqual([]);
    expect(shortInvoiceNumbers(`${"x ".repeat(500)}Invoice #42`)).toEqual([]);
  });

  it("indexes an invoice by its alphanumeric form and digits of five or more", () => {
    expect(invoiceKeys("inv-2026-000042")).toEqual({ alnum: "INV2026000042", digits: "2026000042" });
    expect(invoiceKeys("INV-1234")).toEqual({ alnum: "INV1234", digits: null });
    expect(invoiceKeys("INV-12345")).toEqual({ alnum: "INV12345", digits: "12345" });
  });

  it("counts a PO's bare digits only when numeric or prefixed PO, and five or more", () => {
    expect(poKeys("PO-490071")).toEqual({ alnum: "PO490071", digits: "490071" });
    expect(poKeys("4507579121")).toEqual({ alnum: "4507579121", digits: "4507579121" });
    expect(poKeys("FAL-25495")).toEqual({ alnum: "FAL25495", digits: null });
    expect(poKeys("PO-1234")).toEqual({ alnum: "PO1234", digits: null });
    expect(poKeys("PO-12345")).toEqual({ alnum: "PO12345", digits: "12345" });
    expect(poKeys("PO-12A345")).toEqual({ alnum: "PO12A345", digits: null });
  });

  it("reads short invoice numbers only behind an invoice keyword, as whole numbers", () => {
    expect(shortInvoiceNumbers("Invoice #42, Rechnung Nr. 7, inv 0042, Facture N° 9, bill: 12")).toEqual([42, 7, 9, 12]);
    expect(shortInvoiceNumbers("invoice 42-7")).toEqual([]);
    expect(shortInvoiceNumbers("invoice 42X")).toEqual([]);
    expect(shortInvoiceNumbers("order 42")).toEqual([]);
    expect(shortInvoiceNumbers("INVOICE NUMBER 1234567")).toEqual([1234567]);
  });

  it("takes an invoice's serial from its last digit group", () => {
    expect(invoiceSerial("INV-2026-000042")).toBe(42);
    expect(invoiceSerial("INV-2026-000042X")).toBe(42);
    expect(invoiceSerial("INVOICE")).toBeNull();
  });

  it("knows credits that are not invoice payments", () => {
    for (const t of ["Refund order 5", "returned goods", "security deposit", "Gutschrift", "Credit note 7", "interest"])
      expect(looksLikeNonInvoicePayment(t)).toBe(true);
    for (const t of ["INV-2026-000042", "payment for services", "prepaid", "deposits"]) expect(looksLikeNonInvoicePayment(t)).toBe(false);
  });
});

describe("name folding", () => {
  it("folds ß, accents and German umlaut spellings so both spellings match", () => {
    expect(nameTokens("Großhandel Müller")).toEqual(nameTokens("GROSSHANDEL MUELLER"));
    expect(nameTokens("Société Générale")).toEqual(["SOCIETE", "GENERALE"]);
    expect(nameTokens("Bär Öl")).toEqual(nameTokens("BAER OEL"));
  });

  it("collapses dotted initials only between letters and at a word's end", () => {
    expect(nameTokens("J.P. Morgan")).toEqual(["JP", "MORGAN"]);
    expect(nameTokens("U.S. Steel")).toEqual(["US", "STEEL"]);
    expect(nameTokens("Acme 1.5 Labs")).toEqual(["ACME", "1", "5", "LABS"]);
  });
});
