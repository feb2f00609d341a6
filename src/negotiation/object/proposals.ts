import { getConfig } from "../../config";
import { log } from "../../platform/log";
import { firstRequest } from "../core/first-request";
import { approvalStep, autonomousMaySend, canDraftAt, humanOptionStage, stageAfterDraft } from "../core/next-step";
import { recipientCheck } from "../core/outbound";
import { ok, refuse, refusalFrom, type Outcome } from "../core/outcome";
import { counterOptions, quote as priceQuote } from "../core/pricing";
import { needsEscalation } from "../core/escalation";
import { PricingError } from "../core/types";
import { catalogOf, humanActor, negotiationConfig, type ObjectContext } from "./context";
import { compose } from "./compose";
import { escalate } from "./escalate";
import { mirror } from "./mirror";
import { send } from "./send";
import type { DecisionResult, ProposalResult } from "../core/views";
import type {
  Actor,
  CatalogSnapshot,
  CounterOption,
  DraftKind,
  DraftStatus,
  EscalationReason,
  LeadFacts,
  Quote,
  QuoteRequest,
} from "../core/types";

const FIRST_DRAFT_RETRY_MS = 60_000;

/** Autonomy per policy, and never to an address we would refuse to send to (a human reviews that draft). */
export function maySendAlone(o: ObjectContext, q: Quote, reasons: readonly EscalationReason[]): boolean {
  const cfg = getConfig(o.env);
  return (
    autonomousMaySend(
      { mode: o.state.lead().mode, quote: q, reasons, injection_attempt: o.state.facts().injection_attempt },
      { autonomous_max_deal_usd: cfg.AUTONOMOUS_MAX_DEAL_USD, escalate_above_usd: cfg.ESCALATE_ABOVE_USD },
    ) && recipientCheck(o.state.leadRecord().contact_email).ok
  );
}

/**
 * Drafts a proposal for `q` and routes it: the stage moves to proposal_drafted; then either it is
 * sent (autonomous mode, within policy, under AUTONOMOUS_MAX_DEAL_USD, nothing to escalate) or it
 * waits for a human (awaiting_approval, with an approval SLA timer). Escalation reasons create an
 * escalation with the engine's options.
 */
export async function placeProposal(
  o: ObjectContext,
  q: Quote,
  request: QuoteRequest,
  actor: Actor,
  reasons: EscalationReason[],
  options: CounterOption[],
  customerMessage: string | null,
  opts: { forceApproval?: boolean } = {},
): Promise<{ draftId: string; status: DraftStatus; escalationId: string | null }> {
  const { content, retrieved } = await compose(o, "proposal", q, customerMessage);
  const draftId = o.drafts.insert(content, retrieved);
  o.drafts.supersedePending(draftId);
  o.state.setProposal(request, q);
  const drafted = stageAfterDraft(o.state.lead().stage);
  if (drafted) o.state.setStage(drafted, actor, "proposal drafted");
  const escalationId = reasons.length ? await escalate(o, reasons, q, options) : null;
  let status: DraftStatus = "awaiting_approval";
  if (!opts.forceApproval && maySendAlone(o, q, reasons)) {
    o.drafts.markApproved(draftId, "agent");
    o.state.addHistory("agent", "draft_approved", `proposal ${draftId} sent autonomously (within policy, under the autonomous limit)`, {
      draft_id: draftId,
    });
    if (await send(o, draftId, "agent")) {
      status = "sent";
      o.state.setStage("proposal_sent", "agent", "autonomous send");
    }
  } else {
    o.drafts.markAwaiting(draftId);
    if (o.state.lead().stage !== "awaiting_approval")
      o.state.setStage(
        "awaiting_approval",
        actor,
        q.verdict === "needs_approval" ? "discount needs approval" : "co-pilot: waiting for a human",
      );
    o.timers.arm("approval_sla", getConfig(o.env).APPROVAL_SLA_HOURS * 3_600_000, draftId);
  }
  await o.timers.armAlarm();
  o.activity("proposal.drafted", "proposal", draftId, 0, {
    lead_id: o.state.leadId(),
    status,
    author: content.author,
    verdict: q.verdict,
    total_minor: q.total_minor,
    currency: q.currency,
  });
  return { draftId, status, escalationId };
}

