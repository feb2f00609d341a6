import { CURRENCY_EXPONENT } from "../../../platform/money";
import type { Budget, Field } from "../types";
import { found, none } from "./field";
import { clean, NUMBER_RE, parseNumberToken, rangeMidpoint, SUFFIX_RE, suffixMultiplier } from "./numbers";
import { QUALIFIER_RE } from "./quantity";

const CUR_PRE = "(?:US\\$|USD|U\\.S\\.\\s?\\$|EUR|GBP|CHF|CAD|AUD|\\$|€|£)";
const CUR_POST = "(?:USD|EUR|GBP|CHF|CAD|AUD|(?:US |U\\.S\\. )?dollars?|euros?|pounds?(?: sterling)?|bucks|quid|€|£|\\$)";
/** One amount: "$100k", "USD 60,000", "308,000 dollars", "€1.2M", "1.5M", "two hundred thousand euros". */
const AMOUNT = `(?:(${CUR_PRE})\\s?)?(${NUMBER_RE})(?:\\s?(${CUR_POST})(?![a-z]))?`;
const AMOUNT_RE = new RegExp(AMOUNT, "gi");
const SUFFIX_END_RE = new RegExp(`(${SUFFIX_RE})$`, "i");
/** "between X and Y" or "X-Y" / "X to Y" (a bare "and" would split "two hundred and fifty"). */
const RANGE_RES = [
  new RegExp(`between\\s+${AMOUNT}\\s*(?:and|-|–|—|to)\\s*${AMOUNT}`, "gi"),
  new RegExp(`${AMOUNT}\\s*(?:-|–|—|to)\\s*${AMOUNT}`, "gi"),
];
const PERIOD_RE =
  /^\s*(?:\/\s*|per\s+|a\s+|an\s+|each\s+|every\s+)?(month|mo|mth|monthly|quarter|quarterly|year|yr|annum|annually|yearly|week|weekly|seat|user|licen[cs]e|head|employee|person|unit)\b/i;

/** Sentences that talk about money the prospect will spend. */
const CUE =
  /\b(?:budget(?:ed|s)?|invest(?:ing|ment)?|spend(?:ing)?|earmarked|allocated|set aside|funding|funds|price range|willing to pay|able to pay|can pay|afford|ceiling|capex|opex|cap of|up to|approved (?:amount|spend)|range of|looking at|planning (?:to spend|for)|ballpark|thinking|range|available|limit|stretch|allowance|envelope|(?:we|i) (?:have|can do|could do|can go to)|for this (?:project|initiative|purchase))\b/i;
/** Money that is not what the prospect will spend with us. */
const NOT_BUDGET =
  /\b(?:revenue|turnover|sales of|valuation|valued|raised|series [a-e]\b|arr\b|mrr\b|profit|ebitda|gift card|prize|voucher|won\b|salary|salaries|fine|penalty|loss|losses|fraud|audit worth|free audit|cashback|quoted|competitor|previous (?:vendor|provider|tool|system)|current (?:vendor|provider|tool|system)|last provider|(?:currently|now|already) (?:pay|spend)|are paying|we pay|plans? starts? at|starts at|pricing starts|list price|your (?:price|pricing|plans?|quote|offer)|most customers|\bfees?\b|\beach\b|per unit|unit price|charges?\b|population|exceed(?:s|ing)?|in excess of|threshold|at or below|or more\b|or greater|projected to cost|more than \$|(?:above|over|under|below) \$|simplified acquisition|subcontracting plan|bid bond|insurance coverage)/i;
const NULL_CUE =
  /\b(?:budget|pricing|funding|spend)\b[^.!?\n]{0,40}\b(?:not (?:yet |been |fully )*(?:defined|decided|set|confirmed|approved|allocated|determined|fixed|known|finali[sz]ed|available|agreed)|tbd|tbc|to be (?:determined|defined|confirmed|decided|agreed|proposed|discussed)|undefined|unknown|pending|open|n\/a|flexible)\b|\bno (?:fixed |defined |set |approved |allocated )?budget\b|\bbudget\s*[:=-]\s*(?:tbd|tbc|n\/a|none|unknown|open|-)\b/i;

