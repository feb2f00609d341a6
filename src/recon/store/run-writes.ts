import { newId } from "../../platform/ids";
import type { MatchDiff, ReviewQueueItem } from "../core/match-diff";
import { jsonParams } from "./chunks";

/**
 * A match run's diff (src/recon/core/match-diff.ts) as D1 statements, in the order they must run
 * inside the run's one transaction (after its lock). Every statement takes its rows as JSON
 * parameters chunked under D1's bound-size limit (jsonParams), so a run of any size is a few
 * statements, not one per row.
 */
export type RunWriteContext = { runId: string; importId: string | null; actor: string; now: string };

const LINK_INSERT = `INSERT INTO recon_links (id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, reasons_json, customer_tax_id, booking_date, import_id, created_at)
   SELECT j.value ->> '$.id', j.value ->> '$.invoice_id', j.value ->> '$.entry_key', j.value ->> '$.wire_id', j.value ->> '$.allocated_minor', j.value ->> '$.currency',
          j.value ->> '$.status', j.value ->> '$.confidence', j.value ->> '$.reason', j.value ->> '$.reasons_json', j.value ->> '$.customer_tax_id',
          j.value ->> '$.booking_date', ?2, ?3
   FROM json_each(?1) AS j WHERE true ON CONFLICT DO NOTHING`;

export function diffStatements(env: Env, diff: MatchDiff, run: RunWriteContext): D1PreparedStatement[] {
  const { runId, importId, actor, now } = run;
  const statements: D1PreparedStatement[] = [];
  for (const p of jsonParams(diff.linkDeletes)) {
    statements.push(
      env.DB.prepare("DELETE FROM recon_links WHERE id IN (SELECT value FROM json_each(?1)) AND status IN ('REVIEW','UNMATCHED')").bind(p),
    );
  }
  for (const p of jsonParams(diff.linkInserts)) statements.push(env.DB.prepare(LINK_INSERT).bind(p, importId, now));
  for (const p of jsonParams(diff.entryUpdates)) {
    statements.push(
      env.DB.prepare(
        `UPDATE bank_entries SET allocated_minor = u.value ->> '$.allocated_minor', match_status = u.value ->> '$.match_status',
           -- SQLite's clock when this statement runs, i.e. after the links above it in the same
           -- transaction: "link written" time for the per-payment latency (bench/recon-e2e.mjs).
           -- Whole ms, exact (no float), truncated like Date.now() (enqueued_at_ms): an unbiased difference.
           matched_at_ms = coalesce(matched_at_ms, CAST(strftime('%s', 'now') AS INTEGER) * 1000 + CAST(substr(strftime('%f', 'now'), 4) AS INTEGER))
         FROM json_each(?1) AS u WHERE bank_entries.natural_key = u.value ->> '$.natural_key'`,
      ).bind(p),
    );
  }
  for (const p of jsonParams(diff.invoiceChanges)) {
    statements.push(
      env.DB.prepare(
        `UPDATE invoices SET status = u.value ->> '$.status', paid_minor = u.value ->> '$.paid_minor', status_reason = u.value ->> '$.reason', updated_at = ?2
         FROM json_each(?1) AS u WHERE invoices.id = u.value ->> '$.id'`,
      ).bind(p, now),
      env.DB.prepare(
        `INSERT INTO invoice_status_history (id, invoice_id, from_status, to_status, paid_minor, reason, actor, at)
         SELECT ?2 || '_' || (u.value ->> '$.id'), u.value ->> '$.id', u.value ->> '$.from', u.value ->> '$.status', u.value ->> '$.paid_minor', u.value ->> '$.reason', ?3, ?4
         FROM json_each(?1) AS u WHERE u.value ->> '$.moved' = 1 ON CONFLICT DO NOTHING`,
      ).bind(p, runId, actor, now),
    );
  }
  statements.push(...stockStatements(env, runId, diff.stockMoveInvoices, now));
  if (diff.stockReviews.length) {
    statements.push(
      ...discrepancyInserts(
        env,
        diff.stockReviews,
        importId,
        now,
        `EXISTS (SELECT 1 FROM stock_moves m WHERE m.invoice_id = json_extract(j.value ->> '$.invoice_ids_json', '$[0]'))`,
      ),
    );
  }
  // The review queue (deduplicated by kind + subject), and auto-resolution of what got matched since.
  statements.push(...discrepancyInserts(env, diff.reviewItems, importId, now));
  for (const p of jsonParams(diff.settledEntries)) {
    statements.push(
      env.DB.prepare(
        `UPDATE discrepancies SET status = 'RESOLVED', resolved_at = ?2, resolved_by = 'agent:reconciliation'
         WHERE status = 'OPEN' AND kind IN ('UNMATCHED_ENTRY','AMBIGUOUS') AND entry_key IN (SELECT value FROM json_each(?1))`,
      ).bind(p, now),
    );
  }
  return statements;
}

