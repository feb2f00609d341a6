import { invoiceMatchKeys } from "../core/match-keys";
import type { DealInvoiceRow, DealToInvoice, PlannedInvoice } from "../core/invoicing";
import { jsonParams, keyInserts, versionBumps } from "./chunks";

/**
 * SQL of won → invoice → cash: the series counter, issuing a deal's schedule in one transaction,
 * sending, linking imported invoices to a deal, the cash events the invoices trigger writes
 * (migrations/0100_invoicing.sql) and the reads the deal's cash state is computed from.
 */

export type IssuedRow = DealInvoiceRow & { lead_id: string };

const DEAL_INVOICE_SELECT = `SELECT i.id AS invoice_id, i.lead_id, i.deal_period, i.customer_name, i.amount_minor, i.paid_minor, i.currency, i.status,
       i.issue_date, i.due_date, d.remittance, d.sent_at, d.recipient,
       (SELECT max(h.at) FROM invoice_status_history h WHERE h.invoice_id = i.id AND h.to_status IN ('PAID','OVERPAID')) AS paid_at
  FROM invoices i LEFT JOIN invoice_documents d ON d.invoice_id = i.id`;

/** Every invoice billing the deal (issued by us or linked), schedule order, then number. */
export async function readDealInvoices(env: Env, leadId: string): Promise<IssuedRow[]> {
  const { results } = await env.DB.prepare(`${DEAL_INVOICE_SELECT} WHERE i.lead_id = ?1 ORDER BY coalesce(i.deal_period, 1e9), i.id`)
    .bind(leadId)
    .all<IssuedRow>();
  return results;
}

/** The series' last number (creating the row at 0), for the compare-and-swap of issueStatements. */
export async function seriesLastNo(env: Env, series: string, now: string): Promise<number> {
  const [, read] = await env.DB.batch([
    env.DB.prepare("INSERT INTO invoice_series (series, last_no, updated_at) VALUES (?1, 0, ?2) ON CONFLICT DO NOTHING").bind(series, now),
    env.DB.prepare("SELECT last_no FROM invoice_series WHERE series = ?1").bind(series),
  ]);
  return (read?.results[0] as { last_no: number } | undefined)?.last_no ?? 0;
}

export function isSeriesConflict(err: unknown): boolean {
  const msg = err instanceof Error ? `${err.message} ${err.cause instanceof Error ? err.cause.message : ""}` : String(err);
  return msg.includes("invoice_series_cas");
}

export type IssueBatch = {
  deal: DealToInvoice;
  series: string;
  readNo: number;
  schedule: string;
  terms: string;
  invoices: Array<PlannedInvoice & { invoice_id: string; remittance: string }>;
  now: string;
};

/**
 * One transaction: the series moves from `readNo` to `readNo + n` only if nobody moved it since
 * (else -1, refused by its CHECK: isSeriesConflict, nothing written) and only if the deal has no
 * issued invoice yet (else it stays and every insert below finds the deal already invoiced and
 * writes nothing). The invoices carry their match keys, so the matcher reaches them at once.
 */
