/**
 * Finds money amounts and percentages in free text (customer replies, model-written drafts).
 *
 * What counts as MONEY (decided and documented, the draft checker relies on it):
 *  - a currency marker before or after a number: "$45,000.00", "US$45k", "USD 45,000", "45,000 USD",
 *    "€38,000", "38.000 €", "€1.234,50", "£2.5m", "45k dollars", "40 000 euros" (grouping by space
 *    only when a currency marker follows or precedes);
 *  - a bare number with a k/m suffix ("45k", "1.2m"), currency unknown (null);
 *  - NOT a bare number without suffix or marker ("100 seats", "12 months", "2026"): not money.
 * Number syntax: "," and "." may both group thousands or mark decimals. With both present, the last
 * one is the decimal mark ("1.234,50" / "1,234.50"). With only one kind: repeated = grouping
 * ("1.234.567"); a single mark followed by exactly three digits = grouping ("45,000", "1.234");
 * otherwise decimal ("12,5", "99.90"). Amounts are returned in minor units (2 decimals; JPY 0).
 * PERCENT: a number followed by "%", "percent", "per cent", "pct", "prozent", "pour cent",
 * "por ciento", "procent", or a number word from one to one hundred followed by "percent".
 */
export type FoundMoney = { kind: "money"; span: string; index: number; minor: number; currency: string | null };
export type FoundPercent = { kind: "percent"; span: string; index: number; bps: number };
export type FoundAmount = FoundMoney | FoundPercent;

const CUR_BEFORE: Array<[RegExp, string]> = [
  [/^us\$$/i, "USD"],
  [/^\$$/, "USD"],
  [/^€$/, "EUR"],
  [/^£$/, "GBP"],
  [/^¥$/, "JPY"],
  [/^chf$/i, "CHF"],
];
const CODES = ["USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN"];
const WORD_CUR: Record<string, string> = {
  dollar: "USD",
  dollars: "USD",
  bucks: "USD",
  euro: "EUR",
  euros: "EUR",
  pound: "GBP",
  pounds: "GBP",
  eur: "EUR",
  usd: "USD",
  gbp: "GBP",
};

function currencyOf(token: string | undefined): string | null {
  if (!token) return null;
  const t = token.trim();
  for (const [re, code] of CUR_BEFORE) if (re.test(t)) return code;
  const up = t.toUpperCase();
  if (CODES.includes(up)) return up;
  return WORD_CUR[t.toLowerCase()] ?? null;
}

const SYM = String.raw`(?:US\$|\$|€|£|¥|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN)\b)`;
const AFTER = String.raw`(?:€|£|\$|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|dollars?|euros?|pounds?|bucks)\b)`;
// Number: grouped (1,234,567.89 / 1.234,50 / 1'234) or plain (1234.5). Space grouping ("40 000")
// only in NUM_SPACED, used where a currency marker FOLLOWS, so "$5 100 seats" is not $5,100.
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,3}(?:'\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?`;
const NUM_SPACED = String.raw`\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|${NUM}`;
const SUFFIX = String.raw`(?:\s?(?:k|K|m|M|mm|MM|bn|million|thousand|grand)\b)`;

const MONEY_RE = new RegExp(
  String.raw`(?<sym>${SYM})\s?(?<n1>${NUM})(?<s1>${SUFFIX})?|(?<![\w.,])(?<n2>${NUM_SPACED})(?<s2>${SUFFIX})?\s?(?<after>${AFTER})|(?<![\w.,$€£¥])(?<n3>\d+(?:[.,]\d+)?)(?<s3>\s?(?:k|K|m|M|mm|bn)\b)`,
  "g",
);

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
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
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  "a hundred": 100,
  "one hundred": 100,
};
const PCT_WORD = String.raw`(?:\s?%|\s?(?:percent|per\s?cent|pct|prozent|pour\s?cent|por\s?ciento|procent|pourcent)\b)`;
const PERCENT_RE = new RegExp(String.raw`(?<![\w.,])(?<n>\d+(?:[.,]\d+)?)${PCT_WORD}`, "gi");
const WORD_PERCENT_RE = new RegExp(
  String.raw`\b(?<w>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one hundred|a hundred|hundred|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s(?:percent|per\s?cent)\b`,
  "gi",
);

