import { newId } from "../../platform/ids";
import { writeOffEntryKey, writeOffWireId, type WriteOffKind } from "../core/write-off";
import type { LinkRow } from "../core/types";

/** The SQL of a write-off (src/recon/write-off.ts): written inside its match run, with its audit entry and the review items it clears. */

type Who = { actor: string; now: string; reason: string };

export async function readInvoiceHead(env: Env, id: string): Promise<{ id: string; currency: string } | null> {
  return env.DB.prepare("SELECT id, currency FROM invoices WHERE id = ?").bind(id).first<{ id: string; currency: string }>();
}

export async function readReviewItem(
  env: Env,
  id: string,
): Promise<{ id: string; status: string; invoice_ids_json: string; candidates_json: string } | null> {
  return env.DB.prepare("SELECT id, status, invoice_ids_json, candidates_json FROM discrepancies WHERE id = ?")
    .bind(id)
    .first<{ id: string; status: string; invoice_ids_json: string; candidates_json: string }>();
}

/** The write-off's link row as the run's scope holds it (so the matcher counts it at once). */
export function writeOffLinkRow(id: string, invoiceId: string, kind: WriteOffKind, amount: number, currency: string): LinkRow {
  return {
    id,
    invoice_id: invoiceId,
    entry_key: writeOffEntryKey(invoiceId),
    wire_id: writeOffWireId(kind),
    allocated_minor: amount,
    currency,
    status: "MANUAL",
    confidence: 1,
    reason: "WRITE_OFF",
    reasons_json: '["WRITE_OFF"]',
  };
}

export function writeOffStatements(
  env: Env,
  row: LinkRow,
  inv: { customer_tax_id: string | null },
  who: Who,
  detail: { kind: WriteOffKind; review_item_id: string | null },
): D1PreparedStatement[] {
  const invoiceId = row.invoice_id ?? "";
  return [
    env.DB.prepare(
      `INSERT INTO recon_links (id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, reasons_json, customer_tax_id, booking_date, created_at, resolved_by, resolved_at, resolution_reason)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'MANUAL', 1, 'WRITE_OFF', '["WRITE_OFF"]', ?7, ?8, ?9, ?10, ?9, ?11)`,
    ).bind(
      row.id,
      invoiceId,
      row.entry_key,
      row.wire_id,
      row.allocated_minor,
      row.currency,
      inv.customer_tax_id,
      who.now.slice(0, 10),
      who.now,
      who.actor,
      who.reason,
    ),
    env.DB.prepare(
      "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json) VALUES (?, ?, ?, 'recon.write_off', 'invoice', ?, ?, ?)",
    ).bind(
      newId("aud"),
      who.now,
      who.actor,
      invoiceId,
      who.reason,
      JSON.stringify({
        link_id: row.id,
        kind: detail.kind,
        amount_minor: row.allocated_minor,
        currency: row.currency,
        review_item_id: detail.review_item_id,
      }),
    ),
    // The review item it was made from, and any open short-payment item about this invoice alone, are done.
    env.DB.prepare(
      `UPDATE discrepancies SET status = 'RESOLVED', resolved_at = ?3, resolved_by = ?4
        WHERE status = 'OPEN' AND (id = ?1 OR (kind = 'UNDERPAYMENT' AND invoice_ids_json = json_array(?2)))`,
    ).bind(detail.review_item_id ?? "", invoiceId, who.now, who.actor),
  ];
}

export async function countResolvedBy(env: Env, invoiceId: string, reviewItemId: string | null, at: string): Promise<number> {
  const r = await env.DB.prepare(
    `SELECT COUNT(*) AS n FROM discrepancies WHERE resolved_at = ?3 AND (id = ?1 OR (kind = 'UNDERPAYMENT' AND invoice_ids_json = json_array(?2)))`,
  )
    .bind(reviewItemId ?? "", invoiceId, at)
    .first<{ n: number }>();
  return r?.n ?? 0;
}

export async function readInvoiceAfter(
  env: Env,
  id: string,
): Promise<{
  id: string;
  status: string;
  status_reason: string | null;
  amount_minor: number;
  paid_minor: number;
  currency: string;
} | null> {
  return env.DB.prepare("SELECT id, status, status_reason, amount_minor, paid_minor, currency FROM invoices WHERE id = ?").bind(id).first();
}