export async function placeAgreement(
  o: ObjectContext,
  q: Quote,
  customerMessage: string,
  opts: { forceApproval?: boolean } = {},
): Promise<{ draftId: string; status: DraftStatus }> {
  o.state.setStage("agreement_drafted", "agent", "customer accepted: agreement drafted");
  const { content, retrieved } = await compose(o, "agreement", q, customerMessage);
  const draftId = o.drafts.insert(content, retrieved);
  o.drafts.supersedePending(draftId);
  let status: DraftStatus = "awaiting_approval";
  if (!opts.forceApproval && maySendAlone(o, q, [])) {
    o.drafts.markApproved(draftId, "agent");
    if (await send(o, draftId, "agent")) status = "sent";
  } else {
    o.drafts.markAwaiting(draftId);
    o.timers.arm("approval_sla", getConfig(o.env).APPROVAL_SLA_HOURS * 3_600_000, draftId);
  }
  await o.timers.armAlarm();
  o.activity("agreement.drafted", "proposal", draftId, 0, { lead_id: o.state.leadId(), status });
  return { draftId, status };
}

/**
 * The first proposal, never throwing: a pricing refusal (broken catalog) is recorded; anything
 * else (D1 unavailable...) is recorded and retried by the `first_draft` timer, since a second
 * openLead only answers the stage already stored.
 */
