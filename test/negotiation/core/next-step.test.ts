import { describe, expect, it } from "vitest";
import {
  DRAFTABLE_STAGES,
  approvalStep,
  autonomousMaySend,
  canDraftAt,
  replyStep,
  requestOfQuote,
  stageAfterDraft,
} from "../../../src/negotiation/core/next-step";
import { quote } from "../../../src/negotiation/core/pricing";
import { STAGES, type EscalationReason, type Quote, type ReplyPlan } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

const standing = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 });
const discounted = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, requested_discount_bps: 500 });
const reason: EscalationReason = { code: "out_of_policy", detail: "asked beyond the maximum" };

function plan(over: Partial<ReplyPlan>): ReplyPlan {
  return {
    class: "counter_offer",
    classification: { class: "counter_offer", evidence: [] },
    action: "record_only",
    injection: { attempt: false, evidence: [] },
    escalation_reasons: [],
    options: [],
    ...over,
  };
}

describe("the stages a proposal may be drafted from", () => {
  it("are qualified, proposal_drafted, awaiting_approval and countered, and no other", () => {
    expect([...DRAFTABLE_STAGES]).toEqual(["qualified", "proposal_drafted", "awaiting_approval", "countered"]);
    for (const s of STAGES) expect(canDraftAt(s), s).toBe(DRAFTABLE_STAGES.includes(s));
    expect(canDraftAt("nonsense")).toBe(false);
  });

  it("a drafted proposal moves the stage to proposal_drafted unless it is already drafted or waiting", () => {
    expect(stageAfterDraft("qualified")).toBe("proposal_drafted");
    expect(stageAfterDraft("countered")).toBe("proposal_drafted");
    expect(stageAfterDraft("proposal_drafted")).toBeNull();
    expect(stageAfterDraft("awaiting_approval")).toBeNull();
  });
});

describe("requestOfQuote", () => {
  it("gives the items and term a quote prices, with its discount only when there is one", () => {
    expect(requestOfQuote(standing)).toEqual({ items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 });
    expect(requestOfQuote(discounted)).toEqual({ items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, requested_discount_bps: 500 });
  });
});

describe("replyStep: what a planned customer reply leads to", () => {
  it("drafts a revised proposal, not forced to a human, for a counter within policy at a draftable stage", () => {
    const { action, step } = replyStep("countered", plan({ action: "revise_draft", quote: discounted }), standing);
    expect(action).toBe("revise_draft");
    expect(step).toEqual({
      kind: "propose",
      quote: discounted,
      request: requestOfQuote(discounted),
      reasons: [],
      options: [],
      forceApproval: false,
    });
  });

  it("does nothing for a revision without a quote", () => {
    expect(replyStep("countered", plan({ action: "revise_draft" }), standing).step).toEqual({ kind: "none" });
  });

  it("escalates a counter after the agreement was drafted instead of reopening the deal", () => {
    const { action, step } = replyStep("agreement_drafted", plan({ action: "revise_draft", quote: discounted }), standing);
    expect(action).toBe("escalate");
    expect(step.kind).toBe("escalate");
    if (step.kind !== "escalate") return;
    expect(step.quote).toBe(discounted);
    expect(step.reasons.map((r) => r.code)).toEqual(["customer_objection"]);
    expect(step.reasons[0]?.detail).toContain("agreement_drafted");
  });

  it("escalates a counter while accepted by drafting the agreement for a human, and escalating", () => {
    const { action, step } = replyStep("accepted", plan({ action: "revise_draft", quote: discounted, escalation_reasons: [reason] }), null);
    expect(action).toBe("escalate");
    expect(step).toMatchObject({ kind: "agreement", quote: discounted, forceApproval: true });
    if (step.kind !== "agreement") return;
    expect(step.escalate?.reasons.map((r) => r.code)).toEqual(["out_of_policy", "customer_objection"]);
  });

  it("drafts the agreement for an acceptance once accepted, and nothing before", () => {
    expect(replyStep("accepted", plan({ action: "draft_agreement", quote: standing }), standing).step).toEqual({
      kind: "agreement",
      quote: standing,
      forceApproval: false,
      escalate: null,
    });
    expect(replyStep("proposal_sent", plan({ action: "draft_agreement", quote: standing }), standing).step).toEqual({ kind: "none" });
    expect(replyStep("accepted", plan({ action: "draft_agreement" }), standing).step).toEqual({ kind: "none" });
  });

  it("turns an escalation with a priced ask at a draftable stage into a draft that must wait for a human", () => {
    const p = plan({ action: "escalate", quote: discounted, escalation_reasons: [reason] });
    const { step } = replyStep("countered", p, standing);
    expect(step).toMatchObject({ kind: "propose", quote: discounted, reasons: [reason], forceApproval: true });
  });

  it("escalates with the standing quote when the plan priced nothing", () => {
    const { step } = replyStep("proposal_sent", plan({ action: "escalate", escalation_reasons: [reason] }), standing);
    expect(step).toEqual({ kind: "escalate", quote: standing, reasons: [reason], options: [] });
    const none = replyStep("proposal_sent", plan({ action: "escalate", escalation_reasons: [reason] }), null).step;
    expect(none).toMatchObject({ kind: "escalate", quote: null });
  });

  it("escalates with the plan's quote at a stage that cannot draft", () => {
    const { step } = replyStep("proposal_sent", plan({ action: "escalate", quote: discounted, escalation_reasons: [reason] }), standing);
    expect(step).toMatchObject({ kind: "escalate", quote: discounted });
  });

  it("only records a question or anything else", () => {
    expect(replyStep("proposal_sent", plan({ action: "record_only" }), standing)).toEqual({
      action: "record_only",
      step: { kind: "none" },
    });
  });
});

