import { getConfig } from "../config";
import { newId } from "../platform/ids";
import { elapsedMs, log } from "../platform/log";
import { runMatcher } from "./core/run-matcher";
import type {
  BankEntry,
  EntryRow,
  Invoice,
  InvoiceOutcome,
  InvoiceRow,
  Link,
  LinkRow,
  MatchConfig,
  MatchResult,
  ReasonCode,
  Scope,
} from "./core/types";
import { DEFAULT_MATCH_CONFIG } from "./core/types";
import { jsonParams, keyInserts } from "./store/chunks";
import { wireIdOf } from "./core/natural-key";
import { entryMatchKeys, invoiceMatchKeys, payersOf } from "./core/match-keys";

/**
 * Journey 3, the matching half: one match run over one currency (currencies never pay each other,
 * so a currency is the unit of consistency). Loads the scope's invoices, entries and the links
 * people and earlier runs fixed, runs the pure global matcher (src/recon/core/match.ts), and writes the
 * difference — new links, entry allocations, invoice statuses + history, stock moves, purchase-order
 * drafts and review items — in ONE `DB.batch`, i.e. one transaction.
 *
 * Serialization. The queue consumer runs with max_concurrency = 1, but a redelivery, a manual
 * resolve or a second consumer instance can still overlap a run. So the allocation is made safe in
 * the database itself:
 *  - optimistic lock: the batch starts with a compare-and-swap on recon_scopes.version; a run that
 *    read an older version sets it to -1, the CHECK (version >= 0) fails and D1 rolls the whole
 *    batch back; the run reloads and matches again (bounded attempts). A focused run (new
 *    payments) checks the rows it read instead (rowGuardStatement), so concurrent real-time
 *    payments of different customers do not refuse each other; every run bumps the version, and
 *    so does every import that adds a row or a match key (recon-store.ts, scopeBumps) — which is
 *    what lets the real-time ledger (recon-ledger.ts) trust one compare-and-swap on it;
 *  - invariant: bank_entries.allocated_minor has CHECK (allocated_minor <= amount_minor), so even a
 *    matcher bug cannot spend a wire twice;
 *  - partial unique index on live (invoice_id, entry_key) pairs: a link is never written twice.
 *
 * Links already VERIFIED or MANUAL are passed to the matcher as fixed: a later run never moves money
 * an earlier run (or a person) allocated, so statuses and stock moves stay stable.
 */

export type MatchRunSummary = {
  currency: string;
  attempts: number;
  links_written: number;
  invoices_changed: number;
  paid_invoices: number;
  review_items: number;
  entries_decided: number;
  latency_ms: number;
};

const MAX_ATTEMPTS = 6;
const LIVE_LINK = ["VERIFIED", "MANUAL"];

export type { EntryRow, InvoiceRow, LinkRow, Scope } from "./core/types";

export function matchConfigFrom(env: Env): MatchConfig {
  const cfg = getConfig(env);
  return { ...DEFAULT_MATCH_CONFIG, fee_tolerance_pct: cfg.RECON_FEE_TOLERANCE_PCT, date_window_days: cfg.RECON_DATE_WINDOW_DAYS };
}

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
export async function loadScope(env: Env, currency: string, include: { invoiceIds?: string[]; entryKeys?: string[] } = {}): Promise<Scope> {
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
  const [, version, invoices, entries, links] = await env.DB.batch([
    env.DB.prepare("INSERT INTO recon_scopes (scope, version) VALUES (?, 0) ON CONFLICT DO NOTHING").bind(currency),
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
  ]);
  return scopeOf(currency, version, invoices, entries, links);
}

export const INVOICE_COLS = `id AS invoice_id, customer_tax_id, customer_name, po_number, amount_minor, currency, issue_date, due_date, status, paid_minor, status_reason,
  EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = invoices.id) AS has_lines`;
export const ENTRY_COLS = `natural_key, account, bank_ref, entry_ref, wire_id, amount_minor, currency, direction, reversal, booking_date, value_date,
  sender_name, sender_tax_id, remittance, format, allocated_minor, match_status`;
