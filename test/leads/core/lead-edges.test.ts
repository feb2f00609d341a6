import { describe, expect, it } from "vitest";
import { headerSafeContact } from "../../../src/leads/core/contact-fields";
import { dayFromIso, parseLooseDate } from "../../../src/leads/core/dates";
import { toUsdMinor } from "../../../src/leads/core/fx";
import { qualify, scoreLead } from "../../../src/leads/core/score";
import type { Extraction, Field } from "../../../src/leads/core/types";

/** Boundaries of the leads core the broader tests pass over: dates, currencies of three decimals, routing reasons, empty contacts. */

const instant = (text: string) => parseLooseDate(text)?.iso;

describe("loose dates at their edges", () => {
  it("reads 12 as a month in a numeric date (month-first), 13 as a day", () => {
    expect(parseLooseDate("12/05/2026")?.day).toEqual({ y: 2026, m: 12, d: 5 });
    expect(parseLooseDate("13/05/2026")?.day).toEqual({ y: 2026, m: 5, d: 13 });
  });

  it("takes a time only after the date, a 12-hour mark with or without a space, and no hour 24", () => {
    expect(instant("at 10:00 we agreed on 28.09.2026")).toBe("2026-09-28T00:00:00.000Z");
    expect(instant("at 10:00: September 28, 2026")).toBe("2026-09-28T00:00:00.000Z");
    expect(instant("at 10:00: 28 September 2026")).toBe("2026-09-28T00:00:00.000Z");
    expect(instant("Sep 28, 2026 at 10:59PM")).toBe("2026-09-28T22:59:00.000Z");
    expect(instant("28 Sep 2026 24:00")).toBe("2026-09-28T00:00:00.000Z");
  });

  it("reads a numeric date when a month name comes only after it", () => {
    expect(parseLooseDate("01/02/2026 (sent September 28, 2026)")?.day).toEqual({ y: 2026, m: 1, d: 2 });
  });

  it("reads an ISO day only at the start of the text", () => {
    expect(() => dayFromIso("on 2026-07-04")).toThrow("not an ISO date: on 2026-07-04");
  });
});

describe("fx for currencies with three decimals", () => {
  it("brings fils and baisa to cents before converting", () => {
    // 1.500 KWD = 1,500 fils = 150 cents-equivalent, at 3.25 USD per KWD: 487.5 → 488 cents.
    expect(toUsdMinor({ amount_minor: 1_500, currency: "KWD" }, { KWD: 3_250_000 })).toBe(488);
  });
});

describe("qualification reasons", () => {
  it("disqualifies support requests, names an unknown intent, and takes the lead's own minimum score", () => {
    expect(qualify({ score: 9, intent: "support" })).toEqual({
      qualified: false,
      stage: "disqualified",
      reason: "support request, not a sales lead",
    });
    expect(qualify({ score: 9, intent: null })).toEqual({
      qualified: false,
      stage: "nurture",
      reason: "intent unknown is not a buying intent",
    });
    expect(qualify({ score: 9, intent: "partnership" as never })).toMatchObject({ reason: "intent partnership is not a buying intent" });
    expect(qualify({ score: 4, intent: "purchase" })).toEqual({ qualified: false, stage: "nurture", reason: "score 4 below 5" });
    expect(qualify({ score: 4, intent: "purchase", minScore: 3 })).toEqual({
      qualified: true,
      stage: "qualified",
      reason: "score 4 ≥ 3 with purchase intent",
    });
    expect(qualify({ score: 4, intent: "purchase", minScore: 3 }, { minScore: 6 })).toMatchObject({
      qualified: false,
      reason: "score 4 below 6",
    });
  });

  it("rounds a score that sits on a half cent up", () => {
    // 0.4 × log2(2) × 1.5 + 0 + 0.2 × max(1, 10 − 0.8 × 12) = 0.6 + 0.2 = 0.8; with 5 weeks: 0.6 + 0.2 × 6 = 1.8
    expect(scoreLead({ employees: 2, budget_usd: null, timeline_weeks: 5 }).score).toBe(1.8);
    // 0.4 × 10 + 0.4 × 0.0125 + 0.2 × 1 = 4.205 → 4.21 (half up, not float-truncated to 4.20)
    expect(scoreLead({ employees: 2 ** 20, budget_usd: 312.5, timeline_weeks: 100 }).score).toBe(4.21);
  });
});

describe("contact fields without a value", () => {
  const field = <T>(value: T | null, evidence: string | null = null, confidence = 0): Field<T> => ({ value, evidence, confidence });
  it("leaves empty contact fields as they are, and shows at most 120 characters of a refused address", () => {
    const x = {
      company: field<string>(null),
      contact_email: field<string>(null),
      contact_name: field<string>(null),
      employees: field<number>(null),
      budget: field(null),
      timeline_weeks: field<number>(null),
      intent: field("purchase"),
      products: field<string[]>(null),
      injection: { attempt: false, evidence: [] },
    } as unknown as Extraction;
    const out = headerSafeContact(x);
    expect([out.company, out.contact_email, out.contact_name]).toEqual([field(null), field(null), field(null)]);
    const long = headerSafeContact({ ...x, contact_email: field(`${"a".repeat(200)} not-an-address`, "e", 0.9) } as Extraction);
    expect(long.contact_email.evidence).toBe(`refused: not a valid e-mail address ("${"a".repeat(120)}")`);
  });
});
