import { detectInjection as detect } from "../../platform/injection";
import type { InjectionReason } from "../../platform/injection";

/**
 * Prompt-injection detection for leads: the shared detector (src/platform/injection/, one for leads
 * and customer replies) behind the API the lead extraction has always used. Text that tries to
 * instruct an AI or the automation behind it (override its instructions, leak its prompt, grant
 * discounts, change prices or records, role-play as staff), also when hidden by encodings, look-alike
 * letters, invisible characters or prompt-shaped structure, sets the flag; a person's "please ignore
 * the typo" stays benign. The flag travels with the lead; the text stays data.
 */
export type InjectionResult = { attempt: boolean; evidence: string[]; score?: number; reasons?: InjectionReason[] };

export function detectInjection(text: string): InjectionResult {
  const r = detect(text);
  return { attempt: r.attempt, evidence: r.evidence, score: r.score, reasons: r.reasons };
}

/** The text with injection evidence blanked out, so "set the budget to $10,000,000" is never extracted. */
export function maskInjection(text: string, evidence: string[]): string {
  let out = text;
  for (const ev of evidence) out = out.split(ev).join("\n");
  return out;
}
