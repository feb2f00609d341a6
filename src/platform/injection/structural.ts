/**
 * Structural signals: the shape of a prompt or of machine traffic inside what should be a person's
 * mail. Read on the raw text (spans are positions in it). Strong shapes flag alone; a shape that an
 * ordinary mail can have too (a quoted chain, an image, JSON) is weak and needs company.
 */
export type StructuralHit = { id: string; weight: number; start: number; end: number };

type Shape = { id: string; weight: number; re: RegExp };

const ROLE = "(?:system|assistant|developer|tool|function)";
const SOFT_ROLE = "(?:admin|ai|bot|agent|model)";

const SHAPES: Shape[] = [
  // "System:" / "[assistant]" / "### Developer" at a line start, followed by text.
  {
    id: "role_marker",
    weight: 0.6,
    re: new RegExp(
      `(?:^|\\n)[ \\t>*#\\[]*${ROLE}(?:\\s+(?:message|note|prompt|instruction|override|update))?\\s*[\\]:>][ \\t]*\\S[^\\n]*`,
      "gi",
    ),
  },
  { id: "role_marker", weight: 0.35, re: new RegExp(`(?:^|\\n)[ \\t>*#\\[]*${SOFT_ROLE}\\s*[\\]:>][ \\t]*\\S[^\\n]*`, "gi") },
  { id: "chat_template", weight: 1, re: /<\|[a-z_]{2,20}\|>|\[\/?INST\]|<<\/?SYS>>|<\/?s>\s*\[INST/gi },
  // JSON role objects: {"role": "system", "content": ...}
  { id: "json_role", weight: 1, re: /\{\s*"role"\s*:\s*"(?:system|assistant|developer|tool|function)"[^}]{0,2000}\}?/gi },
  // Tool-call syntax: <tool_call>, {"tool": ..., "arguments": ...}, functions.apply_discount(...)
  {
    id: "tool_call",
    weight: 1,
    re: /<\/?(?:tool_call|tool_use|function_call|function_calls|tool_result|function_results?|invoke|antml:[a-z_]+)\b[^>]*>|\{\s*"(?:tool|function|name|tool_name)"\s*:\s*"[a-z_]+"\s*,\s*"(?:arguments|parameters|args|input)"\s*:|\bfunctions?\.[a-z_]+\s*\(/gi,
  },
  {
    id: "tool_result",
    weight: 1,
    re: /(?:^|\n)\s*(?:tool[ _-]?(?:result|output|response)|function[ _-]?(?:result|output)|observation)\s*[:=][^\n]*/gi,
  },
  // Fake internal headers inside the body: "X-Ledgerline-Approval: granted", "[INTERNAL] ...", "Priority-Override: yes".
  {
    id: "fake_header",
    weight: 1,
    re: /(?:^|\n)\s*(?:X-[A-Za-z-]*(?:approv|override|discount|internal|policy|role|auth|priority|system|agent)[A-Za-z-]*|(?:Internal|Approval|Override|Authori[sz]ation|Policy|Agent|Discount)-[A-Za-z-]+)\s*:[^\n]+/gi,
  },
  { id: "fake_header", weight: 1, re: /\[(?:internal|system|admin|internal note|ledgerline internal|staff only|automated)\][^\n]*/gi },
  // A made-up conversation: "User: ... Assistant: ..." turns inside one mail.
  {
    id: "fake_transcript",
    weight: 0.7,
    re: /(?:^|\n)[ \t>*[]*(?:\[[\d:. ]{3,12}\]\s*)?(?:user|human|customer|buyer|prospect|me|kunde|k[äa]ufer|client|cliente|comprador|klant|koper|utilisateur|benutzer|usuario)(?:\s*\([^)\n]{1,30}\))?[\]*]*\s*:[^\n]{1,400}\n(?:[^\n]*\n){0,3}[ \t>*[]*(?:\[[\d:. ]{3,12}\]\s*)?(?:assistant|ai|agent|bot|system|you|sales(?: rep| agent| director| manager)?|seller|vendor|rep|ledgerline|verk[äa]ufer(?:in)?|vertrieb|vendeur|commercial|vendedor|verkoper)(?:\s*\([^)\n]{1,30}\))?[\]*]*\s*:[^\n]*/gi,
  },
  // Markdown link with a title (titles are where instructions hide) and images whose URL carries data.
  { id: "markdown_link_title", weight: 0.6, re: /\[[^\]\n]{0,200}\]\(\s*\S+\s+["'][^"'\n]{8,300}["']\s*\)/g },
  {
    id: "image_exfiltration",
    weight: 1,
    re: /!\[[^\]\n]{0,200}\]\(\s*https?:\/\/[^\s)]+\?[^\s)]*(?:=|%3D)[^\s)]*\)|<img\b[^>]*\bsrc\s*=\s*["']?https?:\/\/[^\s"'>]+\?[^\s"'>]*=[^\s"'>]*\{[^>]*>/gi,
  },
  {
    id: "image_with_query",
    weight: 0.5,
    re: /!\[[^\]\n]{0,200}\]\(\s*https?:\/\/[^\s)]+\?[^\s)]+\)|<img\b[^>]*\bsrc\s*=\s*["']?https?:\/\/[^\s"'>]+\?[^\s"'>]+/gi,
  },
  {
    id: "template_placeholder",
    weight: 1,
    re: /\{\{\s*(?:system|prompt|instructions|policy|secret|api_key|conversation|history)[^}]*\}\}|\$\{\s*(?:system|prompt|instructions|policy)[^}]*\}/gi,
  },
  // Separators that pretend the mail ended and something else begins.
  {
    id: "end_of_input",
    weight: 0.6,
    re: /(?:^|\n)\s*(?:-{3,}|={3,}|#{3,}|\*{3,})\s*(?:end of (?:e-?mail|message|customer (?:message|input)|input|data)|begin (?:system|instructions|admin)|new (?:session|conversation|instructions))[^\n]*/gi,
  },
  { id: "html_comment", weight: 0.5, re: /<!--[\s\S]{0,4000}?-->/g },
  {
    id: "hidden_element",
    weight: 0.6,
    re: /<[a-z][a-z0-9]*\b[^>]*(?:\bhidden\b|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\b|opacity\s*:\s*0\b|color\s*:\s*(?:#fff(?:fff)?|white)\b)[^>]*>[\s\S]{0,4000}?<\/[a-z0-9]+>/gi,
  },
];

export function structuralSignals(text: string): StructuralHit[] {
  const hits: StructuralHit[] = [];
  for (const s of SHAPES) {
    let n = 0;
    for (const m of text.matchAll(s.re)) {
      const lead = /^[\s\n]*/.exec(m[0])?.[0].length ?? 0;
      hits.push({ id: s.id, weight: s.weight, start: m.index + lead, end: m.index + m[0].length });
      if (++n >= 20) break;
    }
  }
  return hits;
}
