import { Conflict, InvalidInput, NotFound } from "../platform/errors";
import { log } from "../platform/log";
import { humanOptionStage } from "./core/next-step";
import { unwrap } from "./core/outcome";
import { deliverCustomerMessage } from "./inbound";
import { auditDecision, isKnownLead } from "./store/deals";
import { listEscalations, readEscalation, resolveEscalation, type EscalationKey, type EscalationView } from "./store/escalations";
import type { QuoteRequest } from "./core/types";
import type { BillingTerms } from "../recon/core/invoicing";
import type { CashView } from "./object/cash";
import type { DecisionResult, MessageResult, Mode, NegotiationView, ProposalResult } from "./core/views";

/**
 * What the negotiation routes call: one function per endpoint, over each lead's LeadNegotiation
 * object (the source of truth) and the D1 escalations table. Human decisions are written to
 * audit_log with the actor. Every lead-scoped call answers NotFound before touching an object when
 * neither ingestion nor a deal knows the lead.
 */

async function assertKnownLead(env: Env, id: string): Promise<void> {
  if (!(await isKnownLead(env.DB, id))) throw new NotFound(`No lead ${id}`);
}
const stubOf = (env: Env, id: string) => env.LEAD_NEGOTIATION.getByName(id);

export async function negotiationOf(env: Env, id: string): Promise<NegotiationView & { cash: CashView }> {
  await assertKnownLead(env, id);
  const state = await stubOf(env, id).getState();
  if (!state) throw new NotFound(`Lead ${id} has no negotiation (not qualified)`);
  return state;
}

export async function relayMessage(env: Env, id: string, text: string, channel: string): Promise<MessageResult> {
  await assertKnownLead(env, id);
  return deliverCustomerMessage(env, id, text, channel);
}

export async function askProposal(
  env: Env,
  id: string,
  body: { items: Array<{ sku: string; qty: number }>; term_months: number; discount_bps?: number | undefined },
  actor: string,
): Promise<ProposalResult> {
  await assertKnownLead(env, id);
  const request: QuoteRequest = {
    items: body.items,
    term_months: body.term_months,
    ...(body.discount_bps !== undefined ? { requested_discount_bps: body.discount_bps } : {}),
  };
  return unwrap(await stubOf(env, id).requestProposal(request, actor));
}

export async function approveDraft(env: Env, id: string, draftId: string, actor: string): Promise<DecisionResult> {
  await assertKnownLead(env, id);
  const out = unwrap(await stubOf(env, id).approve(draftId, actor));
  await auditDecision(env.DB, {
    actor,
    action: "proposal.approve",
    entity: "proposal",
    entityId: draftId,
    reason: null,
    detail: { lead_id: id, sent: out.sent },
  });
  return out;
}

export async function rejectDraft(env: Env, id: string, draftId: string, actor: string, reason: string): Promise<DecisionResult> {
  await assertKnownLead(env, id);
  const out = unwrap(await stubOf(env, id).reject(draftId, actor, reason));
  await auditDecision(env.DB, { actor, action: "proposal.reject", entity: "proposal", entityId: draftId, reason, detail: { lead_id: id } });
  return out;
}

export async function setDealMode(env: Env, id: string, mode: Mode, actor: string): Promise<{ mode: Mode }> {
  await assertKnownLead(env, id);
  const out = unwrap(await stubOf(env, id).setMode(mode, actor));
  await auditDecision(env.DB, { actor, action: "deal.mode", entity: "lead", entityId: id, reason: null, detail: { mode } });
  return out;
}

export async function closeDeal(
  env: Env,
  id: string,
  outcome: "won" | "lost",
  actor: string,
  reason: string,
  billing: BillingTerms = {}, // loop18: how a won deal is invoiced (object/cash.ts)
): Promise<{ stage: string }> {
  await assertKnownLead(env, id);
  const out = unwrap(await stubOf(env, id).close(outcome, actor, reason, billing));
  await auditDecision(env.DB, {
    actor,
    action: `deal.${outcome}`,
    entity: "lead",
    entityId: id,
    reason,
    detail: outcome === "won" ? { billing } : {},
  });
  return out;
}

export function escalationsList(
  env: Env,
  q: { status: "open" | "resolved" | "all"; lead_id?: string | undefined; limit: number; after?: EscalationKey | undefined },
) {
  return listEscalations(env.DB, q);
}

/**
 * Resolves an escalation once (a second resolution is a Conflict), notes it in the deal's history
 * and, with `applyOption` (1-based), drafts the chosen counter-proposal as the deal's new proposal.
 */
export async function resolveDealEscalation(
  env: Env,
  id: string,
  resolution: string,
  applyOption: number | undefined,
  actor: string,
): Promise<EscalationView & { draft_id: string | null }> {
  const before = await readEscalation(env.DB, id);
  if (!before) throw new NotFound(`No escalation ${id}`);
  if (before.status !== "open") throw new Conflict(`Escalation ${id} is already resolved`);
  const stub = stubOf(env, before.lead_id);
  let request: QuoteRequest | null = null;
  if (applyOption !== undefined) {
    const options = before.options as Array<{ request?: QuoteRequest }>;
    request = options[applyOption - 1]?.request ?? null;
    if (!request) throw new InvalidInput(`Escalation ${id} has ${options.length} option(s); there is no option ${applyOption}`);
    // The object decides again when it drafts; this only answers early.
    const state = await stub.getState();
    if (!state || !humanOptionStage(state.stage))
      throw new Conflict(`The deal is ${state?.stage ?? "not open"}: no new proposal can be drafted`);
  }
  if (!(await resolveEscalation(env.DB, id, { resolution, actor, apply_option: applyOption ?? null })))
    throw new Conflict(`Escalation ${id} is already resolved`);
  const noted = await stub.noteEscalationResolved(id, actor, resolution);
  if (!noted.ok) log({ event: "negotiation.escalation_note_failed", escalation_id: id, lead_id: before.lead_id, outcome: "error" }, "warn");
  let draftId: string | null = null;
  if (request) draftId = unwrap(await stub.requestProposal(request, actor, { fromEscalation: true })).draft_id;
  const row = await readEscalation(env.DB, id);
  if (!row) throw new NotFound(`No escalation ${id}`);
  return { ...row, draft_id: draftId };
}
