import { log } from "../platform/log";

/**
 * The ops lines of the negotiation API: one JSON line per human or agent action, written by the
 * route once its Durable Object call returned (the object keeps its own history; these are what
 * `wrangler tail` shows). Ids only: never message text, e-mail addresses or reasons.
 */
export type NegotiationAction =
  | "message_relayed"
  | "escalated"
  | "proposal_requested"
  | "approved"
  | "sent"
  | "rejected"
  | "mode_changed"
  | "closed"
  | "escalation_resolved";

export function negotiationLine(action: NegotiationAction, fields: Record<string, unknown>): void {
  log({ event: `negotiation.${action}`, ...fields, outcome: "ok" });
}

/** A reply relayed; if the agent escalated it, a second line says so (the line on-call filters for). */
export function relayedLines(
  leadId: string,
  r: { class: string; action: string; draft_id: string | null; escalation_id: string | null },
): void {
  negotiationLine("message_relayed", { lead_id: leadId, class: r.class, action: r.action, draft_id: r.draft_id });
  if (r.escalation_id) negotiationLine("escalated", { lead_id: leadId, escalation_id: r.escalation_id, via: "message" });
}

/** An approval, and its send when the draft went out. */
export function approvedLines(leadId: string, actor: string, r: { draft_id: string; status: string; stage: string; sent: boolean }): void {
  negotiationLine("approved", { lead_id: leadId, draft_id: r.draft_id, stage: r.stage, actor });
  if (r.sent) negotiationLine("sent", { lead_id: leadId, draft_id: r.draft_id, actor });
}
