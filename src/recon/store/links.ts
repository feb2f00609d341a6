import { and, asc, eq, gt, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../../db/client";
import { invoices, reconLinks } from "../../db/schema";
import { formatMinor } from "../../platform/money";
import type { Cursor } from "./cursor";

/** Reads of recon_links for the finance API (the match run writes them). */

export type LinkDbRow = typeof reconLinks.$inferSelect;

export type LinkFilter = {
  status?: string;
  customer?: string;
  from?: string;
  to?: string;
  invoiceId?: string;
  /** loop18: links of the invoices billing this deal. */
  leadId?: string | undefined;
  after?: Cursor;
  limit: number;
};

export type LinkView = ReturnType<typeof linkView>;

export function linkView(r: LinkDbRow) {
  return {
    id: r.id,
    invoice_id: r.invoiceId,
    wire_id: r.wireId,
    entry_key: r.entryKey,
    allocated_amount: formatMinor(r.allocatedMinor, r.currency),
    allocated_minor: r.allocatedMinor,
    currency: r.currency,
    status: r.status,
    confidence: r.confidence,
    reason: r.reason,
    reasons: JSON.parse(r.reasonsJson) as string[],
    customer_tax_id: r.customerTaxId,
    booking_date: r.bookingDate,
    created_at: r.createdAt,
    resolved_by: r.resolvedBy,
    resolved_at: r.resolvedAt,
    resolution_reason: r.resolutionReason,
  };
}

/** Keyset pagination over (created_at, id): stable while new links are written. */
export async function listLinks(env: Env, f: LinkFilter): Promise<{ links: LinkView[]; next: Cursor | null }> {
  const db = getDb(env.DB);
  const where: (SQL | undefined)[] = [];
  if (f.status) where.push(eq(reconLinks.status, f.status));
  if (f.customer) {
    // A tax id, or an exact customer name in any case (the invoice's, since a wire names its sender loosely).
    const ofCustomer = db
      .select({ id: invoices.id })
      .from(invoices)
      .where(sql`${invoices.customerName} = ${f.customer} COLLATE NOCASE OR ${invoices.customerTaxId} = ${f.customer}`);
    where.push(or(eq(reconLinks.customerTaxId, f.customer), inArray(reconLinks.invoiceId, ofCustomer)));
  }
  if (f.from) where.push(gte(reconLinks.bookingDate, f.from));
  if (f.to) where.push(lte(reconLinks.bookingDate, f.to));
  if (f.invoiceId) where.push(eq(reconLinks.invoiceId, f.invoiceId));
  if (f.leadId)
    where.push(inArray(reconLinks.invoiceId, db.select({ id: invoices.id }).from(invoices).where(eq(invoices.leadId, f.leadId))));
  if (f.after) {
    where.push(or(gt(reconLinks.createdAt, f.after.at), and(eq(reconLinks.createdAt, f.after.at), gt(reconLinks.id, f.after.id))));
  }
  const results = await db
    .select()
    .from(reconLinks)
    .where(and(...where))
    .orderBy(asc(reconLinks.createdAt), asc(reconLinks.id))
    .limit(f.limit + 1);
  const page = results.slice(0, f.limit);
  const last = page.at(-1);
  return { links: page.map(linkView), next: results.length > f.limit && last ? { at: last.createdAt, id: last.id } : null };
}
