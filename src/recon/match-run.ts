import { getConfig } from "../config";
import { deliverCashEvents } from "./cash-delivery";
import { newId } from "../platform/ids";
import { elapsedMs, log } from "../platform/log";
import type { Ledger } from "./core/ledger";
import { diffMatchRun, isEmptyDiff, type MatchDiffSummary } from "./core/match-diff";
import { matcherInput, withUnstoredPayments } from "./core/match-input";
import { runMatcher } from "./core/run-matcher";
import type { BankEntry, MatchConfig, Scope } from "./core/types";
import { DEFAULT_MATCH_CONFIG } from "./core/types";
import { backfillMatchKeys } from "./store/match-key-backfill";
import { ledgerReadBack, ledgerRowsOf } from "./store/ledger-reads";
import { diffStatements } from "./store/run-writes";
import { readFocusedScope, readOpenScope } from "./store/scope-reads";
import {
  casStatement,
  CurrencyLeased,
  isCasConflict,
  ledgerGuardStatement,
  lockRowStatement,
  rowGuardStatement,
} from "./store/scope-locks";

/**
 * Journey 3, the matching half: one match run over one currency (currencies never pay each other,
 * so a currency is the unit of consistency), and its one entry point, runMatch. A run reads its
 * scope (store/scope-reads.ts, or the ledger object's memory), runs the pure global matcher
 * (core/match.ts), computes the diff (core/match-diff.ts) and writes it — new links, entry
 * allocations, invoice statuses + history, stock moves, purchase-order drafts and review items —
 * in ONE `DB.batch`, i.e. one transaction, that starts with the run's lock (store/scope-locks.ts).
 * A refused lock rolls everything back; the run reads again and matches again (bounded attempts).
 *
 * Invariants held by the database whatever the code does: bank_entries.allocated_minor has
 * CHECK (allocated_minor <= amount_minor), so even a matcher bug cannot spend a wire twice; a
 * partial unique index on live (invoice_id, entry_key) pairs, so a link is never written twice.
 */

export type MatchRunSummary = MatchDiffSummary & { currency: string; attempts: number; latency_ms: number };

/**
 * What a run writes along with its own rows, in its transaction: `store` right after the lock (the
 * real-time path's job row and payments, so payments and links land together or not at all; the
 * lock then also refuses the write if one of those payments was stored by someone else since the
 * read), `readBack` at the end (alone if there is nothing else to write; results in the outcome).
 */
export type Carry = { store?: readonly D1PreparedStatement[]; readBack?: readonly D1PreparedStatement[] };

/**
 * One match run. Three ways to read its scope:
 *  - full: the currency's open items (imports of invoices, the sweep, a person's resolution, which
 *    edits the read scope in memory through `decide` — so the matcher sees the decision — and
 *    returns the statements that persist it, written before the derived rows);
 *  - focus: a few payments and what they can reach, by index (the queue's payment chunks, the
 *    real-time read-then-write path, which yields to a bulk run with `yieldToBulk`);
 *  - ledger: the same from a ledger object's memory; one attempt (a refused lock throws,
 *    isCasConflict: the object reloads its ledger), the ledger takes over what the write read back.
 */
export type MatchRequest =
  | {
      kind: "full";
      currency: string;
      importId?: string;
      actor?: string;
      include?: { invoiceIds?: string[]; entryKeys?: string[] };
      decide?: (scope: Scope) => D1PreparedStatement[];
    }
  | { kind: "focus"; currency: string; payments: readonly BankEntry[]; importId?: string; yieldToBulk?: boolean; carry?: Carry }
  | { kind: "ledger"; ledger: Ledger; payments: readonly BankEntry[]; stored?: ReadonlySet<string>; importId?: string; carry?: Carry };

export type MatchRunOutcome = { summary: MatchRunSummary; readBack: D1Result[] };

const MAX_ATTEMPTS = 6;

export function matchConfigFrom(env: Env): MatchConfig {
  const cfg = getConfig(env);
  return { ...DEFAULT_MATCH_CONFIG, fee_tolerance_pct: cfg.RECON_FEE_TOLERANCE_PCT, date_window_days: cfg.RECON_DATE_WINDOW_DAYS };
}

/** The entry point of every match run: read, match, write under the lock, again on a refused lock. */
export async function runMatch(env: Env, req: MatchRequest): Promise<MatchRunOutcome> {
  const started = performance.now();
  const currency = req.kind === "ledger" ? req.ledger.currency : req.currency;
  const attempts = req.kind === "ledger" ? 1 : MAX_ATTEMPTS;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const t0 = performance.now();
    const read = await readAttempt(env, req);
    try {
      const out = await writeAttempt(env, req, read, { attempt, started, readMs: performance.now() - t0 });
      // loop18: a deal invoice's status moved (the invoices trigger wrote a cash event): its lead's object hears it.
      if (out.summary.invoices_changed > 0) await deliverCashEvents(env);
      return out;
    } catch (err) {
      if (!isCasConflict(err) || req.kind === "ledger") throw err;
      log({ event: "recon.match_conflict", currency, attempt, outcome: "retry" }, "warn");
    }
  }
  throw new Error(`match run for ${currency} lost the scope lock ${MAX_ATTEMPTS} times`);
}

