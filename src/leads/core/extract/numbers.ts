/**
 * Numbers as people write them: "1,200", "~3,200", "1.2k", "1.5M", "3.2 million", "twelve thousand",
 * "two hundred and fifty", "a dozen", "1.200.000" (dotted thousands), ranges "50-100", "between 100k
 * and 200k", "25-50k" (the suffix applies to both ends). All values are plain JS numbers of units.
 */

const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  a: 1,
  an: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
  couple: 2,
  half: 0.5,
};
const SCALE: Record<string, number> = {
  hundred: 100,
  thousand: 1_000,
  grand: 1_000,
  k: 1_000,
  million: 1_000_000,
  mio: 1_000_000,
  mn: 1_000_000,
  m: 1_000_000,
  mm: 1_000_000,
  billion: 1_000_000_000,
  bn: 1_000_000_000,
  b: 1_000_000_000,
};

const WORD =
  "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|fou?rty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|grand|million|billion|dozen|half)";
/** A number-word phrase: "two hundred and fifty", "twenty-five", "a dozen", "half a million". */
export const WORDS_RE = `(?:\\b(?:an?[\\s-]+)?${WORD}(?:[\\s-]+(?:(?:and|a)[\\s-]+)*${WORD})*\\b)`;
/** Digits with thousands separators (comma, dot, thin/regular space, apostrophe) and decimals. */
export const DIGITS_RE = "(?:\\d{1,3}(?:[,.'\u00a0\u2009\u202f]\\d{3})+(?:[.,]\\d+)?|\\d+(?:[.,]\\d+)?)";
export const SUFFIX_RE = "(?:\\s?(?:k|K|m|M|mm|MM|mn|bn|b|B|mio|thousand|grand|million|billion)\\b)";

export function parseDigits(s: string): number | null {
  let t = s.replace(/[\u00a0\u2009\u202f' ]/g, "");
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(t))
    t = t.replace(/\./g, "").replace(",", "."); // 1.200.000,50
  else if (/^\d+,\d{1,2}$/.test(t))
    t = t.replace(",", "."); // 1,5 (decimal comma)
  else if (/^\d+,\d{3}$/.test(t)) t = t.replace(",", "");
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function suffixMultiplier(s: string | undefined): number {
  if (!s) return 1;
  const k = s.trim().toLowerCase();
  return SCALE[k] ?? 1;
}

/** "two hundred and fifty" → 250; "half a million" → 500000; null when not a number phrase. */
export function parseWords(s: string): number | null {
  const words = s
    .toLowerCase()
    .replace(/-/g, " ")
    .split(/\s+/)
    .filter((w) => w && w !== "and");
  if (!words.length) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const [i, w] of words.entries()) {
    if (w === "a" || w === "an") {
      if (current === 0 && words[i + 1] !== "half") current = 1;
      seen = true;
      continue;
    }
    if (w === "half" && current === 0 && total > 0) {
      total *= 1.5; // "a thousand and a half"
      seen = true;
      continue;
    }
    if (w in SMALL) {
      current += SMALL[w];
      seen = true;
    } else if (w === "hundred") {
      current = (current || 1) * 100;
      seen = true;
    } else if (w in SCALE && w.length > 2) {
      total += (current || 1) * SCALE[w];
      current = 0;
      seen = true;
    } else return null;
  }
  if (!seen) return null;
  const n = total + current;
  return n > 0 ? n : null;
}

/** One number token with optional suffix: "1.5M", "200k", "14,022", "two hundred", "3.2 million". */
export const NUMBER_RE = `(?:${DIGITS_RE}${SUFFIX_RE}?|${WORDS_RE})`;

const TOKEN_RE = new RegExp(`^(${DIGITS_RE})(${SUFFIX_RE})?$`, "i");

export function parseNumberToken(s: string): { value: number; hasSuffix: boolean } | null {
  const t = s.trim();
  const m = TOKEN_RE.exec(t);
  if (m) {
    const base = parseDigits(m[1]);
    if (base === null) return null;
    return { value: base * suffixMultiplier(m[2]), hasSuffix: Boolean(m[2]) };
  }
  // "3.2 million", "1.5 thousand" with words
  const mixed = /^(\d+(?:[.,]\d+)?)\s+(thousand|grand|million|billion)$/i.exec(t);
  if (mixed) return { value: Number(mixed[1].replace(",", ".")) * SCALE[mixed[2].toLowerCase()], hasSuffix: true };
  const w = parseWords(t);
  if (w === null) return null;
  return { value: w, hasSuffix: /thousand|grand|million|billion/i.test(t) };
}

/** Rounds away float noise (1.2 × 1000 = 1199.9999) to the nearest 1e-6. */
export function clean(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Resolves "25-50k": a bare lower end takes the upper end's multiplier when that keeps it below.
 */
export function rangeMidpoint(
  a: { value: number; hasSuffix: boolean },
  b: { value: number; hasSuffix: boolean },
  upperMultiplier: number,
): number {
  let lo = a.value;
  const hi = b.value;
  if (!a.hasSuffix && b.hasSuffix && upperMultiplier > 1 && lo * upperMultiplier <= hi) lo *= upperMultiplier;
  return clean((lo + hi) / 2);
}
