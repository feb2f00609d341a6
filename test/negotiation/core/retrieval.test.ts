import { describe, expect, it } from "vitest";
import { buildMatchQuery, queryTerms, rankSnippets } from "../../../src/negotiation/core/retrieval";
import type { Snippet } from "../../../src/negotiation/core/types";

describe("FTS5 query building", () => {
  it("quotes every term and joins them with OR", () => {
    expect(buildMatchQuery("We need reconciliation for our retail bank", ["LL-PRO"])).toBe(
      '"ll pro" OR "reconciliation" OR "retail" OR "bank"',
    );
    expect(queryTerms("The the THE and of 42 x")).toEqual([]);
    expect(buildMatchQuery("the and of", [])).toBeNull();
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
