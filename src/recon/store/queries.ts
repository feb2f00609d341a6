import { formatMinor } from "../../platform/money";
import { referenceRule } from "../core/reference-rule";
import type { BankEntry, Invoice } from "../core/types";
import type { LinkRow } from "../match-run";

/** Read side of the finance API: parameterised D1 reads shaped for JSON and CSV. */

export type Cursor = { at: string; id: string };

export function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify([c.at, c.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const v = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") return { at: v[0], id: v[1] };
  } catch {
    // fall through
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------------

type JobRow = {
  id: string;
  kind: string;
  format: string;
  status: string;
  total_items: number;
  chunks_total: number;
  chunks_done: number;
  inserted_items: number;
  duplicate_items: number;
  links_written: number;
  errors_json: string;
  warnings_json: string;
  created_at: string;
  finished_at: string | null;
  latency_ms: number | null;
  bytes: number;
  sha256: string;
};

export async function getJob(env: Env, id: string) {
  const j = await env.DB.prepare("SELECT * FROM imports WHERE id = ?").bind(id).first<JobRow>();
  if (!j) return null;
  const errors = JSON.parse(j.errors_json) as unknown[];
  return {
    job_id: j.id,
    kind: j.kind,
    format: j.format,
    status: j.status,
    progress: { chunks_done: j.chunks_done, chunks_total: j.chunks_total, ratio: j.chunks_total ? j.chunks_done / j.chunks_total : 1 },
    counts: {
      total_items: j.total_items,
      inserted: j.inserted_items,
      duplicates: j.duplicate_items,
      links_written: j.links_written,
      errors: errors.length,
    },
    errors,
    warnings: JSON.parse(j.warnings_json) as unknown[],
    bytes: j.bytes,
    sha256: j.sha256,
    created_at: j.created_at,
    finished_at: j.finished_at,
    latency_ms: j.latency_ms,
  };
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------

export type LinkFilter = {
  status?: string;
  customer?: string;
  from?: string;
  to?: string;
  invoiceId?: string;
  after?: Cursor;
  limit: number;
};

/** A recon_links row as the match run writes it, with what the listing joins in. */
type LinkDbRow = LinkRow & {
  customer_tax_id: string | null;
  booking_date: string;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_reason: string | null;
};

export type LinkView = ReturnType<typeof linkView>;

function linkView(r: LinkDbRow) {
  return {
    id: r.id,
    invoice_id: r.invoice_id,
    wire_id: r.wire_id,
    entry_key: r.entry_key,
    allocated_amount: formatMinor(r.allocated_minor, r.currency),
    allocated_minor: r.allocated_minor,
    currency: r.currency,
    status: r.status,
    confidence: r.confidence,
    reason: r.reason,
    reasons: JSON.parse(r.reasons_json) as string[],
    customer_tax_id: r.customer_tax_id,
    booking_date: r.booking_date,
    created_at: r.created_at,
    resolved_by: r.resolved_by,
    resolved_at: r.resolved_at,
    resolution_reason: r.resolution_reason,
  };
}

/** Keyset pagination over (created_at, id): stable while new links are written. */
export async function listLinks(env: Env, f: LinkFilter): Promise<{ links: LinkView[]; next: Cursor | null }> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.status) {
    where.push("l.status = ?");
    args.push(f.status);
  }
  if (f.customer) {
    where.push(
      "(l.customer_tax_id = ? OR l.invoice_id IN (SELECT id FROM invoices WHERE customer_name = ? COLLATE NOCASE OR customer_tax_id = ?))",
    );
    args.push(f.customer, f.customer, f.customer);
  }
  if (f.from) {
    where.push("l.booking_date >= ?");
    args.push(f.from);
  }
  if (f.to) {
    where.push("l.booking_date <= ?");
    args.push(f.to);
  }
  if (f.invoiceId) {
    where.push("l.invoice_id = ?");
    args.push(f.invoiceId);
  }
  if (f.after) {
    where.push("(l.created_at > ? OR (l.created_at = ? AND l.id > ?))");
    args.push(f.after.at, f.after.at, f.after.id);
  }
  const sql = `SELECT l.* FROM recon_links l ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY l.created_at, l.id LIMIT ?`;
  const { results } = await env.DB.prepare(sql)
    .bind(...args, f.limit + 1)
    .all<LinkDbRow>();
  const page = results.slice(0, f.limit);
  const last = page.at(-1);
  return { links: page.map(linkView), next: results.length > f.limit && last ? { at: last.created_at, id: last.id } : null };
}

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

type InvoiceDbRow = {
  id: string;
  customer_tax_id: string | null;
  customer_name: string;
  po_number: string | null;
  amount_minor: number;
  currency: string;
  issue_date: string;
  due_date: string;
  status: string;
  status_reason: string | null;
  paid_minor: number;
  source: string;
  created_at: string;
  updated_at: string;
};

function invoiceView(r: InvoiceDbRow) {
  return {
    invoice_id: r.id,
    customer_tax_id: r.customer_tax_id,
    customer_name: r.customer_name,
    po_number: r.po_number,
    amount: formatMinor(r.amount_minor, r.currency),
    amount_minor: r.amount_minor,
    currency: r.currency,
    issue_date: r.issue_date,
    due_date: r.due_date,
    status: r.status,
    status_reason: r.status_reason,
    paid_amount: formatMinor(r.paid_minor, r.currency),
    paid_minor: r.paid_minor,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}
export type InvoiceView = ReturnType<typeof invoiceView>;

/** Keyset pagination over the invoice number (the primary key): a stable order. */
export async function listInvoices(env: Env, f: { status?: string; customer?: string; after?: string; limit: number }) {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.status) {
    where.push("status = ?");
    args.push(f.status);
  }
  if (f.customer) {
    where.push("(customer_tax_id = ? OR customer_name = ? COLLATE NOCASE)");
    args.push(f.customer, f.customer);
  }
  if (f.after) {
    where.push("id > ?");
    args.push(f.after);
  }
  const { results } = await env.DB.prepare(
    `SELECT * FROM invoices ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ?`,
  )
    .bind(...args, f.limit + 1)
    .all<InvoiceDbRow>();
  const page = results.slice(0, f.limit);
  return { invoices: page.map(invoiceView), next: results.length > f.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getInvoiceDetail(env: Env, id: string) {
  const [inv, lines, links, history, moves] = await env.DB.batch([
    env.DB.prepare("SELECT * FROM invoices WHERE id = ?").bind(id),
    env.DB.prepare("SELECT sku, qty FROM invoice_lines WHERE invoice_id = ? ORDER BY sku").bind(id),
    env.DB.prepare("SELECT * FROM recon_links WHERE invoice_id = ? ORDER BY created_at, id").bind(id),
    env.DB.prepare(
      "SELECT from_status, to_status, paid_minor, reason, actor, at FROM invoice_status_history WHERE invoice_id = ? ORDER BY at, id",
    ).bind(id),
    env.DB.prepare("SELECT sku, qty_delta, created_at FROM stock_moves WHERE invoice_id = ? ORDER BY sku").bind(id),
  ]);
  const row = inv.results[0] as InvoiceDbRow | undefined;
  if (!row) return null;
  return {
    invoice: invoiceView(row),
    lines: lines.results as { sku: string; qty: number }[],
    links: (links.results as LinkDbRow[]).map(linkView),
    history: (
      history.results as {
        from_status: string | null;
        to_status: string;
        paid_minor: number;
        reason: string | null;
        actor: string;
        at: string;
      }[]
    ).map((h) => ({
      from_status: h.from_status,
      to_status: h.to_status,
      paid_amount: formatMinor(h.paid_minor, row.currency),
      reason: h.reason,
      actor: h.actor,
      at: h.at,
    })),
    stock_moves: moves.results as { sku: string; qty_delta: number; created_at: string }[],
  };
}

// ---------------------------------------------------------------------------------------------
// Purchase orders, discrepancies, reference rule
// ---------------------------------------------------------------------------------------------

export async function listPurchaseOrders(env: Env, status?: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, supplier, sku, qty, status, reason, trigger_invoice_id, stock_after, created_at FROM purchase_orders
     ${status ? "WHERE status = ?" : ""} ORDER BY supplier, created_at, id LIMIT 1000`,
  )
    .bind(...(status ? [status] : []))
    .all<{
      id: string;
      supplier: string;
      sku: string;
      qty: number;
      status: string;
      reason: string;
      trigger_invoice_id: string | null;
      stock_after: number | null;
      created_at: string;
    }>();
  return results;
}

export async function listDiscrepancies(env: Env, f: { status?: string; kind?: string; after?: string; limit: number }) {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.status) {
    where.push("status = ?");
    args.push(f.status);
  }
  if (f.kind) {
    where.push("kind = ?");
    args.push(f.kind);
  }
  if (f.after) {
    where.push("id > ?");
    args.push(f.after);
  }
  const { results } = await env.DB.prepare(
    `SELECT id, kind, entry_key, wire_id, invoice_ids_json, import_id, reason, status, created_at, resolved_at, resolved_by FROM discrepancies
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ?`,
  )
    .bind(...args, f.limit + 1)
    .all<{
      id: string;
      kind: string;
      entry_key: string | null;
      wire_id: string | null;
      invoice_ids_json: string;
      import_id: string | null;
      reason: string;
      status: string;
      created_at: string;
      resolved_at: string | null;
      resolved_by: string | null;
    }>();
  const page = results.slice(0, f.limit);
  return {
    items: page.map(({ invoice_ids_json, ...d }) => ({ ...d, invoice_ids: JSON.parse(invoice_ids_json) as string[] })),
    next: results.length > f.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The seed rule over what D1 holds (optionally one customer's tax id), via recon/reference-rule.ts. */
export async function referenceReport(env: Env, customer?: string) {
  const [inv, ent] = await env.DB.batch([
    env.DB.prepare(
      `SELECT id AS invoice_id, customer_tax_id, customer_name, po_number, amount_minor, currency, issue_date, due_date FROM invoices
       ${customer ? "WHERE customer_tax_id = ?" : ""} ORDER BY id`,
    ).bind(...(customer ? [customer] : [])),
    env.DB.prepare(
      `SELECT natural_key, account, bank_ref, entry_ref, amount_minor, currency, direction, reversal, booking_date, value_date, sender_name, sender_tax_id, remittance, format
       FROM bank_entries WHERE direction = 'credit' ${customer ? "AND sender_tax_id = ?" : ""} ORDER BY booking_date, natural_key`,
    ).bind(...(customer ? [customer] : [])),
  ]);
  const invoices = inv.results as Invoice[];
  const entries = (ent.results as (BankEntry & { reversal: number | boolean })[]).map((e) => ({ ...e, reversal: Boolean(e.reversal) }));
  return referenceRule(invoices, entries).map((r) => ({
    invoice_id: r.invoice_id,
    wire_id: r.wire_id,
    invoice_amount: formatMinor(r.invoice_amount_minor, r.currency),
    wire_amount: formatMinor(r.wire_amount_minor, r.currency),
    currency: r.currency,
    day_diff: r.day_diff,
    verdict: r.verdict,
  }));
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  // A leading = + - @ would be a formula in a spreadsheet: quote it with a tick (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
