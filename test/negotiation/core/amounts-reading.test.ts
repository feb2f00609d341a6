import { describe, expect, it } from "vitest";
import { findAmounts, findMoney, findPercents, parseNumber } from "../../../src/negotiation/core/amounts";

/** How free text's money and percentages are read (amounts.ts's documented rules), edge by edge. */

const money = (text: string) => findMoney(text).map((m) => [m.minor, m.currency]);

describe("parseNumber", () => {
  it("reads groupings and decimal marks exactly", () => {
    expect(parseNumber("1.234.567")).toEqual({ int: "1234567", frac: "" });
    expect(parseNumber("1,234,567")).toEqual({ int: "1234567", frac: "" });
    expect(parseNumber("45,000")).toEqual({ int: "45000", frac: "" });
    expect(parseNumber("1.234,50")).toEqual({ int: "1234", frac: "50" });
    expect(parseNumber("1,234.50")).toEqual({ int: "1234", frac: "50" });
    expect(parseNumber("12,5")).toEqual({ int: "12", frac: "5" });
    expect(parseNumber("99.90")).toEqual({ int: "99", frac: "90" });
    expect(parseNumber("1'234 567")).toEqual({ int: "1234567", frac: "" });
  });

  it("is null for anything that is not a number", () => {
    for (const s of ["", "abc", "a1", "1a", "12 seats", "-5", ".5"]) expect(parseNumber(s), s).toBeNull();
  });
});

describe("findMoney", () => {
  it("names the currency of a code written after the number, whatever the code", () => {
    expect(money("5,000 SEK")).toEqual([[500_000, "SEK"]]);
    expect(money("45,000 CHF")).toEqual([[4_500_000, "CHF"]]);
    expect(money("CHF 1,234.50")).toEqual([[123_450, "CHF"]]);
    expect(money("45k dollars")).toEqual([[4_500_000, "USD"]]);
  });

  it("counts yen in whole units", () => {
    expect(money("¥5,000")).toEqual([[5_000, "JPY"]]);
    expect(money("5,000 JPY")).toEqual([[5_000, "JPY"]]);
  });

  it("multiplies by every written suffix", () => {
    expect(money("2 thousand dollars")).toEqual([[200_000, "USD"]]);
    expect(money("3 grand USD")).toEqual([[300_000, "USD"]]);
    expect(money("1.5 million euros")).toEqual([[150_000_000, "EUR"]]);
    expect(money("$2mm")).toEqual([[200_000_000, "USD"]]);
    expect(money("about 1bn")).toEqual([[100_000_000_000, null]]);
    expect(money("1.2m")).toEqual([[120_000_000, null]]);
  });

  it("drops an amount that would need rounding to the cent, or that no integer holds exactly", () => {
    expect(money("1.2345 EUR")).toEqual([]);
    expect(money("1.2345k EUR")).toEqual([[123_450, "EUR"]]);
    expect(money("$90071992547409.91")).toEqual([[Number.MAX_SAFE_INTEGER, "USD"]]);
    expect(money("$90071992547409.92")).toEqual([]);
  });

  it("reports each amount's span and place in the text", () => {
    expect(findMoney("we offer $45,000 or 40 000 euros")).toEqual([
      { kind: "money", span: "$45,000", index: 9, minor: 4_500_000, currency: "USD" },
      { kind: "money", span: "40 000 euros", index: 20, minor: 4_000_000, currency: "EUR" },
    ]);
  });
});

describe("findPercents", () => {
  it("keeps a fraction of a basis point, so no quote can equal it", () => {
    expect(findPercents("12.3456%").map((p) => p.bps)).toEqual([1234.56]);
    expect(findPercents("12.5 percent").map((p) => p.bps)).toEqual([1250]);
    expect(findPercents("12,34 pct").map((p) => p.bps)).toEqual([1234]);
  });

  it("reads a mark followed by three digits as decimal: a percentage has no thousands", () => {
    // parseNumber would read "12.345" as twelve thousand; 12 345 % is no discount anyone asks for.
    expect(findPercents("12.345%").map((p) => p.bps)).toEqual([1234.5]);
    expect(findPercents("7,125 %").map((p) => p.bps)).toEqual([712.5]);
    expect(findPercents("0%").map((p) => p.bps)).toEqual([0]);
  });

  it("reads number words, a hundred as one number, and returns all percentages in text order", () => {
    expect(findPercents("one hundred percent")).toEqual([{ kind: "percent", span: "one hundred percent", index: 0, bps: 10_000 }]);
    expect(findPercents("we want twenty-five percent").map((p) => [p.index, p.bps])).toEqual([[8, 2500]]);
    expect(findPercents("ten percent now, 15% later").map((p) => [p.span, p.index, p.bps])).toEqual([
      ["ten percent", 0, 1000],
      ["15%", 17, 1500],
    ]);
  });
});

describe("findAmounts", () => {
  it("reads a percentage never also as money, and lists everything in text order", () => {
    expect(findAmounts("10% off €500").map((a) => [a.kind, a.index])).toEqual([
      ["percent", 0],
      ["money", 8],
    ]);
    // "EUR 10" would read as money, but it is the start of "10 percent".
    expect(findAmounts("EUR 10 percent").map((a) => a.kind)).toEqual(["percent"]);
    // Written back to back, both are read.
    expect(findAmounts("15%€500").map((a) => [a.kind, a.span])).toEqual([
      ["percent", "15%"],
      ["money", "€500"],
    ]);
  });
});
