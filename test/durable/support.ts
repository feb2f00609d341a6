import type { LeadRecord } from "../../src/leads/core/types";
import { env } from "cloudflare:workers";
import { call, postJson } from "../helpers";
import { catalog } from "../negotiation/core/catalog";

/** Shared by the negotiation service tests: seed the catalog through the real admin endpoints. */
export function putJson(path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return call(path, { method: "PUT", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

export async function seedCatalog(admin: Record<string, string>): Promise<void> {
  for (const p of catalog.products) {
    const res = await putJson(
      `/api/admin/pricing/products/${p.sku}`,
      {
        name: p.name,
        description: p.description,
        unit_price_minor: p.unit_price_minor,
        currency: p.currency,
        unit: p.unit,
        active: p.active,
      },
      admin,
    );
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
    {
      id: "pd-won-1",
      company: "Northwind Traders",
      segment: "mid",
      outcome: "won",
      skus: ["LL-PRO"],
      total_minor: 4_800_000,
      currency: "USD",
      discount_bps: 1000,
      term_months: 12,
      objections: ["price"],
      summary: "Won after a 10% annual discount on Ledgerline Pro reconciliation seats.",
      closed_at: "2026-06-01T00:00:00.000Z",
    },
    {
      id: "pd-lost-1",
      company: "Contoso Ltd",
      segment: "mid",
      outcome: "lost",
      skus: ["LL-STD"],
      total_minor: 2_400_000,
      currency: "USD",
      discount_bps: 0,
      term_months: 12,
      objections: ["competitor", "timing"],
      summary: "Lost to a competitor offering monthly billing.",
      closed_at: "2026-07-01T00:00:00.000Z",
    },
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

/** A qualified lead as ingestion hands it to openLead (the contract), with overrides. */
export function leadRecord(over: Partial<LeadRecord> = {}): LeadRecord {
  const id = over.id ?? `lead_t${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
  return {
    id,
    source: "email",
    company: "Acme Corp",
    contact_email: "buyer@acme.example",
    contact_name: "Jane Buyer",
    employees: 400,
    budget: { amount_minor: 5_000_000, currency: "USD", usd: 5_000_000 },
    timeline_weeks: 6,
    intent: "purchase",
    products: ["LL-PRO"],
    injection_attempt: false,
    injection_evidence: [],
    score: 6.5,
    score_breakdown: { size: 8, budget: 2, urgency: 5, score: 6.5 },
    qualified: true,
    stage: "qualified",
    stage_reason: null,
    received_at: new Date().toISOString(),
    reference_date: new Date().toISOString(),
    ...over,
  };
}

/** Opens a lead in its DO the way ingestion does (getByName(lead.id).openLead). */
export async function openLead(over: Partial<LeadRecord> = {}): Promise<LeadRecord> {
  const lead = leadRecord(over);
  await env.LEAD_NEGOTIATION.getByName(lead.id).openLead(lead);
  return lead;
}

type QuoteView = {
  total_minor: number;
  subtotal_minor: number;
  discount_minor: number;
  currency: string;
  discount_bps: number;
  verdict: string;
  max_discount_bps: number;
};
export type Negotiation = {
  lead_id: string;
  stage: string;
  mode: string;
  quote: QuoteView | null;
  drafts: Array<{
    id: string;
    kind: string;
    status: string;
    author: string;
    body: string;
    quote: QuoteView;
    used_snippets: Array<{ kind: string; id: string }>;
  }>;
  history: Array<{ seq: number; actor: string; kind: string; detail: string; data_json: string | null }>;
  escalations: Array<{ id: string; reasons: Array<{ code: string }> }>;
  timers: Array<{ kind: string; due_at: string; ref: string | null }>;
};

export async function negotiationOf(leadId: string, headers: Record<string, string>): Promise<Negotiation> {
  const res = await call(`/api/leads/${leadId}/negotiation`, { headers });
  if (res.status !== 200) throw new Error(`negotiation ${leadId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { negotiation: Negotiation }).negotiation;
}
