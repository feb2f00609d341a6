import { newId } from "../platform/ids";
import { log } from "../platform/log";
import { formatMinor } from "../platform/money";
import type { ReconMessage } from "./messages";
import type { BankEntry } from "./core/types";
import { activityRow, activityStatement, publishActivity } from "../platform/activity";
import { runMatch, type Carry } from "./match-run";
import { CurrencyLeased } from "./store/scope-locks";
import { importStatement, startImport, type NewImport } from "./import";
import { entryChunkStatements, outcomeReads, refreshJobStatement } from "./store/chunks";

/**
 * Journey 3, real-time: a payment notification (a camt.054 with one credit, a single wire) is
 * reconciled inside the request, without the queue hop, in one transaction that stores the job
 * row, the payments and their links together. Its scope comes from the currency's ledger object
 * (src/durable/recon-ledger.ts: in memory, so one D1 round trip from "accepted" to "link
 * written") or, on the read-then-write path, from a read-only D1 batch first (two round trips);
 * bench/recon-e2e.mjs measures both against a bare worker.
 *
 * Same tables, same idempotency (natural keys, the chunk record), same scope lock as the queue
 * consumer, so the two can run side by side. The queue stays the path for everything that cannot
 * finish here, and nothing is lost on the way:
 *  - a bulk match run holds the currency (leaseCurrency), or the run fails: nothing was written, so
 *    the whole upload goes the bulk way (startImport, a new job);
 *  - a notification with several currencies whose later run fails: its payments are stored with
 *    the first run, and the chunk is queued for the same job (the consumer re-applies it
 *    idempotently and matches it).
 * The caller learns which: `status` done (with the links) or queued (poll the job).
 */

export type RealtimeLink = {
  invoice_id: string;
  allocated_amount: string;
  allocated_minor: number;
  status: string;
  confidence: number;
  reason: string;
};
export type RealtimeEntry = {
  wire_id: string;
  entry_key: string;
  amount: string;
  amount_minor: number;
  currency: string;
  direction: string;
  booking_date: string;
  match_status: string;
  links: RealtimeLink[];
};
export type RealtimeResult = {
  job_id: string;
  status: "done" | "partial" | "queued" | "failed";
  inserted: number;
  duplicates: number;
  entries: RealtimeEntry[];
  /** Why the payment went to the queue instead (status queued). */
  queued_because?: "bulk_run_in_progress" | "error";
  /** Accepted → links written, inside the worker (ms). */
  latency_ms?: number;
  /** Where the in-request time went (set by the currency's ledger object; see RealtimeSpans). */
  spans?: RealtimeSpans;
};

/**
 * The stages of one real-time payment inside the currency's ledger object, for the tail: time
 * waiting for the object's one-at-a-time chain (a write in flight, a chunk of the queue, a
 * warm-up), time bringing the in-memory ledger current (after another writer moved the version:
 * a read of the whole open ledger), and the match + write transaction itself. `path` says how the
 * write was decided: `ledger` from memory, `reload` from memory after reading the ledger again,
 * `read_then_write` (too large, or refused twice), `queued` (a bulk run held the currency, or it failed).
 */
export type RealtimeSpans = {
  path: "ledger" | "reload" | "read_then_write" | "queued";
  wait_ms: number;
  reload_ms: number;
  write_ms: number;
  /** Notifications decided in the same transaction (group commit). */
  group: number;
};

export type Notification = { meta: NewImport; entries: BankEntry[]; acceptedAt: number };

/** One notification's job and the statements that store it and read its outcome back (its Carry in a match run). */
export type PreparedNotification = Notification & {
  jobId: string;
  started: number;
  activity: ReturnType<typeof activityRow>;
  /** The job row and the payments, written in the run's own transaction (see Carry). */
  store: D1PreparedStatement[];
  /** At the end of that transaction: the activity row, the job's counts, each entry's outcome. */
  readBack: D1PreparedStatement[];
};

export function prepareNotification(env: Env, n: Notification): PreparedNotification {
  const jobId = newId("imp");
  const { meta, entries, acceptedAt } = n;
  // The dashboards' activity row, written with the links (its latency: accepted → that statement).
  const activity = activityRow({
    agent: "reconciliation",
    action: "payment_reconciled",
    entity: "import",
    entity_id: jobId,
    detail: { format: meta.format, entries: entries.length },
  });
  return {
    ...n,
    jobId,
    started: performance.now() - (Date.now() - acceptedAt),
    activity,
    store: [
      importStatement(env, jobId, meta, {
        total: entries.length,
        chunks: 1,
        status: "processing",
        now: new Date(acceptedAt).toISOString(),
      }),
      ...entryChunkStatements(env, jobId, 0, acceptedAt, entries, { readBack: false }),
    ],
    readBack: [activityStatement(env, activity, acceptedAt), refreshJobStatement(env, jobId), ...outcomeReads(env, jobId, entries)],
  };
}

