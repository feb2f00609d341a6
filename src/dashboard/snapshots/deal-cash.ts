import type { SafeDb } from "../store/safe-db";
import type { DealFacts, DealInvoiceFacts } from "../core/lead-to-cash";

/**
 * The dashboards' read of lead-to-cash: every deal (the negotiation mirror, joined to the lead's
 * first contact) with the invoices billing it and whether each one's money is tied to a bank entry.
 * A missing table reads as empty (SafeDb).
 */
const INVOICE_FACTS = `SELECT i.id AS invoice_id, i.lead_id, i.amount_minor, i.paid_minor, i.currency, i.status, i.issue_date, i.created_at,
       (SELECT max(h.at) FROM invoice_status_history h WHERE h.invoice_id = i.id AND h.to_status IN ('PAID','OVERPAID')) AS paid_at,
       (SELECT min(l.created_at) FROM recon_links l WHERE l.invoice_id = i.id AND l.status IN ('VERIFIED','MANUAL')) AS first_link_at
  FROM invoices i`;

type InvoiceRow = Omit<DealInvoiceFacts, "linked"> & { lead_id: string };

const facts = (r: InvoiceRow): DealInvoiceFacts => {
  const { lead_id: _lead, ...rest } = r;
  return { ...rest, linked: r.first_link_at !== null };
};

export async function dealInvoiceFacts(sdb: SafeDb, leadId: string): Promise<DealInvoiceFacts[]> {
  const rows = await sdb.all<InvoiceRow>(
    ["invoices", "invoice_status_history", "recon_links"],
    `${INVOICE_FACTS} WHERE i.lead_id = ? ORDER BY coalesce(i.deal_period, 1e9), i.id`,
    leadId,
  );
  return rows.map(facts);
}

export async function allDealFacts(sdb: SafeDb): Promise<DealFacts[]> {
  const [deals, invoices] = await Promise.all([
    sdb.all<Omit<DealFacts, "invoices">>(
      ["deals"],
      `SELECT d.lead_id, d.stage, coalesce(l.received_at, d.opened_at) AS received_at, d.quote_total_minor, d.quote_currency
         FROM deals d LEFT JOIN leads l ON l.id = d.lead_id`,
    ),
    sdb.all<InvoiceRow>(["invoices", "invoice_status_history", "recon_links"], `${INVOICE_FACTS} WHERE i.lead_id IS NOT NULL`),
  ]);
  const byLead = new Map<string, DealInvoiceFacts[]>();
  for (const r of invoices) byLead.set(r.lead_id, [...(byLead.get(r.lead_id) ?? []), facts(r)]);
  return deals.map((d) => ({ ...d, invoices: byLead.get(d.lead_id) ?? [] }));
}
