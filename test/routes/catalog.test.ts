import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, expectProblem } from "../helpers";
import { putJson, seedCatalog } from "../durable/support";

let admin: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  admin = await apiKey("admin:pricing");
  reader = await apiKey("leads:read");
  await seedCatalog(admin);
});

describe("GET /api/catalog", () => {
  it("lists active products with their volume tiers to a leads:read key", async () => {
    const res = await call("/api/catalog", { headers: reader });
    expect(res.status).toBe(200);
    const { products } = (await res.json()) as {
      products: Array<{ sku: string; active: boolean; tiers: Array<{ min_qty: number; unit_price_minor: number }> }>;
    };
    expect(products.map((p) => p.sku)).not.toContain("LL-OLD");
    expect(products.find((p) => p.sku === "LL-PRO")?.tiers).toEqual([
      { min_qty: 50, unit_price_minor: 11_000 },
      { min_qty: 200, unit_price_minor: 10_000 },
    ]);
    const all = (await (await call("/api/catalog?include_inactive=true", { headers: reader })).json()) as {
      products: Array<{ sku: string }>;
    };
    expect(all.products.map((p) => p.sku)).toContain("LL-OLD");
  });

  it("refuses a request without a key (401) and a key without the scope (403)", async () => {
    await expectProblem(await call("/api/catalog"), 401);
    await expectProblem(await call("/api/catalog", { headers: await apiKey("finance:read") }), 403);
  });
});

describe("admin pricing endpoints", () => {
  it("only admin:pricing may write: a sales key gets 403 and nothing changes", async () => {
    const sales = await apiKey("sales:write", "leads:read");
    await expectProblem(
      await putJson("/api/admin/pricing/products/LL-PRO", { name: "Free", unit_price_minor: 1, currency: "USD" }, sales),
      403,
    );
    const row = await env.DB.prepare("SELECT unit_price_minor FROM products WHERE sku = 'LL-PRO'").first<{ unit_price_minor: number }>();
    expect(row?.unit_price_minor).toBe(12_000);
    await expectProblem(
      await putJson(
        "/api/admin/pricing/discount-rules/evil",
        { segment: "*", max_discount_bps: 10_000, approval_above_bps: 10_000 },
        sales,
      ),
      403,
    );
    expect(await env.DB.prepare("SELECT id FROM discount_rules WHERE id = 'evil'").first()).toBeNull();
  });

  it("upserts a product, keeps stock it was not given, and audits the change with the actor", async () => {
    await putJson(
      "/api/admin/pricing/products/HW-1",
      { name: "Scanner", unit_price_minor: 25_000, currency: "EUR", unit: "device", stock: 7 },
      admin,
    );
    const res = await putJson(
      "/api/admin/pricing/products/HW-1",
      { name: "Scanner v2", unit_price_minor: 26_000, currency: "EUR", unit: "device" },
      admin,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { product: { name: string; stock: number; unit_price_minor: number }; created: boolean };
    expect(body).toMatchObject({ created: false, product: { name: "Scanner v2", stock: 7, unit_price_minor: 26_000 } });
    const audits = await env.DB.prepare(
      "SELECT action, actor FROM audit_log WHERE entity = 'product' AND entity_id = 'HW-1' ORDER BY at",
    ).all<{ action: string; actor: string }>();
    expect(audits.results.map((a) => a.action)).toEqual(["product.create", "product.update"]);
    expect(audits.results.every((a) => a.actor.startsWith("key:"))).toBe(true);
  });

  it("keeps the retrieval index in sync with product, rule and past-deal writes", async () => {
    await putJson(
      "/api/admin/pricing/products/HW-2",
      { name: "Thermal printer", description: "Prints zebra labels", unit_price_minor: 9_900, currency: "USD" },
      admin,
    );
    const hit = await env.DB.prepare("SELECT ref_id FROM knowledge_fts WHERE knowledge_fts MATCH 'zebra'").all<{ ref_id: string }>();
    expect(hit.results.map((r) => r.ref_id)).toEqual(["HW-2"]);
    await putJson(
      "/api/admin/pricing/products/HW-2",
      { name: "Thermal printer", description: "Prints barcode labels", unit_price_minor: 9_900, currency: "USD" },
      admin,
    );
    expect((await env.DB.prepare("SELECT ref_id FROM knowledge_fts WHERE knowledge_fts MATCH 'zebra'").all()).results).toHaveLength(0);
    const lost = await env.DB.prepare(
      "SELECT ref_id FROM knowledge_fts WHERE kind = 'past_deal' AND knowledge_fts MATCH 'competitor'",
    ).all<{ ref_id: string }>();
    expect(lost.results.map((r) => r.ref_id)).toContain("pd-lost-1");
    await call("/api/admin/pricing/discount-rules/base-all", { method: "DELETE", headers: admin });
    expect(await env.DB.prepare("SELECT ref_id FROM knowledge_fts WHERE kind = 'pricing_rule' AND ref_id = 'base-all'").first()).toBeNull();
  });

  it("rejects invalid input with 422 and writes nothing", async () => {
    const bad = [
      ["/api/admin/pricing/products/X-1", { name: "X", unit_price_minor: 10.5, currency: "USD" }],
      ["/api/admin/pricing/products/X-1", { name: "X", unit_price_minor: 100, currency: "XXX" }],
      ["/api/admin/pricing/products/X-1", { name: "X", unit_price_minor: 100, currency: "USD", price: 1 }],
      ["/api/admin/pricing/discount-rules/r-1", { segment: "mid", max_discount_bps: 1000, approval_above_bps: 2000 }],
      ["/api/admin/pricing/discount-rules/r-1", { segment: "galaxy", max_discount_bps: 1000, approval_above_bps: 500 }],
      ["/api/admin/pricing/products/LL-PRO/tiers", { tiers: [{ min_qty: 10, unit_price_minor: 20_000 }] }],
      [
        "/api/admin/pricing/products/LL-PRO/tiers",
        {
          tiers: [
            { min_qty: 10, unit_price_minor: 100 },
            { min_qty: 10, unit_price_minor: 90 },
          ],
        },
      ],
    ] as const;
    for (const [path, body] of bad) await expectProblem(await putJson(path, body, admin), 422);
    expect(await env.DB.prepare("SELECT sku FROM products WHERE sku = 'X-1'").first()).toBeNull();
    expect(await env.DB.prepare("SELECT id FROM discount_rules WHERE id = 'r-1'").first()).toBeNull();
    const tiers = await env.DB.prepare("SELECT count(*) AS n FROM price_tiers WHERE sku = 'LL-PRO'").first<{ n: number }>();
    expect(tiers?.n).toBe(2);
  });

  it("retires a product softly, and answers 404 for unknown products and rules", async () => {
    const res = await call("/api/admin/pricing/products/LL-ODD", { method: "DELETE", headers: admin });
    expect(((await res.json()) as { product: { active: boolean } }).product.active).toBe(false);
    await expectProblem(await call("/api/admin/pricing/products/NOPE", { method: "DELETE", headers: admin }), 404);
    await expectProblem(await putJson("/api/admin/pricing/products/NOPE/tiers", { tiers: [] }, admin), 404);
    await expectProblem(await call("/api/admin/pricing/discount-rules/nope", { method: "DELETE", headers: admin }), 404);
  });

  it("appears in the OpenAPI document", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/catalog", "/api/admin/pricing/products/{sku}", "/api/admin/pricing/discount-rules/{id}"]),
    );
  });
});
