import iconv from "iconv-lite";
import { InvalidInput } from "../../../platform/errors";

/**
 * An uploaded statement's bytes as text, whatever the bank's software wrote:
 * - a byte-order mark names UTF-8, UTF-16LE or UTF-16BE;
 * - UTF-16 without a mark shows as a zero in every other byte of ASCII text;
 * - valid UTF-8 is UTF-8 (ASCII, the SWIFT character set, is a subset);
 * - an XML document's own `encoding="…"` declaration is honoured when it names a known one;
 * - otherwise an 8-bit code page: of Windows-1252 (a superset of ISO-8859-1's letters),
 *   ISO-8859-15, CP850 and CP852 (the DOS pages German and Central European banking software
 *   still writes), the one under which the high bytes read as letters most often.
 * The single-byte tables come from iconv-lite; UTF-* from the runtime's TextDecoder.
 */
export type Decoded = { text: string; encoding: string };

const CODE_PAGES = ["windows-1252", "iso-8859-15", "cp850", "cp852"] as const;

export function decodeStatement(bytes: Uint8Array): Decoded {
  const bom = bomEncoding(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), encoding: bom };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "utf-8" };
  } catch {
    // not UTF-8: an 8-bit code page
  }
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(asciiHead(bytes))?.[1];
  if (declared && iconv.encodingExists(declared)) return { text: iconv.decode(bytes, declared), encoding: declared.toLowerCase() };
  let best: Decoded | null = null;
  let bestScore = -Infinity;
  for (const cp of CODE_PAGES) {
    const text = iconv.decode(bytes, cp);
    const score = letterScore(bytes, text);
    if (score > bestScore) [best, bestScore] = [{ text, encoding: cp }, score];
  }
  if (!best) throw new InvalidInput("The file's text encoding could not be read");
  return best;
}

/** The text only (see decodeStatement). */
export const decodeStatementBytes = (bytes: Uint8Array): string => decodeStatement(bytes).text;

function bomEncoding(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return "utf-8";
  if (b[0] === 0xff && b[1] === 0xfe) return "utf-16le";
  if (b[0] === 0xfe && b[1] === 0xff) return "utf-16be";
  return null;
}

function utf16WithoutBom(b: Uint8Array): string | null {
  const n = Math.min(b.length - (b.length % 2), 512);
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero === 0) return "utf-16le";
  if (evenZero > pairs * 0.4 && oddZero === 0) return "utf-16be";
  return null;
}

function asciiHead(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < Math.min(b.length, 200); i++) s += b[i] < 0x80 ? String.fromCharCode(b[i]) : "?";
  return s;
}

/**
 * How plausible a decoding is: +1 for each character decoded from a byte ≥ 0x80 that is a letter,
 * −1 for a control, box-drawing or undefined one; a letter between ASCII letters counts double
 * (umlauts sit inside words).
 */
function letterScore(bytes: Uint8Array, text: string): number {
  if (text.length !== bytes.length) return -Infinity;
  let score = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    const ch = text[i];
    if (/\p{L}/u.test(ch)) {
      const around = /[A-Za-z]/.test(text[i - 1] ?? "") || /[A-Za-z]/.test(text[i + 1] ?? "");
      score += around ? 2 : 1;
    } else if (/[\p{Cc}\u2500-\u25ff\ufffd]/u.test(ch)) score -= 1;
  }
  return score;
}
