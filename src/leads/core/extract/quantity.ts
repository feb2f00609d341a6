import { clean, NUMBER_RE, parseNumberToken, rangeMidpoint, suffixMultiplier } from "./numbers";

/**
 * A quantity phrase: an optional qualifier, then a number or a range. "~3,200", "about 200",
 * "50-100", "between 100k and 200k", "up to 50k", "25 to 50 thousand".
 */
export const QUALIFIER_RE =
  "(?:approximately|approx\\.?|about|around|roughly|some|circa|ca\\.?|~|≈|\\+/-|nearly|almost|just over|just under|well over|over|more than|at least|at most|up to|upto|no more than|not more than|maximum of|max\\.?|minimum of|min\\.?|under|below|less than|close to|an estimated|estimated|est\\.?)";
export const RANGE_SEP = "(?:\\s*(?:-|–|—|to|until|or)\\s*)";

export type Quantity = { value: number; kind: "exact" | "range" | "upper" | "lower" | "approx" };

// Compiled once: parseQuantity runs on every number of a message.
const QUALIFIER_START_RE = new RegExp(`^(${QUALIFIER_RE})\\s*`, "i");
const BETWEEN_RE = new RegExp(`^between\\s+(${NUMBER_RE})\\s+and\\s+(${NUMBER_RE})$`, "i");
const RANGE_RE = new RegExp(`^(${NUMBER_RE})${RANGE_SEP}(${NUMBER_RE})$`, "i");

/** Parses a quantity phrase matched by quantityRe() (its own text). */
export function parseQuantity(text: string): Quantity | null {
  const t = text.trim();
  const qual = QUALIFIER_START_RE.exec(t);
  const rest = qual ? t.slice(qual[0].length) : t;
  // "eighty-five" is one number: a hyphen between number words is not a range.
  if (!/\d/.test(rest) && /\p{L}-\p{L}/u.test(rest)) {
    const whole = parseNumberToken(rest);
    if (whole) return { value: clean(whole.value), kind: qual ? "approx" : "exact" };
  }
  const between = BETWEEN_RE.exec(rest);
  const range = between ?? RANGE_RE.exec(rest);
  if (range) {
    const a = parseNumberToken(range[1]);
    const b = parseNumberToken(range[2]);
    if (!a || !b) return null;
    const mult = suffixMultiplier(/(k|m|mm|mn|bn|b|mio|thousand|million|billion)\s*$/i.exec(range[2])?.[1]);
    return { value: rangeMidpoint(a, b, mult), kind: "range" };
  }
  const n = parseNumberToken(rest);
  if (!n) return null;
  const q = qual?.[1].toLowerCase() ?? "";
  const kind: Quantity["kind"] = /up to|upto|at most|no more|not more|max|under|below|less/.test(q)
    ? "upper"
    : /at least|over|more than|minimum|min/.test(q)
      ? "lower"
      : q
        ? "approx"
        : "exact";
  return { value: clean(n.value), kind };
}

/** The regex source of a quantity phrase (qualifier + number or range), for embedding in field rules. */
export function quantitySource(num = NUMBER_RE): string {
  return `(?:${QUALIFIER_RE}\\s*)?(?:between\\s+${num}\\s+and\\s+${num}|${num}(?:${RANGE_SEP}${num})?)`;
}
