import { formatBps, formatMoney } from "./format";
import type { DiscountRule, LeadFacts, Verdict } from "./types";

/* How the pricing engine judges an asked discount against the rule that decides (helpers of pricing.ts). */

export type Policy = { rule: Readonly<DiscountRule> | null; max_discount_bps: number; approval_above_bps: number };

/** within_policy up to the approval threshold, needs_approval up to the maximum, refused above it. */
export function verdictFor(askedBps: number, policy: Policy): Verdict {
  if (askedBps <= policy.approval_above_bps) return "within_policy";
  if (askedBps <= policy.max_discount_bps) return "needs_approval";
  return "refused";
}

/** The reason line a quote carries: which rule applied to which deal, and what it allows. */
export function describePolicy(policy: Policy, facts: LeadFacts, dealUsd: number, term: number): string {
  const ctx = `segment ${facts.segment}, deal ${formatMoney(dealUsd, "USD")}, ${term}-month term`;
  if (!policy.rule) return `no discount rule applies (${ctx}): no discount allowed`;
  const r = policy.rule;
  const approval =
    policy.approval_above_bps < policy.max_discount_bps
      ? `up to ${formatBps(policy.approval_above_bps)} without approval, up to ${formatBps(policy.max_discount_bps)} with approval`
      : `up to ${formatBps(policy.max_discount_bps)}`;
  return `rule ${r.id} applies (${ctx}): ${approval}`;
}
