import { InvalidInput } from "../../../platform/errors";
import type { InputFormat, ParsedDocument } from "../types";

export const DEFAULT_OWN_DOMAINS = ["ledgerline.io"] as const;

export type ParseOptions = {
  /** Our own mail domains: their addresses are never the prospect's (agents, forwarding colleagues). */
  ownDomains?: readonly string[];
  /** Readable attachments (PDF, text) above this size are refused rather than half-read. */
  maxAttachmentBytes?: number;
};

/**
 * Separates independent parts of one document (mail body, each attachment): the cleaner treats each
 * on its own, so a signature cut in the body never swallows the attached RFP.
 */
export const SECTION_BREAK = "\n\f\n";

export function newDoc(format: InputFormat, referenceDate: string): ParsedDocument {
  return {
    format,
    text: "",
    referenceDate,
    externalId: null,
    subject: null,
    sender: { email: null, name: null },
    structured: {},
    warnings: [],
  };
}

/** Strict UTF-8 (BOM tolerated): undecodable bytes are a client error, not a guess. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new InvalidInput(`${what} is not valid UTF-8`, {}, { cause });
  }
}

export function isOwnAddress(email: string | null | undefined, ownDomains: readonly string[]): boolean {
  if (!email) return false;
  const domain = email.toLowerCase().split("@")[1] ?? "";
  return ownDomains.some((d) => domain === d.toLowerCase() || domain.endsWith(`.${d.toLowerCase()}`));
}

export const EMAIL_RE = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", euro: "€", pound: "£" };

/** Inline styles that hide text from a human reader: display:none, visibility:hidden, zero size, white or transparent. */
const HIDING_STYLE =
  /(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em|rem|%)?\s*(?:;|$)|(?<![-\w])color\s*:\s*(?:#fff(?:fff)?\b|white\b|transparent\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$)|max-height\s*:\s*0)/i;
/** An element (non-nested approximation) whose style or `hidden` attribute hides it. */
const HIDDEN_ELEMENT = /<([a-z][a-z0-9]*)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;

function isHiddenAttrs(attrs: string): boolean {
  if (/\shidden(?:\s|=|$)|aria-hidden\s*=\s*["']?true/i.test(attrs)) return true;
  const style = /style\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs);
  return Boolean(style && HIDING_STYLE.test(style[1] ?? style[2] ?? ""));
}

/**
 * What a reader never sees in an HTML body: comments and hidden elements. Kept apart so the
 * injection detector reads it while no field is ever extracted from it.
 */
export function hiddenHtmlText(html: string): string {
  const out: string[] = [];
  for (const m of html.matchAll(/<!--([\s\S]*?)-->/g)) {
    const t = m[1].trim();
    // Conditional comments and style blocks are markup, not text.
    if (t && !/^\[if |^\s*[@{.#a-z-]+\s*\{|^<!\[endif\]|^\/\*/i.test(t)) out.push(t);
  }
  for (const m of html.matchAll(HIDDEN_ELEMENT)) if (isHiddenAttrs(m[2])) out.push(htmlToText(m[3]));
  return out
    .map((t) => t.trim())
    .filter(Boolean)
    .join("\n");
}

/** Enough HTML → text for mail bodies: block tags become line breaks, entities decoded, scripts/styles, comments and hidden elements dropped. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, "")
    .replace(HIDDEN_ELEMENT, (all, _tag: string, attrs: string) => (isHiddenAttrs(attrs) ? "" : all))
    .replace(/<blockquote[^>]*>/gi, "\n> ")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : all;
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** "Number_Of_Employees__c" → "numberofemployees": field names compared loosely across CRMs. */
export function normKey(key: string): string {
  return key
    .replace(/__c$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Epoch ms/s numbers and ISO-ish strings (Salesforce "+0000" offsets too) → ISO UTC, or null. */
export function toIsoLoose(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) {
    const ms = v < 1e11 ? v * 1000 : v;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v === "string" && v.trim()) {
    const s = v.trim();
    if (/^\d{10,13}$/.test(s)) return toIsoLoose(Number(s));
    const fixed = s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
    const d = new Date(fixed);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return null;
}
