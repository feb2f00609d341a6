import { getConfig } from "../../config";
import { ok, refuse, refusalFrom, type Outcome } from "../core/outcome";
import { factsFromLead } from "../core/segment";
import { assertTransition } from "../core/stages";
import { humanActor, type ObjectContext } from "./context";
import { markEscalationResolved } from "./escalate";
import { mirror, recordPastDeal } from "./mirror";
import { tryFirstProposal } from "./proposals";
import type { LeadRecord } from "../../leads/core/types";
import type { Mode } from "../core/views";

/**
 * Hands a freshly ingested lead to its agent (contract with the ingestion layer). Idempotent:
 * opening the same lead again keeps the stage it has reached. A qualified lead gets its first
 * proposal at once. Never refuses for a business reason (an empty catalog leaves the lead in
 * `qualified`, logged).
 */
export async function openLead(o: ObjectContext, lead: LeadRecord): Promise<{ stage: string }> {
  const existing = o.state.leadOrNull();
  if (existing) return { stage: existing.stage };
  const started = performance.now();
  const now = new Date().toISOString();
  const facts = factsFromLead(lead);
  const mode: Mode = getConfig(o.env).AUTONOMOUS_MODE === "on" ? "autonomous" : "copilot";
  o.state.insertLead(lead, mode, facts, now);
  o.state.addHistory("agent", "lead_opened", `lead opened at stage ${lead.stage} (${facts.segment}, ${mode})`, {
    score: lead.score,
    segment: facts.segment,
    mode,
  });
  if (lead.injection_attempt) {
    o.state.addHistory("agent", "injection_flagged", "the lead's own text tried to instruct the automation; treated as data", {
      evidence: lead.injection_evidence.slice(0, 5),
    });
  }
  if (lead.stage === "qualified") await tryFirstProposal(o);
  await mirror(o);
  o.activity("lead.opened", "lead", lead.id, performance.now() - started, { stage: o.state.lead().stage, mode });
  return { stage: o.state.lead().stage };
}

/** won | lost by a human (a message can never close a deal). */
export async function close(o: ObjectContext, outcome: "won" | "lost", actor: string, reason: string): Promise<Outcome<{ stage: string }>> {
  const lead = o.state.leadOrNull();
  if (!lead) return refuse("not_found", "This lead has no negotiation");
  const who = humanActor(actor);
  try {
    o.state.setStage(assertTransition(lead.stage, outcome), who, reason);
  } catch (err) {
    return refusalFrom(err);
  }
  for (const t of ["follow_up", "approval_sla"] as const) o.timers.clear(t);
  o.drafts.supersedeAllPending();
  await mirror(o);
  await recordPastDeal(o, outcome, reason);
  o.activity(`deal.${outcome}`, "lead", o.state.leadId(), 0, { reason });
  return ok({ stage: outcome });
}

export async function setMode(o: ObjectContext, mode: Mode, actor: string): Promise<Outcome<{ mode: Mode }>> {
  const lead = o.state.leadOrNull();
  if (!lead) return refuse("not_found", "This lead has no negotiation");
  if (lead.mode !== mode) {
    o.state.setMode(mode);
    o.state.addHistory(humanActor(actor), "mode_changed", `mode ${lead.mode} → ${mode}`, { from: lead.mode, to: mode });
    await mirror(o);
  }
  return ok({ mode });
}

/** Records a human's resolution of an escalation in the deal's history (D1 is updated by the caller). */
export function noteEscalationResolved(
  o: ObjectContext,
  escalationId: string,
  actor: string,
  resolution: string,
): Outcome<{ stage: string }> {
  if (!o.state.leadOrNull()) return refuse("not_found", "This lead has no negotiation");
  markEscalationResolved(o, escalationId);
  o.state.addHistory(humanActor(actor), "escalation_resolved", `escalation ${escalationId} resolved: ${resolution}`, {
    escalation_id: escalationId,
  });
  return ok({ stage: o.state.lead().stage });
}
