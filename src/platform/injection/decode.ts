/**
 * Payloads hidden in an encoding: each decoder returns the decoded text of the spans it could read
 * (with where they were), so the detector scans them like the visible text. Pure; bounded work.
 *  - base64 runs of ≥ 16 characters that decode to mostly printable text;
 *  - URL percent-encoding (three or more %XX escapes);
 *  - HTML entities (&#105;, &#x69;, &lt; ...);
 *  - rot13 of the whole text (cheap; a benign text's rot13 is gibberish no cue matches);
 *  - HTML comments and hidden elements (display:none, visibility:hidden, font-size:0, white text, `hidden`).
 */
export type Decoded = { kind: string; text: string; start: number; end: number };

const MAX_DECODED = 20;

function printable(s: string): boolean {
  if (s.length < 8) return false;
  let ok = 0;
  for (const ch of s) if (/[\p{L}\p{N}\p{P}\p{Zs}\n\r\t$€£%+<>=|~^`]/u.test(ch)) ok++;
  return ok / [...s].length >= 0.9 && /\p{L}{3}/u.test(s);
}

function atobSafe(b64: string): string | null {
  try {
    const clean = b64.replace(/-/g, "+").replace(/_/g, "/");
    const padded = clean + "=".repeat((4 - (clean.length % 4)) % 4);
    const bin = atob(padded);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

export function base64Payloads(text: string): Decoded[] {
  const out: Decoded[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/_-])/g)) {
    const run = m[0];
    // Words, ids and URLs are not base64 payloads: a payload mixes cases and has no long lowercase word.
    if (!/[A-Z]/.test(run) || !/[a-z]/.test(run) || /^[a-z]+$/i.test(run)) continue;
    const decoded = atobSafe(run);
    if (decoded && printable(decoded)) out.push({ kind: "base64", text: decoded, start: m.index, end: m.index + run.length });
    if (out.length >= MAX_DECODED) break;
  }
  return out;
}

export function urlEncoded(text: string): Decoded[] {
  const out: Decoded[] = [];
  for (const m of text.matchAll(/(?:[^\s%]{0,40}%[0-9A-Fa-f]{2}){3,}[^\s%]{0,40}/g)) {
    try {
      const decoded = decodeURIComponent(m[0].replace(/\+/g, " "));
      if (decoded !== m[0]) out.push({ kind: "url_encoding", text: decoded, start: m.index, end: m.index + m[0].length });
    } catch {
      // a lone % is not an encoding
    }
    if (out.length >= MAX_DECODED) break;
  }
  return out;
}

const NAMED: Record<string, string> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
  nbsp: " ",
  sol: "/",
  colon: ":",
  lpar: "(",
  rpar: ")",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));/gi, (m, dec: string, hex: string, name: string) => {
    const cp = dec ? Number(dec) : hex ? parseInt(hex, 16) : -1;
    if (cp >= 0) return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    return NAMED[name.toLowerCase()] ?? m;
  });
}

export function htmlEntities(text: string): Decoded[] {
  const hits = text.match(/&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi) ?? [];
  // A few entities are ordinary HTML; a run of character references spells something out.
  if (hits.length < 3) return [];
  const decoded = decodeEntities(text);
  return decoded === text ? [] : [{ kind: "html_entities", text: decoded, start: 0, end: text.length }];
}

export function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** HTML comments and the text of hidden elements: what a person reading the mail never sees. */
export function hiddenHtml(text: string): Decoded[] {
  const out: Decoded[] = [];
  for (const m of text.matchAll(/<!--([\s\S]{0,4000}?)-->/g))
    out.push({ kind: "html_comment", text: m[1], start: m.index, end: m.index + m[0].length });
  const hidden =
    /<([a-z][a-z0-9]*)\b[^>]*(?:\bhidden\b|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\b|opacity\s*:\s*0(?:\.0+)?\b|color\s*:\s*(?:#fff(?:fff)?|white)\b)[^>]*>([\s\S]{0,4000}?)<\/\1>/gi;
  for (const m of text.matchAll(hidden)) out.push({ kind: "hidden_element", text: m[2], start: m.index, end: m.index + m[0].length });
  return out.slice(0, MAX_DECODED);
}
