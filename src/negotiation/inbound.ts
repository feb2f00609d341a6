import { log } from "../platform/log";
import type { MessageResult } from "./core/views";
import { unwrap } from "./core/outcome";

/**
 * A customer's reply reaching a known lead, from POST /api/leads/:id/messages or from the email
 * handler (a mail that answers one of our proposals). The lead's DO classifies it and plans the
 * answer; refusals come back as typed errors (404 unknown lead, 409 won/lost deal).
 */
export async function deliverCustomerMessage(env: Env, leadId: string, text: string, channel: string): Promise<MessageResult> {
  return unwrap(await env.LEAD_NEGOTIATION.getByName(leadId).receiveMessage(text, channel));
}

/**
 * For the ingestion layer's email() handler: call this when an inbound mail is a reply to a known
 * lead (e.g. its In-Reply-To matches a proposal we sent, or the subject carries the lead id) with the
 * reply's text (quoted history may stay: the classifier ignores "> " lines and "On … wrote:").
 * Throws NotFound (no negotiation for that lead) or Conflict (the deal is won or lost).
 */
export async function handleCustomerReplyEmail(env: Env, leadId: string, text: string): Promise<MessageResult> {
  const result = await deliverCustomerMessage(env, leadId, text, "email");
  log({ event: "negotiation.email_reply", lead_id: leadId, class: result.class, action: result.action, outcome: "ok" });
  return result;
}
