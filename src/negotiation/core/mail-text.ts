/**
 * The text of a customer's reply e-mail as the negotiation reads it. The visible text (the text part,
 * else the HTML part without tags) comes first; what a reader of the HTML never sees — comments and
 * hidden elements — is appended raw so the injection detector reads it (and masks it); and when the
 * HTML part says something the text part does not (a multipart mail whose parts disagree), the HTML's
 * visible text is appended too. Pure.
 */
const HIDDEN =
  /<!--[\s\S]{0,20000}?-->|<([a-z][a-z0-9]*)\b[^>]*(?:\bhidden\b|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\b|opacity\s*:\s*0\b|color\s*:\s*(?:#fff(?:fff)?|white)\b)[^>]*>[\s\S]{0,20000}?<\/\1>/gi;

export function htmlVisibleText(html: string): string {
  return html
    .replace(HIDDEN, " ")
    .replace(/<(?:script|style|head)\b[\s\S]*?<\/(?:script|style|head)>/gi, " ")
    .replace(/<br\s*\/?>|<\/(?:p|div|li|tr|h[1-6])>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}

const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);

export function replyMailText(parts: { text?: string | null; html?: string | null }): string {
  const html = parts.html ?? "";
  const text = (parts.text ?? "").trim();
  const visibleHtml = html ? htmlVisibleText(html) : "";
  const out: string[] = [text || visibleHtml];
  if (text && visibleHtml) {
    const known = words(text);
    const extra = [...words(visibleHtml)].filter((w) => !known.has(w));
    if (extra.length >= 3) out.push(visibleHtml);
  }
  for (const m of html.matchAll(HIDDEN)) out.push(m[0]);
  return out.filter(Boolean).join("\n").trim();
}
