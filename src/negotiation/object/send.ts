import { getConfig } from "../../config";
import { newId } from "../../platform/ids";
import { log } from "../../platform/log";
import { replyAddressFor } from "../../platform/reply-address";
import { outboundFields } from "../core/outbound";
import { insertOutbox } from "../store/mirror";
import type { ObjectContext } from "./context";
import type { Actor } from "../core/types";

const SEND_TIMEOUT_MS = 5_000;

/**
 * "Send": POST to OUTBOUND_WEBHOOK_URL when configured, else recorded in the D1 outbox (channel
 * log). Recorded in history either way. A failed webhook leaves the draft approved, not sent. The
 * recipient and subject pass outboundFields first: an invalid recipient sends nothing at all.
 */
export async function send(o: ObjectContext, draftId: string, actor: Actor): Promise<boolean> {
  const draft = o.drafts.row(draftId);
  if (!draft) return false;
  const lead = o.state.leadRecord();
  const cfg = getConfig(o.env);
  const checked = outboundFields({
    to: lead.contact_email,
    subject: draft.subject,
    reply_to: replyAddressFor(cfg.INBOUND_EMAIL_ADDRESS, lead.id),
  });
  if (!checked.ok) {
    o.state.addHistory(actor, "note", `${draft.kind} ${draftId} not sent: ${checked.detail}`, { draft_id: draftId, code: checked.code });
    log({ event: "negotiation.send_refused", lead_id: lead.id, draft_id: draftId, code: checked.code, outcome: "refused" }, "warn");
    return false;
  }
  const { to, subject, reply_to } = checked.fields;
  const url = cfg.OUTBOUND_WEBHOOK_URL.trim();
  const now = new Date().toISOString();
  let status: "delivered" | "logged" | "failed" = "logged";
  if (url) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lead_id: lead.id, draft_id: draftId, kind: draft.kind, to, reply_to, subject, body: draft.body }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      status = res.ok ? "delivered" : "failed";
    } catch {
      status = "failed";
    }
  }
  await insertOutbox(o.env.DB, {
    id: newId("out"),
    lead_id: lead.id,
    draft_id: draftId,
    channel: url ? "webhook" : "log",
    recipient: to,
    subject,
    body: draft.body,
    status,
    created_at: now,
  });
  if (status === "failed") {
    o.state.addHistory(actor, "note", `sending ${draft.kind} ${draftId} to the outbound webhook failed; it stays approved`, {
      draft_id: draftId,
    });
    log({ event: "negotiation.send_failed", lead_id: lead.id, draft_id: draftId, outcome: "error" }, "error");
    return false;
  }
  o.drafts.markSent(draftId, now);
  o.state.addHistory(actor, "draft_sent", `${draft.kind} ${draftId} sent via ${url ? "webhook" : "outbox log"}`, {
    draft_id: draftId,
    channel: url ? "webhook" : "log",
  });
  o.state.addHistory("agent", "message_out", subject, { draft_id: draftId });
  if (draft.kind === "proposal" || draft.kind === "agreement") {
    o.state.resetFollowUps();
    o.timers.arm("follow_up", cfg.FOLLOW_UP_DAYS * 86_400_000, draftId);
    await o.timers.armAlarm();
  }
  return true;
}
