import { detectInjection, maskSpans, normalizeForDetection, type DetectContext, type InjectionReport } from "../../platform/injection";
import { needsEscalation } from "./escalation";
import { counterOptions, quote } from "./pricing";
import { classifyReply } from "./replies";
import { canTransition, isTerminal } from "./stages";
import {
  PricingError,
  type CatalogSnapshot,
  type CounterOption,
  type EscalationReason,
  type LeadFacts,
  type NegotiationConfig,
  type NegotiationState,
  type Quote,
  type QuoteRequest,
  type ReplyPlan,
  type Stage,
} from "./types";

/**
 * Customer text is data. Whatever a message says, it can only produce a classification and a verdict
 * of the pricing engine; planReply is the one function the Durable Object calls with a message, and:
 *  - every price in the plan comes from pricing.quote (the standing request, with at most the
 *    customer's asked discount/total swapped in): no number from the text becomes a price directly;
 *  - next_stage is only ever a legal transition from the current stage, and only one of
 *    countered / accepted (the customer's own moves); never won, lost, sent or approved; an ask the
 *    engine refuses (beyond policy) moves no stage: an undetected injection's number is such an ask;
 *  - nothing here can change a rule, the catalog, the mode or the config (it receives frozen data and
 *    returns a plan);
 *  - an instruction attempt (detectInjection from src/ingest, plus the negotiation-specific controls
 *    below, on the raw text and on a de-obfuscated copy) is flagged and escalated, never obeyed, and
 *    the message then moves no stage at all (its price is still the engine's, for the human to see).
 * Action semantics for the DO: escalate ⇒ create an escalation (with escalation_reasons and options);
 * revise_draft ⇒ draft from plan.quote — when quote.verdict is "needs_approval" the draft must wait
 * for a human even in autonomous mode; draft_agreement ⇒ after moving to accepted; record_only ⇒ log it.
 */

/** A de-obfuscated copy for detection only (the shared detector's normalisation). */
export function deobfuscate(text: string): string {
  return normalizeForDetection(text).text;
}

export type InjectionSignal = Pick<InjectionReport, "attempt" | "evidence" | "score" | "reasons" | "spans">;

/**
 * The shared detector (src/platform/injection/) over a reply, with the conversation's context: trigger
 * words an earlier message planted flag this one.
 */
export function detectManipulation(message: string, context: DetectContext = {}): InjectionSignal {
  return detectInjection(message, context);
}

function safeQuote(catalog: CatalogSnapshot, facts: LeadFacts, req: QuoteRequest): { quote?: Quote; error?: PricingError } {
  try {
    return { quote: quote(catalog, facts, req) };
  } catch (err) {
    if (err instanceof PricingError) return { error: err };
    throw err;
  }
}

function safeOptions(catalog: CatalogSnapshot, facts: LeadFacts, req: QuoteRequest): CounterOption[] {
  try {
    return counterOptions(catalog, facts, req);
  } catch (err) {
    if (err instanceof PricingError) return [];
    throw err;
  }
}

/** The standing request without any earlier ask: the customer's new ask replaces it, never stacks. */
function baseRequest(req: QuoteRequest): QuoteRequest {
  return { items: req.items.map((i) => ({ sku: i.sku, qty: i.qty })), term_months: req.term_months };
}

