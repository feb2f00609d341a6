import { formatBps, formatMoney } from "./pricing";
import type { DiscountRule, PriceTier, Product, Snippet, SnippetKind } from "./types";

/**
 * The pure half of retrieval: turning a lead's text into a SAFE FTS5 MATCH expression, and ranking /
 * merging what the store returns. The store (D1 FTS5, BM25) lives in the service layer.
 *
 * FTS5 query safety: the customer's text never reaches MATCH as syntax. It is cut into word tokens
 * (letters and digits only, Unicode-aware), stop words and 1-letter tokens dropped, each token wrapped
 * in double quotes (a quoted string is always a plain term/phrase in FTS5 — AND/OR/NOT/NEAR, "*", "^",
 * ":", "(", ")" and "-" lose any meaning), and the tokens joined with OR. A SKU like "LL-PRO" becomes
 * the phrase "LL PRO". No tokens → null: the caller skips the search instead of running MATCH ''.
 */

const STOP = new Set(
  `a an and are as at be but by can could did do does for from had has have hello hi how i if in into is it its just let me more most my no nor not of on or our ours please so some than that the their them then there these they this those to too us very was we were what when where which who why will with would you your yours
   dear thanks thank regards best kind hey also would like need want looking interested about get got make any all each every other such only own same should now one two
   der die das und oder ist wir sie ich le la les et ou est nous vous el los las y o es`.split(/\s+/),
);

export type MatchQueryOptions = { maxTerms?: number };

/** Plain word tokens of a text, lower-cased, de-duplicated, stop words removed, in order of appearance. */
export function queryTerms(text: string, opts: MatchQueryOptions = {}): string[] {
  const max = opts.maxTerms ?? 24;
  const out: string[] = [];
  for (const m of text
    .normalize("NFKC")
    .toLowerCase()
    .matchAll(/[\p{L}\p{N}]+/gu)) {
    const t = m[0];
    if (t.length < 2 || t.length > 40 || STOP.has(t) || /^\d+$/.test(t)) continue;
    if (!out.includes(t)) out.push(t);
    if (out.length >= max) break;
  }
  return out;
}

/** One FTS5 string literal: double quotes doubled inside (tokens never contain any, but be exact). */
export function ftsQuote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

/**
 * The MATCH expression for a lead: product SKUs/names first (as quoted phrases), then terms of its text,
 * OR-ed. BM25 ranks documents matching more (and rarer) terms higher.
 */
export function buildMatchQuery(text: string, products: readonly string[] = [], opts: MatchQueryOptions = {}): string | null {
  const max = opts.maxTerms ?? 24;
  const parts: string[] = [];
  for (const p of products) {
    const words = [...p.normalize("NFKC").matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0].toLowerCase());
    if (!words.length) continue;
    const phrase = ftsQuote(words.join(" "));
    if (!parts.includes(phrase)) parts.push(phrase);
  }
  for (const t of queryTerms(text, { maxTerms: max })) {
    const q = ftsQuote(t);
    if (!parts.includes(q)) parts.push(q);
    if (parts.length >= max) break;
  }
  return parts.length ? parts.slice(0, max).join(" OR ") : null;
}

/** A row as FTS5 returns it: `bm25(knowledge_fts)` is LOWER-is-better (negative numbers). */
export type FtsRow = { kind: string; ref_id: string; title?: string | null; body: string; rank: number; meta?: Snippet["meta"] };

const KINDS: readonly SnippetKind[] = ["catalog", "pricing_rule", "past_deal"];

/** FTS rows → Snippets with a higher-is-better score (−bm25); unknown kinds dropped. */
export function snippetsFromRows(rows: readonly FtsRow[]): Snippet[] {
  return rows
    .filter((r) => (KINDS as readonly string[]).includes(r.kind))
    .map((r) => ({
      kind: r.kind as SnippetKind,
      id: r.ref_id,
      text: r.body,
      score: Number.isFinite(r.rank) ? -r.rank : 0,
      ...(r.meta ? { meta: r.meta } : {}),
    }));
}

export type RankOptions = {
  limit?: number;
  /** At least this many of each kind when available (diversity), before filling by score. */
  perKind?: number;
  /** SKUs of the lead: catalog snippets about them always come first. */
  skus?: readonly string[];
};

/**
 * Merges snippets from several searches (FTS5, Vectorize...) into one ranked list: de-duplicated by
 * kind+id keeping the best score, scores normalised per kind (best of a kind = 1), the lead's own SKUs
 * first, then a quota per kind so the draft sees catalog, policy and past deals, then by score.
 * Ties break on kind then id, so the result is deterministic.
 */
