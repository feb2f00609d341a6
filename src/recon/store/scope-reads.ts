import { payersOf } from "../core/match-keys";
import { payerKeyOf } from "../core/payer-alias";
import { aliasesOfPayersStatement, aliasRows, liveAliasesStatement } from "./aliases";
import type { BankEntry, EntryRow, InvoiceRow, LinkRow, Scope } from "../core/types";
import { lockRowStatement } from "./scope-locks";

export const INVOICE_COLS = `id AS invoice_id, customer_tax_id, customer_name, po_number, amount_minor, currency, issue_date, due_date, status, paid_minor, status_reason,
  EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = invoices.id) AS has_lines`;
export const ENTRY_COLS = `natural_key, account, bank_ref, entry_ref, wire_id, amount_minor, currency, direction, reversal, booking_date, value_date,
  sender_name, sender_tax_id, remittance, format, allocated_minor, match_status`;
export const LINK_COLS = "id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, reasons_json";
export const OPEN_ENTRY = "('PENDING','UNMATCHED','REVIEW','PARTIAL')";
export const OPEN_INVOICE = "('UNPAID','PARTIAL','DISCREPANCY')";

/**
 * What a match run looks at, read in one transaction (a consistent snapshot) after making sure the
 * scope's lock row exists. Not the whole ledger — the open part of it, so a daily statement costs
 * O(open items), not O(history):
 *  - entries with money left to place (PENDING, UNMATCHED, REVIEW, PARTIAL); DUPLICATE entries stay
 *    out until a person decides (re-offering one whose original is settled would pay twice);
 *  - invoices still owed (UNPAID, PARTIAL, DISCREPANCY), plus every invoice of the paying
 *    customers (by tax id) so a second payment of a settled invoice is seen as such;
 *  - every live or decided link touching those invoices or entries (fixed money, forbidden pairs).
 * `include` forces items in (a manual resolution of a settled link).
 */
export async function readOpenScope(
  env: Env,
  currency: string,
  include: { invoiceIds?: string[]; entryKeys?: string[] } = {},
): Promise<Scope> {
  const incInv = JSON.stringify(include.invoiceIds ?? []);
  const incEnt = JSON.stringify(include.entryKeys ?? []);
  // UNIONs rather than ORs so every branch uses its index (currency+status, customer, PK, invoice,
  // entry): the read is O(open items + what they touch), whatever the size of the history.
  const scopeCte = `WITH oe(k, tax) AS (
      SELECT natural_key, sender_tax_id FROM bank_entries
       WHERE currency = ?1 AND match_status IN ('PENDING','UNMATCHED','REVIEW','PARTIAL') AND direction = 'credit' AND allocated_minor < amount_minor
      UNION SELECT natural_key, sender_tax_id FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?3)) AND currency = ?1),
    oi(id) AS (
      SELECT id FROM invoices WHERE currency = ?1 AND status IN ('UNPAID','PARTIAL','DISCREPANCY')
      UNION SELECT id FROM invoices WHERE customer_tax_id IN (SELECT tax FROM oe WHERE tax IS NOT NULL) AND +currency = ?1
      UNION SELECT id FROM invoices WHERE id IN (SELECT value FROM json_each(?2)) AND currency = ?1)`;
  const [, version, invoices, entries, links, aliases] = await env.DB.batch([
    lockRowStatement(env, currency),
    env.DB.prepare("SELECT version FROM recon_scopes WHERE scope = ?").bind(currency),
    env.DB.prepare(
      `${scopeCte}
       SELECT ${INVOICE_COLS} FROM invoices WHERE id IN (SELECT id FROM oi) ORDER BY id`,
    ).bind(currency, incInv, incEnt),
    env.DB.prepare(
      `${scopeCte}
       SELECT ${ENTRY_COLS} FROM bank_entries WHERE natural_key IN (SELECT k FROM oe) ORDER BY booking_date, natural_key`,
    ).bind(currency, incInv, incEnt),
    env.DB.prepare(
      `${scopeCte}
       SELECT ${LINK_COLS} FROM recon_links
        WHERE invoice_id IN (SELECT id FROM oi) AND +status IN ('VERIFIED','MANUAL','REVIEW','REJECTED','UNMATCHED')
       UNION
       SELECT ${LINK_COLS} FROM recon_links
        WHERE entry_key IN (SELECT k FROM oe) AND +status IN ('VERIFIED','MANUAL','REVIEW','REJECTED','UNMATCHED')`,
    ).bind(currency, incInv, incEnt),
    liveAliasesStatement(env),
  ]);
  return { ...scopeOf(currency, version, invoices, entries, links), aliases: aliasRows(aliases) };
}

