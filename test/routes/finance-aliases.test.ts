import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { apiKey, call, expectProblem, settledJob } from "../helpers";

const base = "/api/finance";
type Json = Record<string, unknown>;
let n = 0;
const uid = () => `${Date.now() % 1_000_000_000}${n++}`;

async function post(path: string, body: string, headers: Record<string, string>): Promise<Json> {
  const res = await call(`${base}${path}`, { method: "POST", headers: { "content-type": "text/csv", ...headers }, body });
  expect(res.status).toBe(202);
  return settledJob(((await res.json()) as Json).job_id as string, headers);
}

const WIRES = "wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info";
const linkOf = (wire: string) =>
  env.DB.prepare("SELECT id, invoice_id, status, reasons_json FROM recon_links WHERE wire_id = ? ORDER BY created_at DESC LIMIT 1")
    .bind(wire)
    .first<{ id: string; invoice_id: string | null; status: string; reasons_json: string }>();
const invoice = (id: string) =>
  env.DB.prepare("SELECT status, paid_minor, status_reason FROM invoices WHERE id = ?")
    .bind(id)
    .first<{ status: string; paid_minor: number; status_reason: string | null }>();

describe("finance API: payer aliases learned from manual matches", () => {
  it("a manual match teaches payer → customer; the payer's next payment links by it with the reason; a revoked alias no longer applies", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const tag = uid();
    const tax = `DE${tag.slice(-9).padStart(9, "3")}`;
    const customer = `Aurelia Kunststoff ${tag} GmbH`;
    const payer = `Nordlicht Forderungsmanagement ${tag} AG`;
    const [a, b, c] = [1, 2, 3].map((k) => `AL-${tag}-${k}`);
    const invoices = [
      "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date",
      `${a},${tax},${customer},,1000.00,EUR,2026-04-01,2026-04-30`,
      `${b},${tax},${customer},,730.00,EUR,2026-05-01,2026-05-31`,
      `${c},${tax},${customer},,510.00,EUR,2026-06-01,2026-06-30`,
    ].join("\n");
    expect(await post("/invoices", invoices, w)).toMatchObject({ status: "done" });

    // 1. A collection company pays without a reference and without naming the customer: nothing links.
    const w1 = `ALW1${tag}`;
    expect(await post("/bank-statements", `${WIRES}\n${w1},,${payer},1000.00,EUR,2026-04-29,payment received`, w)).toMatchObject({
      status: "done",
    });
    const first = await linkOf(w1);
    expect(first).toMatchObject({ status: "UNMATCHED", invoice_id: null });
    expect(await invoice(a)).toMatchObject({ status: "UNPAID" });

    // 2. A person matches it to the customer's invoice: the alias is learned.
    const res = await call(`${base}/reconciliations/${first?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "Nordlicht collects for Aurelia", invoice_id: a }),
    });
    expect(res.status).toBe(200);
    const listed = (await (await call(`${base}/payer-aliases?limit=1000`, { headers: w })).json()) as { items: Json[] };
    const alias = listed.items.find((i) => i.payer_name === payer);
    expect(alias).toMatchObject({ customer_name: customer, customer_tax_id: tax, status: "LIVE", learned_from: { invoice_id: a } });
    expect(alias?.reason).toMatch(/^payer alias learned from a manual match \(by .+, at \d{4}-\d{2}-\d{2}T/);

    // 3. The payer's next payment (no reference, no tax id, another name) resolves to the customer.
    const w2 = `ALW2${tag}`;
    await post("/bank-statements", `${WIRES}\n${w2},,${payer},730.00,EUR,2026-05-30,payment received`, w);
    const second = await linkOf(w2);
    expect(second).toMatchObject({ status: "VERIFIED", invoice_id: b });
    expect(JSON.parse(second?.reasons_json ?? "[]")).toContain("PAYER_ALIAS");
    const paid = await invoice(b);
    expect(paid).toMatchObject({ status: "PAID", paid_minor: 73_000 });
    expect(paid?.status_reason).toContain(String(alias?.reason));

    // 4. Revoked (audited once, idempotent): the payer's next payment links to nothing.
    const del = () => call(`${base}/payer-aliases/${alias?.id}`, { method: "DELETE", headers: w });
    const r1 = await del();
    expect(r1.status).toBe(200);
    expect(await r1.json()).toMatchObject({ id: alias?.id, status: "REVOKED" });
    const r2 = await del();
    expect(r2.status).toBe(200);
    expect(await r2.json()).toMatchObject({ status: "REVOKED" });
    const audits = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'recon.alias_revoke' AND entity_id = ?")
      .bind(alias?.id)
      .first<{ n: number }>();
    expect(audits?.n).toBe(1);
    const live = (await (await call(`${base}/payer-aliases?limit=1000`, { headers: w })).json()) as { items: Json[] };
    expect(live.items.some((i) => i.id === alias?.id)).toBe(false);

    const w3 = `ALW3${tag}`;
    await post("/bank-statements", `${WIRES}\n${w3},,${payer},510.00,EUR,2026-06-29,payment received`, w);
    expect(await linkOf(w3)).toMatchObject({ status: "UNMATCHED", invoice_id: null });
    expect(await invoice(c)).toMatchObject({ status: "UNPAID" });
  });

  it("learns nothing when the payer is the customer, and refuses to revoke without finance:write or an unknown alias", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const r = await apiKey("finance:read");
    const tag = uid();
    const name = `Selfpay ${tag} GmbH`;
    const inv = `SP-${tag}`;
    await post(
      "/invoices",
      `invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date\n${inv},,${name},,200.00,EUR,2026-04-01,2026-04-30`,
      w,
    );
    await post("/bank-statements", `${WIRES}\nSPW${tag},,${name},120.00,EUR,2026-02-01,a gift`, w);
    const link = await linkOf(`SPW${tag}`);
    const res = await call(`${base}/reconciliations/${link?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "it is theirs", invoice_id: inv }),
    });
    expect(res.status).toBe(200);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM payer_aliases WHERE invoice_id = ?").bind(inv).first<{ n: number }>();
    expect(n?.n).toBe(0);
    await expectProblem(await call(`${base}/payer-aliases/pal_nope`, { method: "DELETE", headers: w }), 404);
    await expectProblem(await call(`${base}/payer-aliases/pal_nope`, { method: "DELETE", headers: r }), 403);
  });
});