export function rankSnippets(lists: ReadonlyArray<readonly Snippet[]>, opts: RankOptions = {}): Snippet[] {
  const limit = opts.limit ?? 6;
  const perKind = opts.perKind ?? 1;
  const skus = new Set((opts.skus ?? []).map((s) => s.toUpperCase()));
  const best = new Map<string, Snippet>();
  for (const list of lists) {
    // Normalise within each list and kind: different searches have different score scales.
    const maxBy = new Map<SnippetKind, number>();
    const minBy = new Map<SnippetKind, number>();
    for (const s of list) {
      const v = s.score ?? 0;
      maxBy.set(s.kind, Math.max(maxBy.get(s.kind) ?? -Infinity, v));
      minBy.set(s.kind, Math.min(minBy.get(s.kind) ?? Infinity, v));
    }
    for (const s of list) {
      const hi = maxBy.get(s.kind) ?? 0;
      const lo = minBy.get(s.kind) ?? 0;
      const norm = hi === lo ? 1 : ((s.score ?? 0) - lo) / (hi - lo);
      const key = `${s.kind}:${s.id}`;
      const prev = best.get(key);
      if (!prev || (prev.score ?? 0) < norm) best.set(key, { ...s, score: norm });
    }
  }
  const all = [...best.values()].sort(
    (a, b) =>
      Number(skus.has(b.id.toUpperCase()) && b.kind === "catalog") - Number(skus.has(a.id.toUpperCase()) && a.kind === "catalog") ||
      (b.score ?? 0) - (a.score ?? 0) ||
      KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const picked: Snippet[] = [];
  const take = (s: Snippet) => {
    if (picked.length < limit && !picked.includes(s)) picked.push(s);
  };
  for (const s of all) if (s.kind === "catalog" && skus.has(s.id.toUpperCase())) take(s);
  for (const k of KINDS)
    all
      .filter((s) => s.kind === k)
      .slice(0, perKind)
      .forEach(take);
  for (const s of all) take(s);
  // Present in score order (own SKUs first), whatever order the quotas picked them in.
  return all.filter((s) => picked.includes(s));
}

// Snippet texts built the same way wherever they are indexed or shown (used by tests and Vectorize).

export function catalogSnippet(p: Readonly<Product>, tiers: readonly Readonly<PriceTier>[] = []): Snippet {
  const own = tiers.filter((t) => t.sku === p.sku).sort((a, b) => a.min_qty - b.min_qty);
  const tierText = own.length
    ? ` Volume pricing: ${own.map((t) => `${t.min_qty}+ at ${formatMoney(t.unit_price_minor, p.currency)}`).join(", ")}.`
    : "";
  const description = p.description.trim().replace(/([^.!?])$/, "$1.");
  return {
    kind: "catalog",
    id: p.sku,
    text: `${p.name} (${p.sku}): ${description} List price ${formatMoney(p.unit_price_minor, p.currency)} per ${p.unit}.${tierText}`,
    meta: { sku: p.sku },
  };
}

export function ruleSnippet(r: Readonly<DiscountRule>): Snippet {
  const seg = r.segment === "*" ? "all segments" : `${r.segment} segment`;
  const approval = r.approval_above_bps < r.max_discount_bps ? `, approval needed above ${formatBps(r.approval_above_bps)}` : "";
  return {
    kind: "pricing_rule",
    id: r.id,
    text: `Discount policy ${r.id} for ${seg}: deals from ${formatMoney(r.min_deal_usd_minor, "USD")} with a term of at least ${r.min_term_months} months, up to ${formatBps(r.max_discount_bps)}${approval}.`,
  };
}

export type PastDeal = {
  id: string;
  company: string;
  outcome: "won" | "lost";
  total_minor: number;
  currency: string;
  objections: string[];
  skus: string[];
  summary?: string;
};

export function pastDealSnippet(d: PastDeal): Snippet {
  return {
    kind: "past_deal",
    id: d.id,
    text: `${d.company} deal ${d.outcome} at ${formatMoney(d.total_minor, d.currency)} for ${d.skus.join(", ")}. Objections: ${d.objections.length ? d.objections.join(", ") : "none"}.${d.summary ? ` ${d.summary}` : ""}`,
    meta: { outcome: d.outcome, total_minor: d.total_minor, currency: d.currency, objections: d.objections },
  };
}
