import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { apiKey, call, settledJob } from "../helpers";
import { fixtures } from "../fixtures/recon-service";

const base = "/api/finance";
type Json = Record<string, unknown>;
type Item = Json & { candidates: { invoice_id: string; open_amount: string; score: number; reasons: string[] }[] };
let n = 0;
const uid = () => `${Date.now() % 1_000_000_000}${n++}`;

async function post(path: string, body: string, contentType: string, headers: Record<string, string>): Promise<Json> {
  const res = await call(`${base}${path}`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
  expect(res.status).toBe(202);
  return settledJob(((await res.json()) as Json).job_id as string, headers);
}

describe("finance API: the review workbench", () => {
  it("lists a review item with the payment's facts and ranked candidates, and confirms one in one call", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const tag = uid();
    const tax = `DE${tag.slice(-9).padStart(9, "7")}`;
    const name = `Workbench ${tag} GmbH`;
    // Two open invoices of one customer with the same amount, due the same day: a payment without a
    // reference fits both equally, so a person must choose.
    const a = `WB-${tag}-1`;
    const b = `WB-${tag}-2`;
    const invoices = [
      "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date",
      `${a},${tax},${name},,1250.00,EUR,2026-03-01,2026-03-31`,
      `${b},${tax},${name},,1250.00,EUR,2026-03-01,2026-03-31`,
    ].join("\n");
    expect(await post("/invoices", invoices, "text/csv", w)).toMatchObject({ status: "done" });
    const wire = `WBW${tag}`;
    const wires = [
      "wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info",
      `${wire},${tax},${name},1250.00,EUR,2026-03-30,thanks for the goods`,
    ].join("\n");
    expect(await post("/bank-statements", wires, "text/csv", w)).toMatchObject({ status: "done" });

    const list = (await (await call(`${base}/discrepancies?kind=AMBIGUOUS&limit=1000`, { headers: w })).json()) as { items: Item[] };
    const item = list.items.find((i) => i.wire_id === wire);
    expect(item).toMatchObject({
      amount: "1250.00",
      amount_minor: 125_000,
      currency: "EUR",
      booking_date: "2026-03-30",
      payer_name: name,
      remittance: "thanks for the goods",
    });
    const ids = item?.candidates.map((c) => c.invoice_id) ?? [];
    expect(ids.slice(0, 2).sort()).toEqual([a, b].sort());
    expect(item?.candidates[0]).toMatchObject({ open_amount: "1250.00" });
    expect(item?.candidates[0].reasons).toContain("amount equals the open amount");
    expect(item?.candidates[0].score).toBeGreaterThan(0.4);

    // One click: the entry's open link, matched to the top candidate.
    const link = await env.DB.prepare("SELECT id FROM recon_links WHERE entry_key = ? AND status IN ('UNMATCHED','REVIEW') LIMIT 1")
      .bind(item?.entry_key)
      .first<{ id: string }>();
    const res = await call(`${base}/reconciliations/${link?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "confirmed the top candidate", invoice_id: ids[0] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "MANUAL", invoice: { invoice_id: ids[0], status: "PAID", paid_amount: "1250.00" } });

    // The other candidate is still open.
    const other = await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?").bind(ids[1]).first();
    expect(other).toMatchObject({ status: "UNPAID", paid_minor: 0 });
  });

  it("gives items without a payment null payment facts and no candidates", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const off = fixtures.mt940Usd.replace(":62F:C260213USD12278,39", ":62F:C260213USD12378,39").replace(/UH5TYTS2R2XPXB9/g, "WBMISMATCH");
    await post("/bank-statements", off, "text/x-mt940", w);
    const list = (await (await call(`${base}/discrepancies?kind=BALANCE_MISMATCH&limit=1000`, { headers: w })).json()) as { items: Item[] };
    expect(list.items.length).toBeGreaterThan(0);
    for (const i of list.items) expect(i).toMatchObject({ amount: null, currency: null, payer_name: null, candidates: [] });
  });
});
