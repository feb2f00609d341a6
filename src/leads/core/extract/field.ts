import type { Field } from "../types";

export function found<T>(value: T, evidence: string, confidence: number): Field<T> {
  return { value, evidence, confidence };
}

/** Nothing found (confidence 0), or an explicit "not yet defined" (evidence kept, some confidence that it is null). */
export function none<T>(evidence: string | null = null, confidence = 0): Field<T> {
  return { value: null, evidence, confidence };
}
