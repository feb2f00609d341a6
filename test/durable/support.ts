import { env } from "cloudflare:workers";
import { call, postJson } from "../helpers";
import { catalog } from "../negotiation/catalog";

/** Shared by the negotiation service tests: seed the catalog through the real admin endpoints. */
export function putJson(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return call(path, { method: "PUT", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

export async function seedCatalog(admin: Record<string, string>): Promise<void> {
  for (const p of catalog.products) {
    const res = await putJson(`/api/admin/pricing/products/${p.sku}`, { name: p.name, description: p.description, unit_price_minor: p.unit_price_minor, currency: p.currency, unit: p.unit, active: p.active }, admin);
    if (res.status !== 200) throw new Error(`seed product ${p.sku}: ${res.status} ${await res.text()}`);
  }
  const skus = [...new Set(catalog.tiers.map((t) => t.sku))];
  for (const sku of skus) {
    const tiers = catalog.tiers.filter((t) => t.sku === sku).map((t) => ({ min_qty: t.min_qty, unit_price_minor: t.unit_price_minor }));
    const res = await putJson(`/api/admin/pricing/products/${sku}/tiers`, { tiers }, admin);
    if (res.status !== 200) throw new Error(`seed tiers ${sku}: ${res.status} ${await res.text()}`);
  }
  for (const r of catalog.rules) {
    const { id, ...rest } = r;
    const res = await putJson(`/api/admin/pricing/discount-rules/${id}`, rest, admin);
    if (res.status !== 200) throw new Error(`seed rule ${id}: ${res.status} ${await res.text()}`);
  }
  const past = [
    { id: "pd-won-1", company: "Northwind Traders", segment: "mid", outcome: "won", skus: ["LL-PRO"], total_minor: 4_800_000, currency: "USD", discount_bps: 1000, term_months: 12, objections: ["price"], summary: "Won after a 10% annual discount on Ledgerline Pro reconciliation seats.", closed_at: "2026-06-01T00:00:00.000Z" },
    { id: "pd-lost-1", company: "Contoso Ltd", segment: "mid", outcome: "lost", skus: ["LL-STD"], total_minor: 2_400_000, currency: "USD", discount_bps: 0, term_months: 12, objections: ["competitor", "timing"], summary: "Lost to a competitor offering monthly billing.", closed_at: "2026-07-01T00:00:00.000Z" },
  ];
  for (const d of past) {
    const res = await postJson("/api/admin/pricing/past-deals", d, admin);
    if (res.status !== 201) throw new Error(`seed past deal: ${res.status} ${await res.text()}`);
  }
}

/** The pricing tables, byte for byte, to prove nothing but the admin endpoints wrote them. */
export async function pricingTablesDump(): Promise<string> {
  const [p, t, r] = await env.DB.batch([
    env.DB.prepare("SELECT * FROM products ORDER BY sku"),
    env.DB.prepare("SELECT * FROM price_tiers ORDER BY sku, min_qty"),
    env.DB.prepare("SELECT * FROM discount_rules ORDER BY id"),
  ]);
  return JSON.stringify([p.results, t.results, r.results]);
}
