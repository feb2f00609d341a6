import { refuse } from "./outcome";
import { transition, isTerminal } from "./stages";
import type { RefusalData } from "../../platform/errors";
import type { Mode } from "./views";
import type {
  CounterOption,
  DraftKind,
  EscalationReason,
  ObjectionKind,
  Quote,
  QuoteRequest,
  ReplyAction,
  ReplyPlan,
  Stage,
} from "./types";

/*
 * The stage decisions of a lead's negotiation, as pure functions: which step follows from the
 * object's current state and an input (a planned customer reply, a human's approval, a drafted
 * proposal). The object (src/negotiation/object/) carries the step out against its storage.
 */

/** Stages from which a (revised) proposal may be drafted. */
export const DRAFTABLE_STAGES: readonly Stage[] = ["qualified", "proposal_drafted", "awaiting_approval", "countered"];

export function canDraftAt(stage: string): boolean {
  return (DRAFTABLE_STAGES as readonly string[]).includes(stage);
}

/**
 * The stage a human's chosen escalation option first records: a refused counter left the deal at
 * proposal_sent (an ask beyond policy moves nothing by itself), so the human's choice is the move
 * to countered; from a draftable stage nothing. null: no option can be drafted here.
 */
export function humanOptionStage(stage: string): { recordCounter: boolean } | null {
  if (canDraftAt(stage)) return { recordCounter: false };
  if (transition(stage, "countered").ok) return { recordCounter: true };
  return null;
}

/** The request a quote prices (items, term, the discount it carries). */
export function requestOfQuote(q: Quote): QuoteRequest {
  return {
    items: q.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
    term_months: q.term_months,
    ...(q.discount_bps > 0 ? { requested_discount_bps: q.discount_bps } : {}),
  };
}

export type ReplyStep =
  | {
      kind: "propose";
      quote: Quote;
      request: QuoteRequest;
      reasons: EscalationReason[];
      options: CounterOption[];
      forceApproval: boolean;
    }
  | { kind: "agreement"; quote: Quote; forceApproval: boolean; escalate: { reasons: EscalationReason[]; options: CounterOption[] } | null }
  | { kind: "escalate"; quote: Quote | null; reasons: EscalationReason[]; options: CounterOption[] }
  /** A question: answered from the catalog and rules by retrieval, in a draft waiting for a human. */
  | { kind: "answer"; quote: Quote }
  /**
   * An objection without a number: a drafted response with priced options (core/objection-response.ts),
   * waiting for a human; `reasons` non-empty ⇒ escalated as well. Never supersedes a pending proposal.
   */
  | { kind: "respond"; objection: ObjectionKind; quote: Quote; reasons: EscalationReason[]; options: CounterOption[] }
  | { kind: "none" };

/**
 * What a planned customer reply leads to, at `stage` (the stage AFTER the plan's own next_stage).
 * A new proposal can only be drafted from DRAFTABLE_STAGES: a counter after the agreement was
 * drafted (or while accepted) goes to a human instead of reopening the deal by itself. A refused
 * ask is priced at the policy maximum: that quote may become a draft for a human to weigh, never
 * sent by itself; an escalated acceptance gets its agreement drafted, waiting for a human.
 */
export function replyStep(stage: string, plan: ReplyPlan, currentQuote: Quote | null): { action: ReplyAction; step: ReplyStep } {
  const canPropose = canDraftAt(stage);
  let action = plan.action;
  let reasons = plan.escalation_reasons;
  if (action === "revise_draft" && !canPropose) {
    action = "escalate";
    reasons = [...reasons, { code: "customer_objection", detail: `the customer asked for new terms at stage ${stage}` }];
  }
  const q = plan.quote ?? null;
  if (plan.respond_to && !plan.injection.attempt && (q ?? currentQuote) && (action === "escalate" || action === "record_only"))
    return {
      action,
      step: {
        kind: "respond",
        objection: plan.respond_to,
        quote: (q ?? currentQuote) as Quote,
        reasons: action === "escalate" ? reasons : [],
        options: plan.options,
      },
    };
  if (action === "revise_draft") {
    if (!q) return { action, step: { kind: "none" } };
    return { action, step: { kind: "propose", quote: q, request: requestOfQuote(q), reasons: [], options: [], forceApproval: false } };
  }
  if (action === "draft_agreement") {
    if (!q || stage !== "accepted") return { action, step: { kind: "none" } };
    return { action, step: { kind: "agreement", quote: q, forceApproval: false, escalate: null } };
  }
  if (action === "escalate") {
    // Containment: a flagged reply never drafts (so it never supersedes a pending legitimate draft),
    // and a refused ask is never drafted at the policy maximum (that would hand the cap to whoever
    // asked): both go to a human as an escalation carrying the priced options.
    const noDraft = plan.injection.attempt || q?.verdict === "refused";
    if (noDraft) return { action, step: { kind: "escalate", quote: q ?? currentQuote, reasons, options: plan.options } };
    if (q && canPropose)
      return {
        action,
        step: { kind: "propose", quote: q, request: requestOfQuote(q), reasons, options: plan.options, forceApproval: true },
      };
    if (q && stage === "accepted")
      return { action, step: { kind: "agreement", quote: q, forceApproval: true, escalate: { reasons, options: plan.options } } };
    return { action, step: { kind: "escalate", quote: q ?? currentQuote, reasons, options: plan.options } };
  }
  if (action === "record_only" && plan.class === "question" && !plan.injection.attempt && (q ?? currentQuote))
    return { action, step: { kind: "answer", quote: (q ?? currentQuote) as Quote } };
  return { action, step: { kind: "none" } };
}

export type AutonomyLimits = { autonomous_max_deal_usd: number; escalate_above_usd: number };

/** Autonomous mode sends by itself only within policy, with nothing to escalate, under both thresholds. */
export function autonomousMaySend(
  input: { mode: string; quote: Quote; reasons: readonly EscalationReason[]; injection_attempt: boolean },
  limits: AutonomyLimits,
): boolean {
  const q = input.quote;
  return (
    input.mode === ("autonomous" satisfies Mode) &&
    q.verdict === "within_policy" &&
    input.reasons.length === 0 &&
    !input.injection_attempt &&
    q.total_usd_minor < limits.autonomous_max_deal_usd * 100 &&
    q.total_usd_minor <= limits.escalate_above_usd * 100
  );
}

export type ApprovalStep = { retry: boolean; nextStage: Stage | null };

/**
 * Whether a human's approval of a draft may go ahead, and which stage it leads to once sent. An
 * approved draft whose send failed (outbound webhook down) may be approved again: that retries the
 * send. Only a proposal moves the stage (to proposal_sent).
 */
export function approvalStep(
  draft: { id: string; kind: DraftKind; status: string; sent_at: string | null },
  stage: string,
): ApprovalStep | RefusalData {
  const retry = draft.status === "approved" && !draft.sent_at;
  if (draft.status !== "awaiting_approval" && !retry)
    return refuse("conflict", `Draft ${draft.id} is ${draft.status}, not awaiting approval`, { code: "already_decided" });
  if (isTerminal(stage as Stage)) return refuse("conflict", `The deal is ${stage}`);
  if (draft.kind !== "proposal") return { retry, nextStage: null };
  const t = transition(stage, "proposal_sent");
  if (!t.ok) return refuse("conflict", t.error.message, t.error.extra);
  return { retry, nextStage: t.to };
}

/** Where a freshly drafted proposal leaves the stage before it is routed (sent or waiting). */
export function stageAfterDraft(stage: string): Stage | null {
  return stage !== "proposal_drafted" && stage !== "awaiting_approval" ? "proposal_drafted" : null;
}
