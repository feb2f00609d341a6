/**
 * Misses of the lead eval, for the closing note's "what still fails, by kind": each miss with its
 * field, expected and predicted value and the evidence the extractor kept, then a count per field and
 * kind of miss (missed = nothing where a value is stated; invented = a value where none is stated;
 * wrong = another value; for injection: missed attempt / false flag).
 */
export type Miss = {
  corpus: string;
  case_id: string;
  /** The case's kind label from the corpus (what sort of text it is). */
  kind: string;
  field: string;
  want: unknown;
  got: unknown;
  evidence: string | null;
};

export function missKind(m: Pick<Miss, "field" | "want" | "got">): string {
  if (m.field === "injection_attempt") return m.want ? "missed attempt" : "false flag";
  const none = (v: unknown) => v === null || v === undefined;
  if (none(m.got)) return "missed";
  if (none(m.want)) return "invented";
  return "wrong value";
}

const short = (v: unknown, n = 140) => {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  const one = (s ?? "null").replace(/\s+/g, " ");
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

export function printMisses(misses: Miss[]): void {
  console.log(`\nMisses on the real corpora (${misses.length})\n`);
  for (const m of misses)
    console.log(
      `${m.corpus} ${m.case_id} [${m.kind}] ${m.field} (${missKind(m)}): want ${short(m.want, 60)} got ${short(m.got, 60)}\n    evidence: ${short(m.evidence)}`,
    );
  const by = new Map<string, string[]>();
  for (const m of misses) {
    const k = `${m.field} / ${missKind(m)}`;
    by.set(k, [...(by.get(k) ?? []), `${m.case_id}:${m.kind}`]);
  }
  console.log(`\nBy field and kind of miss\n`);
  for (const [k, ids] of [...by.entries()].sort((a, b) => b[1].length - a[1].length))
    console.log(`${String(ids.length).padStart(3)}  ${k.padEnd(34)} ${ids.join(", ")}`);
}
