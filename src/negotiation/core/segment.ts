import type { LeadRecord } from "../../leads/core/types";
import type { LeadFacts, Segment } from "./types";

/**
 * Segment thresholds (documented, one place). A lead is sized by the larger of two signals:
 *   employees:  < 100 → smb · 100–999 → mid · ≥ 1000 → enterprise
 *   budget USD: < $50,000 → smb · $50,000–$249,999.99 → mid · ≥ $250,000 → enterprise
 * Unknown values (null) say nothing; both unknown → smb (the most conservative discount policy).
 */
export const SEGMENT_THRESHOLDS = Object.freeze({
  mid_min_employees: 100,
  enterprise_min_employees: 1000,
  mid_min_budget_usd_minor: 5_000_000,
  enterprise_min_budget_usd_minor: 25_000_000,
});

const RANK: Record<Segment, number> = { smb: 0, mid: 1, enterprise: 2 };

function byEmployees(n: number | null): Segment {
  if (n === null || !Number.isFinite(n)) return "smb";
  if (n >= SEGMENT_THRESHOLDS.enterprise_min_employees) return "enterprise";
  if (n >= SEGMENT_THRESHOLDS.mid_min_employees) return "mid";
  return "smb";
}

function byBudget(usdMinor: number | null): Segment {
  if (usdMinor === null || !Number.isFinite(usdMinor)) return "smb";
  if (usdMinor >= SEGMENT_THRESHOLDS.enterprise_min_budget_usd_minor) return "enterprise";
  if (usdMinor >= SEGMENT_THRESHOLDS.mid_min_budget_usd_minor) return "mid";
  return "smb";
}

export function segmentFor(facts: { employees: number | null; budget_usd_minor: number | null }): Segment {
  const a = byEmployees(facts.employees);
  const b = byBudget(facts.budget_usd_minor);
  return RANK[a] >= RANK[b] ? a : b;
}

/** The facts the negotiation needs from an ingested lead (budget.usd is USD minor units). */
export function factsFromLead(lead: LeadRecord): LeadFacts {
  const budget = lead.budget?.usd ?? null;
  return {
    lead_id: lead.id,
    company: lead.company,
    employees: lead.employees,
    budget_usd_minor: budget,
    segment: segmentFor({ employees: lead.employees, budget_usd_minor: budget }),
    injection_attempt: lead.injection_attempt,
    seats_asked: lead.sizing?.seats ?? null,
    team_size: lead.sizing?.team ?? null,
    sizing_evidence: lead.sizing?.evidence ?? null,
  };
}
