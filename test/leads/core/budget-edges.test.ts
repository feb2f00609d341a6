import { describe, expect, it } from "vitest";
import { budgetCandidates, extractBudget, parseBudgetText } from "../../../src/leads/core/extract/budget";
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

describe("ranges", () => {
  // "looking at 1,000 to 2,000 users" used to give a $1,500 budget: the not-money check ran on single amounts only.
  it.each(["We are looking at 1,000 to 2,000 users.", "Our budget is 1,000 to 2,000 seats.", "We are looking at 1,000-1,500 employees."])(
    "reads a range of people as no amount, and neither of its ends: %s",
    (text) => {
      expect(parseBudgetText(text, true)).toBeNull();
      expect(extract(`Hello, we want to buy. ${text}`).budget.value).toBeNull();
    },
  );

  it.each([
    ["Our budget is 500-1000.", usd(750)],
    ["Our budget is 500-999.", null],
    ["Our budget is 500-900 dollars.", usd(700)],
    ["Our budget is 10-20k.", usd(15_000)],
    ["Our budget is $10-20k.", usd(15_000)],
    ["Our budget is 10k-20k.", usd(15_000)],
    ["Our budget is 5-10 thousand.", usd(7_500)],
    ["Our budget is between $10k and $20k.", usd(15_000)],
    ["Our budget is between 5 and 10 thousand dollars.", usd(7_500)],
    ["Our budget is twenty-five thousand dollars.", usd(25_000)],
    ["Our budget is 2000 to 500 dollars.", usd(500)],
    ["Our budget is 12k to 8k.", usd(12_000)],
  ])("%s → %j", (text, value) => {
    expect(parseBudgetText(text, true)).toEqual(value);
  });
});

describe("single amounts", () => {
  it.each([
    ["Our budget is $0.", null],
    ["Our budget is 1999.", null],
    ["Our budget is 2100.", usd(2_100)],
    ["Our budget is CHF 50k.", { amount_minor: 5_000_000, currency: "CHF" }],
    ["Our budget is 50k CAD.", { amount_minor: 5_000_000, currency: "CAD" }],
    ["Our budget is AUD 50k.", { amount_minor: 5_000_000, currency: "AUD" }],
    ["Our budget is 50k quid.", { amount_minor: 5_000_000, currency: "GBP" }],
    ["Our budget is 50,000 pounds sterling.", { amount_minor: 5_000_000, currency: "GBP" }],
    ["Our budget is U.S. $50,000.", usd(50_000)],
    ["Our budget is 50,000 US dollars.", usd(50_000)],
    ["Our budget is 50 grand.", usd(50_000)],
    ["Our budget is $12k for 20 people.", usd(12_000)],
  ])("%s → %j", (text, value) => {
    expect(parseBudgetText(text, true)).toEqual(value);
  });

  it("takes a 'monthly' just before the amount as a monthly budget, not one further back", () => {
    expect(parseBudgetText("Monthly we can spend $5,000.", true)).toEqual(usd(60_000));
    expect(parseBudgetText("We spend monthly on this, our budget is $5,000 in total for the project overall.", true)).toEqual(usd(5_000));
  });
});

describe("ranking the readings of a document", () => {
  it("puts a cued clause before a merely currency-marked one, and keeps the first stated null", () => {
    const ranked = budgetCandidates(["We paid €5,000 for a retreat.", "Our budget is $40k.", "Budget TBD.", "Budget is not yet defined."]);
    expect(ranked.candidates.map((c) => [c.value, c.confidence, c.index])).toEqual([
      [usd(40_000), 0.85, 2],
      [{ amount_minor: 500_000, currency: "EUR" }, 0.6, 1],
    ]);
    expect(ranked.explicitNull).toBe("Budget TBD.");
  });

  it("reads the budget clause of a sentence and skips its fee clause", () => {
    const ranked = budgetCandidates(["A fee of €500 applies, but our budget is $40k."]);
    expect(ranked.candidates).toEqual([
      { value: usd(40_000), evidence: "A fee of €500 applies, but our budget is $40k.", confidence: 0.85, index: 2 },
    ]);
  });

  it("lets a stated null outweigh a merely marked amount, but not a cued one", () => {
    expect(extractBudget(["We paid €5,000 for a retreat.", "Budget is not yet defined."])).toEqual({
      value: null,
      evidence: "Budget is not yet defined.",
      confidence: 0.8,
    });
    expect(extractBudget(["We paid €5,000 for a retreat."])).toEqual({
      value: { amount_minor: 500_000, currency: "EUR" },
      evidence: "We paid €5,000 for a retreat.",
      confidence: 0.6,
    });
    expect(extractBudget(["Our budget is $40k.", "Budget is not yet defined."]).value).toEqual(usd(40_000));
    expect(extractBudget([])).toEqual({ value: null, evidence: null, confidence: 0 });
  });

  it("trusts a structured field over the text, and its stated null too", () => {
    expect(extractBudget(["Our budget is $40k."], "about 45000")).toEqual({
      value: usd(45_000),
      evidence: "about 45000",
      confidence: 0.95,
    });
    expect(extractBudget([], "45000.50").value).toEqual({ amount_minor: 4_500_050, currency: "USD" });
    for (const stated of ["TBD", " n/a ", "-", "none", "unknown", "to be confirmed"]) {
      expect(extractBudget(["Our budget is $40k."], stated)).toEqual({ value: null, evidence: stated, confidence: 0.8 });
    }
    expect(extractBudget(["Our budget is $40k."], "blah")).toEqual({
      value: usd(40_000),
      evidence: "Our budget is $40k.",
      confidence: 0.85,
    });
  });
});
