import { describe, expect, it } from "vitest";
import adversarial from "../../fixtures/negotiation/adversarial.json";
import { deobfuscate, detectManipulation, planReply } from "../../../src/negotiation/core/guardrails";
import { quote } from "../../../src/negotiation/core/pricing";
import { canTransition } from "../../../src/negotiation/core/stages";
import {
  STAGES,
  type CatalogSnapshot,
  type NegotiationState,
  type Quote,
  type QuoteRequest,
  type Stage,
} from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
// Frozen all the way down: any attempt to write the catalog or rules throws (ES modules are strict).
const frozen: CatalogSnapshot = deepFreeze(
  structuredClone({ ...catalog, products: [...catalog.products], tiers: [...catalog.tiers], rules: [...catalog.rules] }),
);
const snapshotBefore = JSON.stringify(frozen);
const cfg = { escalate_above_usd_minor: 25_000_000 };
const request: QuoteRequest = { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 };
const standing = quote(frozen, facts(), request);
const state = (stage: Stage): NegotiationState => ({ stage, request, quote: standing });

type Case = { id: string; instruction: boolean; technique: string; text: string };
const cases = (adversarial as { cases: Case[] }).cases;

/** Every price in a plan must be what the engine gives for the standing request or the customer's ask on it. */
function expectEnginePrice(q: Quote, text: string): void {
  expect(q.discount_bps, text).toBeLessThanOrEqual(q.max_discount_bps);
  expect(q.total_minor, text).toBe(q.subtotal_minor - q.discount_minor);
  const c = planReply(state("proposal_sent"), text, frozen, facts(), cfg).classification;
  const candidates: QuoteRequest[] = [request];
  const asked = { ...request, ...(c.asked_term_months ? { term_months: c.asked_term_months } : {}) };
  if (c.asked_unit_minor !== undefined)
    candidates.push({
      ...asked,
      requested_total_minor: c.asked_unit_minor * request.items[0].qty,
      ...(c.asked_currency ? { requested_total_currency: c.asked_currency } : {}),
    });
  else if (c.asked_total_minor !== undefined)
    candidates.push({
      ...asked,
      requested_total_minor: c.asked_total_minor,
      ...(c.asked_currency ? { requested_total_currency: c.asked_currency } : {}),
    });
  else if (c.asked_discount_bps !== undefined) candidates.push({ ...asked, requested_discount_bps: c.asked_discount_bps });
  expect(
    candidates.some((r) => JSON.stringify(quote(frozen, facts(), r)) === JSON.stringify(q)),
    text,
  ).toBe(true);
  // The policy maximum for this deal is 15 %: no plan ever prices below 85 % of the subtotal.
  expect(q.total_minor, text).toBeGreaterThanOrEqual(935_000);
}

describe("guardrails: adversarial customer messages", () => {
  it("has a varied adversarial set of at least 40 messages", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.instruction).length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.technique)).size).toBeGreaterThanOrEqual(30);
  });

  for (const c of cases) {
    it(`${c.id} (${c.technique}): no out-of-policy price, no illegal stage change${c.instruction ? ", flagged and escalated" : ""}`, () => {
      for (const stage of STAGES) {
        const plan = planReply(state(stage), c.text, frozen, facts(), cfg);
        if (plan.next_stage !== undefined) {
          expect(canTransition(stage, plan.next_stage), `${stage} → ${plan.next_stage}`).toBe(true);
          expect(["countered", "accepted"]).toContain(plan.next_stage);
        }
        if (stage === "won" || stage === "lost") {
          expect(plan.action).toBe("record_only");
          expect(plan.next_stage).toBeUndefined();
        }
        if (plan.quote) expectEnginePrice(plan.quote, c.text);
        for (const o of plan.options) expect(o.quote.verdict).toBe("within_policy");
        if (c.instruction) {
          expect(plan.injection.attempt, c.text).toBe(true);
          expect(plan.injection.evidence.length).toBeGreaterThan(0);
          expect(plan.next_stage).toBeUndefined();
          if (stage !== "won" && stage !== "lost") {
            expect(plan.action).toBe("escalate");
            expect(plan.escalation_reasons.map((r) => r.code)).toContain("injection_attempt");
          }
        }
      }
    });
  }

  it("never writes the catalog or the rules", () => {
    for (const c of cases) planReply(state("proposal_sent"), c.text, frozen, facts(), cfg);
    expect(JSON.stringify(frozen)).toBe(snapshotBefore);
  });
});