function scopeOf(currency: string, version: D1Result, invoices: D1Result, entries: D1Result, links: D1Result): Scope {
  return {
    currency,
    version: (version.results[0] as { version: number } | undefined)?.version ?? 0,
    hasLockRow: version.results.length > 0,
    invoices: invoices.results as InvoiceRow[],
    entries: (entries.results as (EntryRow & { reversal: number | boolean })[]).map((e) => ({ ...e, reversal: Boolean(e.reversal) })),
    links: links.results as LinkRow[],
  };
}

/**
 * A focused scope read: what a match run for a few payments (its focus) needs, found by index through the match
 * keys (src/recon/core/match-keys.ts) — so one payment costs the same with 10 or 100,000 open
 * invoices. One read-only D1 batch (a consistent snapshot):
 *  - the payments (those already stored and still open; the real-time path reads before it
 *    writes them, and learns which ones exist already), plus the open entries of the same payers
 *    (by normalized tax id or first name token: they compete for the same invoices, and a copy of
 *    the same bank line must be seen as a duplicate);
 *  - the invoices any of those entries can reach — by invoice/PO key from their remittance texts
 *    (entry_keys, plus the payments' own keys, × invoice_keys), by tax id (every invoice of a
 *    paying customer, so a second payment of a settled invoice is seen as such), by first name
 *    token (open invoices, where the matcher would look by name) — and their links: the fixed
 *    money on those invoices, and every link of the entries in scope;
 *  - the scope version, the bulk-run lease, and whether rows from before the match keys wait
 *    for the backfill (then scope is null).
 * A focused run decides the payments in scope exactly as a full run would see them; it does not
 * re-offer open entries of other payers (the full runs of invoice imports, manual resolutions and
 * the sweep do).
 */
export type FocusedRead = {
  /** null when rows from before the match keys exist (the caller backfills first). */
  scope: Scope | null;
  /** Natural keys of the payments already stored (any status). */
  existing: Set<string>;
  /** A bulk run holds the scope (recon_scopes.busy_until_ms in the future). */
  busy: boolean;
};

