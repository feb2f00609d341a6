import PostalMime from "postal-mime";
import { readCapped } from "../platform/body";
import { Refusal } from "../platform/errors";
import { log, maskEmail } from "../platform/log";
import { replyMailText } from "./core/mail-text";
import { handleCustomerReplyEmail } from "./inbound";

/**
 * A customer's answer to something we sent for a lead (Reply-To `inbound+<lead id>@…`): it goes to
 * that lead's negotiation as data, never to ingestion as a new lead.
 */
export async function handleReplyEmail(message: ForwardableEmailMessage, env: Env, leadId: string, limit: number): Promise<void> {
  const bytes = message.rawSize > limit ? null : await readCapped(message.raw, limit);
  if (!bytes) {
    message.setReject(`Message too large: the limit is ${limit} bytes`);
    return;
  }
  let text: string;
  try {
    const parsed = await PostalMime.parse(bytes);
    // Both parts: the HTML's comments and hidden elements stay visible to the injection detector.
    text = replyMailText({ text: parsed.text, html: parsed.html });
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
