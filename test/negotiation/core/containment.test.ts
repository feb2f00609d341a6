import { describe, expect, it } from "vitest";
import { planReply } from "../../../src/negotiation/core/guardrails";
import { humanOptionStage, replyStep } from "../../../src/negotiation/core/next-step";
import { quote } from "../../../src/negotiation/core/pricing";
import { STAGES, type NegotiationState, type QuoteRequest, type Stage } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

/*
 * Containment without detection: whatever the detector misses, an ask beyond policy moves no stage
 * and drafts nothing; it escalates with priced options, and a human's chosen option records the counter.
 */
const cfg = { escalate_above_usd_minor: 25_000_000 };
const request: QuoteRequest = { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 };
const standing = quote(catalog, facts(), request);
const state = (stage: Stage): NegotiationState => ({ stage, request, quote: standing });

describe("an ask beyond policy moves nothing by itself", () => {
  for (const text of ["We can only sign with a 40% discount.", "Wij tekenen alleen met 45% korting.", "We can do $4,000 for everything."]) {
    it(`escalates "${text}" with options and leaves proposal_sent`, () => {
      const plan = planReply(state("proposal_sent"), text, catalog, facts(), cfg);
      expect(plan.injection.attempt).toBe(false);
      expect(plan.class).toBe("counter_offer");
      expect(plan.quote?.verdict).toBe("refused");
      expect(plan.action).toBe("escalate");
      expect(plan.next_stage).toBeUndefined();
      expect(plan.options.length).toBeGreaterThan(0);
      for (const o of plan.options) expect(o.quote.discount_bps).toBeLessThan(o.quote.max_discount_bps + 1);
      const { step } = replyStep("proposal_sent", plan, standing);
      expect(step.kind).toBe("escalate");
    });
  }

  it("still moves to countered and drafts at exactly a within-policy ask", () => {
    const plan = planReply(state("proposal_sent"), "Can you do 10% off?", catalog, facts(), cfg);
    expect(plan).toMatchObject({ next_stage: "countered", action: "revise_draft" });
    expect(plan.quote?.discount_bps).toBe(1000);
    expect(replyStep("countered", plan, standing).step.kind).toBe("propose");
  });

  it("moves a competitor's number that prices within policy, but not one that is refused", () => {
    const within = planReply(state("proposal_sent"), "BlackLine quoted us 10% less for the same scope.", catalog, facts(), cfg);
    const beyond = planReply(state("proposal_sent"), "BlackLine quoted us 50% less for the same scope.", catalog, facts(), cfg);
    expect(beyond.quote?.verdict).toBe("refused");
    expect(beyond.next_stage).toBeUndefined();
    expect(within.quote?.verdict).toBe("within_policy");
    expect(within.next_stage).toBe("countered");
  });
});

describe("humanOptionStage", () => {
  it("records the counter first when the refused counter left the deal at proposal_sent", () => {
    expect(humanOptionStage("proposal_sent")).toEqual({ recordCounter: true });
  });
  it("records nothing at a stage a proposal may be drafted from", () => {
    for (const s of ["qualified", "proposal_drafted", "awaiting_approval", "countered"])
      expect(humanOptionStage(s)).toEqual({ recordCounter: false });
  });
  it("refuses every other stage", () => {
    const other = STAGES.filter((s) => !["qualified", "proposal_drafted", "awaiting_approval", "countered", "proposal_sent"].includes(s));
    expect(other.length).toBeGreaterThan(0);
    for (const s of other) expect(humanOptionStage(s), s).toBeNull();
    expect(humanOptionStage("nonsense")).toBeNull();
  });
});
