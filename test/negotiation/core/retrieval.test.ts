import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildMatchQuery,
  catalogSnippet,
  pastDealSnippet,
  queryTerms,
  rankSnippets,
  ruleSnippet,
  snippetsFromRows,
} from "../../../src/negotiation/core/retrieval";
import type { Snippet } from "../../../src/negotiation/core/types";
import { catalog } from "./catalog";

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

describe("FTS5 query building", () => {
  it("quotes every term and joins them with OR", () => {
    expect(buildMatchQuery("We need reconciliation for our retail bank", ["LL-PRO"])).toBe(
      '"ll pro" OR "reconciliation" OR "retail" OR "bank"',
    );
    expect(queryTerms("The the THE and of 42 x")).toEqual([]);
    expect(buildMatchQuery("the and of", [])).toBeNull();
  });

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

describe("snippet ranking", () => {
  const fts: Snippet[] = [
    { kind: "past_deal", id: "d1", text: "deal one", score: 9 },
    { kind: "past_deal", id: "d2", text: "deal two", score: 8 },
    { kind: "catalog", id: "LL-STD", text: "standard", score: 3 },
    { kind: "pricing_rule", id: "r1", text: "rule", score: 1 },
    { kind: "catalog", id: "LL-PRO", text: "pro", score: 2 },
  ];
  const vec: Snippet[] = [
    { kind: "past_deal", id: "d1", text: "deal one", score: 0.2 },
    { kind: "catalog", id: "LL-STD", text: "standard", score: 0.9 },
  ];

  it("puts the lead's own SKUs first, keeps one of each kind, and de-duplicates across searches", () => {
    const r = rankSnippets([fts, vec], { limit: 4, skus: ["ll-pro"] });
    expect(r[0]).toMatchObject({ kind: "catalog", id: "LL-PRO" });
    expect(new Set(r.map((s) => s.kind))).toEqual(new Set(["catalog", "pricing_rule", "past_deal"]));
    expect(r).toHaveLength(4);
    expect(new Set(r.map((s) => `${s.kind}:${s.id}`)).size).toBe(r.length);
  });

  it("is deterministic whatever the input order", () => {
    expect(rankSnippets([[...fts].reverse(), vec], { limit: 5 })).toEqual(rankSnippets([fts, vec], { limit: 5 }));
  });
});
