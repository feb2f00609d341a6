import { newId } from "../../platform/ids";

/** The SQL of a person's decision on one link (src/recon/resolve.ts): written inside its match run. */

type Decision = { actor: string; now: string; reason: string };

export async function readLinkHead(
  env: Env,
  linkId: string,
): Promise<{ id: string; currency: string; status: string; invoice_id: string | null; entry_key: string } | null> {
  return env.DB.prepare("SELECT id, currency, status, invoice_id, entry_key FROM recon_links WHERE id = ?")
    .bind(linkId)
    .first<{ id: string; currency: string; status: string; invoice_id: string | null; entry_key: string }>();
}

export function rejectLinkStatement(env: Env, linkId: string, d: Decision): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE recon_links SET status = 'REJECTED', resolved_by = ?2, resolved_at = ?3, resolution_reason = ?4 WHERE id = ?1",
  ).bind(linkId, d.actor, d.now, d.reason);
}

export function manualLinkStatement(env: Env, linkId: string, amount: number, d: Decision): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE recon_links SET status = 'MANUAL', allocated_minor = ?2, confidence = 1, reason = 'MANUAL', resolved_by = ?3, resolved_at = ?4, resolution_reason = ?5 WHERE id = ?1",
  ).bind(linkId, amount, d.actor, d.now, d.reason);
}

export function newManualLinkStatement(
  env: Env,
  l: { id: string; invoice_id: string; entry_key: string; wire_id: string; allocated_minor: number; currency: string },
  denorm: { customer_tax_id: string | null; booking_date: string },
  d: Decision,
): D1PreparedStatement {
  return env.DB.prepare(
    `INSERT INTO recon_links (id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, reasons_json, customer_tax_id, booking_date, created_at, resolved_by, resolved_at, resolution_reason)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'MANUAL', 1, 'MANUAL', '["MANUAL"]', ?7, ?8, ?9, ?10, ?9, ?11)`,
  ).bind(
    l.id,
    l.invoice_id,
    l.entry_key,
    l.wire_id,
    l.allocated_minor,
    l.currency,
    denorm.customer_tax_id,
    denorm.booking_date,
    d.now,
    d.actor,
    d.reason,
  );
}

export function auditStatement(
  env: Env,
  a: { actor: string; action: string; linkId: string; reason: string; now: string; detail: Record<string, unknown> },
): D1PreparedStatement {
  return env.DB.prepare(
    "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json) VALUES (?, ?, ?, ?, 'recon_link', ?, ?, ?)",
  ).bind(newId("aud"), a.now, a.actor, a.action, a.linkId, a.reason, JSON.stringify(a.detail));
}

/** The resolved link's status and its invoice, read after the run. */
export async function readResolved(
  env: Env,
  linkId: string,
  invoiceId: string | null,
): Promise<{ link: { status: string } | null; invoice: { id: string; status: string; paid_minor: number; currency: string } | null }> {
  const link = await env.DB.prepare("SELECT status FROM recon_links WHERE id = ?").bind(linkId).first<{ status: string }>();
  const invoice = invoiceId
    ? await env.DB.prepare("SELECT id, status, paid_minor, currency FROM invoices WHERE id = ?")
        .bind(invoiceId)
        .first<{ id: string; status: string; paid_minor: number; currency: string }>()
    : null;
  return { link, invoice };
}
