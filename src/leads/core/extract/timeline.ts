import {
  addDays,
  addMonths,
  compareDays,
  type Day,
  dayFromIso,
  daysInMonth,
  diffDays,
  endOfQuarter,
  isValidDay,
  MONTH_RE,
  monthNumber,
} from "../dates";
import type { Field } from "../types";
import { found, none } from "./field";
import { parseQuantity, quantitySource } from "./quantity";

/**
 * Weeks from the message's own day to the target go-live / decision date: round(days / 7).
 * "within N weeks" → N; months are calendar months; "end of Qn" → last day of that quarter;
 * "<Month> <day>" → its next occurrence; ASAP-like → 1; "next fiscal year" and the like → null.
 * Deadlines for RFP answers (proposals/questions due) are not the timeline.
 */
const Q = quantitySource();
const UNIT = "(weeks?|wks?|days?|business days|working days|months?|mos?|quarters?|years?|yrs?|fortnights?)";

const ASAP =
  /\b(?:asap|a\.s\.a\.p\.?|as soon as (?:possible|we can|you can)|as quickly as possible|the sooner the better|urgently|(?:is|it's|very|extremely|super) urgent|no time to lose)\b/i;
/** Words that mean "now" only when the sentence is about going live ("we need it immediately", not "75 people right now"). */
const NOW = /\b(?:immediately|right away|right now|straight away|at once|urgent|without delay|yesterday|starting now|this week)\b/i;
const NULL_TIMELINE =
  /\b(?:no (?:fixed |firm |set |defined |specific |real )?(?:timeline|timeframe|time frame|deadline|date|rush|hurry)|not in (?:a|any) (?:hurry|rush)|(?:timeline|timeframe|schedule|timing|date)s?\b[^.!?\n]{0,30}\b(?:tbd|tbc|open|flexible|not (?:yet )?(?:defined|set|fixed|decided|confirmed|agreed)|to be (?:agreed|determined|defined|confirmed|decided|discussed))|next (?:fiscal|financial|budget) year|(?:sometime|some time|at some point) (?:next|this) year|in the future|down the road|eventually)\b/i;
/** "next year" alone is not computable; "Q1 next year" and "March next year" are (the rules see those first). */
const VAGUE_LATER = /\b(?:next year|later this year|later in the year|in the coming (?:months|weeks|year))\b/i;
/** Bid mechanics, not the project timeline. */
const DEADLINE =
  /\b(?:proposals?|bids?|responses?|submissions?|questions?|quotes?|offers?|tenders?|clarifications?|rfp|rfq|rfi|intent to bid)\b[^.!?\n]{0,40}\b(?:due|deadline|closes?|closing|submitted|received|accepted|answered|by|until|before|no later than)\b|\b(?:due|deadline|closing date|submission date)\b[^.!?\n]{0,30}\b(?:proposals?|bids?|responses?|submissions?|questions?|tenders?)\b/i;
const GO_LIVE =
  /\b(?:go[- ]?live|live|launch|running|up and running|operational|in place|implement(?:ed|ation)?|deploy(?:ed|ment)?|roll(?:ed)?[- ]?out|onboard(?:ed|ing)?|start|starts|starting|begin|begins|commenc(?:e|es|ing|ement)|deliver(?:y|ed)?|period of performance|contract (?:term|period)|kick[- ]?off|switch|migrat(?:e|ion)|cut[- ]?over|in production|decision|decide|sign|buy|purchase|need (?:it|this|a solution)|ready|complete|timeline|timeframe|time frame|deadline|target|by)\b/i;

/** Words that name the go-live itself (stronger than "by" or "start"). */
const STRONG_LIVE =
  /\b(?:go[- ]?live|live|launch(?:ed)?|up and running|operational|in production|implement(?:ed|ation)?|deploy(?:ed|ment)?|roll(?:ed)?[- ]?out|cut[- ]?over|switch(?:ed)? over|commenc(?:e|es|ing|ement)|period of performance|(?:contract|term|work|services?) (?:is expected to |will )?(?:begins?|starts?|starting)|starting \d|deliver(?:y|ed) (?:is )?required)\b/i;

function weeksBetween(ref: Day, target: Day): number | null {
  const days = diffDays(ref, target);
  if (days < -7) return null;
  return Math.max(0, Math.round(days / 7));
}

function durationWeeks(ref: Day, amount: number, unit: string): number | null {
  const u = unit.toLowerCase();
  if (/^(weeks?|wks?)$/.test(u)) return Math.round(amount);
  if (/^fortnights?$/.test(u)) return Math.round(amount * 2);
  if (/days/.test(u) && /business|working/.test(u)) return Math.round((amount * 7) / 5 / 7);
  if (/^days?$/.test(u)) return Math.round(amount / 7);
  const months = /^(months?|mos?)$/.test(u) ? amount : /^quarters?$/.test(u) ? amount * 3 : amount * 12;
  const whole = Math.floor(months);
  let target = addMonths(ref, whole);
  const frac = months - whole;
  if (frac > 0) target = addDays(target, Math.round(frac * 30.44));
  return weeksBetween(ref, target);
}

/** Next occurrence of month/day on or after the reference day (the given year when one is written). */
function nextOccurrence(ref: Day, month: number, day: number, year?: number): Day | null {
  if (year) {
    const d = { y: year, m: month, d: day };
    return isValidDay(d) ? d : null;
  }
  for (const y of [ref.y, ref.y + 1]) {
    const d = { y, m: month, d: Math.min(day, daysInMonth(y, month)) };
    if (day > daysInMonth(y, month)) continue;
    if (compareDays(d, ref) >= 0) return d;
  }
  return null;
}

function quarterEnd(ref: Day, q: number, year?: number): Day {
  if (year) return endOfQuarter(year, q);
  const end = endOfQuarter(ref.y, q);
  return compareDays(end, ref) >= 0 ? end : endOfQuarter(ref.y + 1, q);
}

function fullYear(y: string | undefined): number | undefined {
  if (!y) return undefined;
  const n = Number(y.replace(/^['’]/, ""));
  return n < 100 ? 2000 + n : n;
}

const WORD_QUARTER: Record<string, number> = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, last: 4 };

type Rule = (s: string, ref: Day) => number | null;

// Compiled once: these are read on many sentences per message.
const MONTH_DAY_RE = new RegExp(
  `\\b(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*(?:%|k\\b|employees|people))(?:,?\\s+(\\d{4}))?`,
  "i",
);
const DAY_MONTH_RE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_RE})\\b\\.?(?:,?\\s+(\\d{4}))?`, "i");
const WITHIN_RE = new RegExp(
  `\\b(?:within|in|inside(?: of)?|in the next|over the next|during the next|next|by|after|no later than|under|less than|max(?:imum)?)\\s+(?:the\\s+next\\s+|about\\s+|around\\s+|roughly\\s+|approximately\\s+|~\\s*)?(${Q}|a|an|a couple of|a few|couple of)\\s*${UNIT}\\b`,
  "i",
);
const BARE_RE = new RegExp(`(${Q}|an?|one)\\s*${UNIT}\\s+(?:from now|out|away|time|from today)\\b`, "i");
const LABELLED_RE = new RegExp(
  `\\b(?:timeline|timeframe|time frame|go[- ]?live|deadline|target|lead time|horizon)\\s*(?:is|of|:|=|-|–)\\s*(?:about\\s+|around\\s+|roughly\\s+|~\\s*)?(${Q})\\s*${UNIT}\\b`,
  "i",
);
const MONTH_POS_RE = new RegExp(
  `\\b(?:(end|close|middle|mid|beginning|start|early|late)(?:\\s+of|-)?\\s+(?:the\\s+)?|(?:by|before|in|during|until|for|around|targeting|aiming for)\\s+(?:an?\\s+|the\\s+)?(?:(early|mid|late)[\\s-]+)?)(${MONTH_RE})\\b(?:\\s+(\\d{4}|next year))?`,
  "i",
);

const RULES: Rule[] = [
  // "end of Q3", "by Q2 2027", "in Q4 '26", "third quarter"
  (s, ref) => {
    const m =
      /\b(?:end of |by |before |in |during |until |for |within |through )?(?:the )?(?:end of )?Q([1-4])(?:\s*(?:of\s+)?(?:FY\s*)?(['’]?\d{2,4})\b|\s+(?:of\s+)?(next year))?/i.exec(
        s,
      );
    if (m) return weeksBetween(ref, quarterEnd(ref, Number(m[1]), m[3] ? ref.y + 1 : fullYear(m[2])));
    const w = /\b(first|second|third|fourth|last|1st|2nd|3rd|4th) quarter(?: of (\d{4}))?\b/i.exec(s);
    if (w) return weeksBetween(ref, quarterEnd(ref, WORD_QUARTER[w[1].toLowerCase()], fullYear(w[2])));
    const h = /\b(?:end of |by |in )?(?:the )?(?:H([12])|(first|second) half)(?: of)?\s*(\d{4})?\b/i.exec(s);
    if (h) {
      const half = h[1] ? Number(h[1]) : h[2].toLowerCase() === "first" ? 1 : 2;
      return weeksBetween(ref, quarterEnd(ref, half * 2, fullYear(h[3])));
    }
    return null;
  },
  // "May 22", "June 2nd, 2027", "22 May", "the 3rd of June"
  (s, ref) => {
    const md = MONTH_DAY_RE.exec(s);
    const dm = DAY_MONTH_RE.exec(s);
    const hit =
      md && dm
        ? md.index <= dm.index
          ? { m: md[1], d: md[2], y: md[3] }
          : { m: dm[2], d: dm[1], y: dm[3] }
        : md
          ? { m: md[1], d: md[2], y: md[3] }
          : dm
            ? { m: dm[2], d: dm[1], y: dm[3] }
            : null;
    if (!hit) return null;
    const month = monthNumber(hit.m);
    if (!month) return null;
    const target = nextOccurrence(ref, month, Number(hit.d), fullYear(hit.y));
    return target ? weeksBetween(ref, target) : null;
  },
  // ISO dates "2026-09-30"
  (s, ref) => {
    const m = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(s);
    if (!m) return null;
    const d = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
    return isValidDay(d) ? weeksBetween(ref, d) : null;
  },
  // Numeric dates with a year: 06/30/2026 (US) or 30/06/2026 and 30.06.2026 (day first when it must be)
  (s, ref) => {
    const m = /\b(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b/.exec(s);
    if (!m) return null;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const dayFirst = m[2] === "." || a > 12;
    const d = dayFirst ? { y: Number(m[4]), m: b, d: a } : { y: Number(m[4]), m: a, d: b };
    return isValidDay(d) ? weeksBetween(ref, d) : null;
  },
  // "within 14 weeks", "in two months", "in 6-8 weeks", "over the next 3 months", "a fortnight"
  (s, ref) => {
    const m = WITHIN_RE.exec(s);
    if (m) {
      const qty = /^an?$/i.test(m[1]) ? 1 : /couple/i.test(m[1]) ? 2 : /few/i.test(m[1]) ? 3 : parseQuantity(m[1])?.value;
      if (qty === undefined || qty === null) return null;
      return durationWeeks(ref, qty, m[2]);
    }
    const bare = BARE_RE.exec(s);
    if (bare) {
      const qty = /^(?:an?|one)$/i.test(bare[1]) ? 1 : parseQuantity(bare[1])?.value;
      return qty ? durationWeeks(ref, qty, bare[2]) : null;
    }
    const labelled = LABELLED_RE.exec(s);
    if (labelled) {
      const qty = parseQuantity(labelled[1])?.value;
      return qty ? durationWeeks(ref, qty, labelled[2]) : null;
    }
    if (/\b(?:in|within) a fortnight\b/i.test(s)) return 2;
    return null;
  },
  // "end of June", "by mid-July", "early September", "in October"
  (s, ref) => {
    const m = MONTH_POS_RE.exec(s);
    if (!m) return null;
    const month = monthNumber(m[3]);
    if (!month) return null;
    const pos = (m[1] ?? m[2] ?? "").toLowerCase();
    const prefix = m[0].toLowerCase();
    const year = m[4]?.toLowerCase() === "next year" ? ref.y + 1 : fullYear(m[4]);
    const dayOf = (y: number) =>
      /^(end|close|late)$/.test(pos)
        ? daysInMonth(y, month)
        : /^(mid|middle)$/.test(pos)
          ? 15
          : /^(early|beginning|start)$/.test(pos)
            ? 1
            : /^(?:in|during|for|around|targeting|aiming)\b/.test(prefix)
              ? 15
              : 1;
    let y = year ?? ref.y;
    let target = { y, m: month, d: dayOf(y) };
    if (!year && compareDays(target, ref) < 0) {
      y += 1;
      target = { y, m: month, d: dayOf(y) };
    }
    return weeksBetween(ref, target);
  },
  // Relative words: next week/month, end of the month/quarter/year.
  (s, ref) => {
    if (/\b(?:this|next) week\b|\bend of (?:the |this )?week\b/i.test(s)) return 1;
    if (/\bend of (?:the |this )?month\b/i.test(s)) return weeksBetween(ref, { y: ref.y, m: ref.m, d: daysInMonth(ref.y, ref.m) });
    if (/\bend of next month\b/i.test(s)) {
      const n = addMonths({ ...ref, d: 1 }, 1);
      return weeksBetween(ref, { ...n, d: daysInMonth(n.y, n.m) });
    }
    if (/\bnext month\b/i.test(s)) return weeksBetween(ref, addMonths(ref, 1));
    if (/\b(?:end of (?:the |this )?quarter|this quarter)\b/i.test(s)) return weeksBetween(ref, endOfQuarter(ref.y, Math.ceil(ref.m / 3)));
    if (/\bnext quarter\b/i.test(s)) {
      const q = Math.ceil(ref.m / 3) + 1;
      return weeksBetween(ref, q > 4 ? endOfQuarter(ref.y + 1, 1) : endOfQuarter(ref.y, q));
    }
    if (
      /\b(?:end of (?:the |this )?(?:calendar )?year|this year|year[- ]end)\b/i.test(s) &&
      !/\b(?:plan|budget|buy|purchase)\w* (?:to \w+ )?this year\b/i.test(s)
    )
      return weeksBetween(ref, { y: ref.y, m: 12, d: 31 });
    return null;
  },
];

const TIME_WORD =
  /\d|\b(?:weeks?|months?|quarters?|q[1-4]|years?|days?|fortnight|asap|soon|immediately|now|today|tomorrow|next|end of|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|spring|summer|autumn|fall|winter|h[12])\b/i;

/** The weeks a sentence states, clauses about going live first ("Vendor selection by end of Q2, go-live by end of Q4"). */
function readWeeks(s: string, ref: Day): number | null {
  const clauses = s
    .split(/[,;]|\s[-–—]\s|\band then\b|\bwith\b/)
    .map((c) => c.trim())
    .filter(Boolean);
  const ordered = [...clauses.filter((c) => STRONG_LIVE.test(c)), ...clauses.filter((c) => !STRONG_LIVE.test(c) && !DEADLINE.test(c)), s];
  for (const part of ordered) {
    for (const rule of RULES) {
      const w = rule(part, ref);
      if (w !== null) return w;
    }
  }
  return null;
}

/**
 * Every timeline reading in the text, best first, for the debug output's runner-ups: what
 * extractTimeline would keep (go-live named or labelled 0.85, ASAP 0.85, "now" 0.75, other dates
 * near a go-live word 0.6) and what it rejects on purpose (a submission or question deadline 0.3,
 * an answer wanted "ASAP" 0.3, other customers' timelines 0.2).
 */
export function timelineCandidates(sentences: string[], referenceDay: string): Array<Field<number>> {
  const ref = dayFromIso(referenceDay);
  const out: Array<Field<number>> = [];
  for (const s of sentences) {
    if (NULL_TIMELINE.test(s)) continue;
    const live = /\b(?:go[- ]?live|live|launch|up and running|operational|implement)/i.test(s);
    const aboutReply =
      /\b(?:reply|respond|answer|get back|call (?:me|us)|contact (?:me|us)|send (?:me|us)|let (?:me|us) know|hear from you)\b/i.test(s) &&
      !STRONG_LIVE.test(s);
    if (ASAP.test(s)) {
      out.push(found(1, s, aboutReply ? 0.3 : 0.85));
      continue;
    }
    // The rules are costly on every sentence of a long text: only sentences naming a time are read.
    if (!TIME_WORD.test(s)) continue;
    const w = readWeeks(s, ref);
    if (w === null) continue;
    let confidence = 0.6;
    if (DEADLINE.test(s) && !live) confidence = 0.3;
    else if (/\b(?:most|other|typical|many|your) (?:customers|clients|companies|teams)\b/i.test(s)) confidence = 0.2;
    else if (aboutReply) confidence = 0.3;
    else if (STRONG_LIVE.test(s) || /\b(?:timeline|timeframe|time frame|deadline|target date)\b/i.test(s)) confidence = 0.85;
    else if (!GO_LIVE.test(s)) confidence = 0.4;
    out.push(found(w, s, confidence));
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}

export function extractTimeline(sentences: string[], referenceDay: string, structured?: string): Field<number> {
  const ref = dayFromIso(referenceDay);
  if (structured) {
    if (ASAP.test(structured)) return found(1, structured, 0.9);
    if (!NULL_TIMELINE.test(structured)) {
      for (const rule of RULES) {
        const w = rule(`by ${structured}`, ref);
        if (w !== null) return found(w, structured, 0.9);
      }
    }
  }
  let explicitNull: string | null = null;
  // Strong findings (the go-live named, ASAP, a labelled timeline) win over weak ones anywhere in the
  // text ("we are looking to buy this quarter" loses to "Target go-live: end of Q4").
  let weak: Field<number> | null = null;
  for (const s of sentences) {
    if (DEADLINE.test(s) && !/\b(?:go[- ]?live|live|launch|up and running|operational|implement)/i.test(s)) continue;
    if (NULL_TIMELINE.test(s)) {
      explicitNull ??= s;
      continue;
    }
    // Other people's timelines: "your site says most customers go live in 6 weeks".
    if (
      /\b(?:most|other|typical|many|your) (?:customers|clients|companies|teams)\b|\b(?:standard|typical|usual|your) onboarding\b/i.test(s)
    )
      continue;
    // "Please reply ASAP" is about the answer, not the go-live.
    const aboutReply =
      /\b(?:reply|respond|answer|get back|call (?:me|us)|contact (?:me|us)|send (?:me|us)|let (?:me|us) know|hear from you|(?:send|submit|share) (?:a |the |your )?(?:quote|proposal|offer|pricing))\b/i.test(
        s,
      ) && !STRONG_LIVE.test(s);
    if (ASAP.test(s) && !aboutReply) return found(1, s, 0.85);
    if (!GO_LIVE.test(s) || aboutReply) continue;
    if (
      NOW.test(s) &&
      /\b(?:need|want|go[- ]?live|live|start|launch|running|implement|deploy|have it|get it|timeline|timeframe|deadline|target)\b/i.test(s)
    )
      return found(1, s, 0.75);
    const strong = STRONG_LIVE.test(s) || /\b(?:timeline|timeframe|time frame|deadline|target date)\b/i.test(s);
    if (!strong && weak) continue;
    const w = readWeeks(s, ref);
    if (w === null) continue;
    if (strong) return found(w, s, 0.85);
    weak = found(w, s, 0.6);
  }
  if (weak && !explicitNull) return weak;
  if (explicitNull) return none(explicitNull, 0.7);
  const vague = sentences.find((s) => VAGUE_LATER.test(s));
  return vague ? none(vague, 0.6) : none();
}
