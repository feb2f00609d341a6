/**
 * Text as a filter should read it, and the tricks found on the way. Pure, linear-time.
 *  - NFKC (full-width letters, ligatures, math alphabets → ASCII);
 *  - Unicode tag characters (U+E0000–E007F) decoded to the ASCII they hide, and flagged;
 *  - zero-width and soft-hyphen characters removed, and flagged;
 *  - bidi overrides resolved: a right-to-left override shows its run reversed, so the filter reads it
 *    reversed back; embeddings/isolates are dropped; all flagged;
 *  - look-alike letters (Cyrillic, Greek, both cases) mapped to Latin when a word mixes scripts;
 *  - leetspeak undone inside words ("1gn0re" → "ignore"), money and percentages kept;
 *  - letters spaced apart ("i g n o r e", "i.g.n.o.r.e") joined.
 */
export type Normalized = { text: string; flags: string[] };

const ZERO_WIDTH = /[\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e]/g;
const BIDI_EMBED = /[\u200e\u200f\u061c\u202a\u202b\u202c\u2066-\u2069]/g;
const RLO_RUN = /\u202e([^\u202c\u2069\n]*)(?:\u202c|\u2069)?/g;
const TAG_CHARS = /[\u{e0000}-\u{e007f}]/gu;

const CONFUSABLE: Record<string, string> = {
  а: "a", е: "e", о: "o", р: "p", с: "c", х: "x", у: "y", і: "i", ј: "j", ѕ: "s", к: "k", м: "m", т: "t", н: "h", в: "b", ԁ: "d", ɡ: "g", һ: "h", ӏ: "l",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", Х: "X", У: "Y", І: "I", Ј: "J", Ѕ: "S", Ԁ: "D",
  α: "a", ε: "e", ι: "i", ο: "o", ρ: "p", τ: "t", υ: "u", ν: "v", κ: "k",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
}; // prettier-ignore
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLE).join("")}]`, "g");
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i", "|": "l" };
const NUMERIC_WORD = /^[$€£]?\d+(?:[.,]\d+)*(?:k|m|mm|bn|st|nd|rd|th|s|x|pp)?$/i;

function decodeTags(text: string, flags: string[]): string {
  if (!/[\u{e0000}-\u{e007f}]/u.test(text)) return text;
  flags.push("tag_characters");
  return text.replace(TAG_CHARS, (c) => {
    const code = (c.codePointAt(0) ?? 0xe0000) - 0xe0000;
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : "";
  });
}

function resolveBidi(text: string, flags: string[]): string {
  let t = text;
  if (t.includes("\u202e")) {
    flags.push("bidi_override");
    t = t.replace(RLO_RUN, (_m, run: string) => [...run].reverse().join(""));
  }
  if (t.search(BIDI_EMBED) >= 0) {
    if (!flags.includes("bidi_override")) flags.push("bidi_control");
    t = t.replace(BIDI_EMBED, "");
  }
  return t;
}

/** Words that mix Latin letters with look-alikes (or are written only in look-alikes next to Latin text). */
function mapConfusables(text: string, flags: string[]): string {
  if (text.search(CONFUSABLE_RE) < 0) return text;
  const latinText = /[A-Za-z]{3}/.test(text);
  let changed = false;
  const out = text.replace(/[\p{L}\p{M}]+/gu, (w) => {
    const hasLatin = /[A-Za-z]/.test(w);
    const foreign = w.replace(CONFUSABLE_RE, "");
    const onlyConfusable = !/[^A-Za-z]/.test(foreign);
    if (!onlyConfusable || (!hasLatin && !latinText)) return w;
    if (!/[^A-Za-z]/.test(w)) return w;
    changed = true;
    return w.replace(CONFUSABLE_RE, (c) => CONFUSABLE[c] ?? c);
  });
  if (changed) flags.push("confusable_letters");
  return out;
}

function undoLeet(text: string, flags: string[]): string {
  let changed = false;
  const out = text.replace(/[A-Za-z0-9@$!|]*[A-Za-z][A-Za-z0-9@$!|]*/g, (w) => {
    if (w.length < 4 || !/[0-9@$!|]/.test(w) || NUMERIC_WORD.test(w)) return w;
    // "Q3", "B2B", "x86" style tokens: at most one digit beside letters is a name, not leetspeak.
    if ((w.match(/[A-Za-z]/g) ?? []).length < 2) return w;
    // A trailing "!" or "|" is punctuation, not a letter.
    const tail = /[!|]*$/.exec(w)?.[0] ?? "";
    const head = w.slice(0, w.length - tail.length);
    if (!/[0-9@$!|]/.test(head)) return w;
    changed = true;
    return head.replace(/[013457@$!|]/g, (c) => LEET[c] ?? c) + tail;
  });
  if (changed) flags.push("leetspeak");
  return out;
}

function joinSpaced(text: string, flags: string[]): string {
  const out = text.replace(/\b(?:[A-Za-z][ .\-_*]){3,}[A-Za-z]\b/g, (m) => m.replace(/[ .\-_*]/g, ""));
  if (out !== text) flags.push("spaced_letters");
  return out;
}

export function normalizeForDetection(input: string): Normalized {
  const flags: string[] = [];
  let t = decodeTags(input, flags);
  t = resolveBidi(t, flags);
  if (t.search(ZERO_WIDTH) >= 0) {
    flags.push("zero_width");
    t = t.replace(ZERO_WIDTH, "");
  }
  const nfkc = t.normalize("NFKC");
  if (nfkc !== t && /[\uff01-\uff5e\u{1d400}-\u{1d7ff}]/u.test(t)) flags.push("compatibility_letters");
  t = mapConfusables(nfkc, flags);
  t = undoLeet(t, flags);
  t = joinSpaced(t, flags);
  return { text: t, flags };
}
