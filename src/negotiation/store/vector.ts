import { getConfig } from "../../config";
import { runAi } from "../../platform/ai";
import { log } from "../../platform/log";
import type { SnippetKind } from "../core/types";

/**
 * Optional semantic retrieval: Vectorize + Workers AI embeddings, used only when BOTH are available
 * (a `KNOWLEDGE_INDEX` Vectorize binding and AI_MODE=on). Not bound in wrangler.toml by default;
 * to enable it, create a 768-dimension cosine index and add
 *   [[vectorize]]
 *   binding = "KNOWLEDGE_INDEX"
 *   index_name = "l2c-knowledge"
 * Vector ids are `kind:ref_id`; the text stays in D1 (the snippet is rendered from the source row).
 * Every failure is logged and gives "no vector hits": FTS5 stays the primary source.
 */
export const EMBEDDING_MODEL = "@cf/baai/bge-base-en-v1.5";
type KnowledgeIndex = Pick<Vectorize, "query" | "upsert">;
export type VectorHit = { kind: SnippetKind; ref_id: string; score: number };
const KINDS: readonly string[] = ["catalog", "pricing_rule", "past_deal"];

export function knowledgeIndex(env: Env): KnowledgeIndex | null {
  const index = (env as unknown as { KNOWLEDGE_INDEX?: KnowledgeIndex }).KNOWLEDGE_INDEX;
  if (!index || getConfig(env).AI_MODE !== "on" || !env.AI) return null;
  return index;
}

async function embed(env: Env, texts: string[]): Promise<number[][] | null> {
  const answer = await runAi(env, { text: texts }, { model: EMBEDDING_MODEL });
  const data = (answer as { data?: unknown } | null)?.data;
  if (
    !Array.isArray(data) ||
    data.length !== texts.length ||
    !data.every((v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number"))
  )
    return null;
  return data as number[][];
}

export async function vectorSearch(env: Env, text: string, topK = 8): Promise<VectorHit[]> {
  const index = knowledgeIndex(env);
  if (!index || !text.trim()) return [];
  try {
    const [vector] = (await embed(env, [text.slice(0, 2000)])) ?? [];
    if (!vector) return [];
    const { matches } = await index.query(vector, { topK, returnMetadata: "none" });
    return matches.flatMap((m) => {
      const at = m.id.indexOf(":");
      const kind = m.id.slice(0, at);
      return at > 0 && KINDS.includes(kind) ? [{ kind: kind as SnippetKind, ref_id: m.id.slice(at + 1), score: m.score }] : [];
    });
  } catch (err) {
    log(
      { event: "negotiation.vector_search_failed", error: err instanceof Error ? err.message : String(err), outcome: "fts_only" },
      "warn",
    );
    return [];
  }
}

/** Upserts the embeddings of knowledge entries (called after admin writes and closed deals). */
export async function indexKnowledge(env: Env, items: Array<{ kind: SnippetKind; id: string; text: string }>): Promise<number> {
  const index = knowledgeIndex(env);
  if (!index || items.length === 0) return 0;
  try {
    const vectors = await embed(
      env,
      items.map((i) => i.text.slice(0, 2000)),
    );
    if (!vectors) return 0;
    await index.upsert(items.map((i, n) => ({ id: `${i.kind}:${i.id}`, values: vectors[n], metadata: { kind: i.kind } })));
    return items.length;
  } catch (err) {
    log({ event: "negotiation.vector_index_failed", error: err instanceof Error ? err.message : String(err), outcome: "skipped" }, "warn");
    return 0;
  }
}
