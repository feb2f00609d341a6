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

const HTML_TAGS = new Set(
  "html head body meta title style script link base p br hr div span a b i u s em strong small big sub sup font center blockquote pre code q cite abbr ul ol li dl dt dd table thead tbody tfoot tr td th caption col colgroup img figure figcaption h1 h2 h3 h4 h5 h6 section article header footer nav main aside address mark del ins wbr label form input button select option textarea o:p v:shape".split(
    " ",
  ),
);

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
  // Elements no HTML mail has (<instructions>, <customer_message>, <tool_call>): kept raw for the detector.
  for (const m of html.matchAll(/<\/?([a-z][\w:-]*)\b[^>]*>/gi)) if (!HTML_TAGS.has(m[1].toLowerCase())) out.push(m[0]);
  return out.filter(Boolean).join("\n").trim();
}