/**
 * Parses a number written with "," / "." / space / apostrophe groupings into an exact decimal
 * (integer digits and fraction digits, no float). Null when it is not a number.
 */
export function parseNumber(text: string): { int: string; frac: string } | null {
  const s = text.replace(/[\u00a0\u202f' ]/g, "");
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  let decimalMark: "." | "," | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimalMark = lastDot > lastComma ? "." : ",";
  else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const count = s.split(mark).length - 1;
    const after = s.length - s.lastIndexOf(mark) - 1;
    decimalMark = count === 1 && after !== 3 ? mark : null;
  }
  let int = s;
  let frac = "";
  if (decimalMark) {
    const at = s.lastIndexOf(decimalMark);
    int = s.slice(0, at);
    frac = s.slice(at + 1);
  }
  int = int.replace(/[.,]/g, "");
  if (!/^\d+$/.test(int) || !/^\d*$/.test(frac)) return null;
  return { int, frac };
}

function multiplier(suffix: string | undefined): bigint {
  const s = (suffix ?? "").trim().toLowerCase();
  if (s === "k" || s === "thousand" || s === "grand") return 1_000n;
  if (s === "m" || s === "mm" || s === "million") return 1_000_000n;
  if (s === "bn") return 1_000_000_000n;
  return 1n;
}

/** Exact decimal × multiplier → minor units with `exp` decimals; null when it would need rounding. */
function toMinor(n: { int: string; frac: string }, mult: bigint, exp: number): number | null {
  const scale = 10n ** BigInt(n.frac.length);
  const value = BigInt(n.int + n.frac) * mult * 10n ** BigInt(exp); // value / scale
  if (value % scale !== 0n) return null;
  const minor = value / scale;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

export function findMoney(text: string): FoundMoney[] {
  const out: FoundMoney[] = [];
  for (const m of text.matchAll(MONEY_RE)) {
    const g = m.groups ?? {};
    const numText = g.n1 ?? g.n2 ?? g.n3;
    if (!numText) continue;
    const suffix = g.s1 ?? g.s2 ?? g.s3;
    const n = parseNumber(numText);
    if (!n) continue;
    const currency = currencyOf(g.sym ?? g.after);
    const exp = currency === "JPY" ? 0 : 2;
    const minor = toMinor(n, multiplier(suffix), exp);
    if (minor === null) continue;
    out.push({ kind: "money", span: m[0].trim(), index: m.index ?? 0, minor, currency });
  }
  return out;
}

export function findPercents(text: string): FoundPercent[] {
  const out: FoundPercent[] = [];
  for (const m of text.matchAll(PERCENT_RE)) {
    // PERCENT_RE allows one mark at most, and a percentage has no thousands: the mark is decimal
    // ("12.345%" is 12.345 %, never 12 345 %).
    const [int = "", frac = ""] = (m.groups?.n ?? "").split(/[.,]/);
    const n = { int, frac };
    // bps = value × 100; keep exactness: "12.345%" is 1234.5 bps, which no quote can equal.
    const bps = Number(n.int) * 100 + Number((n.frac + "00").slice(0, 2)) + (n.frac.length > 2 ? Number(`0.${n.frac.slice(2)}`) : 0);
    out.push({ kind: "percent", span: m[0].trim(), index: m.index ?? 0, bps });
  }
  for (const m of text.matchAll(WORD_PERCENT_RE)) {
    const words = (m.groups?.w ?? "").toLowerCase().split(/[\s-]+/);
    let value = 0;
    if (words.join(" ") in NUMBER_WORDS) value = NUMBER_WORDS[words.join(" ")];
    else for (const w of words) value += NUMBER_WORDS[w] ?? 0;
    out.push({ kind: "percent", span: m[0].trim(), index: m.index ?? 0, bps: value * 100 });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Every money amount and percentage, in text order; a percentage is never also read as money. */
export function findAmounts(text: string): FoundAmount[] {
  const percents = findPercents(text);
  const money = findMoney(text).filter(
    (mo) => !percents.some((p) => mo.index < p.index + p.span.length && p.index < mo.index + mo.span.length),
  );
  return [...money, ...percents].sort((a, b) => a.index - b.index);
}
