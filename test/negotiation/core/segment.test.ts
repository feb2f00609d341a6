import { describe, expect, it } from "vitest";
import type { LeadRecord } from "../../../src/leads/core/types";
import { factsFromLead, segmentFor } from "../../../src/negotiation/core/segment";

describe("segment from lead facts", () => {
  it.each([
    [null, null, "smb"],
    [99, null, "smb"],
    [100, null, "mid"],
    [999, 0, "mid"],
    [1000, null, "enterprise"],
    [10, 4_999_999, "smb"],
    [10, 5_000_000, "mid"],
    [10, 25_000_000, "enterprise"],
    [5000, 100, "enterprise"],
  ] as const)("employees %s and budget %s USD minor → %s", (employees, budget, seg) => {
    expect(segmentFor({ employees, budget_usd_minor: budget })).toBe(seg);
  });
});

describe("segment: the larger signal wins, and unusable numbers say nothing", () => {
  it.each([
    [50, 25_000_000, "enterprise"],
    [500, 24_999_999, "mid"],
    [1000, 5_000_000, "enterprise"],
    [Number.NaN, 5_000_000, "mid"],
    [Number.POSITIVE_INFINITY, null, "smb"],
    [100, Number.POSITIVE_INFINITY, "mid"],
    [10, Number.NaN, "smb"],
  ] as const)("employees %s and budget %s USD minor → %s", (employees, budget, seg) => {
    expect(segmentFor({ employees, budget_usd_minor: budget })).toBe(seg);
  });
});

describe("factsFromLead", () => {
  const lead = (over: Partial<LeadRecord> = {}): LeadRecord => ({
    id: "lead_1",
    source: "email",
    company: "Acme",
    contact_email: "a@acme.test",
    contact_name: "Ann",
    employees: 120,
    budget: { amount_minor: 4_000_000, currency: "EUR", usd: 30_000_000 },
    timeline_weeks: 6,
    intent: "purchase",
    products: [],
    injection_attempt: true,
    injection_evidence: [],
    score: 80,
    score_breakdown: {} as LeadRecord["score_breakdown"],
    qualified: true,
    stage: "qualified",
    stage_reason: null,
    received_at: "2026-12-01T00:00:00Z",
    reference_date: "2026-12-01",
    sizing: { seats: 40, team: 35, evidence: "40 users" },
    ...over,
  });

  it("takes the USD budget, the size and the sizing evidence, and segments from them", () => {
    expect(factsFromLead(lead())).toEqual({
      lead_id: "lead_1",
      company: "Acme",
      employees: 120,
      budget_usd_minor: 30_000_000,
      segment: "enterprise",
      injection_attempt: true,
      seats_asked: 40,
      team_size: 35,
      sizing_evidence: "40 users",
    });
  });

  it("has nulls where the lead says nothing", () => {
    const f = factsFromLead(lead({ budget: null, employees: 120, sizing: undefined, injection_attempt: false }));
    expect(f).toMatchObject({ budget_usd_minor: null, segment: "mid", seats_asked: null, team_size: null, sizing_evidence: null });
    const unconverted = factsFromLead(lead({ budget: { amount_minor: 1, currency: "XYZ", usd: null }, employees: null }));
    expect([unconverted.budget_usd_minor, unconverted.segment]).toEqual([null, "smb"]);
  });
});