export function issueStatements(env: Env, b: IssueBatch): D1PreparedStatement[] {
  const n = b.invoices.length;
  const leadId = b.deal.lead_id;
  const rows = b.invoices.map((p) => {
    const k = invoiceMatchKeys({
      invoice_id: p.invoice_id,
      po_number: b.deal.po_number,
      customer_tax_id: b.deal.customer_tax_id,
      customer_name: b.deal.customer_name,
    });
    return { p, k };
  });
  const stmts: D1PreparedStatement[] = [
    env.DB.prepare(
      `UPDATE invoice_series SET last_no = CASE WHEN last_no = ?2 THEN last_no + ?3 ELSE -1 END, updated_at = ?4
        WHERE series = ?1 AND NOT EXISTS (SELECT 1 FROM invoices x WHERE x.lead_id = ?5 AND x.deal_period IS NOT NULL)`,
    ).bind(b.series, b.readNo, n, b.now, leadId),
    ...versionBumps(
      env,
      "invoices",
      rows.map(({ p, k }) => [p.invoice_id, b.deal.currency, k.keys]),
    ),
  ];
  for (const param of jsonParams(rows.map(({ p, k }) => ({ ...p, items: undefined, tax_norm: k.tax_norm, name_first: k.name_first })))) {
    stmts.push(
      env.DB.prepare(
        `INSERT INTO invoices (id, customer_tax_id, customer_name, po_number, amount_minor, currency, issue_date, due_date, status, paid_minor, source,
                               created_at, updated_at, tax_norm, name_first, keyed, lead_id, deal_period)
         SELECT j.value ->> '$.invoice_id', ?2, ?3, ?4, j.value ->> '$.amount_minor', ?5, j.value ->> '$.issue_date', j.value ->> '$.due_date',
                'UNPAID', 0, 'deal', ?6, ?6, j.value ->> '$.tax_norm', j.value ->> '$.name_first', 1, ?7, j.value ->> '$.period'
           FROM json_each(?1) AS j WHERE NOT EXISTS (SELECT 1 FROM invoices x WHERE x.lead_id = ?7 AND x.deal_period IS NOT NULL)`,
      ).bind(param, b.deal.customer_tax_id, b.deal.customer_name, b.deal.po_number, b.deal.currency, b.now, leadId),
    );
  }
  stmts.push(
    ...keyInserts(
      env,
      "invoice_keys",
      rows.flatMap(({ p, k }) => k.keys.map((key): [string, string] => [p.invoice_id, key])),
    ),
  );
  const mine = "EXISTS (SELECT 1 FROM invoices i WHERE i.id = j.value ->> '$.invoice_id' AND i.lead_id = ?2 AND i.created_at = ?3)";
  const items = b.invoices.flatMap((p) =>
    p.items.map((it, lineNo) => ({ invoice_id: p.invoice_id, line_no: lineNo + 1, ...it, period: p.period })),
  );
  for (const param of jsonParams(items)) {
    stmts.push(
      env.DB.prepare(
        `INSERT INTO invoice_items (invoice_id, line_no, sku, name, qty, unit_price_minor, discount_minor, amount_minor)
         SELECT j.value ->> '$.invoice_id', j.value ->> '$.line_no', j.value ->> '$.sku', j.value ->> '$.name', j.value ->> '$.qty',
                j.value ->> '$.unit_price_minor', j.value ->> '$.discount_minor', j.value ->> '$.amount_minor'
           FROM json_each(?1) AS j WHERE ${mine} ON CONFLICT DO NOTHING`,
      ).bind(param, leadId, b.now),
      // Stock moves once per deal: only the first period's invoice carries the SKUs it sold.
      env.DB.prepare(
        `INSERT INTO invoice_lines (invoice_id, sku, qty)
         SELECT j.value ->> '$.invoice_id', j.value ->> '$.sku', sum(j.value ->> '$.qty') FROM json_each(?1) AS j
          WHERE j.value ->> '$.period' = 1 AND ${mine} GROUP BY 1, 2 ON CONFLICT DO NOTHING`,
      ).bind(param, leadId, b.now),
    );
  }
  for (const param of jsonParams(b.invoices.map((p) => ({ invoice_id: p.invoice_id, periods: p.periods, remittance: p.remittance })))) {
    stmts.push(
      env.DB.prepare(
        `INSERT INTO invoice_documents (invoice_id, lead_id, series, periods, schedule, payment_terms, recipient, remittance, created_at)
         SELECT j.value ->> '$.invoice_id', ?2, ?4, j.value ->> '$.periods', ?5, ?6, ?7, j.value ->> '$.remittance', ?3
           FROM json_each(?1) AS j WHERE ${mine} ON CONFLICT DO NOTHING`,
      ).bind(param, leadId, b.now, b.series, b.schedule, b.terms, b.deal.recipient),
      env.DB.prepare(
        `INSERT INTO invoice_status_history (id, invoice_id, from_status, to_status, paid_minor, reason, actor, at)
         SELECT 'ish_' || (j.value ->> '$.invoice_id') || '_created', j.value ->> '$.invoice_id', NULL, 'UNPAID', 0, 'issued for the won deal', 'agent:invoicing', ?3
           FROM json_each(?1) AS j WHERE ${mine} ON CONFLICT DO NOTHING`,
      ).bind(param, leadId, b.now),
    );
  }
  return stmts;
}

export type UnsentInvoice = IssuedRow & { series: string; payment_terms: string; periods: number };

