import { getConfig } from "../config";
import { elapsedMs, log } from "../platform/log";
import { Ledger, type LedgerEntry, type LedgerInvoice } from "./core/ledger";
import type { LedgerStats } from "../durable/recon-ledger";
import type { BankEntry, LinkRow } from "./core/types";
import {
  backfillMatchKeys,
  ENTRY_COLS,
  INVOICE_COLS,
  LINK_COLS,
  OPEN_ENTRY,
  writeMatchRun,
  type MatchRunSummary,
  type RunOptions,
} from "./match-run";

/**
 * D1 side of the real-time ledger (src/recon/core/ledger.ts holds it, src/durable/recon-ledger.ts owns
 * one per currency). A payment reconciled against it costs one D1 round trip: its scope comes
 * from memory, and the write transaction
 *   1. checks that the scope version is still the ledger's (nobody else wrote since: every match
 *      run bumps it through its lock, every import through scopeBumps), that no bulk run holds the
 *      currency, and that the payments it treats as new are still unknown — else the whole
 *      transaction is refused (recon_scopes_version) and the owner reloads;
 *   2. stores the payments, their links and everything else a match run writes;
 *   3. reads back the rows it decided and the version it left, which the ledger takes over.
 */

const DECIDED = "('VERIFIED','MANUAL','REVIEW','REJECTED','UNMATCHED')";
const OPEN_CREDIT = `match_status IN ${OPEN_ENTRY} AND direction = 'credit' AND allocated_minor < amount_minor`;

export type LedgerHead = { version: number; busy: boolean; stored: Set<string> };

/** One small read: the scope's version and lease, and which of `focus` are stored already. */
export async function readLedgerHead(env: Env, currency: string, focus: readonly BankEntry[]): Promise<LedgerHead> {
  const [head, stored] = await env.DB.batch([
    env.DB.prepare("SELECT version, busy_until_ms FROM recon_scopes WHERE scope = ?").bind(currency),
    env.DB.prepare("SELECT natural_key FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?1))").bind(
      JSON.stringify(focus.map((e) => e.natural_key)),
    ),
  ]);
  const row = head.results[0] as { version: number; busy_until_ms: number | null } | undefined;
  return {
    version: row?.version ?? -1,
    busy: row?.busy_until_ms != null && row.busy_until_ms > Date.now(),
    stored: new Set((stored.results as { natural_key: string }[]).map((r) => r.natural_key)),
  };
}

/**
 * The currency's ledger, read in one transaction (a consistent snapshot at one version), after
 * backfilling match keys of rows from before migration 0040. null when it holds more than
 * `maxRows` invoices or open credits: then the owner keeps reading per payment from D1.
 */
export async function loadLedger(env: Env, currency: string, maxRows: number): Promise<Ledger | null> {
  const started = performance.now();
  await backfillMatchKeys(env, currency);
  const open = `SELECT natural_key FROM bank_entries WHERE currency = ?1 AND ${OPEN_CREDIT}`;
  const [, version, invoices, invoiceKeys, entries, entryKeys, links] = await env.DB.batch([
    env.DB.prepare("INSERT INTO recon_scopes (scope, version) VALUES (?, 0) ON CONFLICT DO NOTHING").bind(currency),
    env.DB.prepare("SELECT version FROM recon_scopes WHERE scope = ?").bind(currency),
    env.DB.prepare(`SELECT ${INVOICE_COLS}, tax_norm, name_first FROM invoices WHERE currency = ?1 ORDER BY id LIMIT ?2`).bind(
      currency,
      maxRows + 1,
    ),
    env.DB.prepare(
      "SELECT k.invoice_id AS id, k.key FROM invoice_keys k JOIN invoices i ON i.id = k.invoice_id WHERE i.currency = ?1",
    ).bind(currency),
    env.DB.prepare(`SELECT ${ENTRY_COLS}, tax_norm, name_first FROM bank_entries WHERE currency = ?1 AND ${OPEN_CREDIT} LIMIT ?2`).bind(
      currency,
      maxRows + 1,
    ),
    env.DB.prepare(`SELECT entry_key AS id, key FROM entry_keys WHERE entry_key IN (${open})`).bind(currency),
    env.DB.prepare(
      `SELECT ${LINK_COLS} FROM recon_links WHERE invoice_id IN (SELECT id FROM invoices WHERE currency = ?1) AND +status IN ('VERIFIED','MANUAL')
       UNION
       SELECT ${LINK_COLS} FROM recon_links WHERE entry_key IN (${open}) AND +status IN ${DECIDED}`,
    ).bind(currency),
  ]);
  if (invoices.results.length > maxRows || entries.results.length > maxRows) {
    log({ event: "recon.ledger_too_large", currency, max_rows: maxRows, outcome: "per_payment_reads" }, "warn");
    return null;
  }
  const pairs = (r: D1Result) => (r.results as { id: string; key: string }[]).map((x): [string, string] => [x.id, x.key]);
  const ledger = new Ledger(currency, {
    version: (version.results[0] as { version: number }).version,
    invoices: invoices.results as LedgerInvoice[],
    invoiceKeys: pairs(invoiceKeys),
    entries: entries.results as LedgerEntry[],
    entryKeys: pairs(entryKeys),
    links: links.results as LinkRow[],
  });
  log({ event: "recon.ledger_loaded", currency, version: ledger.version, ...ledger.size, latency_ms: elapsedMs(started), outcome: "ok" });
  return ledger;
}

