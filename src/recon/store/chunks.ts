import { entryMatchKeys, invoiceMatchKeys } from "../core/match-keys";
import { wireIdOf } from "../core/natural-key";
import type { BankEntry, Invoice } from "../core/types";

/**
 * D1 writes of one queue chunk. Every statement is idempotent (natural keys + ON CONFLICT DO
 * NOTHING), so a redelivered chunk changes nothing, and the chunk's statements go in one
 * `DB.batch` (one transaction): a chunk is applied entirely or not at all.
 *
 * Rows travel as one JSON parameter read back with `json_each`: D1 caps bound parameters at 100
 * per statement, and a 20-column entry would otherwise need a statement per 4 rows.
 */

/** D1 caps a single string value at ~2 MB; stay far below it. */
const MAX_JSON_PARAM_BYTES = 400_000;

/** Splits rows into JSON arrays each under MAX_JSON_PARAM_BYTES. */
export function jsonParams(rows: readonly unknown[], maxBytes = MAX_JSON_PARAM_BYTES): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (parts.length && size + json.length + 1 > maxBytes) {
      out.push(`[${parts.join(",")}]`);
      parts = [];
      size = 2;
    }
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length) out.push(`[${parts.join(",")}]`);
  return out;
}

export type ChunkOutcome = { items: number; inserted: number; duplicates: number; currencies: string[] };

export async function applyInvoiceChunk(env: Env, jobId: string, seq: number, invoices: Invoice[]): Promise<ChunkOutcome> {
  const now = new Date().toISOString();
  const lines = invoices.flatMap((inv) => (inv.lines ?? []).map((l) => ({ invoice_id: inv.invoice_id, sku: l.sku, qty: l.qty })));
  const ids = JSON.stringify(invoices.map((i) => i.invoice_id));
  const stmts: D1PreparedStatement[] = [];
  const keyed = invoices.map((inv) => ({ inv, k: invoiceMatchKeys(inv) }));
  stmts.push(
    ...versionBumps(
      env,
      "invoices",
      keyed.map(({ inv, k }) => [inv.invoice_id, inv.currency, k.keys]),
    ),
  );
  for (const param of jsonParams(
    keyed.map(({ inv, k }) => ({ ...inv, lines: undefined, tax_norm: k.tax_norm, name_first: k.name_first })),
  )) {
    stmts.push(
      env.DB.prepare(
        `INSERT INTO invoices (id, customer_tax_id, customer_name, po_number, amount_minor, currency, issue_date, due_date, status, paid_minor, source, import_id, created_at, updated_at,
                              tax_norm, name_first, keyed)
         SELECT j.value ->> '$.invoice_id', j.value ->> '$.customer_tax_id', j.value ->> '$.customer_name', j.value ->> '$.po_number',
                j.value ->> '$.amount_minor', j.value ->> '$.currency', j.value ->> '$.issue_date', j.value ->> '$.due_date',
                'UNPAID', 0, 'upload', ?2, ?3, ?3, j.value ->> '$.tax_norm', j.value ->> '$.name_first', 1
         FROM json_each(?1) AS j WHERE true
         ON CONFLICT DO NOTHING`,
      ).bind(param, jobId, now),
    );
  }
  // Match keys (for a re-imported invoice number: the same keys, a no-op).
  stmts.push(
    ...keyInserts(
      env,
      "invoice_keys",
      keyed.flatMap(({ inv, k }) => k.keys.map((key): [string, string] => [inv.invoice_id, key])),
    ),
  );
  // Lines only for invoices this job created: a re-import never adds lines to an existing invoice.
  for (const param of jsonParams(lines)) {
    stmts.push(
      env.DB.prepare(
        `INSERT INTO invoice_lines (invoice_id, sku, qty)
         SELECT j.value ->> '$.invoice_id', j.value ->> '$.sku', j.value ->> '$.qty' FROM json_each(?1) AS j
         WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.id = j.value ->> '$.invoice_id' AND i.import_id = ?2)
         ON CONFLICT DO NOTHING`,
      ).bind(param, jobId),
    );
  }
  stmts.push(
    env.DB.prepare(
      `INSERT INTO invoice_status_history (id, invoice_id, from_status, to_status, paid_minor, reason, actor, at)
       SELECT 'ish_' || i.id || '_created', i.id, NULL, 'UNPAID', 0, 'imported', 'import:' || ?2, ?3
       FROM invoices i WHERE i.import_id = ?2 AND i.id IN (SELECT value FROM json_each(?1))
       ON CONFLICT DO NOTHING`,
    ).bind(ids, jobId, now),
    chunkRecord(
      env,
      jobId,
      seq,
      invoices.length,
      `SELECT count(*) FROM invoices WHERE import_id = ?1 AND id IN (SELECT value FROM json_each(?5))`,
      ids,
      now,
    ),
    chunkRead(env, jobId, seq),
  );
  return chunkOutcome(await env.DB.batch(stmts), jobId, seq, [...new Set(invoices.map((i) => i.currency))]);
}