/** Review-queue rows; ids are `<fresh id>_d<index>` so chunks of one run never collide. */
function discrepancyInserts(
  env: Env,
  rows: readonly ReviewQueueItem[],
  importId: string | null,
  now: string,
  guard = "true",
): D1PreparedStatement[] {
  return jsonParams(rows).map((p) =>
    env.DB.prepare(
      `INSERT INTO discrepancies (id, kind, dedupe_key, entry_key, wire_id, invoice_ids_json, import_id, reason, candidates_json, status, created_at)
       SELECT ?2 || '_d' || j.key, j.value ->> '$.kind', j.value ->> '$.dedupe_key', j.value ->> '$.entry_key', j.value ->> '$.wire_id',
              j.value ->> '$.invoice_ids_json', ?3, j.value ->> '$.reason', coalesce(j.value ->> '$.candidates_json', '[]'), 'OPEN', ?4
       FROM json_each(?1) AS j WHERE ${guard} ON CONFLICT DO NOTHING`,
    ).bind(p, newId("dsc"), importId, now),
  );
}

/**
 * Stock effect of fully paid invoices, exactly once: the stock_moves insert is keyed
 * UNIQUE (invoice_id, sku); moves created by THIS run carry the run's id prefix, and only those
 * decrement products.stock and may open a purchase-order draft (one open draft per SKU).
 */
export function stockStatements(env: Env, runId: string, invoiceIds: string[], now: string): D1PreparedStatement[] {
  if (invoiceIds.length === 0) return [];
  const lo = `${runId}:`;
  const hi = `${runId};`;
  const out: D1PreparedStatement[] = [];
  for (const p of jsonParams(invoiceIds)) {
    out.push(
      env.DB.prepare(
        `INSERT INTO stock_moves (id, invoice_id, sku, qty_delta, created_at)
         SELECT ?2 || l.invoice_id || ':' || l.sku, l.invoice_id, l.sku, -l.qty, ?3
         FROM invoice_lines l WHERE l.invoice_id IN (SELECT value FROM json_each(?1))
         ON CONFLICT DO NOTHING`,
      ).bind(p, lo, now),
    );
  }
  out.push(
    env.DB.prepare(
      `UPDATE products SET stock = stock + (SELECT sum(m.qty_delta) FROM stock_moves m WHERE m.sku = products.sku AND m.id >= ?1 AND m.id < ?2), updated_at = ?3
       WHERE stock IS NOT NULL AND sku IN (SELECT sku FROM stock_moves WHERE id >= ?1 AND id < ?2)`,
    ).bind(lo, hi, now),
    env.DB.prepare(
      `INSERT INTO purchase_orders (id, supplier, sku, qty, status, reason, trigger_invoice_id, stock_after, created_at)
       SELECT 'po_' || ?4 || '_' || p.sku, p.supplier, p.sku, p.reorder_qty, 'DRAFT',
              'stock ' || p.stock || ' fell below the reorder point ' || p.reorder_point,
              (SELECT m.invoice_id FROM stock_moves m WHERE m.sku = p.sku AND m.id >= ?1 AND m.id < ?2 ORDER BY m.id LIMIT 1), p.stock, ?3
       FROM products p
       WHERE p.sku IN (SELECT sku FROM stock_moves WHERE id >= ?1 AND id < ?2)
         AND p.stock IS NOT NULL AND p.reorder_point IS NOT NULL AND p.stock < p.reorder_point
         AND p.supplier IS NOT NULL AND coalesce(p.reorder_qty, 0) > 0
       ON CONFLICT DO NOTHING`,
    ).bind(lo, hi, now, runId),
    env.DB.prepare(
      `INSERT INTO discrepancies (id, kind, dedupe_key, entry_key, wire_id, invoice_ids_json, import_id, reason, status, created_at)
       SELECT ?4 || '_s_' || p.sku, 'STOCK_SHORTAGE', 'STOCK_SHORTAGE|' || p.sku || '|' || ?4, NULL, NULL,
              json_array((SELECT m.invoice_id FROM stock_moves m WHERE m.sku = p.sku AND m.id >= ?1 AND m.id < ?2 ORDER BY m.id LIMIT 1)), NULL,
              'stock of ' || p.sku || ' is ' || p.stock || ' after paid invoices: more sold than on hand', 'OPEN', ?3
       FROM products p WHERE p.sku IN (SELECT sku FROM stock_moves WHERE id >= ?1 AND id < ?2) AND p.stock < 0
       ON CONFLICT DO NOTHING`,
    ).bind(lo, hi, now, runId),
  );
  return out;
}