export const LINK_COLS = "id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, reasons_json";
export const OPEN_ENTRY = "('PENDING','UNMATCHED','REVIEW','PARTIAL')";
const OPEN_INVOICE = "('UNPAID','PARTIAL','DISCREPANCY')";

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
 * A focused scope: what a match run for a few payments needs, found by index through the match
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

export async function loadFocusedScope(env: Env, currency: string, focus: readonly BankEntry[]): Promise<FocusedRead> {
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
    fi(id) AS (
      SELECT id FROM invoices
       WHERE id IN (SELECT invoice_id FROM invoice_keys
                     WHERE key IN (SELECT key FROM entry_keys WHERE entry_key IN (SELECT k FROM se) UNION SELECT value FROM json_each(?6))
                    UNION SELECT id FROM invoices WHERE tax_norm IN (SELECT tax FROM st)
                    UNION SELECT i.id FROM sn JOIN invoices i ON i.name_first = sn.first
                     WHERE +i.status IN ${OPEN_INVOICE}
                       AND (sn.tax IS NULL OR NOT EXISTS (SELECT 1 FROM invoices x WHERE x.tax_norm = sn.tax AND +x.currency = ?1)))
         AND +currency = ?1 AND (+status IN ${OPEN_INVOICE} OR tax_norm IN (SELECT tax FROM st)))`;
  const params = [
    currency,
    JSON.stringify(focus.map((e) => e.natural_key)),
    JSON.stringify(payers.taxes),
    JSON.stringify(payers.untaxedFirsts),
    JSON.stringify(payers.firsts),
    JSON.stringify(payers.keys),
    JSON.stringify(payers.pairs),
  ];
  // Read-only: the scope's lock row is made sure of in the write (rowGuardStatement).
  const [version, unkeyed, existing, entries, invoices, links] = await env.DB.batch([
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
  ]);
  const lease = (version.results[0] as { busy_until_ms: number | null } | undefined)?.busy_until_ms ?? null;
  const read = {
    existing: new Set((existing.results as { natural_key: string }[]).map((r) => r.natural_key)),
    busy: lease !== null && lease > Date.now(),
  };
  if ((unkeyed.results[0] as { n: number } | undefined)?.n) return { ...read, scope: null };
  return { ...read, scope: scopeOf(currency, version, invoices, entries, links) };
}

/** The scope with payments not stored yet added as they will be inserted (PENDING, nothing allocated). */
function withFresh(scope: Scope, fresh: readonly BankEntry[]): Scope {
  if (fresh.length === 0) return scope;
  const rows: EntryRow[] = fresh.map((e) => ({ ...e, wire_id: wireIdOf(e), allocated_minor: 0, match_status: "PENDING" }));
  const entries = [...scope.entries, ...rows].sort(
    (a, b) => a.booking_date.localeCompare(b.booking_date) || (a.natural_key < b.natural_key ? -1 : a.natural_key > b.natural_key ? 1 : 0),
  );
  return { ...scope, entries };
}

/**
 * A bulk match run (a statement's chunks, an invoice import) holds its currency for at most
 * `ms`: real-time payments of that currency are queued behind it instead of racing it for the
 * scope lock (a stream of small runs could otherwise starve a long one). `ms` null releases it.
 */
export async function leaseScope(env: Env, currency: string, ms: number | null): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO recon_scopes (scope, version, busy_until_ms) VALUES (?1, 0, ?2) ON CONFLICT (scope) DO UPDATE SET busy_until_ms = ?2",
  )
    .bind(currency, ms === null ? null : Date.now() + ms)
    .run();
}

/** Runs `fn` (a bulk run of `currency`) under the lease, released afterwards whatever happens. */
export async function withScopeLease<T>(env: Env, currency: string, fn: () => Promise<T>, ms = BULK_LEASE_MS): Promise<T> {
  await leaseScope(env, currency, ms);
  try {
    return await fn();
  } finally {
    await leaseScope(env, currency, null).catch(() => undefined); // else it lapses after `ms`
  }
}

/** Upper bound of a bulk run's hold on its currency, should its worker die without releasing it. */
const BULK_LEASE_MS = 60_000;

/** Thrown by a real-time run that found its scope held by a bulk run (see leaseScope). */
export class ScopeBusy extends Error {
  constructor(readonly currency: string) {
    super(`a bulk match run holds ${currency}`);
  }
}

const BACKFILL_ROWS = 500;

function keyColumnUpdates(
  env: Env,
  table: "invoices" | "bank_entries",
  idColumn: string,
  rows: { id: string; tax_norm: string | null; name_first: string | null }[],
): D1PreparedStatement[] {
  return jsonParams(rows.map((r) => [r.id, r.tax_norm, r.name_first])).map((p) =>
    env.DB.prepare(
      `UPDATE ${table} SET tax_norm = u.value ->> '$[1]', name_first = u.value ->> '$[2]', keyed = 1
       FROM json_each(?1) AS u WHERE ${table}.${idColumn} = u.value ->> '$[0]'`,
    ).bind(p),
  );
}

/**
 * Writes the match keys of rows stored before migration 0040 (keyed = 0), a few hundred per
 * round, until none is left in the currency. Idempotent; called before a focused run finds such
 * rows and by the scheduled sweep.
 */
export async function backfillMatchKeys(env: Env, currency: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [inv, ent] = await env.DB.batch([
      env.DB.prepare(
        `SELECT id AS invoice_id, po_number, customer_tax_id, customer_name FROM invoices WHERE currency = ? AND keyed = 0 LIMIT ${BACKFILL_ROWS}`,
      ).bind(currency),
      env.DB.prepare(
        `SELECT natural_key, remittance, sender_tax_id, sender_name FROM bank_entries WHERE currency = ? AND keyed = 0 LIMIT ${BACKFILL_ROWS}`,
      ).bind(currency),
    ]);
    const invoices = inv.results as Pick<Invoice, "invoice_id" | "po_number" | "customer_tax_id" | "customer_name">[];
    const entries = ent.results as Pick<BankEntry, "natural_key" | "remittance" | "sender_tax_id" | "sender_name">[];
    if (invoices.length === 0 && entries.length === 0) return total;
    const invRows = invoices.map((i) => ({ id: i.invoice_id, ...invoiceMatchKeys(i) }));
    const entRows = entries.map((e) => ({ id: e.natural_key, ...entryMatchKeys(e) }));
    const stmts: D1PreparedStatement[] = [
      ...keyInserts(
        env,
        "invoice_keys",
        invRows.flatMap((r) => r.keys.map((key): [string, string] => [r.id, key])),
      ),
      ...keyInserts(
        env,
        "entry_keys",
        entRows.flatMap((r) => r.keys.map((key): [string, string] => [r.id, key])),
      ),
      ...keyColumnUpdates(env, "invoices", "id", invRows),
      ...keyColumnUpdates(env, "bank_entries", "natural_key", entRows),
    ];
    await env.DB.batch(stmts);
    total += invoices.length + entries.length;
    log({ event: "recon.match_keys_backfilled", currency, invoices: invoices.length, entries: entries.length, outcome: "ok" });
  }
}

/** The compare-and-swap every write of a scope starts with (see the module comment). */
export function casStatement(env: Env, currency: string, version: number): D1PreparedStatement {
  return env.DB.prepare(
    "UPDATE recon_scopes SET version = CASE WHEN version = ?2 THEN version + 1 ELSE -1 END, updated_at = ?3 WHERE scope = ?1",
  ).bind(currency, version, new Date().toISOString());
}

/**
 * The lock of a focused run: instead of requiring that nothing in the currency changed since the
 * read (casStatement), it requires that none of the rows it read changed — so two real-time
 * payments of different customers never conflict, while two that reach the same invoice or entry
 * do. Payments it is about to store (`fresh`) must still be unknown. It still bumps the version,
 * so a full run that read before it is refused (casStatement).
 */
export function rowGuardStatement(env: Env, scope: Scope, fresh: readonly string[] = []): D1PreparedStatement {
  const freshKeys = new Set(fresh);
  const inv = JSON.stringify(scope.invoices.map((i) => [i.invoice_id, i.paid_minor, i.status]));
  const ent = JSON.stringify(
    scope.entries.filter((e) => !freshKeys.has(e.natural_key)).map((e) => [e.natural_key, e.allocated_minor, e.match_status]),
  );
  return env.DB.prepare(
    `UPDATE recon_scopes SET updated_at = ?4, version = CASE WHEN EXISTS (
         SELECT 1 FROM json_each(?2) AS j JOIN invoices i ON i.id = j.value ->> '$[0]'
          WHERE i.paid_minor IS NOT j.value ->> '$[1]' OR i.status IS NOT j.value ->> '$[2]'
         UNION ALL
         SELECT 1 FROM json_each(?3) AS j JOIN bank_entries e ON e.natural_key = j.value ->> '$[0]'
          WHERE e.allocated_minor IS NOT j.value ->> '$[1]' OR e.match_status IS NOT j.value ->> '$[2]'
         UNION ALL
         SELECT 1 FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?5)))
       THEN -1 ELSE version + 1 END
     WHERE scope = ?1`,
  ).bind(scope.currency, inv, ent, new Date().toISOString(), JSON.stringify(fresh));
}

export function isCasConflict(err: unknown): boolean {
  const msg = err instanceof Error ? `${err.message} ${err.cause instanceof Error ? err.cause.message : ""}` : String(err);
  return msg.includes("recon_scopes_version");
}

function toLink(row: LinkRow): Link {
  let reasons: ReasonCode[] = [];
  try {
    reasons = JSON.parse(row.reasons_json) as ReasonCode[];
  } catch {
    reasons = [];
  }
  return {
    invoice_id: row.invoice_id ?? "",
    entry_key: row.entry_key,
    wire_id: row.wire_id,
    allocated_minor: row.allocated_minor,
    currency: row.currency,
    confidence: row.confidence,
    reason: (row.reason as ReasonCode) ?? "MANUAL",
    reasons: reasons.length ? reasons : [row.reason as ReasonCode],
  };
}

const pairKey = (invoiceId: string, entryKey: string) => `${invoiceId}\u0000${entryKey}`;

/** What a match run is for and what it writes besides its own rows (see reconcileCurrency). */
export type RunOptions = {
  importId?: string;
  actor?: string;
  include?: { invoiceIds?: string[]; entryKeys?: string[] };
  mutate?: (scope: Scope) => D1PreparedStatement[];
  /** New payments: a focused run (loadFocusedScope) instead of the whole open ledger. */
  focus?: readonly BankEntry[];
  /**
   * Focused runs of payments not stored yet (the real-time path): the statements that store
   * them, written in the run's own transaction right after its lock — so the payments and their
   * links land together or not at all. The lock also refuses the write if one of them was
   * stored by someone else since the read.
   */
  store?: () => D1PreparedStatement[];
  /** Focused runs: throw ScopeBusy (nothing written) when a bulk run holds the scope. */
  yieldToBulk?: boolean;
  /** Statements run at the end of the run's write transaction (alone if there is nothing to write); results to onAfter. */
  after?: D1PreparedStatement[];
  onAfter?: (results: D1Result[]) => void;
};

/**
 * Runs the matcher for one currency and writes the outcome. `mutate` (a manual resolution) edits
 * the loaded scope in memory — so the matcher sees the decision — and returns the statements that
 * persist it; they are written in the same CAS-guarded transaction, before the derived rows. On a
 * lock conflict the scope is reloaded and `mutate` runs again on fresh data.
 */
export async function reconcileCurrency(env: Env, currency: string, opts: RunOptions = {}): Promise<MatchRunSummary> {
  const started = performance.now();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const t0 = performance.now();
    let scope: Scope | null;
    let fresh: string[] = [];
    if (opts.focus) {
      let read = await loadFocusedScope(env, currency, opts.focus);
      if (read.busy && opts.yieldToBulk) throw new ScopeBusy(currency);
      if (!read.scope) {
        await backfillMatchKeys(env, currency);
        read = await loadFocusedScope(env, currency, opts.focus);
      }
      scope = read.scope;
      if (scope && opts.store) {
        const unseen = opts.focus.filter((e) => !read.existing.has(e.natural_key));
        fresh = unseen.map((e) => e.natural_key);
        scope = withFresh(scope, unseen);
      }
    } else scope = await loadScope(env, currency, opts.include);
    if (!scope) throw new Error(`the match keys of ${currency} could not be backfilled`);
    const lock = !opts.focus
      ? [casStatement(env, currency, scope.version)]
      : !scope.hasLockRow
        ? [
            env.DB.prepare("INSERT INTO recon_scopes (scope, version) VALUES (?, 0) ON CONFLICT DO NOTHING").bind(currency),
            rowGuardStatement(env, scope, fresh),
          ]
        : [rowGuardStatement(env, scope, fresh)];
    try {
      return await writeMatchRun(env, scope, lock, opts, {
        attempt,
        started,
        loadMs: performance.now() - t0,
        mode: opts.focus ? "focused" : "full",
      });
    } catch (err) {
      if (!isCasConflict(err)) throw err;
      log({ event: "recon.match_conflict", currency, attempt, outcome: "retry" }, "warn");
    }
  }
  throw new Error(`match run for ${currency} lost the scope lock ${MAX_ATTEMPTS} times`);
}

/**
 * One attempt: match `scope` and write the outcome in one transaction that starts with `lock`
 * (its compare-and-swap; a refused lock rolls everything back and surfaces as an error for which
 * isCasConflict is true). Used by reconcileCurrency's retry loop and by the real-time ledger
 * (src/recon/ledger-object.ts), which brings a scope from memory and its own lock.
 */
export async function writeMatchRun(
  env: Env,
  scope: Scope,
  lock: D1PreparedStatement[],
  opts: Pick<RunOptions, "importId" | "actor" | "mutate" | "store" | "after" | "onAfter">,
  run: { attempt: number; started: number; loadMs: number; mode: string },
): Promise<MatchRunSummary> {
  const currency = scope.currency;
  const extra = opts.mutate ? opts.mutate(scope) : [];
  const plan = planWrites(env, scope, matchConfigFrom(env), opts, extra.length > 0);
  const after = opts.after ?? [];
  const store = opts.store ? opts.store() : [];
  if (plan.statements.length === 0 && extra.length === 0 && store.length === 0) {
    if (after.length) opts.onAfter?.(await env.DB.batch(after));
    return { currency, attempts: run.attempt, ...plan.summary, latency_ms: elapsedMs(run.started) };
  }
  // workerd's clock only advances across I/O, so the matcher's CPU time shows inside write_ms
  // (the pure matcher's own cost is measured by bench/recon-matcher.mjs).
  const t2 = performance.now();
  const written = await env.DB.batch([...lock, ...store, ...extra, ...plan.statements, ...after]);
  if (after.length) opts.onAfter?.(written.slice(written.length - after.length));
  const summary = { currency, attempts: run.attempt, ...plan.summary, latency_ms: elapsedMs(run.started) };
  log({
    event: "recon.match_run",
    ...summary,
    mode: run.mode,
    rows_loaded: scope.invoices.length + scope.entries.length + scope.links.length,
    load_ms: Math.round(run.loadMs),
    write_ms: Math.round(performance.now() - t2),
    statements: plan.statements.length,
    import_id: opts.importId ?? null,
    outcome: "written",
  });
  return summary;
}

type Plan = { statements: D1PreparedStatement[]; summary: Omit<MatchRunSummary, "currency" | "attempts" | "latency_ms"> };

function planWrites(env: Env, scope: Scope, config: MatchConfig, opts: { importId?: string; actor?: string }, forced: boolean): Plan {
  const fixedRows = scope.links.filter((l) => LIVE_LINK.includes(l.status) && l.invoice_id);
  const fixedPairs = new Set(fixedRows.map((l) => pairKey(l.invoice_id ?? "", l.entry_key)));
  const forbidden = scope.links
    .filter((l) => l.status === "REJECTED" && l.invoice_id)
    .map((l) => ({ invoice_id: l.invoice_id ?? "", entry_key: l.entry_key }));
  const invoiceInputs: Invoice[] = scope.invoices.map(({ status: _s, paid_minor: _p, status_reason: _r, has_lines: _l, ...inv }) => inv);
  const entryInputs: BankEntry[] = scope.entries.map(({ wire_id: _w, allocated_minor: _a, match_status: _m, ...e }) => e);

  const result: MatchResult = runMatcher(invoiceInputs, entryInputs, config, {
    fixed_links: fixedRows.map(toLink),
    forbidden_pairs: forbidden,
  });

  const now = new Date().toISOString();
  const runId = newId("run");
  const statements: D1PreparedStatement[] = [];

  // 1. New links (the matcher returns the fixed ones too; those are already stored).
  const newLinks = result.links.filter((l) => !fixedPairs.has(pairKey(l.invoice_id, l.entry_key)) && l.allocated_minor > 0);
  const entryByKey = new Map(scope.entries.map((e) => [e.natural_key, e]));
  const invoiceById = new Map(scope.invoices.map((i) => [i.invoice_id, i]));
  type NewRow = LinkRow & { invoice_id: string; customer_tax_id: string | null; booking_date: string };
  const linkRows: NewRow[] = newLinks.map((l, i) => ({
    id: `${runId}_${String(i).padStart(6, "0")}`,
    invoice_id: l.invoice_id,
    entry_key: l.entry_key,
    wire_id: l.wire_id,
    allocated_minor: l.allocated_minor,
    currency: l.currency,
    status: "VERIFIED",
    confidence: l.confidence,
    reason: l.reason,
    reasons_json: JSON.stringify(l.reasons),
    customer_tax_id: invoiceById.get(l.invoice_id)?.customer_tax_id ?? null,
    booking_date: entryByKey.get(l.entry_key)?.booking_date ?? "",
  }));

  // 2. Review proposals: one REVIEW row per (entry, candidate invoice) of an ambiguous or doubtful case.
  const reviewRows: NewRow[] = [];
  const proposed = new Set<string>();
  const livePairs = new Set([...fixedPairs, ...newLinks.map((l) => pairKey(l.invoice_id, l.entry_key))]);
  for (const item of result.review) {
    if (!item.entry_key) continue;
    const entry = entryByKey.get(item.entry_key);
    if (!entry) continue;
    for (const invoiceId of item.invoice_ids) {
      const key = pairKey(invoiceId, item.entry_key);
      if (livePairs.has(key) || proposed.has(key)) continue;
      const inv = invoiceById.get(invoiceId);
      if (!inv) continue;
      proposed.add(key);
      reviewRows.push({
        id: `${runId}_r${String(reviewRows.length).padStart(6, "0")}`,
        invoice_id: invoiceId,
        entry_key: item.entry_key,
        wire_id: entry.wire_id,
        allocated_minor: Math.min(entry.amount_minor, inv.amount_minor),
        currency: scope.currency,
        status: "REVIEW",
        confidence: 0,
        reason: item.kind,
        reasons_json: JSON.stringify([item.kind]),
        customer_tax_id: inv.customer_tax_id,
        booking_date: entry.booking_date,
      });
    }
  }
  const staleReview = scope.links
    .filter((l) => l.status === "REVIEW" && l.invoice_id && !proposed.has(pairKey(l.invoice_id, l.entry_key)))
    .map((l) => l.id);
  const existingReview = new Set(
    scope.links.filter((l) => l.status === "REVIEW" && l.invoice_id).map((l) => pairKey(l.invoice_id ?? "", l.entry_key)),
  );
  const freshReview = reviewRows.filter((r) => !existingReview.has(pairKey(r.invoice_id, r.entry_key)));

  // 3. Entry allocations and states.
  const allocated = new Map<string, number>();
  for (const l of [...fixedRows, ...newLinks]) allocated.set(l.entry_key, (allocated.get(l.entry_key) ?? 0) + l.allocated_minor);
  const duplicates = new Set(result.duplicates.map((d) => d.entry_key));
  const unmatched = new Set(result.unmatched);
  // A credit that pays nothing we know is UNMATCHED (queued for review as such), not a pending choice.
  const inReview = new Set(
    result.review
      .filter((r) => r.kind !== "UNMATCHED_ENTRY" && r.kind !== "DUPLICATE_ENTRY")
      .map((r) => r.entry_key)
      .filter((k): k is string => k !== null),
  );
  for (const r of result.review) if (r.kind === "UNMATCHED_ENTRY" && r.entry_key) unmatched.add(r.entry_key);
  const entryUpdates: { natural_key: string; allocated_minor: number; match_status: string }[] = [];
  for (const e of scope.entries) {
    if (e.direction !== "credit") continue;
    const alloc = allocated.get(e.natural_key) ?? 0;
    const status =
      alloc >= e.amount_minor
        ? "MATCHED"
        : alloc > 0
          ? inReview.has(e.natural_key)
            ? "REVIEW"
            : "PARTIAL"
          : duplicates.has(e.natural_key)
            ? "DUPLICATE"
            : inReview.has(e.natural_key)
              ? "REVIEW"
              : unmatched.has(e.natural_key)
                ? "UNMATCHED"
                : "UNMATCHED";
    if (status !== e.match_status || alloc !== e.allocated_minor) {
      entryUpdates.push({ natural_key: e.natural_key, allocated_minor: alloc, match_status: status });
    }
  }
  const unmatchedRowsExisting = new Set(scope.links.filter((l) => l.status === "UNMATCHED").map((l) => l.entry_key));
  const unmatchedRows = scope.entries
    .filter(
      (e) =>
        e.direction === "credit" &&
        (allocated.get(e.natural_key) ?? 0) === 0 &&
        !unmatchedRowsExisting.has(e.natural_key) &&
        !inReview.has(e.natural_key) && // a pending choice has REVIEW proposals instead
        (unmatched.has(e.natural_key) || duplicates.has(e.natural_key)),
    )
    .map((e, i) => ({
      id: `${runId}_u${String(i).padStart(6, "0")}`,
      invoice_id: null,
      entry_key: e.natural_key,
      wire_id: e.wire_id,
      allocated_minor: 0,
      currency: scope.currency,
      status: "UNMATCHED",
      confidence: 0,
      reason: duplicates.has(e.natural_key) ? "DUPLICATE_ENTRY" : "UNMATCHED_ENTRY",
      reasons_json: "[]",
      customer_tax_id: null,
      booking_date: e.booking_date,
    }));
  const nowAllocatedUnmatched = scope.links
    .filter((l) => l.status === "UNMATCHED" && ((allocated.get(l.entry_key) ?? 0) > 0 || inReview.has(l.entry_key)))
    .map((l) => l.id);

  // 4. Invoice outcomes that changed.
  const changed: (InvoiceOutcome & { from: string })[] = [];
  for (const o of result.outcomes) {
    const before = invoiceById.get(o.invoice_id);
    if (!before) continue;
    const reason = o.reasons.join("; ");
    if (before.status !== o.status || before.paid_minor !== o.paid_minor || (before.status_reason ?? "") !== reason)
      changed.push({ ...o, from: before.status });
  }
  const paidNow = changed
    .filter((o) => (o.status === "PAID" || o.status === "OVERPAID") && o.from !== "PAID" && o.from !== "OVERPAID")
    .map((o) => o.invoice_id);
  const unpaidAgain = changed
    .filter((o) => (o.from === "PAID" || o.from === "OVERPAID") && o.status !== "PAID" && o.status !== "OVERPAID")
    .map((o) => o.invoice_id);

  const linkInsert = `INSERT INTO recon_links (id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, reasons_json, customer_tax_id, booking_date, import_id, created_at)
     SELECT j.value ->> '$.id', j.value ->> '$.invoice_id', j.value ->> '$.entry_key', j.value ->> '$.wire_id', j.value ->> '$.allocated_minor', j.value ->> '$.currency',
            j.value ->> '$.status', j.value ->> '$.confidence', j.value ->> '$.reason', j.value ->> '$.reasons_json', j.value ->> '$.customer_tax_id',
            j.value ->> '$.booking_date', ?2, ?3
     FROM json_each(?1) AS j WHERE true ON CONFLICT DO NOTHING`;
  const importId = opts.importId ?? null;
  // Stale proposals go first: a proposal (REVIEW) for the very pair that is now linked would
  // otherwise make the link's insert a silent no-op (partial unique index on live pairs).
  for (const p of jsonParams([...staleReview, ...nowAllocatedUnmatched])) {
    statements.push(
      env.DB.prepare("DELETE FROM recon_links WHERE id IN (SELECT value FROM json_each(?1)) AND status IN ('REVIEW','UNMATCHED')").bind(p),
    );
  }
  for (const p of jsonParams([...linkRows, ...freshReview, ...unmatchedRows]))
    statements.push(env.DB.prepare(linkInsert).bind(p, importId, now));
  for (const p of jsonParams(entryUpdates)) {
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
  const actor = opts.actor ?? "agent:reconciliation";
  const invoiceRows = changed.map((o) => ({
    id: o.invoice_id,
    status: o.status,
    paid_minor: o.paid_minor,
    reason: o.reasons.join("; "),
    from: o.from,
    // History records money and status changes, not a reworded reason.
    moved: o.status !== o.from || o.paid_minor !== invoiceById.get(o.invoice_id)?.paid_minor ? 1 : 0,
  }));
  for (const p of jsonParams(invoiceRows)) {
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
  // Stock moves only for invoices that sold something (else the four statements would find nothing).
  statements.push(
    ...stockStatements(
      env,
      runId,
      paidNow.filter((id) => invoiceById.get(id)?.has_lines),
      now,
    ),
  );
  if (unpaidAgain.length) {
    // Stock moves are never reversed automatically: a person decides (returned goods, new payment).
    const rows = unpaidAgain.map((id) => ({
      dedupe_key: `STOCK_REVIEW|${id}|${runId}`,
      kind: "STOCK_REVIEW",
      entry_key: null,
      wire_id: null,
      invoice_ids_json: JSON.stringify([id]),
      reason: `Invoice ${id} is no longer fully paid but its stock was already decremented`,
    }));
    statements.push(
      ...discrepancyInserts(
        env,
        rows,
        importId,
        now,
        `EXISTS (SELECT 1 FROM stock_moves m WHERE m.invoice_id = json_extract(j.value ->> '$.invoice_ids_json', '$[0]'))`,
      ),
    );
  }

  // 5. Review queue (deduplicated by kind + subject) and auto-resolution of what got matched since.
  const reviewDiscrepancies = result.review.map((r) => ({
    dedupe_key: `${r.kind}|${r.entry_key ?? ""}|${[...r.invoice_ids].sort().join(",")}`,
    kind: r.kind,
    entry_key: r.entry_key,
    wire_id: r.wire_id,
    invoice_ids_json: JSON.stringify(r.invoice_ids),
    reason: r.reason,
  }));
  statements.push(...discrepancyInserts(env, reviewDiscrepancies, importId, now));
  const settled = entryUpdates.filter((u) => u.match_status === "MATCHED").map((u) => u.natural_key);
  for (const p of jsonParams(settled)) {
    statements.push(
      env.DB.prepare(
        `UPDATE discrepancies SET status = 'RESOLVED', resolved_at = ?2, resolved_by = 'agent:reconciliation'
         WHERE status = 'OPEN' AND kind IN ('UNMATCHED_ENTRY','AMBIGUOUS') AND entry_key IN (SELECT value FROM json_each(?1))`,
      ).bind(p, now),
    );
  }

  const onlyBookkeeping =
    linkRows.length === 0 &&
    freshReview.length === 0 &&
    unmatchedRows.length === 0 &&
    staleReview.length === 0 &&
    nowAllocatedUnmatched.length === 0 &&
    entryUpdates.length === 0 &&
    changed.length === 0 &&
    reviewDiscrepancies.length === 0;
  return {
    statements: onlyBookkeeping && !forced ? [] : statements,
    summary: {
      links_written: linkRows.length,
      invoices_changed: changed.length,
      paid_invoices: paidNow.length,
      review_items: result.review.length,
      entries_decided: entryUpdates.length,
    },
  };
}

type DiscrepancyRow = {
  dedupe_key: string;
  kind: string;
  entry_key: string | null;
  wire_id: string | null;
  invoice_ids_json: string;
  reason: string;
};

/** Review-queue rows; ids are `<fresh id>_d<index>` so chunks of one run never collide. */
function discrepancyInserts(env: Env, rows: DiscrepancyRow[], importId: string | null, now: string, guard = "true"): D1PreparedStatement[] {
  return jsonParams(rows).map((p) =>
    env.DB.prepare(
      `INSERT INTO discrepancies (id, kind, dedupe_key, entry_key, wire_id, invoice_ids_json, import_id, reason, status, created_at)
       SELECT ?2 || '_d' || j.key, j.value ->> '$.kind', j.value ->> '$.dedupe_key', j.value ->> '$.entry_key', j.value ->> '$.wire_id',
              j.value ->> '$.invoice_ids_json', ?3, j.value ->> '$.reason', 'OPEN', ?4
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
