import type { Field } from "../types";
import { found, none } from "./field";
import { parseQuantity, quantitySource } from "./quantity";

const Q = quantitySource();
const PEOPLE =
  "(?:full[- ]time\\s+)?(?:employees|employes|people|persons|staff(?:ers)?|ftes?|team members|workers|personnel|colleagues|heads|associates|members of staff|folks|souls|strong)";

/** Ordered: explicit labels first ("Headcount: 347"), then "N employees", then "a team of N". */
const RULES: Array<{ re: RegExp; confidence: number }> = [
  {
    re: new RegExp(
      `\\b(?:(?:employees|staff|ftes|people|size|team)\\s*[:=]|head\\s?count|company size|team size|employee count|number of (?:employees|staff)|no\\.? of employees|staff(?:ing)? (?:count|size|level)|workforce(?: size)?|size of (?:our|the) (?:company|team|organi[sz]ation))\\s*(?:(?:is|of|:|=|-|–|at|stands at|currently|now|around|about|somewhere|roughly|approximately)\\s*)*(${Q})(?!\\s*(?:%|percent|years?|offices|countries|locations|sites|customers|clients|users|seats))`,
      "i",
    ),
    confidence: 0.95,
  },
  { re: new RegExp(`(${Q})\\s*\\+?\\s*${PEOPLE}\\b`, "i"), confidence: 0.9 },
  { re: new RegExp(`(${Q})[- ](?:person|people|employee|staff|strong)\\b`, "i"), confidence: 0.85 },
  {
    re: new RegExp(
      `\\b(?:team|company|organi[sz]ation|workforce|staff|business|firm|group|headcount|shop|outfit|crew|practice|agency|studio|office|startup|operation) of\\s+(${Q})(?!\\s*(?:%|percent|years?|offices|countries|locations|sites|customers|clients|users|seats|weeks|months|days|[$€£]))`,
      "i",
    ),
    confidence: 0.85,
  },
  { re: new RegExp(`\\bthere are\\s+(${Q})\\s+of us\\b`, "i"), confidence: 0.8 },
  {
    re: new RegExp(
      `\\b(?:we|they|the company|the firm|the group|our company|our firm) (?:currently )?(?:employ|employs|have a staff of|number|numbers|count)\\s+(${Q})`,
      "i",
    ),
    confidence: 0.85,
  },
  {
    re: new RegExp(
      `\\b(?:our |the )?(?:staff|team|workforce|headcount|employee base)\\s+(?:numbers|totals|counts|is|stands at|of)\\s+(?:about|around|roughly|approximately|some|~)?\\s*(${Q})(?!\\s*(?:%|percent|years?|offices|countries|locations|sites|customers|clients|users|seats|weeks|months|days|[$€£]))`,
      "i",
    ),
    confidence: 0.8,
  },
];

/** Half-to-even, like the reference tooling's round(): a 25-50 range is 37.5 → 38, 10-15 is 12.5 → 12. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (Math.abs(diff - 0.5) > 1e-9) return Math.round(x);
  return f % 2 === 0 ? f : f + 1;
}

export function parseEmployeeCount(text: string): number | null {
  const q = parseQuantity(text.replace(/^[^\d~a-z]*/i, ""));
  if (!q) return null;
  const n = roundHalfEven(q.value);
  return n >= 1 && n <= 5_000_000 ? n : null;
}

/**
 * Every headcount reading in the document, best first: by rule (explicit labels, then "N employees", then
 * "a team of N"...), then by position. "A few hundred" and "several thousand" are magnitudes, not counts.
 */
export function employeeCandidates(sentences: string[]): Array<Field<number> & { value: number; evidence: string }> {
  const out: Array<Field<number> & { value: number; evidence: string }> = [];
  for (const rule of RULES) {
    for (const s of sentences) {
      const m = rule.re.exec(s);
      if (!m) continue;
      const at = m.index + Math.max(0, m[0].indexOf(m[1]));
      if (/\b(?:few|several|many|couple of|hundreds of|thousands of)\s*$/i.test(s.slice(0, at))) continue;
      const n = parseEmployeeCount(m[1]);
      if (n !== null) out.push({ value: n, evidence: s, confidence: rule.confidence });
    }
  }
  return out;
}

export function extractEmployees(sentences: string[], structured?: string): Field<number> {
  if (structured) {
    // CRM picklists: "25-50", "1000+", "10,001+", "500 employees"
    const n = parseEmployeeCount(structured.replace(/employees|people|staff|\+|more than|over/gi, "").trim());
    if (n !== null) return found(n, structured, 0.95);
  }
  const best = employeeCandidates(sentences)[0];
  return best ? found(best.value, best.evidence, best.confidence) : none();
}
