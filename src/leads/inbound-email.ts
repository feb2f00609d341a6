import { getConfig } from "../config";
import { Refusal } from "../platform/errors";
import { log, maskEmail } from "../platform/log";
import { ingestLead } from "./ingest";
import { readCapped } from "../platform/body";
import PostalMime from "postal-mime";
import { leadIdFromRecipient } from "../platform/reply-address";
import { handleCustomerReplyEmail } from "../negotiation/inbound";

/**
 * Email Workers entry: mail to the inbound address becomes a lead through the same pipeline as
 * POST /api/leads (message/rfc822). Permanent refusals (wrong recipient, too large, unreadable)
 * answer the sender with an SMTP reject; anything unexpected is thrown so the platform retries.
 */
export async function handleInboundEmail(message: ForwardableEmailMessage, env: Env, ctx: ExecutionContext): Promise<void> {
  const startedAt = performance.now();
  const cfg = getConfig(env);
  const inbound = cfg.INBOUND_EMAIL_ADDRESS.trim().toLowerCase();
  const replyTo = inbound ? leadIdFromRecipient(message.to, inbound) : null;
  if (replyTo) return handleReplyEmail(message, env, replyTo, cfg.MAX_UPLOAD_BYTES);
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

/**
 * A customer's answer to something we sent for a lead (Reply-To `inbound+<lead id>@…`): it goes to
 * that lead's negotiation as data, never to ingestion as a new lead.
 */
async function handleReplyEmail(message: ForwardableEmailMessage, env: Env, leadId: string, limit: number): Promise<void> {
  const bytes = message.rawSize > limit ? null : await readCapped(message.raw, limit);
  if (!bytes) {
    message.setReject(`Message too large: the limit is ${limit} bytes`);
    return;
  }
  let text: string;
  try {
    const parsed = await PostalMime.parse(bytes);
    text = (parsed.text ?? parsed.html?.replace(/<[^>]+>/g, " ") ?? "").trim();
  } catch {
    message.setReject("Could not read the message");
    return;
  }
  if (!text) {
    message.setReject("The message has no text");
    return;
  }
  try {
    await handleCustomerReplyEmail(env, leadId, text);
  } catch (err) {
    if (err instanceof Refusal && err.kind === "not_found") {
      log({ event: "negotiation.email_reply", lead_id: leadId, from: maskEmail(message.from), outcome: "unknown_lead" }, "warn");
      message.setReject("No conversation for this address");
      return;
    }
    if (err instanceof Refusal && err.kind === "conflict") {
      // A reply to a closed deal is kept in the logs for a person, not bounced back to the customer.
      log({ event: "negotiation.email_reply", lead_id: leadId, from: maskEmail(message.from), outcome: "deal_closed" }, "warn");
      return;
    }
    throw err;
  }
}
