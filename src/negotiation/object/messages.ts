import { planReply } from "../core/guardrails";
import { plantedTriggers } from "../../platform/injection";
import { replyStep } from "../core/next-step";
import { ok, refuse, refusalFrom, type Outcome } from "../core/outcome";
import { isStage, isTerminal } from "../core/stages";
import { catalogOf, negotiationConfig, type ObjectContext } from "./context";
import { placeAnswer, placeObjectionResponse } from "./answer";
import { escalate } from "./escalate";
import { mirror } from "./mirror";
import { placeAgreement, placeProposal } from "./proposals";
import type { InternalEvent } from "../../gateway/core/internal-event";
import type { MessageResult } from "../core/views";
import type { ReplyPlan, Stage } from "../core/types";

/**
 * A customer's reply (relayed by sales/CRM or arriving by email). Recorded first, always; then
 * classified and planned by the guardrails: a counter within policy → a revised draft; beyond it,
 * an injection attempt or a deal above the threshold → an escalation with options; an acceptance
 * → an agreement draft. A message to a won or lost deal is refused (and recorded).
 */
export async function receiveMessage(o: ObjectContext, text: string, channel: string): Promise<Outcome<MessageResult>> {
  const started = performance.now();
  const lead = o.state.leadOrNull();
  if (!lead) return refuse("not_found", "This lead has no negotiation");
  const stage = lead.stage as Stage;
  o.state.addHistory("customer", "message_in", text.slice(0, 20_000), { channel, chars: text.length });
  o.state.touch();
  if (!isStage(stage) || isTerminal(stage)) {
    o.state.addHistory("agent", "note", `message to a ${stage} deal: not processed`);
    return refuse("conflict", `The deal is ${stage}: it takes no more messages`, { code: "deal_closed" });
  }
  o.timers.clear("follow_up"); // the customer answered
  try {
    const catalog = await catalogOf(o.env);
    const plan = planReply(
      { stage, request: o.state.request(), quote: o.state.currentQuote() },
      text,
      catalog,
      o.state.facts(),
      negotiationConfig(o.env),
      { triggers: rememberedTriggers(o) },
    );
    recordPlan(o, plan, plantedTriggers(text));
    const result = await applyPlan(o, plan, text);
    await mirror(o);
    o.activity(`message.${plan.class}`, "lead", o.state.leadId(), performance.now() - started, {
      action: plan.action,
      injection: plan.injection.attempt,
      channel,
    });
    return ok(result);
  } catch (err) {
    return refusalFrom(err);
  }
}

/**
 * Conversation-level suspicion: trigger words ("the code word is BLUEBIRD", "when I say 'as agreed'")
 * an earlier message planted, remembered in the history so a later message using them is flagged.
 */
function rememberedTriggers(o: ObjectContext): string[] {
  const out = new Set<string>();
  for (const h of o.state.historyEntries()) {
    const t = h.kind === "classified" ? h.data?.triggers : undefined;
    if (Array.isArray(t)) for (const w of t) if (typeof w === "string") out.add(w);
  }
  return [...out];
}

function recordPlan(o: ObjectContext, plan: ReplyPlan, triggers: string[]): void {
  o.state.addHistory(
    "agent",
    "classified",
    `${plan.class}${plan.classification.objection ? ` (${plan.classification.objection})` : ""} → ${plan.action}`,
    {
      class: plan.class,
      objection: plan.classification.objection ?? null,
      asked_discount_bps: plan.classification.asked_discount_bps ?? null,
      asked_total_minor: plan.classification.asked_total_minor ?? null,
      evidence: plan.classification.evidence.slice(0, 3),
      ...(triggers.length ? { triggers } : {}),
    },
  );
  if (plan.injection.attempt) {
    o.state.addHistory(
      "agent",
      "injection_flagged",
      "the message tried to instruct the automation; treated as data, nothing it asked was applied",
      {
        evidence: plan.injection.evidence.slice(0, 5),
        score: plan.injection.score ?? null,
        reasons: plan.injection.reasons?.slice(0, 10) ?? [],
      },
    );
  }
  if (plan.quote)
    o.state.addHistory("agent", "quote", `priced: ${plan.quote.verdict}`, {
      total_minor: plan.quote.total_minor,
      currency: plan.quote.currency,
      discount_bps: plan.quote.discount_bps,
      verdict: plan.quote.verdict,
    });
}

/** Carries out the step core/next-step.ts decides for the plan. */
async function applyPlan(o: ObjectContext, plan: ReplyPlan, text: string): Promise<MessageResult> {
  if (plan.next_stage) o.state.setStage(plan.next_stage, "agent", `customer ${plan.class}`);
  const { action, step } = replyStep(o.state.lead().stage, plan, o.state.currentQuote());
  const result: MessageResult = {
    stage: "",
    class: plan.class,
    action,
    injection_attempt: plan.injection.attempt,
    draft_id: null,
    draft_status: null,
    escalation_id: null,
  };
  if (step.kind === "propose") {
    const placed = await placeProposal(o, step.quote, step.request, "agent", step.reasons, step.options, text, {
      forceApproval: step.forceApproval,
    });
    Object.assign(result, { draft_id: placed.draftId, draft_status: placed.status, escalation_id: placed.escalationId });
  } else if (step.kind === "agreement") {
    const placed = await placeAgreement(o, step.quote, text, { forceApproval: step.forceApproval });
    if (step.escalate) result.escalation_id = await escalate(o, step.escalate.reasons, step.quote, step.escalate.options);
    Object.assign(result, { draft_id: placed.draftId, draft_status: placed.status });
  } else if (step.kind === "answer") {
    result.draft_id = await placeAnswer(o, text, step.quote);
    result.draft_status = "awaiting_approval";
  } else if (step.kind === "respond") {
    if (step.reasons.length) result.escalation_id = await escalate(o, step.reasons, step.quote, step.options);
    result.draft_id = await placeObjectionResponse(o, step.objection, text, step.quote);
    result.draft_status = "awaiting_approval";
  } else if (step.kind === "escalate") {
    result.escalation_id = await escalate(o, step.reasons, step.quote, step.options);
  }
  result.stage = o.state.lead().stage;
  return result;
}

/** Stores a CRM event once; a redelivery is a no-op. */
export function recordCrmEvent(o: ObjectContext, event: InternalEvent): { stored: boolean } {
  const key = `${event.source}:${event.vendor_event_id}`;
  const cursor = o.state.sql.exec(
    `INSERT INTO crm_events (event_key, source, event_type, subject_id, data_json, occurred_at, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING`,
    key,
    event.source,
    event.event_type,
    event.subject_id,
    JSON.stringify(event.data),
    event.occurred_at,
    new Date().toISOString(),
  );
  return { stored: cursor.rowsWritten > 0 };
}

export function listCrmEvents(o: ObjectContext): Array<{ event_key: string; event_type: string; data_json: string }> {
  return o.state.sql
    .exec<{ event_key: string; event_type: string; data_json: string }>(
      "SELECT event_key, event_type, data_json FROM crm_events ORDER BY received_at",
    )
    .toArray();
}