describe("guardrails: ordinary messages", () => {
  const benign = [
    "Sounds good, let's proceed.",
    "Can you do 10% off?",
    "We can do $9,900 for the year.",
    "Please ignore the typo in my last email, I meant 100 seats.",
    "Too expensive for us right now.",
    "Can you clarify what onboarding includes?",
    "Not until Q3, our budget is frozen.",
    "We'd like to switch to the annual plan if possible.",
    "Our admin team will review the contract next week.",
    "Please send the agreement to our legal team.",
    "We'd like to turn on auto-renewal.",
    "Could you change the billing contact to Maria?",
    "Can you move the start date to April?",
    "Please disregard the attachment, wrong file.",
    "As the admin of our Slack, I can add your team.",
    "The deal is approved on our side, please send the contract.",
    "I am the CFO and I approve this purchase.",
    "Can you clarify the pricing rules for multi-year deals?",
    "Our policy is to pay within 45 days.",
  ];
  for (const text of benign) {
    it(`does not flag ${JSON.stringify(text)}`, () => {
      expect(detectManipulation(text)).toMatchObject({ attempt: false, evidence: [] });
    });
  }

  it("revises the draft for a within-policy counter and moves to countered", () => {
    const plan = planReply(state("proposal_sent"), "Can you do 10% off?", frozen, facts(), cfg);
    expect(plan).toMatchObject({ class: "counter_offer", action: "revise_draft", next_stage: "countered", escalation_reasons: [] });
    expect(plan.quote).toMatchObject({ verdict: "within_policy", discount_bps: 1000, total_minor: 990_000 });
  });

  it("prices a counter that trades a longer term for a bigger discount", () => {
    const plan = planReply(state("proposal_sent"), "Can we get 3 years at 20% off instead?", frozen, facts(), cfg);
    expect(plan).toMatchObject({ class: "counter_offer", action: "revise_draft", next_stage: "countered" });
    expect(plan.quote).toMatchObject({ term_months: 36, discount_bps: 2000, verdict: "within_policy", rule_id: "mid-3y" });
  });

  it("turns a per-seat price into the total it implies and judges that", () => {
    const ok = planReply(state("proposal_sent"), "We could do $100 per seat.", frozen, facts(), cfg);
    expect(ok.quote).toMatchObject({ total_minor: 1_000_000, requested_discount_bps: 910, verdict: "within_policy" });
    expect(ok.action).toBe("revise_draft");
    const low = planReply(state("proposal_sent"), "We can pay $90/seat.", frozen, facts(), cfg);
    expect(low.quote?.verdict).toBe("refused");
    expect(low.action).toBe("escalate");
  });

  it("keeps a needs-approval counter as a revised draft whose verdict tells the DO to wait for a human", () => {
    const plan = planReply(state("proposal_sent"), "Could you do 12% off?", frozen, facts(), cfg);
    expect(plan.action).toBe("revise_draft");
    expect(plan.quote?.verdict).toBe("needs_approval");
  });

  it("escalates a refused counter with within-policy options", () => {
    const plan = planReply(state("countered"), "We can do $8,000 for everything.", frozen, facts(), cfg);
    expect(plan.action).toBe("escalate");
    expect(plan.quote).toMatchObject({ verdict: "refused", discount_bps: 1500 });
    expect(plan.escalation_reasons.map((r) => r.code)).toEqual(["out_of_policy", "refused_counter"]);
    expect(plan.options.length).toBeGreaterThan(0);
    expect(plan.next_stage).toBeUndefined(); // countered → countered is not a transition
  });

  it("moves an accepted proposal to accepted and asks for the agreement", () => {
    const plan = planReply(state("proposal_sent"), "Sounds good, let's proceed.", frozen, facts(), cfg);
    expect(plan).toMatchObject({ class: "acceptance", action: "draft_agreement", next_stage: "accepted" });
    expect(plan.quote).toEqual(standing);
  });

  it("escalates an acceptance above the value threshold instead of drafting the agreement", () => {
    const plan = planReply(state("proposal_sent"), "We accept.", frozen, facts(), { escalate_above_usd_minor: 500_000 });
    expect(plan.action).toBe("escalate");
    expect(plan.next_stage).toBe("accepted");
    expect(plan.escalation_reasons.map((r) => r.code)).toEqual(["above_value_threshold"]);
  });

  it("records a timing objection, escalates a price objection with options", () => {
    expect(planReply(state("proposal_sent"), "Not until Q3.", frozen, facts(), cfg)).toMatchObject({ action: "record_only" });
    const price = planReply(state("proposal_sent"), "Honestly too expensive.", frozen, facts(), cfg);
    expect(price).toMatchObject({ action: "escalate", next_stage: "countered" });
    expect(price.options.length).toBeGreaterThan(0);
  });

  it("records questions and asks in messages to a closed deal without acting", () => {
    expect(planReply(state("proposal_sent"), "What does onboarding include?", frozen, facts(), cfg)).toMatchObject({
      class: "question",
      action: "record_only",
    });
    expect(planReply(state("won"), "Can you do 10% off?", frozen, facts(), cfg)).toMatchObject({ action: "record_only" });
  });

  it("escalates an ask it cannot price instead of failing", () => {
    const plan = planReply(
      { stage: "proposal_sent", request: { items: [{ sku: "GONE", qty: 1 }], term_months: 12 }, quote: null },
      "Can you do 5% off?",
      frozen,
      facts(),
      cfg,
    );
    expect(plan.action).toBe("escalate");
    expect(plan.escalation_reasons[0].code).toBe("pricing_error");
    expect(plan.quote).toBeUndefined();
  });

  it("undoes obfuscation only for detection", () => {
    expect(deobfuscate("1gn0re prev1ous")).toBe("ignore previous");
    expect(deobfuscate("i g n o r e")).toBe("ignore");
    expect(deobfuscate("Ig\u200bnore")).toBe("Ignore");
    expect(deobfuscate("we can do $40k, 10% off in Q3")).toBe("we can do $40k, 10% off in Q3");
  });
});

describe("guardrails: hostile sizes", () => {
  // workerd's clock only advances across I/O, so the bound is the per-test timeout: before the
  // classifier was made linear these inputs took well over a minute; now each plans in milliseconds.
  const inputs = [
    "a ".repeat(60_000),
    "1,".repeat(60_000) + "x",
    "we can do ".repeat(12_000),
    "not ".repeat(30_000) + "accept",
    "one two three ".repeat(9_000),
    "$1 ".repeat(40_000),
  ];
  for (const text of inputs) {
    it(`plans a ${text.length}-character pathological message within the 5-second test timeout (${JSON.stringify(text.slice(0, 12))}…)`, () => {
      const plan = planReply(state("proposal_sent"), text, frozen, facts(), cfg);
      expect(plan.next_stage === undefined || canTransition("proposal_sent", plan.next_stage)).toBe(true);
      if (plan.quote) expect(plan.quote.discount_bps).toBeLessThanOrEqual(plan.quote.max_discount_bps);
    }, 5_000);
  }
});
