import type { Field } from "../types";

export type CatalogEntry = { sku: string; name: string };

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Catalog products named in the text (by name or SKU, whole words, case-insensitive), in catalog order. */
export function extractProducts(body: string, catalog: CatalogEntry[]): Field<string[]> {
  const skus: string[] = [];
  const evidence: string[] = [];
  for (const p of catalog) {
    const names = [p.name, p.sku].filter((n) => n && n.trim().length >= 3);
    for (const n of names) {
      const m = new RegExp(`(?<![\\w-])${escape(n.trim()).replace(/\s+/g, "\\s+")}(?![\\w-])`, "i").exec(body);
      if (m) {
        skus.push(p.sku);
        evidence.push(m[0]);
        break;
      }
    }
  }
  return { value: skus, evidence: evidence[0] ?? null, confidence: skus.length ? 0.8 : 0.5 };
}
