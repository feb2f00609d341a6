import { getConfig } from "../config";
import { Refusal } from "../platform/errors";
import { log, maskEmail } from "../platform/log";
import { ingestLead } from "./ingest";
import { readCapped } from "../platform/body";
import { leadIdFromRecipient } from "../platform/reply-address";

/**
 * Email Workers entry: mail to the inbound address becomes a lead through the same pipeline as
 * POST /api/leads (message/rfc822). Permanent refusals (wrong recipient, too large, unreadable)
 * answer the sender with an SMTP reject; anything unexpected is thrown so the platform retries.
 */
/**
 * Where a reply to one of our own messages goes (Reply-To `inbound+<lead id>@…`): the lead's
 * negotiation, handed in by the adapter (src/worker.ts), so ingestion never imports negotiation.
 */
export type ReplyIntake = (message: ForwardableEmailMessage, env: Env, leadId: string, limit: number) => Promise<void>;

export async function handleInboundEmail(
  message: ForwardableEmailMessage,
  env: Env,
  ctx: ExecutionContext,
  replies: ReplyIntake,
): Promise<void> {
  const startedAt = performance.now();
  const cfg = getConfig(env);
  const inbound = cfg.INBOUND_EMAIL_ADDRESS.trim().toLowerCase();
  const replyTo = inbound ? leadIdFromRecipient(message.to, inbound) : null;
  if (replyTo) return replies(message, env, replyTo, cfg.MAX_UPLOAD_BYTES);
  if (inbound && message.to.trim().toLowerCase() !== inbound) {
    log({ event: "lead.email_rejected", from: maskEmail(message.from), reason: "recipient", outcome: "rejected" }, "warn");
    message.setReject(`No such mailbox: ${message.to}`);
    return;
  }
  const limit = cfg.MAX_UPLOAD_BYTES;
  if (message.rawSize > limit) {
    log(
      { event: "lead.email_rejected", from: maskEmail(message.from), reason: "size", bytes: message.rawSize, outcome: "rejected" },
      "warn",
    );
    message.setReject(`Message too large: the limit is ${limit} bytes`);
    return;
  }
  const bytes = await readCapped(message.raw, limit);
  if (!bytes) {
    message.setReject(`Message too large: the limit is ${limit} bytes`);
    return;
  }
  try {
    const { lead, duplicate } = await ingestLead(
      env,
      { bytes, contentType: "message/rfc822", filename: null, receivedAt: new Date().toISOString() },
      { startedAt, waitUntil: (p) => ctx.waitUntil(p) },
    );
    log({
      event: "lead.email_received",
      lead_id: lead.id,
      from: maskEmail(message.from),
      duplicate,
      outcome: duplicate ? "replayed" : "created",
    });
  } catch (err) {
    if (err instanceof Refusal) {
      log({ event: "lead.email_rejected", from: maskEmail(message.from), reason: err.message.slice(0, 200), outcome: "rejected" }, "warn");
      message.setReject(`Could not read the message: ${err.message.slice(0, 200)}`);
      return;
    }
    throw err;
  }
}
