import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../src/db/client";
import { invoiceLines, invoices, invoiceStatusHistory, reconLinks, stockMoves } from "../../../src/db/schema";
import { getInvoiceDetail, listInvoices } from "../../../src/recon/store/invoices";
import { listLinks } from "../../../src/recon/store/links";

let n = 0;
const uid = (p: string) => `${p}-${Date.now()}-${n++}`;

async function invoice(over: Partial<typeof invoices.$inferInsert> = {}) {
  const id = uid("INV-STORE");
  await getDb(env.DB)
    .insert(invoices)
    .values({
      id,
      customerTaxId: uid("TAX"),
      customerName: "Store Test GmbH",
      amountMinor: 10_000,
      currency: "EUR",
      issueDate: "2026-04-01",
      dueDate: "2026-04-30",
      createdAt: "2026-04-01T00:00:00.000Z",
      updatedAt: "2026-04-01T00:00:00.000Z",
      ...over,
    });
  return id;
}

async function link(invoiceId: string | null, over: Partial<typeof reconLinks.$inferInsert> = {}) {
  const id = uid("lnk");
  await getDb(env.DB)
    .insert(reconLinks)
    .values({
      id,
      invoiceId,
      entryKey: uid("entry"),
      wireId: uid("W"),
      allocatedMinor: 1234,
      currency: "EUR",
      status: "VERIFIED",
      confidence: 0.97,
      reason: "EXACT",
      reasonsJson: '["EXACT","REFERENCE"]',
      bookingDate: "2026-04-29",
      createdAt: "2026-04-29T10:00:00.000Z",
      ...over,
    });
  return id;
}

describe("links store", () => {
  it("finds a customer's links by tax id or by the invoice's customer name in any case, as the API shows them", async () => {
    const tax = uid("TAX");
    const named = uid("Case Sensitive Name");
    const a = await invoice({ customerTaxId: tax });
    const b = await invoice({ customerName: named });
    const la = await link(a, { customerTaxId: tax });
    const lb = await link(b);
    const byTax = await listLinks(env, { customer: tax, limit: 10 });
    expect(byTax.links.map((l) => l.id)).toEqual([la]);
    expect(byTax.links[0]).toMatchObject({
      invoice_id: a,
      allocated_amount: "12.34",
      allocated_minor: 1234,
      reasons: ["EXACT", "REFERENCE"],
      customer_tax_id: tax,
      resolved_by: null,
    });
    expect((await listLinks(env, { customer: named.toUpperCase(), limit: 10 })).links.map((l) => l.id)).toEqual([lb]);
  });

  it("pages in (created_at, id) order with a cursor, each link once, and filters by status and booking date", async () => {
    const tax = uid("TAX-PAGE");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await link(null, { customerTaxId: tax, status: "UNMATCHED", createdAt: `2026-05-0${1 + (i % 2)}T00:00:00.000Z` }));
    const seen: string[] = [];
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const page = await listLinks(env, { customer: tax, status: "UNMATCHED", limit: 2, after });
      seen.push(...page.links.map((l) => l.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toHaveLength(5);
    expect((await listLinks(env, { customer: tax, status: "VERIFIED", limit: 10 })).links).toEqual([]);
    expect((await listLinks(env, { customer: tax, from: "2026-04-30", limit: 10 })).links).toEqual([]);
    expect((await listLinks(env, { customer: tax, to: "2026-04-29", limit: 10 })).links).toHaveLength(5);
  });
});

describe("invoices store", () => {
  it("lists a customer's invoices by number, by tax id or by name in any case", async () => {
    const name = uid("Listing Name");
    const first = await invoice({ customerName: name, status: "PAID", paidMinor: 10_000 });
    const second = await invoice({ customerName: name });
    const page = await listInvoices(env, { customer: name.toLowerCase(), limit: 1 });
    expect(page.invoices.map((i) => i.invoice_id)).toEqual([first]);
    expect(page.invoices[0]).toMatchObject({ amount: "100.00", paid_amount: "100.00", status: "PAID", customer_name: name });
    expect(page.next).toBe(first);
    const rest = await listInvoices(env, { customer: name, after: page.next ?? undefined, limit: 10 });
    expect(rest).toEqual({ invoices: [expect.objectContaining({ invoice_id: second })], next: null });
    expect((await listInvoices(env, { customer: name, status: "UNPAID", limit: 10 })).invoices.map((i) => i.invoice_id)).toEqual([second]);
  });

  it("answers one invoice with its lines, links, history and stock moves, or null", async () => {
    const id = await invoice({ status: "PAID", paidMinor: 10_000 });
    const db = getDb(env.DB);
    await db.insert(invoiceLines).values([
      { invoiceId: id, sku: "SKU-B", qty: 1 },
      { invoiceId: id, sku: "SKU-A", qty: 2 },
    ]);
    await db.insert(invoiceStatusHistory).values({
      id: uid("h"),
      invoiceId: id,
      fromStatus: "UNPAID",
      toStatus: "PAID",
      paidMinor: 10_000,
      reason: "wire W-1",
      actor: "match_run",
      at: "2026-04-30T00:00:00.000Z",
    });
    await db.insert(stockMoves).values({ id: uid("sm"), invoiceId: id, sku: "SKU-A", qtyDelta: -2, createdAt: "2026-04-30T00:00:00.000Z" });
    const l = await link(id);
    expect(await getInvoiceDetail(env, id)).toEqual({
      invoice: expect.objectContaining({ invoice_id: id, status: "PAID", paid_amount: "100.00" }),
      lines: [
        { sku: "SKU-A", qty: 2 },
        { sku: "SKU-B", qty: 1 },
      ],
      links: [expect.objectContaining({ id: l, invoice_id: id })],
      history: [
        {
          from_status: "UNPAID",
          to_status: "PAID",
          paid_amount: "100.00",
          reason: "wire W-1",
          actor: "match_run",
          at: "2026-04-30T00:00:00.000Z",
        },
      ],
      stock_moves: [{ sku: "SKU-A", qty_delta: -2, created_at: "2026-04-30T00:00:00.000Z" }],
    });
    expect(await getInvoiceDetail(env, uid("INV-NONE"))).toBeNull();
  });
});
