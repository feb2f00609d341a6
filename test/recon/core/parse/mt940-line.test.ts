import { describe, expect, it } from "vitest";
import { isCredit, lineAmount, readLine61 } from "../../../../src/recon/core/parse/mt940-line";

/* One :61: statement line, field by field (mutation-driven): dates, marks, funds code, type code, the two 16x
 * references and where the details start. */

describe("readLine61", () => {
  it("reads every subfield of a full line", () => {
    expect(readLine61("2612011201CR5000,00NTRFINV-2026-0042//BANKREF-77\nPayment for order 42")).toEqual({
      valueDate: "2026-12-01",
      entryDate: "2026-12-01",
      mark: "C",
      fundsCode: "R",
      amountText: "5000,00",
      typeCode: "NTRF",
      customerRef: "INV-2026-0042",
      bankRef: "BANKREF-77",
      details: "Payment for order 42",
    });
  });

  it("takes the value date for a missing entry date, and the nearest year for a given one", () => {
    expect(readLine61("261201D12,35NMSCNONREF")).toMatchObject({ valueDate: "2026-12-01", entryDate: "2026-12-01", mark: "D" });
    expect(readLine61("2612310102C1,00NTRFREF")).toMatchObject({ valueDate: "2026-12-31", entryDate: "2027-01-02" });
    expect(readLine61("2701021231C1,00NTRFREF")).toMatchObject({ valueDate: "2027-01-02", entryDate: "2026-12-31" });
  });

  it("reads the reversal marks and no funds code", () => {
    expect(readLine61("261201RC1,00NTRFREF")).toMatchObject({ mark: "RC", fundsCode: null, amountText: "1,00" });
    expect(readLine61("261201RD1,00NTRFREF")).toMatchObject({ mark: "RD", fundsCode: null });
  });

  it("reads the short old type code, a spaced one, and none", () => {
    expect(readLine61("261201D1,00NOV NONREF")).toMatchObject({ typeCode: "NOV", customerRef: "NONREF" });
    expect(readLine61("261201D12,35 NRTIREF1")).toMatchObject({ typeCode: "NRTI", customerRef: "REF1" });
    expect(readLine61("261201C500")).toMatchObject({ amountText: "500", typeCode: null, customerRef: null, bankRef: null, details: "" });
  });

  it("keeps a reference to 16 characters and moves the rest to the details", () => {
    expect(readLine61("261201C1,00NTRF1234567890ABCDEFGHIJ")).toMatchObject({
      customerRef: "1234567890ABCDEF",
      details: "GHIJ",
    });
    expect(readLine61("261201C1,00NTRF1234567890ABCDEF")).toMatchObject({ customerRef: "1234567890ABCDEF", details: "" });
  });

  it("cuts a padded short reference at its padding", () => {
    expect(readLine61("261201C1,00NTRFREF42   Invoice 42 paid")).toMatchObject({ customerRef: "REF42", details: "Invoice 42 paid" });
    expect(readLine61("261201C1,00NTRF1234567890ABCDEFG  more")).toMatchObject({ customerRef: "1234567890ABCDEF", details: "G  more" });
  });

  it("reads the bank reference after // and joins every detail in order", () => {
    expect(readLine61("261201C1,00NTRFCUST//12345678901234567890\n  line two \nline three")).toMatchObject({
      customerRef: "CUST",
      bankRef: "1234567890123456",
      details: "7890 line two line three",
    });
    expect(readLine61("261201C1,00NTRF//BANK")).toMatchObject({ customerRef: null, bankRef: "BANK" });
  });

  it("refuses a line that is not a statement line, quoting at most 80 characters of it", () => {
    expect(readLine61("  hello world  ")).toEqual({ error: ':61: "hello world" is not a statement line', code: "BAD_LINE" });
    const long = readLine61(`X${"y".repeat(100)}`);
    expect(long).toEqual({ error: `:61: "X${"y".repeat(79)}" is not a statement line`, code: "BAD_LINE" });
  });

  it("refuses an impossible value or entry date", () => {
    expect(readLine61("261301C1,00NTRFREF")).toEqual({ error: "value date 261301 is not a date", code: "BAD_DATE" });
    expect(readLine61("2612011340C1,00NTRFREF")).toEqual({ error: "entry date 1340 is not a date", code: "BAD_DATE" });
  });
});

describe("isCredit and lineAmount", () => {
  it("counts a credit and a reversed debit as money in", () => {
    expect((["C", "D", "RC", "RD"] as const).map(isCredit)).toEqual([true, false, false, true]);
  });

  it("reads the amount in the currency's minor units", () => {
    const l = readLine61("261201C1234,5NTRFREF");
    if ("error" in l) throw new Error(l.error);
    expect(lineAmount(l, "EUR")).toBe(123_450);
    expect(lineAmount(l, "JPY")).toBeNull();
  });
});
