import { headerSafe, isValidEmail } from "../../platform/header-safe";

/**
 * The header-like fields of what the object sends (outbound webhook payload and outbox row). Lead
 * data comes from strangers: a CR/LF in a company name or an address must never reach a field a
 * mail gateway turns into a header. The subject is made header-safe; a recipient that is not one
 * valid address is refused, never cleaned up into something we would send to. A lead without any
 * address keeps going to the log channel with no recipient, as before.
 */
export type OutboundFields = { to: string | null; subject: string; reply_to: string | null };

export type OutboundCheck = { ok: true; fields: OutboundFields } | { ok: false; code: "invalid_recipient"; detail: string };

export function outboundFields(input: { to: string | null; subject: string; reply_to: string | null }): OutboundCheck {
  const recipient = recipientCheck(input.to);
  if (!recipient.ok) return recipient;
  const replyTo = input.reply_to !== null && isValidEmail(input.reply_to) ? input.reply_to : null;
  return { ok: true, fields: { to: recipient.to, subject: headerSafe(input.subject), reply_to: replyTo } };
}

/** The recipient as sent, or why it cannot be (the detail never echoes the raw address's control characters). */
export function recipientCheck(
  to: string | null,
): { ok: true; to: string | null } | { ok: false; code: "invalid_recipient"; detail: string } {
  if (to === null) return { ok: true, to: null };
  if (isValidEmail(to)) return { ok: true, to };
  return {
    ok: false,
    code: "invalid_recipient",
    detail: `The lead's contact address ${JSON.stringify(headerSafe(to, 120))} is not one valid e-mail address: nothing is sent to it`,
  };
}
