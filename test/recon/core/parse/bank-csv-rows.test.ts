import { describe, expect, it } from "vitest";
import { isBankCsvHeader, parseBankCsv } from "../../../../src/recon/core/parse/bank-csv";
import { normalizeDate, parseAmount } from "../../../../src/recon/core/parse/common";
import { readCsv, sniffDelimiter } from "../../../../src/recon/core/parse/csv";

/** Bank CSV exports row by row: credit/debit marks in their languages, reversals, and each row-level refusal. */

const HEADER = "account_iban;booking_date;value_date;bank_reference;counterparty_name;credit_debit;amount;currency;purpose";
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n");
const row = (dc: string, amount = "10,00", over: { value?: string; ref?: string; ccy?: string; booking?: string } = {}) =>
  `DE89;${over.booking ?? "2026-03-02"};${over.value ?? ""};${over.ref ?? `R-${dc}-${amount}`};Acme;${dc};${amount};${over.ccy ?? "EUR"};INV-1`;

describe("bank CSV rows", () => {
  it("reads credit and debit marks in English, ISO and German, and a sign when there is no mark", () => {
    const p = parseBankCsv(
      csv(
        ...["CRDT", "C", "cr", "Credit", "H", "haben"].map((m) => row(m)),
        ...["DBIT", "d", "DR", "debit", "S", "Soll"].map((m) => row(m)),
        row("", "-5,00"),
        row("", "7,00"),
      ),
    );
    expect(p.errors).toEqual([]);
    expect(p.entries.map((e) => e.direction)).toEqual([...Array(6).fill("credit"), ...Array(6).fill("debit"), "debit", "credit"]);
    expect(p.entries.map((e) => e.amount_minor).slice(-2)).toEqual([500, 700]);
    expect(p.entries.some((e) => "reversal" in e)).toBe(false);
  });

  it("reads RC as a reversed credit (money out) and RD as a reversed debit (money in), marked as reversals", () => {
    const p = parseBankCsv(csv(row("RC"), row("rd")));
    expect(p.entries.map((e) => [e.direction, e.reversal])).toEqual([
      ["debit", true],
      ["credit", true],
    ]);
  });

  it("refuses each bad row with its line and reads the rest", () => {
    const p = parseBankCsv(
      csv(
        "DE89;2026-03-02;;R1;Acme;CRDT;10,00;EUR",
        row("X"),
        row("CRDT", "-10,00"),
        row("CRDT", "0,00"),
        row("CRDT", "10,00", { ccy: "XYZ" }),
        row("CRDT", "ten"),
        row("CRDT", "10,00", { booking: "02/03/2026" }),
        row("CRDT", "10,00", { value: "2026-02-30" }),
        row("CRDT", "10,00", { value: "03.03.2026", ref: "OK" }),
      ),
    );
    expect(p.errors.map((e) => [e.code, e.location])).toEqual([
      ["BAD_ROW", "line 2"],
      ["BAD_DIRECTION", "line 3"],
      ["NEGATIVE_AMOUNT", "line 4"],
      ["ZERO_AMOUNT", "line 5"],
      ["UNKNOWN_CURRENCY", "line 6"],
      ["BAD_AMOUNT", "line 7"],
      ["BAD_DATE", "line 8"],
      ["BAD_DATE", "line 9"],
    ]);
    expect(p.errors[0]?.message).toBe("expected 9 columns, found 8");
    expect(p.errors[1]?.message).toBe('credit/debit mark "X" is not CRDT/DBIT');
    expect(p.errors[7]?.message).toBe('value date "2026-02-30" is not a date');
    expect(p.entries.map((e) => [e.bank_ref, e.value_date, e.amount_minor])).toEqual([["OK", "2026-03-03", 1000]]);
    expect(p.account).toBe("DE89");
  });

  it("keeps a line whose bank reference repeats the same booking once, with a warning", () => {
    const p = parseBankCsv(csv(row("CRDT", "10,00", { ref: "SAME" }), row("CRDT", "10,00", { ref: "SAME" })));
    expect(p.entries).toHaveLength(1);
    expect(p.warnings.map((w) => [w.code, w.location])).toEqual([["DUPLICATE_NATURAL_KEY", "line 3"]]);
  });

  it("names a missing required column, and reads a file without an account column", () => {
    expect(() => parseBankCsv("booking_date;amount\n2026-03-02;1,00")).toThrow(
      "bank CSV: no currency column (header: booking_date;amount)",
    );
    const p = parseBankCsv("date,amount,currency\n2026-03-02,12.50,USD\n");
    expect(p.entries.map((e) => [e.account, e.amount_minor, e.direction, e.remittance, e.format])).toEqual([
      [null, 1250, "credit", "", "bankcsv"],
    ]);
    expect(p.account).toBeNull();
    expect(isBankCsvHeader("Buchungstag;Betrag;Waehrung")).toBe(true);
    expect(isBankCsvHeader("date;amount")).toBe(false);
  });
});

describe("CSV reading helpers", () => {
  it("reads quoted cells with escaped quotes, delimiters and newlines, CRLF rows and blank lines", () => {
    expect(readCsv('a;b\r\n"x;""y""";"two\nlines"\n\n3;4', ";")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['x;"y"', "two\nlines"] },
      { line: 5, cells: ["3", "4"] },
    ]);
    expect(() => readCsv('a\n"open', ",")).toThrow(/opened on line 2 is never closed/);
    expect([
      sniffDelimiter("a;b;c"),
      sniffDelimiter("a,b"),
      sniffDelimiter("a\tb\tc"),
      sniffDelimiter("a|b"),
      sniffDelimiter("abc"),
    ]).toEqual([";", ",", "\t", "|", ","]);
  });

  it("reads amounts by style and refuses the ambiguous lone comma before three digits", () => {
    expect(parseAmount("1.234,56", "EUR", "auto")).toEqual({ minor: 123_456 });
    expect(parseAmount("1,234.56", "EUR", "auto")).toEqual({ minor: 123_456 });
    expect(parseAmount("12,5", "EUR", "auto")).toEqual({ minor: 1_250 });
    expect(parseAmount("1,234,567", "EUR", "auto")).toEqual({ minor: 123_456_700 });
    expect(parseAmount("1,234", "EUR", "auto")).toEqual({ error: 'amount "1,234" is ambiguous (thousands or decimal comma?)' });
    expect(parseAmount("1,234", "EUR", "dot")).toEqual({ minor: 123_400 });
    expect(parseAmount("1,234", "EUR", "comma")).toEqual({ error: 'amount "1,234" is not a valid EUR amount' });
    expect(parseAmount("1,23", "EUR", "comma")).toEqual({ minor: 123 });
    expect(parseAmount(" ", "EUR", "auto")).toEqual({ error: "amount is empty" });
    expect(parseAmount("1 234,50", "EUR", "auto")).toEqual({ minor: 123_450 });
  });

  it("reads ISO, German and compact dates, and nothing that is not a real day", () => {
    expect(["2026-03-02", "2026-03-02T10:00:00Z", "02.03.2026", "20260302"].map(normalizeDate)).toEqual(Array(4).fill("2026-03-02"));
    expect(["2026-02-29", "31.04.2026", "2026/03/02", "20261301"].map(normalizeDate)).toEqual([null, null, null, null]);
  });
});
