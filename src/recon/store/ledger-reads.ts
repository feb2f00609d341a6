import { elapsedMs, log } from "../../platform/log";
import { Ledger, type LedgerEntry, type LedgerInvoice } from "../core/ledger";
import { aliasRows, liveAliasesStatement } from "./aliases";
import type { BankEntry, LinkRow } from "../core/types";
import { backfillMatchKeys } from "./match-key-backfill";
import { ENTRY_COLS, INVOICE_COLS, LINK_COLS, OPEN_ENTRY } from "./scope-reads";
import { lockRowStatement } from "./scope-locks";

/**
 * The reads of a currency's ledger (src/recon/core/ledger.ts, held by its ledger object): the
 * one-row head check, the whole open ledger, and what a ledger run's write reads back so the
 * ledger takes it over.
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
export async function readLedger(env: Env, currency: string, maxRows: number): Promise<Ledger | null> {
  const started = performance.now();
  await backfillMatchKeys(env, currency);
  const open = `SELECT natural_key FROM bank_entries WHERE currency = ?1 AND ${OPEN_CREDIT}`;
  const [, version, invoices, invoiceKeys, entries, entryKeys, links, aliases] = await env.DB.batch([
    lockRowStatement(env, currency),
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
    liveAliasesStatement(env),
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
    aliases: aliasRows(aliases),
  });
  log({ event: "recon.ledger_loaded", currency, version: ledger.version, ...ledger.size, latency_ms: elapsedMs(started), outcome: "ok" });
  return ledger;
}

/**
 * Read at the end of a ledger run's write transaction: the rows it decided (the scope's invoices
 * and entries, and their decided links) and the version it left, in that order (see ledgerRowsOf).
 */
export function ledgerReadBack(
  env: Env,
  currency: string,
  invoiceIds: readonly string[],
  entryKeys: readonly string[],
): D1PreparedStatement[] {
  const ids = JSON.stringify(invoiceIds);
  const keys = JSON.stringify(entryKeys);
  return [
    env.DB.prepare(`SELECT ${INVOICE_COLS}, tax_norm, name_first FROM invoices WHERE id IN (SELECT value FROM json_each(?1))`).bind(ids),
    env.DB.prepare(
      `SELECT ${ENTRY_COLS}, tax_norm, name_first FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?1))`,
    ).bind(keys),
    env.DB.prepare(
      `SELECT ${LINK_COLS} FROM recon_links WHERE invoice_id IN (SELECT value FROM json_each(?1)) AND +status IN ${DECIDED}
       UNION
       SELECT ${LINK_COLS} FROM recon_links WHERE entry_key IN (SELECT value FROM json_each(?2)) AND +status IN ${DECIDED}`,
    ).bind(ids, keys),
    env.DB.prepare("SELECT version FROM recon_scopes WHERE scope = ?").bind(currency),
  ];
}

/** The read-back of ledgerReadBack as the rows the ledger takes over. */
export function ledgerRowsOf(back: D1Result[]): { version: number; invoices: LedgerInvoice[]; entries: LedgerEntry[]; links: LinkRow[] } {
  const [inv, ent, lnk, ver] = back;
  return {
    version: (ver.results[0] as { version: number }).version,
    invoices: inv.results as LedgerInvoice[],
    entries: ent.results as LedgerEntry[],
    links: lnk.results as LinkRow[],
  };
}
