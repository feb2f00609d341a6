import type { Intent, ScoreBreakdown } from "./types";

/** The reference priority formula, exactly (see the issue and ../shared/data/README.md). */
export type ScoreInput = { employees: number | null; budget_usd: number | null; timeline_weeks: number | null };

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/**
 * size = min(10, log2(employees) × 1.5); budget = min(10, budget_usd / 50,000 × 2);
 * urgency = max(1, 10 − 0.8 × timeline_weeks); score = round(0.4 size + 0.4 budget + 0.2 urgency, 2).
 * Unknown: employees 1, budget 0, 12 weeks; employees below 1 count as 1. Components are returned
 * unrounded-to-2 (rounded to 4 places for display) so the stored breakdown reproduces the score.
 */
export function scoreLead(input: ScoreInput): ScoreBreakdown {
  const employees = Math.max(1, input.employees ?? 1);
  const budgetUsd = Math.max(0, input.budget_usd ?? 0);
  const weeks = input.timeline_weeks ?? 12;
  const size = Math.min(10, Math.log2(employees) * 1.5);
  const budget = Math.min(10, (budgetUsd / 50_000) * 2);
  const urgency = Math.max(1, 10 - 0.8 * weeks);
  const score = round2(0.4 * size + 0.4 * budget + 0.2 * urgency);
  const r4 = (n: number) => Math.round(n * 10_000) / 10_000;
  return { size: r4(size), budget: r4(budget), urgency: r4(urgency), score };
}

export type QualifyRule = {
  minScore: number;
  /** Intents that can qualify; anything else goes to nurture (spam is always disqualified). */
  intents: readonly Intent[];
};
export const DEFAULT_QUALIFY_RULE: QualifyRule = { minScore: 5, intents: ["purchase"] };

export type Qualification = { qualified: boolean; stage: "qualified" | "nurture" | "disqualified"; reason: string };

/**
 * Routing decision. Injection attempts do not disqualify (the lead may be real); the flag travels
 * with the lead so the negotiation layer treats its text as data.
 */
export function qualify(
  lead: { score: number; intent: Intent | null; injection_attempt?: boolean; minScore?: number },
  ruleIn: Partial<QualifyRule> = {},
): Qualification {
  const rule: QualifyRule = { ...DEFAULT_QUALIFY_RULE, ...(lead.minScore !== undefined ? { minScore: lead.minScore } : {}), ...ruleIn };
  if (lead.intent === "spam") return { qualified: false, stage: "disqualified", reason: "spam" };
  if (lead.intent === "support") return { qualified: false, stage: "disqualified", reason: "support request, not a sales lead" };
  if (!lead.intent || !rule.intents.includes(lead.intent)) {
    return { qualified: false, stage: "nurture", reason: `intent ${lead.intent ?? "unknown"} is not a buying intent` };
  }
  if (lead.score < rule.minScore) {
    return { qualified: false, stage: "nurture", reason: `score ${lead.score} below ${rule.minScore}` };
  }
  return { qualified: true, stage: "qualified", reason: `score ${lead.score} ≥ ${rule.minScore} with ${lead.intent} intent` };
}