/**
 * One focused match run of `focus` against the ledger: scope from memory, one write transaction
 * (see the module comment), then the ledger takes over what the write read back. A refused lock
 * throws (isCasConflict) with nothing written and the ledger untouched: the owner reloads.
 * `stored`: payments known to be stored though no longer open (from readLedgerHead).
 */
export async function reconcileFromLedger(
  env: Env,
  ledger: Ledger,
  focus: readonly BankEntry[],
  opts: Pick<RunOptions, "importId" | "store" | "after" | "onAfter">,
  stored?: ReadonlySet<string>,
): Promise<MatchRunSummary> {
  const started = performance.now();
  const { scope, fresh } = ledger.scopeFor(focus, stored);
  const invoiceIds = scope.invoices.map((i) => i.invoice_id);
  const entryKeys = scope.entries.map((e) => e.natural_key);
  const ids = JSON.stringify(invoiceIds);
  const keys = JSON.stringify(entryKeys);
  const guard = env.DB.prepare(
    `UPDATE recon_scopes SET updated_at = ?4, version = CASE
       WHEN version = ?2 AND coalesce(busy_until_ms, 0) <= ?5 AND NOT EXISTS (SELECT 1 FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?3)))
       THEN version + 1 ELSE -1 END
     WHERE scope = ?1`,
  ).bind(scope.currency, ledger.version, JSON.stringify(fresh), new Date().toISOString(), Date.now());
  const readBack = [
    env.DB.prepare(`SELECT ${INVOICE_COLS}, tax_norm, name_first FROM invoices WHERE id IN (SELECT value FROM json_each(?1))`).bind(ids),
    env.DB.prepare(
      `SELECT ${ENTRY_COLS}, tax_norm, name_first FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?1))`,
    ).bind(keys),
    env.DB.prepare(
      `SELECT ${LINK_COLS} FROM recon_links WHERE invoice_id IN (SELECT value FROM json_each(?1)) AND +status IN ${DECIDED}
       UNION
       SELECT ${LINK_COLS} FROM recon_links WHERE entry_key IN (SELECT value FROM json_each(?2)) AND +status IN ${DECIDED}`,
    ).bind(ids, keys),
    env.DB.prepare("SELECT version FROM recon_scopes WHERE scope = ?").bind(scope.currency),
  ];
  const after = opts.after ?? [];
  let back: D1Result[] = [];
  const summary = await writeMatchRun(
    env,
    scope,
    [],
    {
      importId: opts.importId,
      // The guard goes first even when the run decides nothing, so the read-back is always of a
      // version the ledger has seen every change of.
      store: () => [guard, ...(opts.store ? opts.store() : [])],
      after: [...after, ...readBack],
      onAfter: (results) => {
        opts.onAfter?.(results.slice(0, after.length));
        back = results.slice(after.length);
      },
    },
    { attempt: 1, started, loadMs: 0, mode: "ledger" },
  );
  const [inv, ent, lnk, ver] = back;
  ledger.apply(
    {
      version: (ver.results[0] as { version: number }).version,
      invoices: inv.results as LedgerInvoice[],
      entries: ent.results as LedgerEntry[],
      links: lnk.results as LinkRow[],
      invoiceIds,
      entryKeys,
    },
    focus.filter((e) => fresh.includes(e.natural_key)),
  );
  return summary;
}

/**
 * Called by every writer of a currency other than its ledger object (the queue consumer, manual
 * resolutions, the sweep): the object reads the currency again RECON_LEDGER_WARM_MS after the last
 * such call, instead of the next payment waiting for that read. Never fails its caller.
 */
export async function warmLedger(env: Env, currency: string): Promise<void> {
  const ms = getConfig(env).RECON_LEDGER_WARM_MS;
  if (ms <= 0) return;
  try {
    await env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency)).warm(currency, ms);
  } catch (err) {
    log(
      { event: "recon.ledger_warm_failed", currency, error: err instanceof Error ? err.message : String(err), outcome: "skipped" },
      "warn",
    );
  }
}

/** What the currencies' ledger objects hold and did (the finance API and the dashboard show it). */
export async function ledgerStats(env: Env, currencies: string[]): Promise<({ currency: string } & LedgerStats)[]> {
  return Promise.all(
    currencies.map(async (currency) => ({ currency, ...(await env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency)).stats()) })),
  );
}