/** Issued invoices not sent yet whose issue date has come. */
export async function unsentInvoices(env: Env, today: string, leadId?: string): Promise<UnsentInvoice[]> {
  const { results } = await env.DB.prepare(
    `SELECT i.id AS invoice_id, i.lead_id, i.deal_period, i.customer_name, i.amount_minor, i.paid_minor, i.currency, i.status, i.issue_date, i.due_date,
            d.remittance, d.sent_at, d.recipient, d.series, d.payment_terms, d.periods, NULL AS paid_at
       FROM invoice_documents d JOIN invoices i ON i.id = d.invoice_id
      WHERE d.sent_at IS NULL AND i.issue_date <= ?1 AND (?2 IS NULL OR d.lead_id = ?2) ORDER BY i.id LIMIT 200`,
  )
    .bind(today, leadId ?? null)
    .all<UnsentInvoice>();
  return results;
}

export async function invoiceItems(env: Env, invoiceId: string) {
  const { results } = await env.DB.prepare(
    "SELECT line_no, sku, name, qty, unit_price_minor, discount_minor, amount_minor FROM invoice_items WHERE invoice_id = ?1 ORDER BY line_no",
  )
    .bind(invoiceId)
    .all<{
      line_no: number;
      sku: string;
      name: string;
      qty: number;
      unit_price_minor: number;
      discount_minor: number;
      amount_minor: number;
    }>();
  return results;
}

/** Records the send (webhook or outbox) once: a second sender finds sent_at set and writes nothing. */
export async function markSent(
  env: Env,
  inv: { invoice_id: string; lead_id: string; recipient: string | null; subject: string; body: string },
  channel: "webhook" | "log",
  status: "delivered" | "logged",
  now: string,
): Promise<boolean> {
  const [upd] = await env.DB.batch([
    env.DB.prepare("UPDATE invoice_documents SET sent_at = ?2, send_channel = ?3 WHERE invoice_id = ?1 AND sent_at IS NULL").bind(
      inv.invoice_id,
      now,
      channel,
    ),
    env.DB.prepare(
      `INSERT INTO outbox (id, lead_id, draft_id, channel, recipient, subject, body, status, created_at)
       VALUES ('out_' || ?1, ?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING`,
    ).bind(inv.invoice_id, inv.lead_id, channel, inv.recipient, inv.subject, inv.body, status, now),
  ]);
  return (upd?.meta.changes ?? 0) > 0;
}

/**
 * Links imported invoices to a deal: one by number, or every invoice carrying a PO number. An
 * invoice already billing another deal is left alone (answered in `taken`).
 */
export async function linkInvoices(
  env: Env,
  leadId: string,
  by: { invoice_id?: string | undefined; po_number?: string | undefined },
): Promise<{ linked: string[]; taken: string[] }> {
  const cond = by.invoice_id !== undefined ? "id = ?2" : "po_number = ?2 COLLATE NOCASE";
  const key = by.invoice_id ?? by.po_number ?? "";
  const [upd, taken] = await env.DB.batch([
    env.DB.prepare(`UPDATE invoices SET lead_id = ?1 WHERE ${cond} AND (lead_id IS NULL OR lead_id = ?1) RETURNING id`).bind(leadId, key),
    env.DB.prepare(`SELECT id FROM invoices WHERE ${cond} AND lead_id IS NOT NULL AND lead_id != ?1 ORDER BY id`).bind(leadId, key),
  ]);
  return {
    linked: ((upd?.results ?? []) as Array<{ id: string }>).map((r) => r.id).sort(),
    taken: ((taken?.results ?? []) as Array<{ id: string }>).map((r) => r.id),
  };
}

export type CashEventRow = { id: number; invoice_id: string; lead_id: string; status: string; paid_minor: number; at: string };

export async function undeliveredCashEvents(env: Env, limit = 500): Promise<CashEventRow[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, invoice_id, lead_id, status, paid_minor, at FROM cash_events WHERE delivered_at IS NULL ORDER BY id LIMIT ?1",
  )
    .bind(limit)
    .all<CashEventRow>();
  return results;
}

export async function markDelivered(env: Env, ids: readonly number[], now: string): Promise<void> {
  for (const p of jsonParams(ids)) {
    await env.DB.prepare("UPDATE cash_events SET delivered_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))").bind(p, now).run();
  }
}

/** Deal invoices still open `days` or more days after their due date (for reminders). */
export async function overdueDealInvoices(env: Env, dueOnOrBefore: string): Promise<IssuedRow[]> {
  const { results } = await env.DB.prepare(
    `${DEAL_INVOICE_SELECT} WHERE i.lead_id IS NOT NULL AND i.status NOT IN ('PAID','OVERPAID') AND i.due_date <= ?1 ORDER BY i.due_date, i.id LIMIT 500`,
  )
    .bind(dueOnOrBefore)
    .all<IssuedRow>();
  return results;
}