const CURRENCY_CODES: Record<string, string> = {
  $: "USD",
  usd: "USD",
  us$: "USD",
  "u.s.$": "USD",
  "u.s. $": "USD",
  dollar: "USD",
  dollars: "USD",
  "us dollars": "USD",
  "u.s. dollars": "USD",
  bucks: "USD",
  "€": "EUR",
  eur: "EUR",
  euro: "EUR",
  euros: "EUR",
  "£": "GBP",
  gbp: "GBP",
  pound: "GBP",
  pounds: "GBP",
  "pounds sterling": "GBP",
  quid: "GBP",
  chf: "CHF",
  cad: "CAD",
  aud: "AUD",
};

function currencyOf(...marks: Array<string | undefined>): string | null {
  for (const m of marks) {
    if (!m) continue;
    const c = CURRENCY_CODES[m.toLowerCase().replace(/\s+/g, " ").trim()];
    if (c) return c;
  }
  return null;
}

type Candidate = { value: number; currency: string | null; strong: boolean; index: number; end: number };

const NOT_MONEY_AFTER =
  /^\s*(?:%|percent|employees|people|staff|ftes?|users|seats|licen[cs]es|weeks?\b|months?\b|years?\b|days?\b|hours?\b|offices|countries|locations|customers|clients|invoices|transactions|entities|team members|x\b)/i;

function candidates(sentence: string): Candidate[] {
  const out: Candidate[] = [];
  const taken: Array<[number, number]> = [];
  for (const m of RANGE_RES.flatMap((re) => [...sentence.matchAll(re)])) {
    const idx0 = m.index ?? 0;
    if (taken.some(([s, e]) => idx0 < e && idx0 + m[0].length > s)) continue;
    // "twenty-five thousand" is one number, not a range from twenty to five thousand.
    if (/\p{L}-\p{L}/u.test(m[0]) && !/\d/.test(`${m[2]}${m[5]}`)) continue;
    // "1,000 to 2,000 users" counts people, not money: neither end is an amount.
    if (NOT_MONEY_AFTER.test(sentence.slice(idx0 + m[0].length))) {
      taken.push([idx0, idx0 + m[0].length]);
      continue;
    }
    const a = parseNumberToken(m[2]);
    const b = parseNumberToken(m[5]);
    if (!a || !b) continue;
    const currency = currencyOf(m[1], m[3], m[4], m[6]);
    const strong = Boolean(currency) || a.hasSuffix || b.hasSuffix;
    if (!strong && b.value < 1000) continue;
    const mult = suffixMultiplier(SUFFIX_END_RE.exec(m[5])?.[1]);
    const lo = !a.hasSuffix && b.hasSuffix && a.value * mult <= b.value ? a.value * mult : a.value;
    if (lo > b.value) continue; // "200 to 50" is not a range of amounts
    const idx = m.index ?? 0;
    out.push({ value: rangeMidpoint(a, b, mult), currency, strong, index: idx, end: idx + m[0].length });
    taken.push([idx, idx + m[0].length]);
  }
  for (const m of sentence.matchAll(AMOUNT_RE)) {
    const idx = m.index ?? 0;
    if (taken.some(([s, e]) => idx >= s && idx < e)) continue;
    const n = parseNumberToken(m[2]);
    if (!n || n.value <= 0) continue;
    const after = sentence.slice(idx + m[0].length);
    if (NOT_MONEY_AFTER.test(after)) continue;
    const currency = currencyOf(m[1], m[3]);
    // Years ("2026") and small bare numbers are not amounts unless marked as money.
    if (!currency && !n.hasSuffix && (n.value < 1000 || /^(19|20)\d\d$/.test(m[2].trim()))) continue;
    out.push({ value: n.value, currency, strong: Boolean(currency) || n.hasSuffix, index: idx, end: idx + m[0].length });
  }
  return out.sort((x, y) => x.index - y.index);
}

const QUALIFIER_END_RE = new RegExp(`(${QUALIFIER_RE})\\s*$`, "i");

function qualifierBefore(sentence: string, index: number): string {
  const before = sentence.slice(Math.max(0, index - 24), index).toLowerCase();
  const m = QUALIFIER_END_RE.exec(before);
  return m?.[1] ?? "";
}

function periodMultiplier(after: string): number | null {
  const m = PERIOD_RE.exec(after);
  if (!m) return 1;
  const p = m[1].toLowerCase();
  if (/^(month|mo|mth|monthly)$/.test(p)) return 12;
  if (/^quarter/.test(p)) return 4;
  if (/^(week|weekly)$/.test(p)) return 52;
  if (/^(year|yr|annum|annually|yearly)$/.test(p)) return 1;
  return null; // per seat / per user: a price, not a budget
}

