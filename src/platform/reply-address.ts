/**
 * Replies by e-mail reach the right negotiation through plus-addressing: what we send for a lead
 * carries Reply-To `<inbound local>+<lead id>@<inbound domain>`, and mail to such an address is a
 * customer reply for that lead, not a new lead.
 */
const LEAD_ID = /^lead_[0-9A-HJKMNP-TV-Z]{26}$/i;

export function replyAddressFor(inbound: string, leadId: string): string | null {
  const at = inbound.lastIndexOf("@");
  if (at < 1 || !LEAD_ID.test(leadId)) return null;
  return `${inbound.slice(0, at)}+${leadId}${inbound.slice(at)}`;
}

/** The lead id a recipient address answers, or null when it is not a reply address of `inbound`. */
export function leadIdFromRecipient(to: string, inbound: string): string | null {
  const addr = to.trim().toLowerCase();
  const base = inbound.trim().toLowerCase();
  const at = base.lastIndexOf("@");
  if (at < 1) return null;
  const prefix = `${base.slice(0, at)}+`;
  const domain = base.slice(at);
  if (!addr.startsWith(prefix) || !addr.endsWith(domain)) return null;
  const tag = addr.slice(prefix.length, addr.length - domain.length);
  return LEAD_ID.test(tag) ? `lead_${tag.slice(5).toUpperCase()}` : null;
}
