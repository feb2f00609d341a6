import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { buildMatchQuery, catalogSnippet, pastDealSnippet, ruleSnippet, snippetsFromRows } from "../../src/negotiation/core/retrieval";
import type { Snippet } from "../../src/negotiation/core/types";
import { catalog } from "./core/catalog";

// Moved out of core/retrieval.test.ts: these prove the core's MATCH expressions against real FTS5 in D1, so they run in workerd.
// A scratch FTS5 table of this file's own (storage is isolated per test file) to prove the MATCH
// expressions are valid FTS5 whatever the input.
beforeAll(async () => {
  await env.DB.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS neg_test_fts USING fts5(kind UNINDEXED, ref_id UNINDEXED, body, tokenize = 'porter unicode61')",
  );
  const docs: Snippet[] = [
    ...catalog.products.map((p) => catalogSnippet(p, catalog.tiers)),
    ...catalog.rules.map(ruleSnippet),
    pastDealSnippet({
      id: "deal-won",
      company: "Globex",
      outcome: "won",
      total_minor: 4_000_000,
      currency: "USD",
      objections: ["price"],
      skus: ["LL-PRO"],
      summary: "Reconciliation for a retail bank.",
    }),
    pastDealSnippet({
      id: "deal-lost",
      company: "Initech",
      outcome: "lost",
      total_minor: 900_000,
      currency: "EUR",
      objections: ["competitor"],
      skus: ["LL-STD"],
    }),
  ];
  await env.DB.batch(
    docs.map((d) => env.DB.prepare("INSERT INTO neg_test_fts (kind, ref_id, body) VALUES (?, ?, ?)").bind(d.kind, d.id, d.text)),
  );
});

async function search(match: string): Promise<Snippet[]> {
  const { results } = await env.DB.prepare(
    "SELECT kind, ref_id, body, bm25(neg_test_fts) AS rank FROM neg_test_fts WHERE neg_test_fts MATCH ? ORDER BY rank LIMIT 10",
  )
    .bind(match)
    .all<{ kind: string; ref_id: string; body: string; rank: number }>();
  return snippetsFromRows(results);
}

describe("FTS5 query building against D1", () => {
  const hostile = [
    'pro" OR * NEAR(bank reconcil*',
    "NOT reconciliation AND (retail OR -bank) ^pro body:secret",
    '\'; DROP TABLE products; -- """',
    "kind:catalog ref_id:LL-PRO {body} + * : ^",
    "Réconciliation bancaire für Großbanken 銀行 照合",
    "\u0000\u200b\ud83d\ude00 emoji 😀 pro",
  ];
  for (const text of hostile) {
    it(`builds a valid MATCH from ${JSON.stringify(text.slice(0, 30))}`, async () => {
      const match = buildMatchQuery(text, ["LL-PRO", 'x" OR "y']);
      expect(match).not.toBeNull();
      await expect(search(match!)).resolves.toBeInstanceOf(Array);
    });
  }

  it("finds the lead's product, the rules and past deals, ranked by BM25", async () => {
    const found = await search(
      buildMatchQuery("Looking for automated reconciliation, discount policy for a mid segment deal like the retail bank one", ["LL-PRO"])!,
    );
    const kinds = new Set(found.map((s) => s.kind));
    expect(kinds).toEqual(new Set(["catalog", "pricing_rule", "past_deal"]));
    expect(found[0].score).toBeGreaterThanOrEqual(found[found.length - 1].score!);
  });
});
