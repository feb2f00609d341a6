import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call, expectProblem, postJson, waitFor } from "../helpers";
import { importInvoices, uid } from "../recon/support";
import { standardHeaders } from "../fixtures/webhooks/sign";
import { count } from "./support";

const route = "/api/crm/webhook-router";

async function unpaidInvoice(amountMinor: number): Promise<string> {
  const id = uid("INV-SEC");
  await importInvoices([
    {
      invoice_id: id,
      customer_tax_id: `TAX-${id}`,
      customer_name: "Probe Target Inc",
      po_number: null,
      amount_minor: amountMinor,
      currency: "USD",
      issue_date: "2026-11-01",
      due_date: "2026-12-01",
    },
  ]);
  return id;
}

const invoiceState = async (id: string) => ({
  status: (await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(id).first<{ status: string }>())?.status,
  links: await count("SELECT count(*) AS n FROM recon_links WHERE invoice_id = ?", id),
  stock: await count("SELECT count(*) AS n FROM stock_moves WHERE invoice_id = ?", id),
});

describe("nothing unauthenticated changes data (issue 17, finding 1)", () => {
  it("answers an unauthenticated invoice_paid with the reference body and changes nothing", async () => {
    const invoice = await unpaidInvoice(4_999);
    const res = await postJson(route, { event_type: "invoice_paid", payload: { id: invoice, value: 49.99 } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ event_id: invoice, assigned_agent: "Billing_Reconciliation_Agent", status: "PROCESSED" });
    expect(Object.keys(body).sort()).toEqual(["assigned_agent", "event_id", "route", "routing_latency_ms", "status"]);
    expect(res.headers.get("x-l2c-effects")).toBe("none");
    // Nothing recorded, so nothing dispatched: no event row, no claim, no payment.
    expect(await count("SELECT count(*) AS n FROM events WHERE subject_id = ?", invoice)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM payment_claims WHERE subject_id = ?", invoice)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM payment_events WHERE subject_id = ?", invoice)).toBe(0);
    expect(await invoiceState(invoice)).toEqual({ status: "UNPAID", links: 0, stock: 0 });
  });

  it("makes no lead and moves no deal for unauthenticated lead_create and deal_update", async () => {
    const id = uid("L-SEC");
    for (const event_type of ["lead_create", "deal_update"]) {
      const res = await postJson(route, { event_type, payload: { id, value: 50_000, email: "mallory@evil.example" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-l2c-effects")).toBe("none");
    }
    expect(await count("SELECT count(*) AS n FROM events WHERE subject_id = ?", id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM leads WHERE external_id = ?", `seed:${id}`)).toBe(0);
    expect(await env.LEAD_NEGOTIATION.getByName(`seed:${id}`).listCrmEvents()).toHaveLength(0);
  });

  it("refuses a key that is unknown (401) or lacks webhooks:write (403), instead of quietly dropping effects", async () => {
    const body = { event_type: "lead_create", payload: { id: uid("L-KEY") } };
    await expectProblem(await postJson(route, body, { authorization: "Bearer l2c_not-a-real-key" }), 401);
    await expectProblem(await postJson(route, body, await apiKey("leads:read")), 403);
  });

  it("records an authenticated CRM invoice_paid as a payment claim only: the invoice stays unpaid", async () => {
    const invoice = await unpaidInvoice(12_500);
    const res = await postJson(route, { event_type: "invoice_paid", payload: { id: invoice, value: 125 } }, await apiKey("webhooks:write"));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-l2c-effects")).toBe("recorded");
    const claim = await waitFor(() =>
      env.DB.prepare("SELECT source, invoice_ref, amount_minor, currency, status FROM payment_claims WHERE subject_id = ?")
        .bind(invoice)
        .first(),
    );
    expect(claim).toEqual({ source: "seed", invoice_ref: invoice, amount_minor: 12_500, currency: "USD", status: "open" });
    expect(await invoiceState(invoice)).toEqual({ status: "UNPAID", links: 0, stock: 0 });
    expect(await count("SELECT count(*) AS n FROM bank_entries WHERE natural_key = ?", `seed|${invoice}`)).toBe(0);

    // Finance sees it.
    const list = await call("/api/crm/payment-claims", { headers: await apiKey("finance:read") });
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: Array<{ subject_id: string; status: string }> };
    expect(items.find((i) => i.subject_id === invoice)).toMatchObject({ status: "open" });
    await expectProblem(await call("/api/crm/payment-claims"), 401);
  });

  it("treats a signed Standard Webhooks invoice.paid as a claim too: a CRM relays, it does not move money", async () => {
    const invoice = await unpaidInvoice(99_000);
    const id = `msg_claim_${uid("g")}`;
    const body = JSON.stringify({
      type: "invoice.paid",
      data: { id: uid("crm-inv"), amount_minor: 99_000, currency: "USD", invoice_number: invoice },
    });
    const res = await call("/webhooks/generic", {
      method: "POST",
      headers: await standardHeaders([env.STANDARD_WEBHOOK_SECRET], id, body),
      body,
    });
    expect(res.status).toBe(200);
    const claim = await waitFor(() =>
      env.DB.prepare("SELECT source, invoice_ref FROM payment_claims WHERE event_id = ?").bind(`generic:${id}`).first(),
    );
    expect(claim).toEqual({ source: "generic", invoice_ref: invoice });
    expect(await invoiceState(invoice)).toEqual({ status: "UNPAID", links: 0, stock: 0 });
  });
});