/** `jobId` null: entries that come from elsewhere (a Stripe payment event): no chunk bookkeeping. */
export async function applyEntryChunk(
  env: Env,
  jobId: string | null,
  seq: number,
  enqueuedAtMs: number,
  entries: BankEntry[],
): Promise<ChunkOutcome> {
  const stmts = entryChunkStatements(env, jobId, seq, enqueuedAtMs, entries);
  const currencies = [...new Set(entries.map((e) => e.currency))];
  const results = await env.DB.batch(stmts);
  if (jobId === null) {
    const inserted = results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
    return { items: entries.length, inserted, duplicates: entries.length - inserted, currencies };
  }
  return chunkOutcome(results, jobId, seq, currencies);
}

/**
 * The statements of one entry chunk: the inserts, then (for an import job) the chunk's record and
 * a read of it as the last statement (see chunkOutcome). Exported so the real-time path can write
 * them in the same transaction as their links.
 */
export function entryChunkStatements(
  env: Env,
  jobId: string | null,
  seq: number,
  enqueuedAtMs: number,
  entries: BankEntry[],
  opts: { readBack?: boolean } = {},
): D1PreparedStatement[] {
  const now = new Date().toISOString();
  const stmts: D1PreparedStatement[] = [];
  const keyed = entries.map((e) => ({ e, k: entryMatchKeys(e) }));
  const rows = keyed.map(({ e, k }) => ({ ...e, raw: undefined, wire_id: wireIdOf(e), tax_norm: k.tax_norm, name_first: k.name_first }));
  stmts.push(
    ...versionBumps(
      env,
      "bank_entries",
      keyed.map(({ e, k }) => [e.natural_key, e.currency, k.keys]),
    ),
  );
  for (const param of jsonParams(rows)) {
    stmts.push(
      env.DB.prepare(
        `INSERT INTO bank_entries (natural_key, entry_ref, bank_ref, wire_id, account, amount_minor, currency, direction, reversal, booking_date, value_date,
                                  sender_name, sender_tax_id, remittance, format, import_id, allocated_minor, match_status, enqueued_at_ms, created_at,
                                  tax_norm, name_first, keyed)
         SELECT j.value ->> '$.natural_key', j.value ->> '$.entry_ref', j.value ->> '$.bank_ref', j.value ->> '$.wire_id', j.value ->> '$.account',
                j.value ->> '$.amount_minor', j.value ->> '$.currency', j.value ->> '$.direction', coalesce(j.value ->> '$.reversal', 0),
                j.value ->> '$.booking_date', j.value ->> '$.value_date', j.value ->> '$.sender_name', j.value ->> '$.sender_tax_id',
                coalesce(j.value ->> '$.remittance', ''), j.value ->> '$.format', ?2, 0,
                CASE WHEN j.value ->> '$.direction' = 'credit' THEN 'PENDING' ELSE 'DEBIT' END, ?3, ?4,
                j.value ->> '$.tax_norm', j.value ->> '$.name_first', 1
         FROM json_each(?1) AS j WHERE true
         ON CONFLICT DO NOTHING`,
      ).bind(param, jobId, enqueuedAtMs, now),
    );
  }
  // The remittance references, for focused runs (a re-delivered copy adds the same keys: no-op).
  stmts.push(
    ...keyInserts(
      env,
      "entry_keys",
      keyed.flatMap(({ e, k }) => k.keys.map((key): [string, string] => [e.natural_key, key])),
    ),
  );
  if (jobId === null) return stmts;
  const keys = JSON.stringify(entries.map((e) => e.natural_key));
  stmts.push(
    chunkRecord(
      env,
      jobId,
      seq,
      entries.length,
      `SELECT count(*) FROM bank_entries WHERE import_id = ?1 AND natural_key IN (SELECT value FROM json_each(?5))`,
      keys,
      now,
    ),
  );
  if (opts.readBack !== false) stmts.push(chunkRead(env, jobId, seq));
  return stmts;
}