export function planReply(
  state: NegotiationState,
  message: string,
  catalog: CatalogSnapshot,
  facts: LeadFacts,
  config: NegotiationConfig,
  context: DetectContext = {},
): ReplyPlan {
  const injection = detectManipulation(message, context);
  // Containment: the business meaning is read with the suspicious spans masked, so no number,
  // approval, recipient or instruction inside them can become an ask.
  const classification = classifyReply(injection.attempt ? maskSpans(message, injection.spans) : message);
  const plan: ReplyPlan = {
    class: classification.class,
    classification,
    action: "record_only",
    injection: { attempt: injection.attempt, evidence: injection.evidence, score: injection.score, reasons: injection.reasons },
    escalation_reasons: [],
    options: [],
  };
  // A won or lost deal takes no more moves; the DO answers 409 and records nothing else.
  if (isTerminal(state.stage)) return plan;

  const legal = (to: Stage): Stage | undefined => (canTransition(state.stage, to) ? to : undefined);
  // The lead's ingestion flag is escalated when the lead opens; here only this message counts.
  const msgFacts: LeadFacts = { ...facts, injection_attempt: false };
  const reasons: EscalationReason[] = [];
  const addReasons = (rs: EscalationReason[]) => {
    for (const r of rs) if (!reasons.some((x) => x.code === r.code)) reasons.push(r);
  };

  const hasAsk =
    classification.asked_discount_bps !== undefined ||
    classification.asked_total_minor !== undefined ||
    classification.asked_unit_minor !== undefined;
  if ((classification.class === "counter_offer" || (classification.class === "objection" && hasAsk)) && state.request) {
    const req: QuoteRequest = { ...baseRequest(state.request) };
    // A longer (or shorter) term is the customer's to ask: it is priced by the engine like the rest.
    if (classification.asked_term_months !== undefined) req.term_months = classification.asked_term_months;
    if (classification.asked_unit_minor !== undefined && req.items.length === 1) {
      // "$90 per seat" on a one-line proposal: the total it implies, judged like any total.
      req.requested_total_minor = classification.asked_unit_minor * req.items[0].qty;
      if (classification.asked_currency) req.requested_total_currency = classification.asked_currency;
    } else if (classification.asked_unit_minor !== undefined) {
      // A unit price on several lines is ambiguous: a human reads it (priced at the standing request).
      addReasons([{ code: "customer_objection", detail: "a per-unit price was offered on a proposal with several lines" }]);
    } else if (classification.asked_total_minor !== undefined) {
      req.requested_total_minor = classification.asked_total_minor;
      if (classification.asked_currency) req.requested_total_currency = classification.asked_currency;
    } else if (classification.asked_discount_bps !== undefined) {
      req.requested_discount_bps = classification.asked_discount_bps;
    }
    const { quote: q, error } = safeQuote(catalog, facts, req);
    if (!q) {
      addReasons([{ code: "pricing_error", detail: error?.message ?? "the ask could not be priced" }]);
      plan.action = "escalate";
    } else {
      plan.quote = q;
      const refused = q.verdict === "refused";
      addReasons(needsEscalation(q, msgFacts, config, { refused_counter: refused }));
      if (refused) plan.options = safeOptions(catalog, facts, req);
      if (classification.class === "objection") {
        // A competitor's number: priced for the record, but a human answers a competitor.
        addReasons([
          {
            code: "customer_objection",
            detail: `${classification.objection ?? "unspecified"} objection with a number: "${classification.evidence[0]?.slice(0, 120) ?? ""}"`,
          },
        ]);
      }
      plan.action = reasons.length > 0 ? "escalate" : "revise_draft";
      // Containment: an ask beyond policy moves nothing by itself (whoever wrote it, whatever frame it
      // came in); it is an escalation with priced options, and a human's chosen option records the
      // counter (humanOptionStage in next-step.ts).
      if (!refused) plan.next_stage = legal("countered");
    }
  } else if (classification.class === "acceptance") {
    if (state.request) {
      const { quote: q } = safeQuote(catalog, facts, state.request);
      if (q) plan.quote = q;
    }
    plan.next_stage = legal("accepted");
    if (plan.next_stage) {
      plan.action = "draft_agreement";
      if (plan.quote) {
        addReasons(needsEscalation(plan.quote, msgFacts, config));
        if (reasons.length) plan.action = "escalate";
      }
    }
  } else if (classification.class === "objection" || classification.class === "counter_offer") {
    const kind = classification.objection;
    if (classification.class === "objection" && kind) plan.respond_to = kind;
    if (kind === "timing") {
      plan.action = "record_only";
    } else {
      if (state.request) {
        const { quote: q } = safeQuote(catalog, facts, state.request);
        if (q) plan.quote = q;
        plan.options = safeOptions(catalog, facts, state.request);
      }
      const what = classification.class === "counter_offer" ? "counter-offer before any proposal" : `${kind ?? "unspecified"} objection`;
      addReasons([
        {
          code: "customer_objection",
          detail: `${what}${classification.evidence.length ? `: "${classification.evidence[0].slice(0, 120)}"` : ""}`,
        },
      ]);
      plan.action = "escalate";
      if (kind !== "features") plan.next_stage = legal("countered");
    }
  }

  if (injection.attempt) {
    // A message that tries to instruct the automation moves nothing: a human takes it from the escalation.
    addReasons([
      {
        code: "injection_attempt",
        detail: "the message tried to instruct the automation; it was treated as data and nothing it asked was applied",
      },
    ]);
    plan.action = "escalate";
    delete plan.next_stage;
    delete plan.respond_to;
  }
  plan.escalation_reasons = reasons;
  // Defence in depth: the plan can only name the customer's own moves, and only legal ones.
  if (plan.next_stage && (!canTransition(state.stage, plan.next_stage) || !["countered", "accepted"].includes(plan.next_stage)))
    delete plan.next_stage;
  return plan;
}
