/**
 * Splits text into sentences for field rules: line breaks always split; ". ", "! ", "? " split when a
 * capital, digit or quote follows. Decimals ("1.5M") and "Inc.." endings stay intact enough for rules.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const parts = line.split(/(?<=[.!?])\s+(?=["'“([]?[A-Z0-9£€$])/);
    for (const p of parts) {
      const t = p.trim();
      if (t) out.push(t);
    }
  }
  return out;
}
