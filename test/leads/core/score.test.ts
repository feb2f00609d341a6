import { describe, expect, it } from "vitest";
import { qualify, scoreLead } from "../../../src/leads/core/score";
import { toUsdMinor } from "../../../src/leads/core/fx";

describe("scoreLead (reference formula)", () => {
  it("scores 150 employees, $75,000 and 4 weeks as 6.56", () => {
    const s = scoreLead({ employees: 150, budget_usd: 75_000, timeline_weeks: 4 });
    expect(s.score).toBe(6.56);
    expect(s.size).toBe(10);
    expect(s.budget).toBe(3);
    expect(s.urgency).toBeCloseTo(6.8, 10);
  });

  it("uses employees 1, budget 0 and 12 weeks when unknown", () => {
    const s = scoreLead({ employees: null, budget_usd: null, timeline_weeks: null });
    expect(s).toEqual({ size: 0, budget: 0, urgency: 1, score: 0.2 });
  });

  it("counts employees below 1 as 1 and caps each component at 10", () => {
    expect(scoreLead({ employees: 0, budget_usd: 0, timeline_weeks: 0 }).size).toBe(0);
    const big = scoreLead({ employees: 1_000_000, budget_usd: 10_000_000, timeline_weeks: 0 });
    expect(big).toMatchObject({ size: 10, budget: 10, urgency: 10, score: 10 });
  });

  it("matches the dev set's scores for mixed leads", () => {
    expect(scoreLead({ employees: 75, budget_usd: 1_500_000, timeline_weeks: 14 }).score).toBe(7.94);
    expect(scoreLead({ employees: 347, budget_usd: null, timeline_weeks: 1 }).score).toBe(5.84);
    expect(scoreLead({ employees: 26215, budget_usd: 62_230, timeline_weeks: null }).score).toBe(5.2);
  });
});

describe("qualify", () => {
  it("qualifies a purchase lead at or above the threshold", () => {
    expect(qualify({ score: 5, intent: "purchase" })).toMatchObject({ qualified: true, stage: "qualified" });
  });
  it("nurtures a purchase lead below the threshold and an information request above it", () => {
    expect(qualify({ score: 4.99, intent: "purchase" })).toMatchObject({ qualified: false, stage: "nurture" });
    expect(qualify({ score: 8, intent: "info_request" })).toMatchObject({ qualified: false, stage: "nurture" });
  });
  it("disqualifies spam whatever its score", () => {
    expect(qualify({ score: 9, intent: "spam" })).toMatchObject({ qualified: false, stage: "disqualified", reason: "spam" });
  });
  it("does not disqualify an injection attempt on its own", () => {
    expect(qualify({ score: 7, intent: "purchase", injection_attempt: true }).qualified).toBe(true);
  });
  it("takes a configurable threshold and intents", () => {
    expect(qualify({ score: 6, intent: "purchase" }, { minScore: 7 }).stage).toBe("nurture");
    expect(qualify({ score: 6, intent: "info_request" }, { intents: ["purchase", "info_request"] }).stage).toBe("qualified");
  });
});

describe("toUsdMinor", () => {
  it("converts with ppm rates in integer cents", () => {
    expect(toUsdMinor({ amount_minor: 16_900_000, currency: "EUR" })).toBe(18_252_000);
    expect(toUsdMinor({ amount_minor: 4_900_000, currency: "GBP" })).toBe(6_223_000);
    expect(toUsdMinor({ amount_minor: 123, currency: "USD" })).toBe(123);
  });
  it("answers null for a currency without a rate", () => {
    expect(toUsdMinor({ amount_minor: 100, currency: "CHF" })).toBeNull();
  });
});