/** The answer, from what the write transaction read back (`readBack`'s results). */
export function notificationResult(
  env: Env,
  p: PreparedNotification,
  readBack: D1Result[],
  defer: (p: Promise<unknown>) => void,
): RealtimeResult {
  const latency = Math.round((performance.now() - p.started) * 10) / 10;
  const [stored_activity, , job, rows] = readBack;
  const j = job.results[0] as { status: RealtimeResult["status"]; inserted_items: number; duplicate_items: number; links_written: number };
  const out: RealtimeEntry[] = (
    rows.results as (Omit<RealtimeEntry, "links" | "amount" | "entry_key"> & { natural_key: string; links_json: string })[]
  ).map((r) => ({
    wire_id: r.wire_id,
    entry_key: r.natural_key,
    amount: formatMinor(r.amount_minor, r.currency),
    amount_minor: r.amount_minor,
    currency: r.currency,
    direction: r.direction,
    booking_date: r.booking_date,
    match_status: r.match_status,
    links: (JSON.parse(r.links_json) as Omit<RealtimeLink, "allocated_amount">[]).map((l) => ({
      ...l,
      allocated_amount: formatMinor(l.allocated_minor, r.currency),
    })),
  }));
  log({
    event: "recon.realtime_reconciled",
    job_id: p.jobId,
    entries: p.entries.length,
    inserted: j.inserted_items,
    links: j.links_written,
    latency_ms: latency,
    outcome: j.status,
  });
  defer(
    publishActivity(env, {
      ...p.activity,
      latency_ms: (stored_activity.results[0] as { latency_ms: number } | undefined)?.latency_ms ?? null,
    }),
  );
  return {
    job_id: p.jobId,
    status: j.status,
    inserted: j.inserted_items,
    duplicates: j.duplicate_items,
    entries: out,
    latency_ms: latency,
  };
}

/** Why a notification went to the queue, logged once. */
function queuedBecause(p: PreparedNotification, err: unknown, stored: boolean): NonNullable<RealtimeResult["queued_because"]> {
  const reason = err instanceof CurrencyLeased ? "bulk_run_in_progress" : "error";
  log(
    {
      event: "recon.realtime_queued",
      job_id: p.jobId,
      entries: p.entries.length,
      stored,
      reason,
      error: err instanceof CurrencyLeased ? undefined : String(err),
      outcome: "queued",
    },
    reason === "error" ? "error" : "info",
  );
  return reason;
}

/** Nothing was written (a bulk run holds the currency, or the run failed): the upload takes the bulk path whole. */
export async function queueNotification(env: Env, p: PreparedNotification, err: unknown): Promise<RealtimeResult> {
  const reason = queuedBecause(p, err, false);
  const job = await startImport(env, p.meta, { kind: "bank_entries", entries: p.entries });
  return { job_id: job.job_id, status: "queued", inserted: 0, duplicates: 0, entries: [], queued_because: reason };
}

/**
 * One notification by read-then-write runs, one per currency: the path of notifications in
 * several currencies and of calls the ledger object could not take.
 */
export async function settleByReadThenWrite(
  env: Env,
  meta: NewImport,
  entries: BankEntry[],
  defer: (p: Promise<unknown>) => void,
  acceptedAt = Date.now(),
): Promise<RealtimeResult> {
  const p = prepareNotification(env, { meta, entries, acceptedAt });
  const currencies = [...new Set(entries.map((e) => e.currency))].sort();
  let stored = false;
  let readBack: D1Result[] = [];
  try {
    for (const [i, currency] of currencies.entries()) {
      // The first run stores the job and every payment; the last reads the outcome back.
      const carry: Carry = { store: i === 0 ? p.store : undefined, readBack: i === currencies.length - 1 ? p.readBack : undefined };
      const payments = entries.filter((e) => e.currency === currency);
      ({ readBack } = await runMatch(env, { kind: "focus", currency, payments, importId: p.jobId, yieldToBulk: true, carry }));
      stored = true;
    }
  } catch (err) {
    if (!stored) return queueNotification(env, p, err);
    // Several currencies, and a later one failed: its payments are stored; the queue matches them.
    const reason = queuedBecause(p, err, true);
    const message: ReconMessage = { kind: "bank_entries", job_id: p.jobId, seq: 0, enqueued_at_ms: p.acceptedAt, entries };
    await env.RECON_QUEUE.send(message, { contentType: "json" });
    return { job_id: p.jobId, status: "queued", inserted: 0, duplicates: 0, entries: [], queued_because: reason };
  }
  return notificationResult(env, p, readBack, defer);
}

/**
 * The entry point of POST /api/finance/payments: a notification in one currency goes to that
 * currency's ledger object (one D1 round trip, src/durable/recon-ledger.ts); one in several
 * currencies, or one the object could not take (it failed or was reset mid-call), is settled
 * here by read-then-write runs — idempotent, so a payment the object stored before failing comes
 * back as a duplicate, not twice.
 */
export async function settlePaymentNotification(
  env: Env,
  meta: NewImport,
  entries: BankEntry[],
  defer: (p: Promise<unknown>) => void,
): Promise<RealtimeResult> {
  const acceptedAt = Date.now();
  const currencies = new Set(entries.map((e) => e.currency));
  if (currencies.size === 1) {
    const [currency] = currencies;
    try {
      return await env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency)).matchNotification({ meta, entries, acceptedAt });
    } catch (err) {
      log({ event: "recon.ledger_unavailable", currency, entries: entries.length, error: String(err), outcome: "read_then_write" }, "warn");
    }
  }
  return settleByReadThenWrite(env, meta, entries, defer, acceptedAt);
}

/** @deprecated the old name of settlePaymentNotification (src/routes/finance.ts imports it while it is being split). */
export const reconcilePayment = settlePaymentNotification;
