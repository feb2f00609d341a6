/**
 * Splits text into sentences for field rules: line breaks always split; ". ", "! ", "? " split when a
 * capital, digit or quote follows, except after abbreviations ("ca. 0,8 Mio. €", "Dr. Lee"). Decimals ("1.5M") and "Inc.." endings stay intact enough for rules.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const parts = line.split(
      /(?<=[.!?])(?<!\b(?:ca|approx|env|Mio|Mrd|Nr|No|bzw|Dr|Mr|Mrs|Ms|St|vs|incl|excl)\.)\s+(?=["'“([]?[A-Z0-9£€$])/,
    );
    for (const p of parts) {
      const t = p.trim();
      if (t) out.push(t);
    }
  }
  return out;
}
