/**
 * TEMPORARY shim of the ingestion domain (src/ingest/**, written in parallel). Replaced by
 * re-exports of the real functions as soon as they land; only the pipeline imports this file.
 */
import type { Budget, Extraction, Intent, ParsedDocument, RawInput, ScoreBreakdown } from "../ingest/types";
import { convertMinor } from "../lib/money";

const none = <T>() => ({ value: null as T | null, evidence: null, confidence: 0 });

export async function parseInput(raw: RawInput): Promise<ParsedDocument> {
  const text = new TextDecoder().decode(raw.bytes);
  const format = raw.contentType === "message/rfc822" ? "email" : raw.contentType === "application/pdf" ? "pdf" : raw.contentType === "application/json" ? "crm_generic" : "chat";
  const mid = /^Message-ID:\s*(\S+)/im.exec(text);
  return { format, text, referenceDate: raw.receivedAt, externalId: mid ? mid[1] : null, subject: null, sender: { email: null, name: null }, structured: {}, warnings: [] };
}

export function parseInternalEventLead(data: Record<string, unknown>, occurredAt: string): ParsedDocument {
  const email = typeof data.email === "string" ? data.email : null;
  return { format: "webhook", text: JSON.stringify(data), referenceDate: occurredAt, externalId: null, subject: null, sender: { email, name: null }, structured: email ? { contact_email: email } : {}, warnings: [] };
}

export function extractLead(doc: ParsedDocument, _opts: { catalog: Array<{ sku: string; name: string }> }): Extraction {
  const m = /[\w.+-]+@[\w-]+\.[\w.]+/.exec(doc.text);
  const emp = /(\d[\d,]*)\s+(?:employees|people)/i.exec(doc.text);
  const bud = /\$(\d[\d,]*)/.exec(doc.text);
  const intent: Intent = /purchase|buy|quote/i.test(doc.text) ? "purchase" : "info_request";
  return {
    company: none<string>(),
    contact_email: m ? { value: m[0], evidence: m[0], confidence: 0.9 } : none<string>(),
    contact_name: none<string>(),
    employees: emp ? { value: Number(emp[1].replace(/,/g, "")), evidence: emp[0], confidence: 0.9 } : none<number>(),
    budget: bud ? { value: { amount_minor: Number(bud[1].replace(/,/g, "")) * 100, currency: "USD" }, evidence: bud[0], confidence: 0.9 } : none<Budget>(),
    timeline_weeks: none<number>(),
    intent: { value: intent, evidence: null, confidence: 0.5 },
    products: { value: [], evidence: null, confidence: 0 },
    injection: { attempt: /ignore (all )?previous instructions/i.test(doc.text), evidence: [] },
  };
}

export function scoreLead(x: { employees: number | null; budget_usd: number | null; timeline_weeks: number | null }): ScoreBreakdown {
  const size = Math.min(10, Math.log2(Math.max(1, x.employees ?? 1)) * 1.5);
  const budget = Math.min(10, ((x.budget_usd ?? 0) / 50_000) * 2);
  const urgency = Math.max(1, 10 - 0.8 * (x.timeline_weeks ?? 12));
  return { size, budget, urgency, score: Math.round((0.4 * size + 0.4 * budget + 0.2 * urgency) * 100) / 100 };
}

export function qualify(x: { score: number; intent: Intent | null; injection_attempt: boolean; minScore: number }): { qualified: boolean; stage: "qualified" | "nurture" | "disqualified"; reason: string | null } {
  if (x.intent === "spam") return { qualified: false, stage: "disqualified", reason: "spam" };
  if (x.score >= x.minScore && x.intent === "purchase") return { qualified: true, stage: "qualified", reason: null };
  return { qualified: false, stage: "nurture", reason: `score ${x.score} or intent ${x.intent}` };
}

export function usdMinorAt(budget: Budget, rates: Record<string, number>): number | null {
  const ppm = rates[budget.currency];
  return ppm === undefined ? null : convertMinor(budget.amount_minor, ppm);
}

export async function aiExtract(_env: Env, _doc: ParsedDocument): Promise<unknown | null> {
  return null;
}

export function mergeAi(rules: Extraction, _ai: unknown, _text: string): Extraction {
  return rules;
}