export function toBudget(value: number, currency: string): Budget | null {
  const exp = CURRENCY_EXPONENT[currency] ?? 2;
  const minor = Math.round(clean(value) * 10 ** exp);
  return Number.isSafeInteger(minor) && minor > 0 ? { amount_minor: minor, currency } : null;
}

/** Reads a budget from one sentence or field value; null when it names no amount. */
export function parseBudgetText(sentence: string, requireCue: boolean): Budget | null {
  if (requireCue && !CUE.test(sentence)) return null;
  const cands = candidates(sentence);
  if (!cands.length) return null;
  const cue = CUE.exec(sentence);
  const afterCue = cue ? cands.filter((c) => c.index >= (cue.index ?? 0)) : cands;
  const pool = afterCue.length ? afterCue : cands;
  const pick = pool.find((c) => c.strong) ?? (requireCue ? pool[0] : (cands.find((c) => c.strong) ?? cands[0]));
  if (!pick) return null;
  const mult = periodMultiplier(sentence.slice(pick.end));
  if (mult === null) return null;
  const monthlyWord = /\bmonthly\b|\ba month\b|\bper month\b/i.test(sentence.slice(Math.max(0, pick.index - 30), pick.index));
  const value = pick.value * (mult === 1 && monthlyWord ? 12 : mult);
  void qualifierBefore; // "up to X" and "at least X" both mean X; ranges take the midpoint
  return toBudget(value, pick.currency ?? "USD");
}

/** One reading of an amount: the budget it gives, its clause as evidence, and how much the clause backs it. */
export type BudgetCandidate = { value: Budget; evidence: string; confidence: number; index: number };

/** Clauses of a sentence: "The budget is 40,000 EUR; the current vendor charges €49.99 per seat." is two. */
export function clausesOf(sentence: string): string[] {
  const parts = sentence
    .split(/;|,\s*(?=(?:but|while|whereas|although|though|and (?:the|our|their|your|we|they))\b)/i)
    .map((c) => c.trim())
    .filter(Boolean);
  return parts.length ? parts : [sentence];
}

/**
 * Every budget reading in the document, best first: a clause with budget words (0.85) beats a
 * currency-marked amount in a clause about nothing else (0.6); among equals the earlier one wins.
 * Clauses about other money (revenue, fees, unit prices, thresholds) give none.
 */
export function budgetCandidates(sentences: string[]): { candidates: BudgetCandidate[]; explicitNull: string | null } {
  const out: BudgetCandidate[] = [];
  let explicitNull: string | null = null;
  let index = 0;
  for (const s of sentences) {
    if (NULL_CUE.test(s)) {
      explicitNull ??= s;
      index++;
      continue;
    }
    for (const clause of clausesOf(s)) {
      index++;
      if (NOT_BUDGET.test(clause)) continue;
      const cued = parseBudgetText(clause, true);
      if (cued) {
        out.push({ value: cued, evidence: s, confidence: 0.85, index });
        continue;
      }
      if (!candidates(clause).some((c) => c.currency)) continue;
      const marked = parseBudgetText(clause, false);
      if (marked) out.push({ value: marked, evidence: s, confidence: 0.6, index });
    }
  }
  out.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return { candidates: out, explicitNull };
}

export function extractBudget(
  sentences: string[],
  structured?: string,
  ranked: ReturnType<typeof budgetCandidates> = budgetCandidates(sentences),
): Field<Budget> {
  if (structured) {
    if (NULL_CUE.test(`budget ${structured}`) || /^(tbd|tbc|n\/a|none|unknown|-)$/i.test(structured.trim())) return none(structured, 0.8);
    const b = parseBudgetText(structured.replace(/^\s*(\d+(?:\.\d+)?)\s*$/, "$$$1"), false);
    if (b) return found(b, structured, 0.95);
  }
  const { candidates: cands, explicitNull } = ranked;
  const best = cands[0];
  // A stated "budget not yet defined" outweighs a bare currency amount elsewhere.
  if (best && (best.confidence >= 0.85 || !explicitNull)) return found(best.value, best.evidence, best.confidence);
  if (explicitNull) return none(explicitNull, 0.8);
  return none();
}
