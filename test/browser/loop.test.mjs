// Lead to cash in a real browser: one lead from its inbound e-mail through proposal, acceptance,
// agreement, won, invoice, a camt.054 payment and reconciliation, checking every page on the way.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, eventually, launch, openPage, shot, waitLive } from "./support.mjs";

const base = inject("base");
const keys = inject("keys");
let browser;

beforeAll(async () => {
  browser = await launch();
  // The demo catalog (PUTs: running it again changes nothing), so the lead gets a priced proposal.
  const catalog = JSON.parse(await readFile("demo/catalog.json", "utf8"));
  for (const { sku, tiers, ...product } of catalog.products) {
    expect((await api(base, keys.admin, "PUT", `/api/admin/pricing/products/${sku}`, product)).status).toBe(200);
    if (tiers) await api(base, keys.admin, "PUT", `/api/admin/pricing/products/${sku}/tiers`, { tiers });
  }
  for (const { id, ...rule } of catalog.discount_rules ?? [])
    await api(base, keys.admin, "PUT", `/api/admin/pricing/discount-rules/${id}`, rule);
});
afterAll(async () => {
  await browser?.close();
});

function inboundEmail(company, msgId) {
  const domain = company.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return [
    `From: Ines Kowalski <ines@${domain}.example>`,
    "To: sales@ledgerline.io",
    "Subject: Ledgerline Pro for our AR team",
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${msgId}@${domain}.example>`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Hello, I lead finance operations at ${company}. We have 400 employees and would like a quote for Ledgerline Pro.`,
    "Budget: $50,000. Timeline: within 6 weeks.",
  ].join("\r\n");
}

function camt054(inv, tax, ref) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>${ref}</MsgId><CreDtTm>${new Date().toISOString().slice(0, 19)}</CreDtTm></GrpHdr>
<Ntfctn><Id>${ref}</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>${inv.currency}</Ccy></Acct>
<Ntry><NtryRef>${ref}</NtryRef><Amt Ccy="${inv.currency}">${inv.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>${new Date().toISOString().slice(0, 10)}</Dt></BookgDt><AcctSvcrRef>${ref}</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${inv.customer_name}</Nm><Id><OrgId><Othr><Id>${tax}</Id></Othr></OrgId></Id></Dbtr></RltdPties>
<RmtInf><Ustrd>Payment ${inv.invoice_id}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
}

const flowCounts = async () => {
  const flow = (await api(base, keys.reader, "GET", "/dashboard/api/flow")).json;
  return { ...Object.fromEntries(flow.nodes.map((n) => [n.step, n.count])), gap: flow.deals.gaps.won_not_invoiced };
};

describe("lead to cash", () => {
  it("drives one lead from its inbound e-mail to a reconciled payment, and every page shows it", async () => {
    const before = await flowCounts();
    const company = `Loop Freight ${Date.now()} GmbH`;
    const tax = `DE${String(Date.now()).slice(-9)}`;
    const created = await api(base, keys.admin, "POST", "/api/leads", inboundEmail(company, `loop-${Date.now()}`), "message/rfc822");
    expect(created.status).toBe(201);
    const lead = created.json.lead;
    expect(lead.qualified).toBe(true);

    const { page, errors, context } = await openPage(browser, base, keys.operator);
    await page.goto(`${base}/dashboard/leads/${lead.id}`);
    await waitLive(page);
    // Proposal: approved in the page.
    await page.getByRole("button", { name: "Approve and send" }).first().click();
    await page.locator("#action-status", { hasText: "approved" }).waitFor();
    await page.locator("#lead-title", { hasText: /proposal sent/i }).waitFor({ timeout: 10_000 });
    // Acceptance (the customer's reply), then the agreement, approved in the page.
    const reply = await api(base, keys.admin, "POST", `/api/leads/${lead.id}/messages`, {
      text: "Sounds good, let's proceed.",
      channel: "email",
    });
    expect(reply.json.action).toBe("draft_agreement");
    await page.reload();
    await page.getByRole("button", { name: "Approve and send" }).first().click();
    await page.locator("#action-status", { hasText: "approved" }).waitFor();
    // Won, by a person: the invoice is issued at once.
    const won = await api(base, keys.admin, "POST", `/api/leads/${lead.id}/close`, {
      outcome: "won",
      reason: "agreement signed",
      billing: { schedule: "upfront", customer_tax_id: tax },
    });
    expect(won.status).toBe(200);
    const invoices = (await api(base, keys.admin, "GET", `/api/finance/invoices?lead_id=${lead.id}`)).json.invoices;
    expect(invoices).toHaveLength(1);
    const inv = invoices[0];
    expect(inv.lead_id).toBe(lead.id);
    await page.reload();
    await page.locator('#timeline li[data-step="invoice"].done').waitFor();
    expect(await page.locator('#timeline li[data-step="payment"]').getAttribute("class")).toBe("pending");
    await shot(page, "loop-invoiced");

    // The camt.054 payment, reconciled in its request; the lead's object hears it.
    const paid = await api(base, keys.admin, "POST", "/api/finance/payments", camt054(inv, tax, `LOOP-${Date.now()}`), "application/xml");
    expect(paid.status).toBe(201);
    expect(paid.json.entries[0].links[0]).toMatchObject({ invoice_id: inv.invoice_id, status: "VERIFIED" });
    const neg = (await api(base, keys.admin, "GET", `/api/leads/${lead.id}/negotiation`)).json.negotiation;
    expect(neg.cash).toMatchObject({ status: "paid", paid_minor: inv.amount_minor, open_minor: 0 });
    await page.reload();
    await page.locator('#timeline li[data-step="reconciled"].done').waitFor();
    const steps = await page.locator("#timeline li").evaluateAll((els) => els.map((e) => [e.getAttribute("data-step"), e.className]));
    expect(steps).toEqual(["lead", "proposal", "agreement", "won", "invoice", "payment", "reconciled"].map((s) => [s, "done"]));
    // The dashboard writes money as en-US currency (src/dashboard/client/format.ts): "$40,000.00".
    const shown = new Intl.NumberFormat("en-US", { style: "currency", currency: inv.currency }).format(inv.amount_minor / 100);
    expect(await page.locator('#timeline li[data-step="payment"]').textContent()).toContain(shown);
    await shot(page, "loop-reconciled");

    // The flow page counts this deal through every step; the pipeline shows money per stage.
    const after = await flowCounts();
    for (const step of ["won", "invoiced", "paid", "reconciled"]) expect(after[step]).toBe(before[step] + 1);
    expect(after.gap).toBe(before.gap);
    await page.goto(`${base}/dashboard/flow`);
    await page.locator('#flow-table tr[data-step="reconciled"]').waitFor();
    expect(await page.locator('#flow-gaps [data-gap="won_not_invoiced"]').textContent()).toContain(String(after.gap));
    await page.locator(`#flow-money tr[data-currency="${inv.currency}"]`).waitFor();
    await shot(page, "loop-flow");
    await page.goto(`${base}/dashboard`);
    await eventually(async () => (await page.locator("#stages [data-money]").count()) > 0, { timeoutMs: 10_000 });
    await page.goto(`${base}/dashboard/recon`);
    await page.getByRole("heading", { level: 1, name: "Reconciliation queue" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
