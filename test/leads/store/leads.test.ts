import { env } from "cloudflare:workers";
import { getDb } from "../../../src/db/client";
import { products } from "../../../src/db/schema";
import { describe, expect, it } from "vitest";
import {
  findLeadByInput,
  getLead,
  insertLead,
  leadIdByExternalKey,
  listLeads,
  markRouted,
  pendingHandOffs,
  readIngestContext,
  type LeadRow,
} from "../../../src/leads/store/leads";

let n = 0;
const uid = (p: string) => `${p}-${Date.now()}-${n++}`;

function lead(over: Partial<LeadRow> = {}): LeadRow {
  const id = uid("lead_store");
  return {
    id,
    source: "crm_salesforce",
    externalId: `salesforce:${id}`,
    contentSha256: uid("sha"),
    company: "Store Co",
    contactEmail: "buyer@store.example",
    contactName: "Sam Store",
    employees: 40,
    budgetAmountMinor: 5_000_000,
    budgetCurrency: "EUR",
    budgetUsdMinor: 5_400_000,
    timelineWeeks: 6,
    intent: "purchase",
    productsJson: '["SKU-1"]',
    injectionAttempt: false,
    injectionEvidenceJson: "[]",
    score: 6.5,
    scoreBreakdownJson: JSON.stringify({ size: 5, budget: 2, urgency: 5.2, score: 6.5 }),
    qualified: true,
    stage: "qualified",
    stageReason: "score over threshold",
    fieldsJson: "{}",
    routingStatus: "pending",
    routedAt: null,
    referenceDate: "2026-04-01T00:00:00.000Z",
    receivedAt: new Date().toISOString(),
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...over,
  };
}

describe("leads store", () => {
  it("inserts a lead once: a copy with the same bytes or the same external key loses, and the winner is found", async () => {
    const row = lead();
    expect(await insertLead(env, row)).toBe(true);
    expect(await insertLead(env, { ...row, id: uid("lead_copy") })).toBe(false);
    expect(await insertLead(env, { ...lead(), externalId: row.externalId })).toBe(false);
    expect((await findLeadByInput(env, row.contentSha256, null))?.id).toBe(row.id);
    expect((await findLeadByInput(env, "other", row.externalId))?.id).toBe(row.id);
    expect(await leadIdByExternalKey(env, row.externalId ?? "")).toBe(row.id);
  });

  it("reads a stored lead back as the API shows it, booleans and JSON columns decoded", async () => {
    const row = lead();
    await insertLead(env, row);
    expect(await getLead(env, row.id)).toMatchObject({
      id: row.id,
      contact_email: "buyer@store.example",
      budget: { amount_minor: 5_000_000, currency: "EUR", usd: 5_400_000 },
      products: ["SKU-1"],
      injection_attempt: false,
      qualified: true,
      score_breakdown: { score: 6.5 },
      fields: {},
    });
    expect(await getLead(env, uid("lead_none"))).toBeNull();
  });

  it("reads the duplicate, the active catalog and the fx rates in one round trip", async () => {
    const row = lead();
    await insertLead(env, row);
    const db = getDb(env.DB);
    const active = uid("SKU-ACTIVE");
    const retired = uid("SKU-RETIRED");
    await db.insert(products).values([
      { sku: active, name: "Active product", unitPriceMinor: 100, currency: "EUR" },
      { sku: retired, name: "Retired product", unitPriceMinor: 100, currency: "EUR", active: false },
    ]);
    const ctx = await readIngestContext(env, row.contentSha256, null);
    expect(ctx.existing?.id).toBe(row.id);
    expect(ctx.rates.EUR).toBeGreaterThan(0);
    expect(ctx.catalog).toContainEqual({ sku: active, name: "Active product" });
    expect(ctx.catalog.map((p) => p.sku)).not.toContain(retired);
    expect([...ctx.catalog].sort((a, b) => a.sku.localeCompare(b.sku))).toEqual(ctx.catalog);
    expect((await readIngestContext(env, uid("sha"), uid("key"))).existing).toBeNull();
  });

  it("marks only a pending hand-off routed, and sweeps pending ones older than the cut-off", async () => {
    const old = lead({ updatedAt: "2026-01-01T00:00:00.000Z" });
    await insertLead(env, old);
    expect((await pendingHandOffs(env, "2026-01-02T00:00:00.000Z", 1000)).map((r) => r.id)).toContain(old.id);
    expect((await pendingHandOffs(env, "2025-12-31T00:00:00.000Z", 1000)).map((r) => r.id)).not.toContain(old.id);
    await markRouted(env, old.id);
    const routed = await env.DB.prepare("SELECT routing_status, routed_at FROM leads WHERE id = ?")
      .bind(old.id)
      .first<{ routing_status: string; routed_at: string | null }>();
    expect(routed?.routing_status).toBe("routed");
    expect(routed?.routed_at).not.toBeNull();
    const none = lead({ routingStatus: "none", qualified: false });
    await insertLead(env, none);
    await markRouted(env, none.id);
    expect((await env.DB.prepare("SELECT routing_status FROM leads WHERE id = ?").bind(none.id).first())?.routing_status).toBe("none");
  });

  it("pages newest first with a keyset cursor and filters by stage and minimum score", async () => {
    const stage = uid("stage");
    const rows = [0, 1, 2].map((i) => lead({ stage, score: i, receivedAt: `2026-06-0${i + 1}T00:00:00.000Z` }));
    for (const r of rows) await insertLead(env, r);
    const first = await listLeads(env, { stage, limit: 2 });
    expect(first.leads.map((l) => l.id)).toEqual([rows[2].id, rows[1].id]);
    const rest = await listLeads(env, { stage, limit: 2, after: first.next ?? undefined });
    expect(rest).toEqual({ leads: [expect.objectContaining({ id: rows[0].id })], next: null });
    expect((await listLeads(env, { stage, minScore: 1, limit: 10 })).leads.map((l) => l.id)).toEqual([rows[2].id, rows[1].id]);
  });
});
