import { describe, expect, it } from "vitest";
import { parseBudgetText } from "../../../src/leads/core/extract/budget";
import { extract } from "./support";

/* Budget reading at its edges (mutation-driven): period words glued to the amount, ranges, currency marks. */

const usd = (major: number) => ({ amount_minor: major * 100, currency: "USD" });

describe("a period word right after the amount", () => {
  // "$5,000 monthly" used to be dropped: the not-money check read "month…" as "5,000 months".
  it.each([
    ["Our budget is $5,000 monthly.", usd(60_000)],
    ["We can spend $2,000 weekly for the pilot.", usd(104_000)],
    ["We can spend $90,000 yearly.", usd(90_000)],
    ["Our budget is $5,000 quarterly.", usd(20_000)],
    ["Our budget is $5,000 annually.", usd(5_000)],
    ["Our budget is $5,000 per annum.", usd(5_000)],
    ["Our budget is $5,000 per yr.", usd(5_000)],
    ["Our budget is $5,000 per mo.", usd(60_000)],
    ["Our budget is $5,000/mth.", usd(60_000)],
  ])("%s", (text, value) => {
    expect(parseBudgetText(text, true)).toEqual(value);
    expect(extract(`Hello, we want to buy. ${text}`).budget.value).toEqual(value);
  });

  it.each([
    "Our budget is $5,000 per head.",
    "Our budget is $5,000 per person.",
    "Our budget is $5,000 per unit.",
    "Our budget is $5,000 per license.",
  ])("reads a price per head or unit as no budget: %s", (text) => {
    expect(parseBudgetText(text, true)).toBeNull();
  });

  it("still refuses a duration as an amount", () => {
    expect(parseBudgetText("Our budget covers 2,000 months of hosting.", true)).toBeNull();
    expect(parseBudgetText("We budgeted 1,500 days of consulting.", true)).toBeNull();
  });
});
