import { z } from "zod";
import { parseBudgetText, toBudget } from "./extract/budget";
import { cleanText } from "./extract/clean";
import { parseQuantity, quantitySource } from "./extract/quantity";
import { type Budget, type Extraction, type Field, INTENTS, type Intent } from "./types";

/**
 * The optional LLM path's answer, validated, and how it merges with the rules: the AI value is used
 * only where the rules found nothing AND its evidence is a span of the input that contains the value.
 * Everything else (no evidence, evidence not in the text, evidence inside injection text, a value the
 * evidence does not state, malformed answers) loses to the rules.
 */
const evidence = z.string().max(1000).nullable().optional();
const fieldOf = <T extends z.ZodTypeAny>(value: T) => z.object({ value: value.nullable().optional(), evidence }).nullable().optional();

export const AiExtraction = z.object({
  company: fieldOf(z.string().min(1).max(200)),
  contact_email: fieldOf(z.string().email().max(320)),
  contact_name: fieldOf(z.string().min(1).max(200)),
  employees: fieldOf(z.number().int().positive().max(5_000_000)),
  budget: fieldOf(z.object({ amount: z.number().positive().finite(), currency: z.string().regex(/^[A-Za-z]{3}$/) })),
  timeline_weeks: fieldOf(z.number().int().min(0).max(520)),
  intent: fieldOf(z.enum(INTENTS)),
});
export type AiExtraction = z.infer<typeof AiExtraction>;

/** JSON Schema of the answer, for the model's structured-output mode and the prompt. */
export const AI_EXTRACTION_JSON_SCHEMA = {
  type: "object",
  properties: Object.fromEntries(
    (
      [
        ["company", { type: ["string", "null"] }],
        ["contact_email", { type: ["string", "null"] }],
        ["contact_name", { type: ["string", "null"] }],
        ["employees", { type: ["integer", "null"] }],
        [
          "budget",
          {
            type: ["object", "null"],
            properties: { amount: { type: "number" }, currency: { type: "string" } },
            required: ["amount", "currency"],
          },
        ],
        ["timeline_weeks", { type: ["integer", "null"] }],
        ["intent", { type: ["string", "null"], enum: [...INTENTS, null] }],
      ] as const
    ).map(([k, v]) => [
      k,
      { type: "object", properties: { value: v, evidence: { type: ["string", "null"] } }, required: ["value", "evidence"] },
    ]),
  ),
  required: ["company", "contact_email", "contact_name", "employees", "budget", "timeline_weeks", "intent"],
} as const;

/** Parses whatever the model answered (object, JSON string, JSON inside prose/code fences) into the schema, or null. */
export function parseAiAnswer(answer: unknown): AiExtraction | null {
  let candidate: unknown = answer;
  if (typeof answer === "string") {
    const s = answer.trim();
    const start = s.indexOf("{");
    const end = s.lastIndexOf("}");
    if (start < 0 || end <= start) return null;
    try {
      candidate = JSON.parse(s.slice(start, end + 1));
    } catch {
      return null;
    }
  }
  const r = AiExtraction.safeParse(candidate);
  return r.success ? r.data : null;
}

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, " ").trim().toLowerCase();

/** The evidence is a real span of the input, and not part of detected injection text. */
function grounded(ev: string | null | undefined, text: string, injection: string[]): ev is string {
  if (!ev || ev.trim().length < 3) return false;
  const e = norm(ev);
  if (!norm(text).includes(e)) return false;
  return !injection.some((inj) => norm(inj).includes(e) || e.includes(norm(inj)));
}

/** The evidence states n: as written ("1,200", "1.2k", "two hundred") or as a range whose midpoint is n. */
function statesNumber(ev: string, n: number): boolean {
  for (const m of ev.matchAll(new RegExp(quantitySource(), "gi"))) {
    const q = parseQuantity(m[0]);
    if (q && Math.round(q.value) === n) return true;
  }
  return false;
}

const TIME_WORDS =
  /\b(?:weeks?|months?|days?|quarters?|q[1-4]|years?|asap|soon|urgent|immediately|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

function useAi<T>(rule: Field<T>, value: T | null | undefined, ev: string | null | undefined, ok: boolean): Field<T> {
  if (rule.value !== null || value === null || value === undefined || !ok || !ev) return rule;
  return { value, evidence: ev, confidence: 0.6 };
}

export function mergeAi(rules: Extraction, ai: unknown, text: string): Extraction {
  const a = parseAiAnswer(ai);
  if (!a) return rules;
  const inj = rules.injection.evidence;
  // Evidence must come from the prospect's own statement: not quoted history, signatures or disclaimers.
  const body = cleanText(text).body;
  const g = (ev: string | null | undefined) => grounded(ev, body, inj);
  const out: Extraction = { ...rules };

  const company = a.company?.value?.trim();
  const cev = a.company?.evidence;
  out.company = useAi(rules.company, company, cev, Boolean(company && g(cev) && norm(cev ?? "").includes(norm(company))));

  const email = a.contact_email?.value?.trim().toLowerCase();
  const eev = a.contact_email?.evidence;
  out.contact_email = useAi(
    rules.contact_email,
    email,
    eev,
    Boolean(email && g(eev) && norm(eev ?? "").includes(email) && !/@ledgerline\.io$/i.test(email)),
  );

  const name = a.contact_name?.value?.trim();
  const nev = a.contact_name?.evidence;
  out.contact_name = useAi(rules.contact_name, name, nev, Boolean(name && g(nev) && norm(nev ?? "").includes(norm(name))));

  const emp = a.employees?.value;
  const pev = a.employees?.evidence;
  out.employees = useAi(rules.employees, emp, pev, Boolean(emp && g(pev) && statesNumber(pev ?? "", emp)));

  const b = a.budget?.value;
  const bev = a.budget?.evidence;
  let budget: Budget | null = null;
  if (b && g(bev)) {
    const stated = parseBudgetText(bev ?? "", false);
    const claimed = toBudget(b.amount, b.currency.toUpperCase());
    // The evidence must state this amount (within 1 %) in this currency.
    if (
      stated &&
      claimed &&
      stated.currency === claimed.currency &&
      Math.abs(stated.amount_minor - claimed.amount_minor) <= 0.01 * claimed.amount_minor
    )
      budget = claimed;
  }
  out.budget = useAi(rules.budget, budget, bev, budget !== null);

  const weeks = a.timeline_weeks?.value;
  const tev = a.timeline_weeks?.evidence;
  out.timeline_weeks = useAi(
    rules.timeline_weeks,
    weeks,
    tev,
    Boolean(weeks !== null && weeks !== undefined && g(tev) && TIME_WORDS.test(tev ?? "")),
  );

  // Intent always has a rule value; a weak rule guess (no cue at all) yields to a grounded AI answer.
  const intent = a.intent?.value;
  const iev = a.intent?.evidence;
  if (intent && rules.intent.confidence < 0.5 && g(iev)) out.intent = { value: intent as Intent, evidence: iev ?? null, confidence: 0.55 };

  // Support and spam never carry size, budget or timeline, whoever found them.
  if (out.intent.value === "support" || out.intent.value === "spam") {
    out.employees = { value: null, evidence: null, confidence: 0 };
    out.budget = { value: null, evidence: null, confidence: 0 };
    out.timeline_weeks = { value: null, evidence: null, confidence: 0 };
  }
  return out;
}
