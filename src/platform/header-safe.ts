/**
 * Output encoding for values that end up in a mail header or a header-like field of an outbound
 * webhook (recipient, subject). Lead data comes from strangers: a CR/LF in a company name or an
 * address would let it add its own header lines (`Bcc: …`) wherever a mail gateway folds our JSON
 * into a message. Pure, no bindings.
 */

// C0 controls (incl. TAB, CR, LF, NUL), DEL, C1 controls (incl. NEL U+0085), and the Unicode line
// and paragraph separators, which some mail and JSON tooling treats as line breaks.
const CONTROL_RUN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** RFC 5322 keeps a header line under 998 characters; a subject far shorter is plenty. */
export const MAX_HEADER_CHARS = 998;

/**
 * The text with every run of control characters replaced by one space, then trimmed and cut to
 * `max` characters. Never contains CR, LF, NUL or any other control character.
 */
export function headerSafe(text: string, max = MAX_HEADER_CHARS): string {
  const flat = text.replace(CONTROL_RUN, " ").replace(/ {2,}/g, " ").trim();
  return flat.length > max ? flat.slice(0, max).trimEnd() : flat;
}

/** True when the text has a character headerSafe would remove. */
export function hasControlChars(text: string): boolean {
  return new RegExp(CONTROL_RUN.source).test(text);
}

// dot-atom local part (RFC 5322 atext, no quoted strings, no comments) and a domain of DNS labels
// with at least one dot and an alphabetic top-level label.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^[A-Za-z]{2,63}$/;

/**
 * A strict check for ONE bare address (`user@example.com`): no display name, no angle brackets,
 * no list, no whitespace or control characters, no quoted local part or IP-literal domain. Stricter
 * than RFC 5322 on purpose: what passes can be put in a To header as is.
 */
export function isValidEmail(addr: string): boolean {
  if (addr.length > 254) return false;
  const at = addr.indexOf("@");
  if (at < 1 || at !== addr.lastIndexOf("@")) return false;
  const local = addr.slice(0, at);
  const domain = addr.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  const labels = domain.split(".");
  if (labels.length < 2 || domain.length > 253) return false;
  if (!labels.every((l) => LABEL.test(l))) return false;
  return TLD.test(labels[labels.length - 1] ?? "");
}