/** One attempt's scope, the lock its write starts with, and what its write reads back for the ledger. */
type AttemptRead = {
  scope: Scope;
  lock: D1PreparedStatement[];
  /** The lock counts as a write (the ledger's guard: its read-back must follow a version it saw). */
  lockIsWrite: boolean;
  ledgerBack?: { statements: D1PreparedStatement[]; take: (back: D1Result[]) => void };
};

async function readAttempt(env: Env, req: MatchRequest): Promise<AttemptRead> {
  if (req.kind === "full") {
    const scope = await readOpenScope(env, req.currency, req.include);
    return { scope, lock: [casStatement(env, req.currency, scope.version)], lockIsWrite: false };
  }
  if (req.kind === "ledger") {
    const { ledger } = req;
    const { scope, fresh } = ledger.scopeFor(req.payments, req.stored);
    const invoiceIds = scope.invoices.map((i) => i.invoice_id);
    const entryKeys = scope.entries.map((e) => e.natural_key);
    const freshPayments = req.payments.filter((e) => fresh.includes(e.natural_key));
    return {
      scope,
      lock: [ledgerGuardStatement(env, ledger.currency, ledger.version, fresh)],
      lockIsWrite: true,
      ledgerBack: {
        statements: ledgerReadBack(env, ledger.currency, invoiceIds, entryKeys),
        take: (back) => ledger.apply({ ...ledgerRowsOf(back), invoiceIds, entryKeys }, freshPayments),
      },
    };
  }
  let read = await readFocusedScope(env, req.currency, req.payments);
  if (read.busy && req.yieldToBulk) throw new CurrencyLeased(req.currency);
  if (!read.scope) {
    await backfillMatchKeys(env, req.currency);
    read = await readFocusedScope(env, req.currency, req.payments);
  }
  if (!read.scope) throw new Error(`the match keys of ${req.currency} could not be backfilled`);
  let scope = read.scope;
  let fresh: string[] = [];
  if (req.carry?.store) {
    const unstored = req.payments.filter((e) => !read.existing.has(e.natural_key));
    fresh = unstored.map((e) => e.natural_key);
    scope = withUnstoredPayments(scope, unstored);
  }
  const guard = rowGuardStatement(env, scope, fresh);
  return { scope, lock: scope.hasLockRow ? [guard] : [lockRowStatement(env, req.currency), guard], lockIsWrite: false };
}

async function writeAttempt(
  env: Env,
  req: MatchRequest,
  read: AttemptRead,
  run: { attempt: number; started: number; readMs: number },
): Promise<MatchRunOutcome> {
  const { scope } = read;
  const decided = req.kind === "full" && req.decide ? req.decide(scope) : [];
  const input = matcherInput(scope);
  const result = runMatcher(input.invoices, input.entries, matchConfigFrom(env), input.overrides);
  const runId = newId("run");
  const diff = diffMatchRun(scope, result, runId);
  const importId = req.importId ?? null;
  const actor = (req.kind === "full" ? req.actor : undefined) ?? "agent:reconciliation";
  const statements = isEmptyDiff(diff) ? [] : diffStatements(env, diff, { runId, importId, actor, now: new Date().toISOString() });
  const carry = req.kind === "full" ? {} : (req.carry ?? {});
  const store = carry.store ?? [];
  const readBack = [...(carry.readBack ?? []), ...(read.ledgerBack?.statements ?? [])];
  const summary = (): MatchRunSummary => ({
    currency: scope.currency,
    attempts: run.attempt,
    ...diff.summary,
    latency_ms: elapsedMs(run.started),
  });
  const callerBack = (back: D1Result[]): D1Result[] => {
    const mine = back.slice(0, back.length - (read.ledgerBack?.statements.length ?? 0));
    read.ledgerBack?.take(back.slice(mine.length));
    return mine;
  };
  if (statements.length === 0 && decided.length === 0 && store.length === 0 && !read.lockIsWrite) {
    const back = readBack.length ? await env.DB.batch([...readBack]) : [];
    return { summary: summary(), readBack: callerBack(back) };
  }
  // workerd's clock only advances across I/O, so the matcher's CPU time shows inside write_ms
  // (the pure matcher's own cost is measured by bench/recon-matcher.mjs).
  const t2 = performance.now();
  const written = await env.DB.batch([...read.lock, ...store, ...decided, ...statements, ...readBack]);
  const back = callerBack(written.slice(written.length - readBack.length));
  const out = summary();
  log({
    event: "recon.match_run",
    ...out,
    mode: req.kind === "focus" ? "focused" : req.kind,
    rows_loaded: scope.invoices.length + scope.entries.length + scope.links.length,
    load_ms: Math.round(run.readMs),
    write_ms: Math.round(performance.now() - t2),
    statements: statements.length,
    import_id: importId,
    outcome: "written",
  });
  return { summary: out, readBack: back };
}

// Names other modules (and the finance routes being split beside this) still import from here.
export type { EntryRow, InvoiceRow, LinkRow, Scope } from "./core/types";
export { backfillMatchKeys } from "./store/match-key-backfill";
export { readFocusedScope, readOpenScope, type FocusedRead } from "./store/scope-reads";
export {
  casStatement,
  CurrencyLeased,
  isCasConflict,
  leaseCurrency,
  rowGuardStatement,
  withBulkLease,
  /** @deprecated the old name of leaseCurrency */
  leaseCurrency as leaseScope,
} from "./store/scope-locks";