/**
 * Put before a chunk's inserts: bumps the version of each currency in which the chunk adds
 * a row or a match key (a redelivered chunk adds neither, and bumps nothing). With the match runs'
 * own locks, every change to what a match run reads bumps the version — which is what lets the
 * real-time ledger (src/recon/object/ledger-owner.ts) keep a currency's open ledger in memory and
 * trust one compare-and-swap instead of reading before it writes.
 */
export function versionBumps(
  env: Env,
  table: "invoices" | "bank_entries",
  rows: [id: string, currency: string, keys: string[]][],
): D1PreparedStatement[] {
  const [pk, keyTable, owner] = table === "invoices" ? ["id", "invoice_keys", "invoice_id"] : ["natural_key", "entry_keys", "entry_key"];
  return jsonParams(rows).map((p) =>
    env.DB.prepare(
      `INSERT INTO recon_scopes (scope, version)
       SELECT DISTINCT j.value ->> '$[1]', 1 FROM json_each(?1) AS j
        WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${pk} = j.value ->> '$[0]')
           OR EXISTS (SELECT 1 FROM json_each(j.value -> '$[2]') AS k
                       WHERE NOT EXISTS (SELECT 1 FROM ${keyTable} x WHERE x.${owner} = j.value ->> '$[0]' AND x.key = k.value))
       ON CONFLICT (scope) DO UPDATE SET version = version + 1`,
    ).bind(p),
  );
}

/** Rows of entry_keys / invoice_keys as [row id, key] pairs, one statement per JSON chunk. */
export function keyInserts(env: Env, table: "entry_keys" | "invoice_keys", pairs: [string, string][]): D1PreparedStatement[] {
  const owner = table === "entry_keys" ? "entry_key" : "invoice_id";
  return jsonParams(pairs).map((p) =>
    env.DB.prepare(
      `INSERT INTO ${table} (${owner}, key) SELECT j.value ->> '$[0]', j.value ->> '$[1]' FROM json_each(?1) AS j WHERE true ON CONFLICT DO NOTHING`,
    ).bind(p),
  );
}

/**
 * The chunk's first application records how many rows it inserted; a redelivery finds the row
 * and leaves the counts as they were (ON CONFLICT DO NOTHING).
 */
function chunkRecord(
  env: Env,
  jobId: string,
  seq: number,
  items: number,
  insertedSql: string,
  keysJson: string,
  now: string,
): D1PreparedStatement {
  return env.DB.prepare(
    `WITH c(n) AS (${insertedSql})
     INSERT INTO import_chunks (import_id, seq, items, inserted, duplicates, done_at)
     SELECT ?1, ?2, ?3, c.n, ?3 - c.n, ?4 FROM c WHERE true
     ON CONFLICT DO NOTHING`,
  ).bind(jobId, seq, items, now, keysJson);
}

