import { describe, expect, it } from "vitest";
import { classifyReply } from "../../../src/negotiation/core/replies";
import type { ReplyClassification } from "../../../src/negotiation/core/types";

type Case = [string, Partial<ReplyClassification>];

const cases: Case[] = [
  // counter-offers: discounts
  ["Can you do 10% off?", { class: "counter_offer", asked_discount_bps: 1000 }],
  ["We'd need a 15 percent discount to move forward.", { class: "counter_offer", asked_discount_bps: 1500 }],
  ["Could you give us a discount of 12.5%?", { class: "counter_offer", asked_discount_bps: 1250 }],
  ["We grew 20% last year and need 100 seats. Can you do 12%?", { class: "counter_offer", asked_discount_bps: 1200 }],
  ["It's too expensive. How about 8% off?", { class: "counter_offer", asked_discount_bps: 800, objection: "price" }],
  ["We need a ten percent reduction.", { class: "counter_offer", asked_discount_bps: 1000 }],
  // counter-offers: totals
  ["We can do $40k for the whole thing.", { class: "counter_offer", asked_total_minor: 4_000_000, asked_currency: "USD" }],
  ["€38,000 is our max.", { class: "counter_offer", asked_total_minor: 3_800_000, asked_currency: "EUR" }],
  ["Would you accept 45,000 USD?", { class: "counter_offer", asked_total_minor: 4_500_000, asked_currency: "USD" }],
  ["If you can get it down to $9,000 we'll sign today.", { class: "counter_offer", asked_total_minor: 900_000, asked_currency: "USD" }],
  ["Our budget is €1.234,50 per month.", { class: "counter_offer", asked_total_minor: 123_450, asked_currency: "EUR" }],
  ["We can pay 45k.", { class: "counter_offer", asked_total_minor: 4_500_000 }],
  // objections
  ["Honestly it's too expensive for us.", { class: "objection", objection: "price" }],
  ["This is way over our budget.", { class: "objection", objection: "price" }],
  ["Competitor X offers the same for 20% less.", { class: "objection", objection: "competitor", asked_discount_bps: 2000 }],
  ["We got a cheaper quote from another vendor.", { class: "objection", objection: "competitor" }],
  ["Not until Q3, budget is frozen.", { class: "objection", objection: "timing" }],
  ["Let's revisit this next quarter.", { class: "objection", objection: "timing" }],
  ["Your tool lacks SSO, which we need.", { class: "objection", objection: "features" }],
  ["It does not support SAML yet, that's a blocker.", { class: "objection", objection: "features" }],
  // negations
  ["We do not accept these terms.", { class: "objection" }],
  ["We don't accept, sorry.", { class: "objection" }],
  ["We can't accept this offer.", { class: "objection" }],
  ["It doesn't sound good to us.", { class: "objection" }],
  ["We are not ready to sign yet.", { class: "objection" }],
  ["We cannot pay $50,000.", { class: "objection", objection: "price" }],
  ["We won't do 5% off, we want more.", { class: "objection" }],
  ["Sounds good but it's too expensive.", { class: "objection", objection: "price" }],
  ["I don't think it's too expensive, sounds good, let's proceed.", { class: "acceptance" }],
  // acceptance
  ["Sounds good, let's proceed!", { class: "acceptance" }],
  ["No problem, let's proceed.", { class: "acceptance" }],
  ["Great. Please send over the contract.", { class: "acceptance" }],
  ["We accept the proposal.", { class: "acceptance" }],
  ["Happy to move forward with this.", { class: "acceptance" }],
  ["Wir akzeptieren das Angebot.", { class: "acceptance" }],
  // more phrasings
  ["Thanks for the proposal. Our CFO says the price is a bit high. Is there any flexibility?", { class: "objection", objection: "price" }],
  ["We'd be happy to sign at $38,500.", { class: "counter_offer", asked_total_minor: 3_850_000, asked_currency: "USD" }],
  ["The budget for this is only $30,000, so we'd need you to come down.", { class: "counter_offer", asked_total_minor: 3_000_000 }],
  ["Can we get 3 years at 20% off instead?", { class: "counter_offer", asked_discount_bps: 2000, asked_term_months: 36 }],
  ["We'd sign for two years if you give 15% off.", { class: "counter_offer", asked_discount_bps: 1500, asked_term_months: 24 }],
  ["Could you do €42.000?", { class: "counter_offer", asked_total_minor: 4_200_000, asked_currency: "EUR" }],
  ["We can stretch to 45.5k.", { class: "counter_offer", asked_total_minor: 4_550_000 }],
  ["Unfortunately we decided to go with another provider.", { class: "objection", objection: "competitor" }],
  ["We're comparing you with Acme and BlackLine right now.", { class: "objection", objection: "competitor" }],
  ["BlackLine quoted us $35k for the same scope.", { class: "objection", objection: "competitor", asked_total_minor: 3_500_000 }],
  ["We have decided not to move forward.", { class: "objection" }],
  ["Not interested anymore, thanks.", { class: "objection" }],
  ["Price is fine, but we need Salesforce integration.", { class: "objection", objection: "features" }],
  ["C'est trop cher pour nous.", { class: "objection", objection: "price" }],
  ["Let's do it.", { class: "acceptance" }],
  ["We decided to move forward with your proposal.", { class: "acceptance" }],
  ["We can do $90 per seat.", { class: "counter_offer", asked_unit_minor: 9_000, asked_currency: "USD" }],
  ["Would you take €80/user?", { class: "counter_offer", asked_unit_minor: 8_000, asked_currency: "EUR" }],
  ["We can pay $40k a year.", { class: "counter_offer", asked_total_minor: 4_000_000 }],
  // questions and other
  ["Can you clarify the onboarding timeline?", { class: "question" }],
  ["Does the price include support?", { class: "question" }],
  ["Could you explain how seats are counted", { class: "question" }],
  ["Thanks, noted.", { class: "other" }],
  ["We grew 20% last year.", { class: "other" }],
];

describe("reply classification", () => {
  for (const [text, expected] of cases) {
    it(`classifies ${JSON.stringify(text)} as ${expected.class}${expected.objection ? ` (${expected.objection})` : ""}`, () => {
      const r = classifyReply(text);
      expect(r).toMatchObject(expected);
      if (expected.asked_discount_bps === undefined && expected.class !== "objection") expect(r.asked_discount_bps).toBeUndefined();
      if (expected.asked_total_minor === undefined && expected.class !== "objection") expect(r.asked_total_minor).toBeUndefined();
      if (expected.asked_term_months === undefined) expect(r.asked_term_months).toBeUndefined();
      if (expected.asked_unit_minor === undefined) expect(r.asked_unit_minor).toBeUndefined();
      if (r.class !== "other") expect(r.evidence.length).toBeGreaterThan(0);
    });
  }

  it("ignores quoted earlier messages", () => {
    const r = classifyReply(
      "Thanks, we accept the proposal.\n\nOn Mon, 3 Nov 2026 at 10:00 Sales wrote:\n> Can you do 40% off? It is too expensive.",
    );
    expect(r.class).toBe("acceptance");
    const r2 = classifyReply("Sounds good.\n> we can only pay $1k");
    expect(r2.class).toBe("acceptance");
  });

  it("keeps the evidence span of the asked number", () => {
    const r = classifyReply("Hi there. The team liked the demo. We can do $40k for the whole thing.");
    expect(r.evidence[0]).toContain("$40k");
  });
});
