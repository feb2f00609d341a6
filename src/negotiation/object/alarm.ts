import { getConfig } from "../../config";
import { log } from "../../platform/log";
import type { ObjectContext } from "./context";
import { compose } from "./compose";
import { escalate } from "./escalate";
import { mirror } from "./mirror";
import { maySendAlone, tryFirstProposal } from "./proposals";
import { send } from "./send";
import type { DraftStatus, Quote } from "../core/types";

const MAX_FOLLOW_UPS = 3;

/** Runs every due timer (one failing never stops the others), then re-arms the alarm for the earliest left. */
export async function runDueTimers(o: ObjectContext): Promise<void> {
  for (const t of o.timers.due(Date.now())) {
    o.timers.clear(t.kind);
    try {
      if (t.kind === "follow_up") await onFollowUpDue(o);
      else if (t.kind === "approval_sla") await onApprovalOverdue(o, t.ref);
      else if (t.kind === "mirror") await mirror(o);
      else if (t.kind === "first_draft" && o.state.lead().stage === "qualified" && !o.drafts.hasAny()) {
        await tryFirstProposal(o);
        await mirror(o);
      }
    } catch (err) {
      log(
        {
          event: "negotiation.timer_failed",
          lead_id: o.state.leadIdOrNull(),
          timer: t.kind,
          error: err instanceof Error ? err.message : String(err),
          outcome: "error",
        },
        "error",
      );
    }
  }
  await o.timers.armAlarm();
}

/** No reply FOLLOW_UP_DAYS after a sent proposal: a follow-up is drafted (at most MAX_FOLLOW_UPS in a row). */
async function onFollowUpDue(o: ObjectContext): Promise<void> {
  const lead = o.state.leadOrNull();
  const q = o.state.currentQuote();
  if (!lead || lead.stage !== "proposal_sent" || !q) return;
  if (lead.follow_ups >= MAX_FOLLOW_UPS) return;
  const cfg = getConfig(o.env);
  o.state.countFollowUp();
  o.state.addHistory("agent", "follow_up", `no customer reply in ${cfg.FOLLOW_UP_DAYS} days: follow-up drafted`);
  const { content, retrieved } = await compose(o, "follow_up", q, null, { days_since: cfg.FOLLOW_UP_DAYS });
  const draftId = o.drafts.insert(content, retrieved);
  let status: DraftStatus = "awaiting_approval";
  if (maySendAlone(o, q, [])) {
    o.drafts.markApproved(draftId, "agent");
    if (await send(o, draftId, "agent")) status = "sent";
    o.timers.arm("follow_up", cfg.FOLLOW_UP_DAYS * 86_400_000, draftId);
  } else {
    o.drafts.supersedePending(draftId);
    o.drafts.markAwaiting(draftId);
    o.timers.arm("approval_sla", cfg.APPROVAL_SLA_HOURS * 3_600_000, draftId);
  }
  await mirror(o);
  o.activity("follow_up.drafted", "proposal", draftId, 0, { lead_id: o.state.leadId(), status });
}

/** A draft waited past APPROVAL_SLA_HOURS: one reminder and one escalation, never more. */
async function onApprovalOverdue(o: ObjectContext, draftId: string | null): Promise<void> {
  if (!draftId) return;
  const draft = o.drafts.row(draftId);
  if (!draft || draft.status !== "awaiting_approval" || draft.sla_escalated) return;
  const cfg = getConfig(o.env);
  o.drafts.markSlaEscalated(draftId);
  o.state.addHistory("agent", "reminder", `${draft.kind} ${draftId} awaiting approval for over ${cfg.APPROVAL_SLA_HOURS} hours`, {
    draft_id: draftId,
  });
  await escalate(
    o,
    [{ code: "needs_approval", detail: `draft ${draftId} has waited for approval for over ${cfg.APPROVAL_SLA_HOURS} hours` }],
    JSON.parse(draft.quote_json) as Quote,
    [],
  );
  o.activity("approval.overdue", "proposal", draftId, 0, { lead_id: o.state.leadId() });
}
