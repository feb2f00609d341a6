import { and, asc, eq, gt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { invoiceLines, invoiceStatusHistory, invoices, reconLinks, stockMoves } from "../../db/schema";
import { formatMinor } from "../../platform/money";
import { linkView } from "./links";

/** Reads of invoices for the finance API: pages, CSV export rows and one invoice's detail. */

export type InvoiceDbRow = typeof invoices.$inferSelect;

function invoiceView(r: InvoiceDbRow) {
  return {
    invoice_id: r.id,
    customer_tax_id: r.customerTaxId,
    customer_name: r.customerName,
    po_number: r.poNumber,
    amount: formatMinor(r.amountMinor, r.currency),
    amount_minor: r.amountMinor,
    currency: r.currency,
    issue_date: r.issueDate,
    due_date: r.dueDate,
    status: r.status,
    status_reason: r.statusReason,
    paid_amount: formatMinor(r.paidMinor, r.currency),
    paid_minor: r.paidMinor,
    /** loop18: the deal this invoice bills (issued on won, or linked). */
    lead_id: r.leadId,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}
export type InvoiceView = ReturnType<typeof invoiceView>;

export type InvoiceFilter = { status?: string; customer?: string; leadId?: string | undefined; after?: string; limit: number };

/** Keyset pagination over the invoice number (the primary key): a stable order. */
export async function listInvoices(env: Env, f: InvoiceFilter): Promise<{ invoices: InvoiceView[]; next: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(invoices.status, f.status));
  if (f.customer) where.push(or(eq(invoices.customerTaxId, f.customer), sql`${invoices.customerName} = ${f.customer} COLLATE NOCASE`));
  if (f.leadId) where.push(eq(invoices.leadId, f.leadId));
  if (f.after) where.push(gt(invoices.id, f.after));
  const results = await getDb(env.DB)
    .select()
    .from(invoices)
    .where(and(...where))
    .orderBy(asc(invoices.id))
    .limit(f.limit + 1);
  const page = results.slice(0, f.limit);
  return { invoices: page.map(invoiceView), next: results.length > f.limit ? (page.at(-1)?.id ?? null) : null };
}

/** One invoice with its lines, links, status history and stock moves, in one D1 round trip. */
export async function getInvoiceDetail(env: Env, id: string) {
  const db = getDb(env.DB);
  const [inv, lines, links, history, moves] = await db.batch([
    db.select().from(invoices).where(eq(invoices.id, id)),
    db
      .select({ sku: invoiceLines.sku, qty: invoiceLines.qty })
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, id))
      .orderBy(asc(invoiceLines.sku)),
    db.select().from(reconLinks).where(eq(reconLinks.invoiceId, id)).orderBy(asc(reconLinks.createdAt), asc(reconLinks.id)),
    db
      .select({
        from_status: invoiceStatusHistory.fromStatus,
        to_status: invoiceStatusHistory.toStatus,
        paid_minor: invoiceStatusHistory.paidMinor,
        reason: invoiceStatusHistory.reason,
        actor: invoiceStatusHistory.actor,
        at: invoiceStatusHistory.at,
      })
      .from(invoiceStatusHistory)
      .where(eq(invoiceStatusHistory.invoiceId, id))
      .orderBy(asc(invoiceStatusHistory.at), asc(invoiceStatusHistory.id)),
    db
      .select({ sku: stockMoves.sku, qty_delta: stockMoves.qtyDelta, created_at: stockMoves.createdAt })
      .from(stockMoves)
      .where(eq(stockMoves.invoiceId, id))
      .orderBy(asc(stockMoves.sku)),
  ]);
  const row = inv[0];
  if (!row) return null;
  return {
    invoice: invoiceView(row),
    lines,
    links: links.map(linkView),
    history: history.map(({ paid_minor, ...h }) => ({ ...h, paid_amount: formatMinor(paid_minor, row.currency) })),
    stock_moves: moves,
  };
}
