import { describe, expect, it } from "vitest";
import { extractBudget, parseBudgetText, toBudget } from "../../../src/leads/core/extract/budget";
import { extract } from "./support";

const budget = (text: string) => extract(text).budget.value;
const usd = (major: number) => ({ amount_minor: major * 100, currency: "USD" });

describe("budget periods", () => {
  it.each([
    ["Our budget is $10,000 per quarter.", 40_000],
    ["We have budgeted $10k a quarter for this.", 40_000],
    ["Budget: $5,000 per month.", 60_000],
    ["We can spend $2,000 a week.", 104_000],
    ["Our budget is $50,000 per year.", 50_000],
    ["Our budget is $50,000.", 50_000],
  ])("%s → %d a year", (text, major) => {
    expect(budget(text)).toEqual(usd(major));
  });

  it("reads 'a monthly budget of X' as twelve times X", () => {
    expect(parseBudgetText("We have a monthly budget of $3,000 for tools.", true)).toEqual(usd(36_000));
  });

  it.each(["We can pay $30 per seat.", "Our budget is $12 per user.", "We could do €25 per licence.", "Budget is $40 each employee."])(
    "takes a per-seat price for a price, not the budget: %s",
    (text) => {
      expect(budget(text)).toBeNull();
      expect(parseBudgetText(text, true)).toBeNull();
    },
  );
});

describe("numbers that are not amounts", () => {
  it.each([
    "The budget will be allocated in 2027.",
    "We have budget approved for 2026 and plan to start soon.",
    "Our budget cycle starts in 1999 terms, don't ask.",
  ])("does not read a bare year as an amount: %s", (text) => {
    expect(budget(text)).toBeNull();
  });

  it("reads a year-like number when it is marked as money", () => {
    expect(budget("Our budget is $2026.")).toEqual(usd(2026));
    expect(budget("Budget is 2,026 dollars.")).toEqual(usd(2026));
  });

  it("does not read a small bare number as an amount, but reads one from 1000", () => {
    expect(parseBudgetText("Our budget is 999.", true)).toBeNull();
    expect(parseBudgetText("Our budget is 1000.", true)).toEqual(usd(1000));
  });

  it("takes a structured bare number as dollars", () => {
    expect(extractBudget([], "45000").value).toEqual(usd(45_000));
    expect(extractBudget([], "tbd").value).toBeNull();
  });
});

describe("toBudget", () => {
  it("uses the currency's exponent and refuses zero and unsafe amounts", () => {
    expect(toBudget(1.2 * 1000, "USD")).toEqual({ amount_minor: 120_000, currency: "USD" });
    expect(toBudget(5000, "JPY")).toEqual({ amount_minor: 5000, currency: "JPY" });
    expect(toBudget(0, "USD")).toBeNull();
    expect(toBudget(1e20, "USD")).toBeNull();
  });
});
