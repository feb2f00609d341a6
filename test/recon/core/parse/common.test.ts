import { describe, expect, it } from "vitest";
import { checkCurrency, emptyToNull, guardText, issue, normalizeDate, parseAmount, ymd } from "../../../../src/recon/core/parse/common";

/* The parsers' shared helpers at their edges (mutation-driven): the size guard in characters and in UTF-8 bytes,
 * amount styles and their refusals, currencies and the three date forms. */

describe("guardText", () => {
  it("refuses a file over the limit in characters or, near it, in UTF-8 bytes", () => {
    expect(guardText("x".repeat(10), "f", { maxBytes: 10 })).toBe("x".repeat(10));
    expect(() => guardText("x".repeat(11), "f", { maxBytes: 10 })).toThrow(expect.objectContaining({ kind: "payload_too_large" }));
    // 4 characters, 12 bytes: over a 10-byte limit only when counted as bytes.
    expect(() => guardText("€€€€", "f", { maxBytes: 10 })).toThrow(expect.objectContaining({ kind: "payload_too_large" }));
    // 3 characters, 9 bytes: under it.
    expect(guardText("€€€", "f", { maxBytes: 9 })).toBe("€€€");
    expect(guardText("€€€", "f", { maxBytes: 10 })).toBe("€€€");
  });

  it("drops a leading byte-order mark only, and refuses an empty file by name", () => {
    expect(guardText("\uFEFFa\uFEFFb", "f")).toBe("a\uFEFFb");
    expect(() => guardText("\uFEFF \n ", "bank statement")).toThrow("bank statement: the file is empty");
  });
});

describe("issue", () => {
  it("carries a location only when there is one", () => {
    expect(issue("X", "m", "line 3")).toEqual({ code: "X", message: "m", location: "line 3" });
    expect(issue("X", "m")).toEqual({ code: "X", message: "m" });
    expect("location" in issue("X", "m", "")).toBe(false);
  });
});

describe("parseAmount", () => {
  it.each([
    ["1.234,56", "auto", 123_456],
    ["1,234.56", "auto", 123_456],
    ["0.5", "auto", 50],
    ["0.5", "auto", 50],
    ["1234,5", "auto", 123_450],
    ["1,234,567", "auto", 123_456_700],
    ["1 234,56", "comma", 123_456],
    ["1'234.56", "dot", 123_456],
    ["-12.00", "auto", -1_200],
    ["+12", "auto", 1_200],
  ] as const)("%s (%s) → %d", (text, style, minor) => {
    expect(parseAmount(text, "EUR", style)).toEqual({ minor });
  });

  it("refuses empty, non-numeric, ambiguous and over-precise text, quoting it trimmed", () => {
    expect(parseAmount("  ", "EUR", "auto")).toEqual({ error: "amount is empty" });
    expect(parseAmount(" 12a ", "EUR", "auto")).toEqual({ error: 'amount "12a" is not a number' });
    expect(parseAmount("x12", "EUR", "auto")).toEqual({ error: 'amount "x12" is not a number' });
    expect(parseAmount("12-", "EUR", "auto")).toEqual({ error: 'amount "12-" is not a number' });
    expect(parseAmount(" 1,234 ", "EUR", "auto")).toEqual({ error: 'amount "1,234" is ambiguous (thousands or decimal comma?)' });
    expect(parseAmount(" 1.234 ", "EUR", "comma")).toEqual({ minor: 123_400 });
    expect(parseAmount(" 1.005 ", "EUR", "dot")).toEqual({ error: 'amount "1.005" is not a valid EUR amount' });
  });
});

describe("checkCurrency", () => {
  it("takes a known three-letter code in any case, nothing longer or unknown", () => {
    expect([" eur ", "USD", "usdx", "XUSD", "US", "ZZZ"].map(checkCurrency)).toEqual(["EUR", "USD", null, null, null, null]);
  });
});

describe("normalizeDate and ymd", () => {
  it.each([
    [" 2026-03-01 ", "2026-03-01"],
    ["2026-03-01T10:00:00Z", "2026-03-01"],
    ["2026-03-01 10:00:00.123+01:00", "2026-03-01"],
    ["2026-03-01T10:00:00-0500", "2026-03-01"],
    ["01.03.2026", "2026-03-01"],
    ["20260301", "2026-03-01"],
  ])("reads %j as %s", (text, iso) => {
    expect(normalizeDate(text)).toBe(iso);
  });

  it.each([
    "2026-02-30",
    "2026-03-01x",
    "x2026-03-01",
    "2026-03-01T10:00:00+1:00",
    "2026-03-01T10:00:00+01:0",
    "2026-03-01T10:00:00+ab:cd",
    "31.02.2026",
    "01.03.2026x",
    "x01.03.2026",
    "20260231",
    "202603011",
    "x20260301",
    "",
  ])("refuses %j", (text) => {
    expect(normalizeDate(text)).toBeNull();
  });

  it("checks year, month and day each", () => {
    expect(ymd(2026, 2, 28)).toBe("2026-02-28");
    expect(ymd(2026, 13, 1)).toBeNull();
    expect(ymd(2026, 0, 15)).toBeNull();
    expect(ymd(2026, 4, 31)).toBeNull();
    expect(ymd(2026, 4, 0)).toBeNull();
    expect(ymd(99, 1, 1)).toBeNull();
  });
});

describe("emptyToNull", () => {
  it("trims, and gives null for nothing or blanks", () => {
    expect([null, undefined, "", "  ", " a "].map(emptyToNull)).toEqual([null, null, null, null, "a"]);
  });
});
