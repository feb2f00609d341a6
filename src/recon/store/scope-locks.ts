import type { Scope } from "../core/types";

/**
 * The locks of a currency (recon_scopes: one row per currency, `scope` = the currency code).
 *
 * Allocation is made safe in the database itself, whatever overlaps a run (a redelivery, a manual
 * resolution, a second consumer instance, the ledger object):
 *  - compare-and-swap on the version: every write of a currency bumps recon_scopes.version; a
 *    write that read an older one sets it to -1, the CHECK (version >= 0) fails and D1 rolls the
 *    whole batch back (isCasConflict); the run reads again and matches again;
 *  - row guards: a focused run checks the rows it read instead of the whole version, so real-time
 *    payments of different customers never refuse each other;
 *  - the bulk lease: a long run holds its currency (busy_until_ms) and real-time payments queue
 *    behind it instead of racing it (a stream of small runs could otherwise starve a long one).
 */

/** Upper bound of a bulk run's hold on its currency, should its worker die without releasing it. */
export const BULK_LEASE_MS = 60_000;

/** Thrown by a run that yields to bulk runs and found its currency leased (nothing written). */
export class CurrencyLeased extends Error {
  constructor(readonly currency: string) {
    super(`a bulk match run holds ${currency}`);
  }
}

/** The currency's lock row, made sure of (idempotent). */
export function lockRowStatement(env: Env, currency: string): D1PreparedStatement {
  return env.DB.prepare("INSERT INTO recon_scopes (scope, version) VALUES (?, 0) ON CONFLICT DO NOTHING").bind(currency);
}

/** The compare-and-swap a full run's write starts with: nothing in the currency changed since the read. */
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

/**
 * The lock of a run from the ledger object's memory: the version is still the ledger's (nobody
 * else wrote since: every match run bumps it, every import too), no bulk run holds the currency,
 * and the payments it treats as new are still unknown.
 */
export function ledgerGuardStatement(env: Env, currency: string, version: number, fresh: readonly string[]): D1PreparedStatement {
  return env.DB.prepare(
    `UPDATE recon_scopes SET updated_at = ?4, version = CASE
       WHEN version = ?2 AND coalesce(busy_until_ms, 0) <= ?5 AND NOT EXISTS (SELECT 1 FROM bank_entries WHERE natural_key IN (SELECT value FROM json_each(?3)))
       THEN version + 1 ELSE -1 END
     WHERE scope = ?1`,
  ).bind(currency, version, JSON.stringify(fresh), new Date().toISOString(), Date.now());
}

/** A write refused by one of the locks above (the CHECK on recon_scopes.version). */
export function isCasConflict(err: unknown): boolean {
  const msg = err instanceof Error ? `${err.message} ${err.cause instanceof Error ? err.cause.message : ""}` : String(err);
  return msg.includes("recon_scopes_version");
}

/** Holds `currency` for a bulk run for at most `ms`; `ms` null releases it. */
export async function leaseCurrency(env: Env, currency: string, ms: number | null): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO recon_scopes (scope, version, busy_until_ms) VALUES (?1, 0, ?2) ON CONFLICT (scope) DO UPDATE SET busy_until_ms = ?2",
  )
    .bind(currency, ms === null ? null : Date.now() + ms)
    .run();
}

/** Runs `fn` (a bulk run of `currency`) under the lease, released afterwards whatever happens. */
export async function withBulkLease<T>(env: Env, currency: string, fn: () => Promise<T>, ms = BULK_LEASE_MS): Promise<T> {
  await leaseCurrency(env, currency, ms);
  try {
    return await fn();
  } finally {
    await leaseCurrency(env, currency, null).catch(() => undefined); // else it lapses after `ms`
  }
}
