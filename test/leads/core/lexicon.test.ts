import { describe, expect, it } from "vitest";
import { normalizeCues } from "../../../src/leads/core/extract/lexicon";

/* The number-format and duration rewrites of the cue normaliser, edge by edge: which digit groups join, which
 * ordinal marks drop, which units translate, and what stays as written. */

describe("space-grouped thousands before a currency", () => {
  it.each([
    ["1 200 000 EUR", "1200000 EUR"],
    ["20 000 €", "20000 €"],
    ["20\u00a0000 €", "20000 €"],
    ["20\u202f000 €", "20000 €"],
    ["999 999 USD", "999999 USD"],
    ["5 000 CHF par an", "5000 CHF per year"],
    ["12 500 $ max", "12500 $ max"],
    ["12 500 £", "12500 £"],
    ["30 000 euros", "30000 euros"],
    ["30 000 euro", "30000 euro"],
    ["30 000 dollars", "30000 dollars"],
    ["30 000 pounds", "30000 pounds"],
    ["30 000 GBP", "30000 GBP"],
    ["30 000 UAH", "30000 UAH"],
    ["30 000eur", "30000eur"],
  ])("joins %j → %j", (input, output) => {
    expect(normalizeCues(input)).toBe(output);
  });

  it.each(["1 200 Eurostar tickets", "12 345 items", "1234 567 EUR", "1 23 EUR", "1 2345 EUR", "a1 200 EUR"])(
    "leaves %j as written",
    (input) => {
      expect(normalizeCues(input)).toBe(input);
    },
  );
});

describe("ordinal day marks", () => {
  it.each([
    ["1er juin", "1 June"],
    ["1re semaine", "1 weeks"],
    ["1º marzo", "1 March"],
    ["2° maggio", "2 May"],
    ["15er Juli", "15 July"],
  ])("drops the mark: %j → %j", (input, output) => {
    expect(normalizeCues(input)).toBe(output);
  });

  it.each(["1er 2026", "123er Stock", "1er, 2e"])("keeps %j (no word follows, or not a day number)", (input) => {
    expect(normalizeCues(input)).toBe(input);
  });
});

describe("durations", () => {
  it.each([
    ["dans 6 semaines", "within 6 weeks"],
    ["in 10 Wochen", "within 10 weeks"],
    ["innerhalb von 1 Woche", "within 1 weeks"],
    ["entro 3 mesi", "within 3 months"],
    ["dentro de 2 meses", "within 2 months"],
    ["en 5 días", "within 5 days"],
    ["binnen 30 Tagen", "within 30 days"],
    ["tra 7 giorni", "within 7 days"],
    ["fra 1 mese", "within 1 months"],
    ["en deux semanas", "within deux weeks"],
  ])("%j → %j", (input, output) => {
    expect(normalizeCues(input)).toBe(output);
  });

  it.each([
    ["6 semaines", "6 weeks"],
    ["3 Monate", "3 months"],
    ["3 Monaten", "3 months"],
    ["30 Tage", "30 days"],
    ["10 jours", "10 days"],
    ["2 mois", "2 months"],
  ])("translates a unit after a number: %j → %j", (input, output) => {
    expect(normalizeCues(input)).toBe(output);
  });

  it("translates a unit only after a digit and a space", () => {
    expect(normalizeCues("les semaines passent")).toBe("les semaines passent");
    expect(normalizeCues("6semaines")).toBe("6semaines");
  });
});

describe("cue words", () => {
  it("applies every word rule and the month names in one sentence", () => {
    expect(normalizeCues("Wir haben 40 Mitarbeiter und möchten im Oktober kaufen.")).toBe(
      "we have 40 employees und möchten im October buy.",
    );
  });

  it("translates a month name alone", () => {
    expect(normalizeCues("Start: septembre")).toBe("Start: September");
  });
});
