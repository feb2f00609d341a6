import { describe, expect, it } from "vitest";
import { extractLead } from "../../../src/leads/core/extract/index";
import { rateToPpm, toUsdMinor, usdUnits } from "../../../src/leads/core/fx";
import { parseInput } from "../../../src/leads/core/parse/index";
import { generateVariants, toWords } from "../../../scripts/lib/lead-variants";

const RATES = { USD: rateToPpm(1), EUR: rateToPpm(1.08), GBP: rateToPpm(1.27) };

describe("the phrasing-variant generator", () => {
  it("is deterministic per seed and differs between seeds", () => {
    expect(generateVariants(5, 10)).toEqual(generateVariants(5, 10));
    expect(generateVariants(5, 10).map((v) => v.raw)).not.toEqual(generateVariants(6, 10).map((v) => v.raw));
  });
  it.each([
    [325000, "three hundred and twenty-five thousand"],
    [18000, "eighteen thousand"],
    [85, "eighty-five"],
    [120, "one hundred and twenty"],
  ])("writes %d as %j", (n, w) => {
    expect(toWords(n)).toBe(w);
  });
});

// Property-style: every generated phrasing (numbers, dates, languages, distractors) reads as labelled.
// Seed 4242 is neither the eval's dev (1201) nor holdout (1202) seed.
describe("extraction holds on generated phrasing variants", () => {
  const cases = generateVariants(4242, 60);
  it.each(cases.map((c) => [c.case_id, c] as const))("%s", async (_id, c) => {
    const doc = await parseInput({ bytes: new TextEncoder().encode(c.raw), contentType: "message/rfc822", receivedAt: c.message_date });
    const x = extractLead(doc, { catalog: [] });
    const usd = x.budget.value ? usdUnits(toUsdMinor(x.budget.value, RATES)) : null;
    expect(x.employees.value).toBe(c.employees);
    if (c.budget_usd === null) expect(usd).toBeNull();
    else expect(Math.abs((usd ?? 0) - c.budget_usd)).toBeLessThanOrEqual(0.01 * c.budget_usd);
    if (c.timeline_weeks === null) expect(x.timeline_weeks.value).toBeNull();
    else expect(Math.abs((x.timeline_weeks.value ?? -99) - c.timeline_weeks)).toBeLessThanOrEqual(1);
    expect(x.intent.value).toBe(c.intent);
    expect(x.contact_email.value).toBe(c.contact_email);
  });
});