describe("autonomousMaySend", () => {
  const limits = { autonomous_max_deal_usd: 50_000, escalate_above_usd: 250_000 };
  const base = { mode: "autonomous", quote: standing, reasons: [] as EscalationReason[], injection_attempt: false };
  const withTotal = (usdMinor: number): Quote => ({ ...standing, total_usd_minor: usdMinor });

  it("sends alone in autonomous mode within policy, with nothing to escalate, under the limit", () => {
    expect(standing.verdict).toBe("within_policy");
    expect(autonomousMaySend(base, limits)).toBe(true);
  });

  it("never in co-pilot mode, beyond policy, with a reason to escalate or after an injection attempt", () => {
    expect(autonomousMaySend({ ...base, mode: "copilot" }, limits)).toBe(false);
    expect(autonomousMaySend({ ...base, quote: { ...standing, verdict: "needs_approval" } }, limits)).toBe(false);
    expect(autonomousMaySend({ ...base, reasons: [reason] }, limits)).toBe(false);
    expect(autonomousMaySend({ ...base, injection_attempt: true }, limits)).toBe(false);
  });

  it("stays strictly under the autonomous limit and at most at the escalation threshold", () => {
    expect(autonomousMaySend({ ...base, quote: withTotal(4_999_999) }, limits)).toBe(true);
    expect(autonomousMaySend({ ...base, quote: withTotal(5_000_000) }, limits)).toBe(false);
    const high = { autonomous_max_deal_usd: 1_000_000, escalate_above_usd: 50_000 };
    expect(autonomousMaySend({ ...base, quote: withTotal(5_000_000) }, high)).toBe(true);
    expect(autonomousMaySend({ ...base, quote: withTotal(5_000_001) }, high)).toBe(false);
  });
});

describe("approvalStep", () => {
  const draft = { id: "prop_1", kind: "proposal" as const, status: "awaiting_approval", sent_at: null };

  it("approves a waiting proposal towards proposal_sent", () => {
    expect(approvalStep(draft, "awaiting_approval")).toEqual({ retry: false, nextStage: "proposal_sent" });
  });

  it("retries the send of an approved draft that was never sent", () => {
    expect(approvalStep({ ...draft, status: "approved" }, "awaiting_approval")).toEqual({ retry: true, nextStage: "proposal_sent" });
  });

  it("refuses a decided draft as already_decided", () => {
    for (const status of ["sent", "rejected", "superseded"]) {
      expect(approvalStep({ ...draft, status }, "awaiting_approval")).toMatchObject({
        ok: false,
        kind: "conflict",
        extra: { code: "already_decided" },
      });
    }
    expect(approvalStep({ ...draft, status: "approved", sent_at: "2026-01-01T00:00:00Z" }, "proposal_sent")).toMatchObject({ ok: false });
  });

  it("refuses any approval on a won or lost deal", () => {
    expect(approvalStep(draft, "won")).toMatchObject({ ok: false, kind: "conflict", detail: "The deal is won" });
    expect(approvalStep({ ...draft, kind: "follow_up" }, "lost")).toMatchObject({ ok: false, kind: "conflict" });
  });

  it("refuses a proposal whose send could not legally move the stage", () => {
    expect(approvalStep(draft, "accepted")).toMatchObject({ ok: false, kind: "conflict", extra: { code: "illegal_transition" } });
  });

  it("lets a follow-up or agreement be approved without moving the stage", () => {
    expect(approvalStep({ ...draft, kind: "follow_up" }, "proposal_sent")).toEqual({ retry: false, nextStage: null });
    expect(approvalStep({ ...draft, kind: "agreement" }, "agreement_drafted")).toEqual({ retry: false, nextStage: null });
  });
});