export async function readFocusedScope(env: Env, currency: string, focus: readonly BankEntry[]): Promise<FocusedRead> {
  const payers = payersOf(focus);
  // The scope's stored entries: the payments, plus the open entries of the same payers (same tax
  // id; a payer without one is known by name, and a copy of a bank line may lack the tax id).
  const scopeEntries = `se(k) AS (
      SELECT natural_key FROM bank_entries
       WHERE natural_key IN (
               SELECT value FROM json_each(?2)
               UNION SELECT natural_key FROM bank_entries WHERE tax_norm IN (SELECT value FROM json_each(?3)) AND match_status IN ${OPEN_ENTRY}
               UNION SELECT natural_key FROM bank_entries WHERE name_first IN (SELECT value FROM json_each(?4)) AND match_status IN ${OPEN_ENTRY}
               UNION SELECT natural_key FROM bank_entries WHERE name_first IN (SELECT value FROM json_each(?5)) AND match_status IN ${OPEN_ENTRY} AND tax_norm IS NULL)
         AND +currency = ?1 AND +match_status IN ${OPEN_ENTRY} AND direction = 'credit' AND allocated_minor < amount_minor)`;
  // What they reach, with the payments' own keys and payers added (they may not be stored yet).
  const reach = `WITH ${scopeEntries},
    st(tax) AS (SELECT tax_norm FROM bank_entries WHERE natural_key IN (SELECT k FROM se) AND tax_norm IS NOT NULL UNION SELECT value FROM json_each(?3)),
    sn(first, tax) AS (
      SELECT name_first, tax_norm FROM bank_entries WHERE natural_key IN (SELECT k FROM se) AND name_first IS NOT NULL
      UNION SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(?7)),
    -- Customers that payers of the scope were matched to by hand (payer aliases): their open invoices too.
    al(tax, customer_name, first) AS (
      SELECT (SELECT tax_norm FROM invoices WHERE id = a.invoice_id), a.customer_name, (SELECT name_first FROM invoices WHERE id = a.invoice_id)
        FROM payer_aliases a WHERE a.payer_key IN (SELECT value FROM json_each(?8)) AND a.revoked_at IS NULL),
    fi(id) AS (
      SELECT id FROM invoices
       WHERE id IN (SELECT invoice_id FROM invoice_keys
                     WHERE key IN (SELECT key FROM entry_keys WHERE entry_key IN (SELECT k FROM se) UNION SELECT value FROM json_each(?6))
                    UNION SELECT id FROM invoices WHERE tax_norm IN (SELECT tax FROM st)
                    UNION SELECT i.id FROM sn JOIN invoices i ON i.name_first = sn.first
                     WHERE +i.status IN ${OPEN_INVOICE}
                       AND (sn.tax IS NULL OR NOT EXISTS (SELECT 1 FROM invoices x WHERE x.tax_norm = sn.tax AND +x.currency = ?1))
                    UNION SELECT id FROM invoices WHERE tax_norm IN (SELECT tax FROM al WHERE tax IS NOT NULL)
                    UNION SELECT i.id FROM al JOIN invoices i ON i.name_first = al.first AND i.customer_name = al.customer_name
                     WHERE al.tax IS NULL AND +i.status IN ${OPEN_INVOICE})
         AND +currency = ?1 AND (+status IN ${OPEN_INVOICE} OR tax_norm IN (SELECT tax FROM st)))`;
  const params = [
    currency,
    JSON.stringify(focus.map((e) => e.natural_key)),
    JSON.stringify(payers.taxes),
    JSON.stringify(payers.untaxedFirsts),
    JSON.stringify(payers.firsts),
    JSON.stringify(payers.keys),
    JSON.stringify(payers.pairs),
    JSON.stringify([...new Set(focus.map((e) => payerKeyOf(e.sender_name)).filter((k): k is string => k !== null))]),
  ];
  // Read-only: the scope's lock row is made sure of in the write (rowGuardStatement).
  const [version, unkeyed, existing, entries, invoices, links, aliases] = await env.DB.batch([
    env.DB.prepare("SELECT version, busy_until_ms FROM recon_scopes WHERE scope = ?").bind(currency),
    env.DB.prepare(
      `SELECT EXISTS (SELECT 1 FROM invoices WHERE currency = ?1 AND keyed = 0) OR EXISTS (SELECT 1 FROM bank_entries WHERE currency = ?1 AND keyed = 0) AS n`,
    ).bind(currency),
    env.DB.prepare("SELECT natural_key FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?1))").bind(params[1]),
    env.DB.prepare(
      `WITH ${scopeEntries} SELECT ${ENTRY_COLS} FROM bank_entries WHERE natural_key IN (SELECT k FROM se) ORDER BY booking_date, natural_key`,
    ).bind(...params.slice(0, 5)),
    env.DB.prepare(`${reach} SELECT ${INVOICE_COLS} FROM invoices WHERE id IN (SELECT id FROM fi) ORDER BY id`).bind(...params),
    env.DB.prepare(
      `${reach}
       SELECT ${LINK_COLS} FROM recon_links WHERE invoice_id IN (SELECT id FROM fi) AND +status IN ('VERIFIED','MANUAL')
       UNION
       SELECT ${LINK_COLS} FROM recon_links WHERE entry_key IN (SELECT k FROM se) AND +status IN ('VERIFIED','MANUAL','REVIEW','REJECTED','UNMATCHED')`,
    ).bind(...params),
    aliasesOfPayersStatement(env, params[7]),
  ]);
  const lease = (version.results[0] as { busy_until_ms: number | null } | undefined)?.busy_until_ms ?? null;
  const read = {
    existing: new Set((existing.results as { natural_key: string }[]).map((r) => r.natural_key)),
    busy: lease !== null && lease > Date.now(),
  };
  if ((unkeyed.results[0] as { n: number } | undefined)?.n) return { ...read, scope: null };
  return { ...read, scope: { ...scopeOf(currency, version, invoices, entries, links), aliases: aliasRows(aliases) } };
}

/** The currencies with open credits (what the sweep runs over). */
export async function openCurrencies(env: Env): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT DISTINCT currency FROM bank_entries WHERE match_status IN ${OPEN_ENTRY} ORDER BY currency`,
  ).all<{ currency: string }>();
  return results.map((r) => r.currency);
}
