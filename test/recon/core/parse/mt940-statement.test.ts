import { describe, expect, it } from "vitest";
import { parseMt940 } from "../../../../src/recon/core/parse/mt940";

/* An MT940 statement's accounting (mutation-driven): credit and debit totals, zero and rejected lines, the balance
 * check and its wording, the currency fallbacks, missing and bad balances. */

const stmt = (...fields: string[]) => fields.join("\n");

describe("parseMt940: the statement summary", () => {
  it("adds credits and debits apart, counts zero and rejected lines, and checks the balance", () => {
    const r = parseMt940(
      stmt(
        ":20:STMT1",
        ":25:NL01ABNA0123456789",
        ":28C:7/1",
        ":60F:C261130EUR1000,00",
        ":61:2612011201C100,00NTRFREF1//B1",
        ":86:first",
        ":61:2612011201D30,00NTRFREF2//NONREF",
        ":61:2612011201RD5,00NTRFREF3//B3",
        ":61:2612011201C0,00NTRFREF4//B4",
        ":61:garbage",
        ":62F:C261201EUR1075,00",
      ),
    );
    expect(r.statements).toEqual([
      {
        ref: "STMT1",
        account: "NL01ABNA0123456789",
        currency: "EUR",
        lines: 5,
        entries: 3,
        zero_lines: 1,
        rejected_lines: 1,
        credit_minor: 10_500,
        debit_minor: 3_000,
        opening_minor: 100_000,
        closing_minor: 107_500,
        balance: "ok",
      },
    ]);
    expect(r.entries.map((e) => [e.direction, e.amount_minor, e.bank_ref, e.entry_ref, e.reversal ?? false])).toEqual([
      ["credit", 10_000, "B1", "REF1", false],
      ["debit", 3_000, null, "REF2", false],
      ["credit", 500, "B3", "REF3", true],
    ]);
    expect(r.warnings.map((w) => [w.code, w.message, w.location])).toEqual([
      ["ZERO_AMOUNT", "a 0,00 line moves no money: nothing to import", "statement STMT1 7/1, line 9"],
    ]);
    expect(r.errors.map((e) => [e.code, e.location])).toEqual([["BAD_LINE", "statement STMT1 7/1, line 10"]]);
  });

  it("words a balance that does not add up, naming the unread lines", () => {
    const r = parseMt940(stmt(":20:S", ":60F:C261130EUR10,00", ":61:2612011201C1,00NTRFR", ":61:bad", ":62F:C261201EUR12,00"));
    expect(r.statements?.[0].balance).toBe("mismatch");
    expect(r.errors.map((e) => [e.code, e.message, e.location])).toContainEqual([
      "BALANCE_MISMATCH",
      "opening 1000 + entries 100 = 1100 ≠ closing 1200 (minor units EUR) (1 line(s) could not be read)",
      "statement S",
    ]);
    const clean = parseMt940(stmt(":20:S", ":60F:D261130EUR10,00", ":61:2612011201C1,00NTRFR", ":62F:C261201EUR12,00"));
    expect(clean.errors.map((e) => e.message)).toEqual(["opening -1000 + entries 100 = -900 ≠ closing 1200 (minor units EUR)"]);
  });

  it("refuses balances in two currencies", () => {
    const r = parseMt940(stmt(":20:S", ":60F:C261130EUR10,00", ":62F:C261201USD10,00"));
    expect(r.statements?.[0].balance).toBe("mismatch");
    expect(r.errors.map((e) => [e.code, e.message, e.location])).toEqual([
      ["BALANCE_MISMATCH", "opening balance in EUR but closing in USD", "statement S"],
    ]);
  });

  it("names missing and unreadable balances", () => {
    const r = parseMt940(stmt(":20:S", ":28:3", ":61:2612011201C1,00NTRFR"));
    expect(r.errors.map((e) => [e.code, e.message, e.location])).toEqual([
      ["MISSING_BALANCE", "no opening (:60F:) balance", "statement S 3"],
      ["MISSING_BALANCE", "no closing (:62F:) balance", "statement S 3"],
      ["UNKNOWN_CURRENCY", "the statement has no readable currency (:60F:/:62F:)", "statement S 3, line 3"],
    ]);
    const bad = parseMt940(stmt(":20:S", ":60F:X261130EUR10,00", ":62F:C261201XYZ10,00"));
    expect(bad.errors.map((e) => [e.code, e.message, e.location])).toEqual([
      ["BAD_BALANCE", ':60F: "X261130EUR10,00" is not a valid balance', "line 2"],
      ["UNKNOWN_CURRENCY", ":62F: unknown currency XYZ", "line 3"],
    ]);
    expect(bad.statements?.[0]).toMatchObject({ ref: "S", opening_minor: null, closing_minor: null, balance: "unchecked" });
  });

  it("takes an interim report's currency from its floor limit, else from the account's suffix", () => {
    const interim = parseMt940(stmt(":20:I", ":25:DE123", ":34F:EURD0,", ":13D:2612011200+0100", ":61:2612011201C1,00NTRFR"));
    expect(interim.errors).toEqual([]);
    expect(interim.statements?.[0]).toMatchObject({ currency: "EUR", credit_minor: 100 });
    const suffix = parseMt940(stmt(":20:I", ":25:1234 5678 CHF", ":13D:2612011200+0100", ":61:2612011201D1,00NTRFR"));
    expect(suffix.statements?.[0]).toMatchObject({ account: "1234 5678 CHF", currency: "CHF", debit_minor: 100 });
    const closingOnly = parseMt940(stmt(":20:C", ":62F:C261201GBP1,00", ":34F:EURD0,"));
    expect(closingOnly.statements?.[0].currency).toBe("GBP");
  });

  it("names the statement '?' without a reference and refuses a file without statement fields", () => {
    const r = parseMt940(stmt(":25:ACC", ":60F:C261130EUR10,00", ":62F:C261201EUR10,00"));
    expect(r.statements?.[0].ref).toBe("?");
    expect(() => parseMt940(stmt(":20:S", ":25:ACC"))).toThrow(
      "MT940: no statement found (expected :20:, :25:, :60F:, :61:, :62F: fields)",
    );
  });
});