/** The chunk's row, read at the end of the chunk's own batch (no extra round trip). */
export function chunkRead(env: Env, jobId: string, seq: number): D1PreparedStatement {
  return env.DB.prepare("SELECT items, inserted, duplicates FROM import_chunks WHERE import_id = ? AND seq = ?").bind(jobId, seq);
}

function chunkOutcome(results: D1Result[], jobId: string, seq: number, currencies: string[]): ChunkOutcome {
  const row = results.at(-1)?.results[0] as { items: number; inserted: number; duplicates: number } | undefined;
  if (!row) throw new Error(`chunk ${jobId}#${seq} was not recorded`);
  return { ...row, currencies };
}

/**
 * Recomputes a job's progress from its chunk rows (so concurrent or repeated updates converge)
 * and closes it when every chunk is in: `done`, or `partial` when rows were refused at parse
 * time or the statement was flagged (errors_json not empty).
 */
export async function refreshJob(env: Env, jobId: string): Promise<void> {
  await refreshJobStatement(env, jobId).run();
}

export function refreshJobStatement(env: Env, jobId: string): D1PreparedStatement {
  const now = new Date();
  return env.DB.prepare(
    `UPDATE imports SET
       chunks_done = (SELECT count(*) FROM import_chunks WHERE import_id = ?1),
       inserted_items = (SELECT coalesce(sum(inserted), 0) FROM import_chunks WHERE import_id = ?1),
       duplicate_items = (SELECT coalesce(sum(duplicates), 0) FROM import_chunks WHERE import_id = ?1),
       links_written = CASE WHEN (SELECT count(*) FROM import_chunks WHERE import_id = ?1) < chunks_total THEN links_written
         WHEN kind = 'invoices' THEN (SELECT count(*) FROM recon_links l JOIN invoices i ON i.id = l.invoice_id WHERE i.import_id = ?1 AND l.status IN ('VERIFIED','MANUAL'))
         ELSE (SELECT count(*) FROM recon_links l JOIN bank_entries e ON e.natural_key = l.entry_key WHERE e.import_id = ?1 AND l.status IN ('VERIFIED','MANUAL')) END,
       status = CASE
         WHEN (SELECT count(*) FROM import_chunks WHERE import_id = ?1) < chunks_total THEN 'processing'
         WHEN errors_json <> '[]' THEN 'partial'
         ELSE 'done' END,
       finished_at = CASE WHEN (SELECT count(*) FROM import_chunks WHERE import_id = ?1) >= chunks_total THEN coalesce(finished_at, ?2) ELSE NULL END,
       latency_ms = CASE WHEN (SELECT count(*) FROM import_chunks WHERE import_id = ?1) >= chunks_total
         THEN coalesce(latency_ms, (julianday(?2) - julianday(created_at)) * 86400000.0) ELSE NULL END
     WHERE id = ?1 AND status NOT IN ('failed')`,
  ).bind(jobId, now.toISOString());
}

/** A real-time job's row and its payments with their links, read at the end of its write (src/recon/realtime.ts). */
export function outcomeReads(env: Env, jobId: string, entries: readonly BankEntry[]): D1PreparedStatement[] {
  const keys = JSON.stringify(entries.map((e) => e.natural_key));
  return [
    env.DB.prepare("SELECT status, inserted_items, duplicate_items, links_written FROM imports WHERE id = ?").bind(jobId),
    env.DB.prepare(
      `SELECT e.natural_key, e.wire_id, e.amount_minor, e.currency, e.direction, e.booking_date, e.match_status,
              (SELECT json_group_array(json_object('invoice_id', l.invoice_id, 'allocated_minor', l.allocated_minor, 'status', l.status, 'confidence', l.confidence, 'reason', l.reason))
                 FROM recon_links l WHERE l.entry_key = e.natural_key AND l.invoice_id IS NOT NULL AND l.status IN ('VERIFIED','MANUAL','REVIEW')) AS links_json
       FROM bank_entries e WHERE e.natural_key IN (SELECT value FROM json_each(?1)) ORDER BY e.booking_date, e.natural_key`,
    ).bind(keys),
  ];
}
