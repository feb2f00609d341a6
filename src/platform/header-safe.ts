/**
 * Values that end up in outbound mail headers (To, Subject) or in one-line fields. A CR or LF in
 * such a value lets whoever wrote it add headers (`Bcc: …`) or forge a body, and other control
 * characters are at best noise there, so they never get stored or sent.
 */

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators (a line break to some mailers).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** The text on one line: every run of control characters becomes one space, ends trimmed. */
export function headerSafe(text: string): string {
  return text.replace(CONTROL, " ").replace(/ {2,}/g, " ").trim();
}

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * A plain `local@domain` address that is safe to put in a To header: the RFC 5322 dot-atom local
 * part (no quoted strings, no comments, no spaces), a domain of at least two LDH labels, and the
 * RFC 5321 length limits. Deliberately narrower than the RFC: what it refuses is not worth the risk.
 */
export function isValidEmail(addr: string): boolean {
  if (addr.length > 254) return false;
  const at = addr.lastIndexOf("@");
  if (at <= 0 || at === addr.length - 1) return false;
  const local = addr.slice(0, at);
  const domain = addr.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  const labels = domain.split(".");
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /[A-Za-z]/.test(labels.at(-1) ?? "");
}