export async function tryFirstProposal(o: ObjectContext): Promise<void> {
  try {
    await draftFirstProposal(o, o.state.leadRecord().products, o.state.facts());
  } catch (err) {
    if (err instanceof PricingError) {
      o.state.addHistory("agent", "note", `could not draft the first proposal: ${err.message}`);
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    o.state.addHistory("agent", "note", `first proposal failed, retrying in ${FIRST_DRAFT_RETRY_MS / 1000} s: ${message.slice(0, 200)}`);
    log({ event: "negotiation.first_draft_failed", lead_id: o.state.leadId(), error: message.slice(0, 200), outcome: "retry" }, "error");
    o.timers.arm("first_draft", FIRST_DRAFT_RETRY_MS, null);
    await o.timers.armAlarm();
  }
}

async function draftFirstProposal(o: ObjectContext, products: readonly string[], facts: LeadFacts): Promise<void> {
  const catalog = await catalogOf(o.env);
  const request = firstRequest(catalog, facts, products);
  if (!request) {
    o.state.addHistory("agent", "note", "the catalog has no active product: no proposal drafted");
    return;
  }
  const q = priceQuote(catalog, facts, request);
  o.state.addHistory("agent", "quote", `first proposal priced: ${q.verdict}`, {
    request,
    total_minor: q.total_minor,
    currency: q.currency,
    verdict: q.verdict,
  });
  const reasons = needsEscalation(q, facts, negotiationConfig(o.env));
  await placeProposal(o, q, request, "agent", reasons, reasons.length ? safeOptions(catalog, facts, request) : [], null);
}

export async function approve(o: ObjectContext, draftId: string, actor: string): Promise<Outcome<DecisionResult>> {
  const lead = o.state.leadOrNull();
  if (!lead) return refuse("not_found", "This lead has no negotiation");
  const draft = o.drafts.row(draftId);
  if (!draft) return refuse("not_found", `No draft ${draftId} for this lead`);
  // Decided under the class's serial(): the second of two concurrent approvals lands here.
  const step = approvalStep({ id: draft.id, kind: draft.kind as DraftKind, status: draft.status, sent_at: draft.sent_at }, lead.stage);
  if ("ok" in step) return step;
  // Refused before anything changes: the draft stays reviewable, nothing is sent to a bad address.
  const recipient = recipientCheck(o.state.leadRecord().contact_email);
  if (!recipient.ok) return refuse("invalid_input", recipient.detail, { code: recipient.code });
  const who = humanActor(actor);
  o.drafts.markApproved(draftId, who);
  o.state.addHistory(who, "draft_approved", `${draft.kind} ${draftId} ${step.retry ? "approved again (send retried)" : "approved"}`, {
    draft_id: draftId,
  });
  o.timers.clear("approval_sla");
  const sent = await send(o, draftId, who);
  if (sent && step.nextStage) o.state.setStage(step.nextStage, who, "approved proposal sent");
  await mirror(o);
  o.activity("proposal.approved", "proposal", draftId, 0, { lead_id: o.state.leadId(), sent });
  return ok({ draft_id: draftId, status: o.drafts.row(draftId)?.status ?? "approved", stage: o.state.lead().stage, sent });
}

export async function reject(o: ObjectContext, draftId: string, actor: string, reason: string): Promise<Outcome<DecisionResult>> {
  const lead = o.state.leadOrNull();
  if (!lead) return refuse("not_found", "This lead has no negotiation");
  const draft = o.drafts.row(draftId);
  if (!draft) return refuse("not_found", `No draft ${draftId} for this lead`);
  if (draft.status !== "awaiting_approval")
    return refuse("conflict", `Draft ${draftId} is ${draft.status}, not awaiting approval`, { code: "already_decided" });
  const who = humanActor(actor);
  o.drafts.markRejected(draftId, who, reason);
  o.state.addHistory(who, "draft_rejected", `${draft.kind} ${draftId} rejected: ${reason}`, { draft_id: draftId, reason });
  o.timers.clear("approval_sla");
  // A rejected proposal goes back to drafting: a human asks for a new one (POST .../proposals).
  if (draft.kind === "proposal" && lead.stage === "awaiting_approval") o.state.setStage("proposal_drafted", who, "proposal rejected");
  await mirror(o);
  o.activity("proposal.rejected", "proposal", draftId, 0, { lead_id: o.state.leadId() });
  return ok({ draft_id: draftId, status: "rejected", stage: o.state.lead().stage, sent: false });
}

/**
 * A human asks for a (new) proposal on other items, term or discount. Priced by the engine: an
 * unknown SKU is a refusal; a discount above the policy maximum is priced at the maximum and escalated.
 */
export async function requestProposal(
  o: ObjectContext,
  request: QuoteRequest,
  actor: string,
  opts: { fromEscalation?: boolean } = {},
): Promise<Outcome<ProposalResult>> {
  const lead = o.state.leadOrNull();
  if (!lead) return refuse("not_found", "This lead has no negotiation");
  const option = opts.fromEscalation ? humanOptionStage(lead.stage) : canDraftAt(lead.stage) ? { recordCounter: false } : null;
  if (!option) {
    return refuse("conflict", `A new proposal cannot be drafted at stage ${lead.stage}`, { code: "illegal_transition" });
  }
  const who = humanActor(actor);
  // A refused counter moved nothing; the human who picks one of its options records the counter.
  if (option.recordCounter) o.state.setStage("countered", who, "a human applied an escalation option");
  try {
    const catalog = await catalogOf(o.env);
    const facts = o.state.facts();
    const q = priceQuote(catalog, facts, request);
    o.state.addHistory(who, "quote", `proposal requested: ${q.verdict}`, {
      request,
      total_minor: q.total_minor,
      currency: q.currency,
      verdict: q.verdict,
    });
    const reasons = needsEscalation(q, facts, negotiationConfig(o.env), { refused_counter: q.verdict === "refused" });
    const options = q.verdict === "refused" ? safeOptions(catalog, facts, request) : [];
    const placed = await placeProposal(o, q, request, who, reasons, options, null);
    await mirror(o);
    return ok({
      draft_id: placed.draftId,
      status: placed.status,
      stage: o.state.lead().stage,
      verdict: q.verdict,
      escalation_id: placed.escalationId,
    });
  } catch (err) {
    return refusalFrom(err);
  }
}

export function safeOptions(catalog: CatalogSnapshot, facts: LeadFacts, request: QuoteRequest): CounterOption[] {
  try {
    return counterOptions(catalog, facts, request);
  } catch (err) {
    if (err instanceof PricingError) return [];
    throw err;
  }
}
