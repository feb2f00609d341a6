import { buildMatchQuery, catalogSnippet, pastDealSnippet, rankSnippets, ruleSnippet } from "../core/retrieval";
import type { LeadFacts, Quote, Snippet, SnippetKind } from "../core/types";
import { toProduct, toRule } from "./pricing-port";
import { readOnlyD1, type ReadOnlyD1 } from "./read-only-d1";
import { vectorSearch } from "./vector";

/**
 * Retrieval for a draft: D1 FTS5 (BM25) over catalog entries, pricing rules and past deals
 * (`knowledge_fts`, kept in sync by triggers), through the read-only handle. The MATCH expression is
 * built by the pure retrieval.ts (customer text never reaches FTS syntax); the hits are rendered with
 * its snippet builders from the source rows and ranked by rankSnippets, merged with Vectorize hits
 * when a KNOWLEDGE_INDEX binding and AI are both available (./vector.ts). Retrieval is context: any
 * failure gives [] (logged).
 */
type Hit = { kind: SnippetKind; ref_id: string; rank: number };

export async function retrieveFor(
  env: Env,
  input: { facts: LeadFacts; quote: Quote; message: string | null },
  limit = 6,
): Promise<Snippet[]> {
  const { facts, quote, message } = input;
  const text = [facts.segment, quote.lines.map((l) => l.name).join(" "), message ?? ""].join(" ");
  const match = buildMatchQuery(
    text,
    quote.lines.map((l) => l.sku),
  );
  try {
    const db = readOnlyD1(env.DB);
    const [hits, vectorHits] = await Promise.all([
      match
        ? db.all<Hit>(
            "SELECT kind, ref_id, bm25(knowledge_fts, 0.0, 0.0, 2.0, 1.0) AS rank FROM knowledge_fts WHERE knowledge_fts MATCH ? ORDER BY rank LIMIT 24",
            match,
          )
        : Promise.resolve([]),
      vectorSearch(env, text),
    ]);
    const lists = [await render(db, hits)];
    // Vectorize scores are higher-is-better: pass them as a negative rank so render() keeps one scale.
    if (vectorHits.length)
      lists.push(
        await render(
          db,
          vectorHits.map((h) => ({ kind: h.kind, ref_id: h.ref_id, rank: -h.score })),
        ),
      );
    return rankSnippets(lists, { limit, skus: quote.lines.map((l) => l.sku) });
  } catch (err) {
    console.warn(
      JSON.stringify({
        event: "negotiation.retrieval_failed",
        lead_id: facts.lead_id,
        error: err instanceof Error ? err.message : String(err),
        outcome: "no_snippets",
      }),
    );
    return [];
  }
}

async function render(db: ReadOnlyD1, hits: Hit[]): Promise<Snippet[]> {
  const ids = (k: SnippetKind) => hits.filter((h) => h.kind === k).map((h) => h.ref_id);
  const inList = (n: number) => Array.from({ length: n }, () => "?").join(", ");
  const score = new Map(hits.map((h) => [`${h.kind}:${h.ref_id}`, -h.rank]));
  const skus = ids("catalog");
  const ruleIds = ids("pricing_rule");
  const dealIds = ids("past_deal");
  type DealRow = {
    id: string;
    company: string;
    outcome: "won" | "lost";
    total_minor: number;
    currency: string;
    objections: string;
    skus: string;
    summary: string;
  };
  const [products, tiers, rules, deals] = await Promise.all([
    skus.length
      ? db.all<Parameters<typeof toProduct>[0]>(
          `SELECT sku, name, description, unit_price_minor, currency, unit, active, stock FROM products WHERE active = 1 AND sku IN (${inList(skus.length)})`,
          ...skus,
        )
      : [],
    skus.length
      ? db.all<{ sku: string; min_qty: number; unit_price_minor: number }>(
          `SELECT sku, min_qty, unit_price_minor FROM price_tiers WHERE sku IN (${inList(skus.length)})`,
          ...skus,
        )
      : [],
    ruleIds.length
      ? db.all<Parameters<typeof toRule>[0]>(
          `SELECT id, segment, min_deal_usd_minor, min_term_months, max_discount_bps, approval_above_bps FROM discount_rules WHERE id IN (${inList(ruleIds.length)})`,
          ...ruleIds,
        )
      : [],
    dealIds.length
      ? db.all<DealRow>(
          `SELECT id, company, outcome, total_minor, currency, objections, skus, summary FROM past_deals WHERE id IN (${inList(dealIds.length)})`,
          ...dealIds,
        )
      : [],
  ]);
  const out: Snippet[] = [];
  for (const p of products) out.push({ ...catalogSnippet(toProduct(p), tiers), score: score.get(`catalog:${p.sku}`) ?? 0 });
  for (const r of rules) out.push({ ...ruleSnippet(toRule(r)), score: score.get(`pricing_rule:${r.id}`) ?? 0 });
  for (const d of deals) {
    const snippet = pastDealSnippet({
      ...d,
      objections: d.objections.split(/\s+/).filter(Boolean),
      skus: d.skus.split(/\s+/).filter(Boolean),
      summary: d.summary,
    });
    out.push({ ...snippet, score: score.get(`past_deal:${d.id}`) ?? 0 });
  }
  return out;
}
