import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { formatMinor } from "../lib/money";
import type { ReconMessage } from "../queues/messages";
import type { BankEntry } from "../recon/types";
import { activityRow, activityStatement, publishActivity } from "./activity";
import { reconcileCurrency, ScopeBusy, type RunOptions } from "./invoice-match";
import { importStatement, startImport, type NewImport } from "./recon-import";
import { entryChunkStatements, refreshJobStatement } from "./recon-store";

/**
 * Journey 3, real-time: a payment notification (a camt.054 with one credit, a single wire) is
 * reconciled inside the request, without the queue hop: one read-only D1 batch (the focused
 * scope), then one transaction that stores the job row, the payments and their links together —
 * two D1 round trips from "accepted" to "link written" (bench/recon-e2e.mjs measures it).
 *
 * Same tables, same idempotency (natural keys, the chunk record), same scope lock as the queue
 * consumer, so the two can run side by side. The queue stays the path for everything that cannot
 * finish here, and nothing is lost on the way:
 *  - a bulk match run holds the currency (leaseScope), or the run fails: nothing was written, so
 *    the whole upload goes the bulk way (startImport, a new job);
 *  - a notification with several currencies whose later run fails: its payments are stored with
 *    the first run, and the chunk is queued for the same job (the consumer re-applies it
 *    idempotently and matches it).
 * The caller learns which: `status` done (with the links) or queued (poll the job).
 */

export type RealtimeLink = { invoice_id: string; allocated_amount: string; allocated_minor: number; status: string; confidence: number; reason: string };
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
};

/**
 * How one currency's payments get matched and written: by default a focused run that reads its
 * scope from D1 (two round trips); the currency's ledger object passes its own (one round trip,
 * src/durable/recon-ledger.ts). Either throws ScopeBusy, with nothing written, while a bulk run
 * holds the currency.
 */
export type CurrencyRun = (currency: string, focus: BankEntry[], opts: Pick<RunOptions, "importId" | "store" | "after" | "onAfter">) => Promise<unknown>;

const readThenWrite =
  (env: Env): CurrencyRun =>
  (currency, focus, opts) =>
    reconcileCurrency(env, currency, { ...opts, focus, yieldToBulk: true });

export async function reconcileNow(
  env: Env,
  meta: NewImport,
  entries: BankEntry[],
  defer: (p: Promise<unknown>) => void,
  opts: { acceptedAt?: number; run?: CurrencyRun } = {},
): Promise<RealtimeResult> {
  const jobId = newId("imp");
  const acceptedAt = opts.acceptedAt ?? Date.now();
  const started = performance.now() - (Date.now() - acceptedAt);
  const run = opts.run ?? readThenWrite(env);
  const currencies = [...new Set(entries.map((e) => e.currency))].sort();
  // The job row and the payments, written in the first run's own transaction (see `store`).
  const store = () => [
    importStatement(env, jobId, meta, { total: entries.length, chunks: 1, status: "processing", now: new Date(acceptedAt).toISOString() }),
    ...entryChunkStatements(env, jobId, 0, acceptedAt, entries, { readBack: false }),
  ];
  const keys = JSON.stringify(entries.map((e) => e.natural_key));
  // The dashboards' activity row, written with the links (its latency: accepted → that statement).
  const activity = activityRow({ agent: "reconciliation", action: "payment_reconciled", entity: "import", entity_id: jobId, detail: { format: meta.format, entries: entries.length } });
  // Read back in the last run's write transaction: the job's counts and each entry's outcome.
  const after = [
    activityStatement(env, activity, acceptedAt),
    refreshJobStatement(env, jobId),
    env.DB.prepare("SELECT status, inserted_items, duplicate_items, links_written FROM imports WHERE id = ?").bind(jobId),
    env.DB.prepare(
      `SELECT e.natural_key, e.wire_id, e.amount_minor, e.currency, e.direction, e.booking_date, e.match_status,
              (SELECT json_group_array(json_object('invoice_id', l.invoice_id, 'allocated_minor', l.allocated_minor, 'status', l.status, 'confidence', l.confidence, 'reason', l.reason))
                 FROM recon_links l WHERE l.entry_key = e.natural_key AND l.invoice_id IS NOT NULL AND l.status IN ('VERIFIED','MANUAL','REVIEW')) AS links_json
       FROM bank_entries e WHERE e.natural_key IN (SELECT value FROM json_each(?1)) ORDER BY e.booking_date, e.natural_key`,
    ).bind(keys),
  ];
  let stored = false;
  let readBack: D1Result[] = [];
  try {
    for (const [i, currency] of currencies.entries()) {
      await run(currency, entries.filter((e) => e.currency === currency), {
        importId: jobId,
        store: i === 0 ? store : undefined,
        after: i === currencies.length - 1 ? after : undefined,
        onAfter: (results) => {
          readBack = results;
        },
      });
      stored = true;
    }
  } catch (err) {
    const reason = err instanceof ScopeBusy ? "bulk_run_in_progress" : "error";
    log(
      { event: "recon.realtime_queued", job_id: jobId, entries: entries.length, stored, reason, error: err instanceof ScopeBusy ? undefined : String(err), outcome: "queued" },
      reason === "error" ? "error" : "info",
    );
    if (!stored) {
      // Nothing was written: the upload takes the bulk path as a whole (a new job).
      const job = await startImport(env, meta, { kind: "bank_entries", entries });
      return { job_id: job.job_id, status: "queued", inserted: 0, duplicates: 0, entries: [], queued_because: reason };
    }
    // Several currencies, and a later one failed: its payments are stored; the queue matches them.
    const message: ReconMessage = { kind: "bank_entries", job_id: jobId, seq: 0, enqueued_at_ms: acceptedAt, entries };
    await env.RECON_QUEUE.send(message, { contentType: "json" });
    return { job_id: jobId, status: "queued", inserted: 0, duplicates: 0, entries: [], queued_because: reason };
  }
  const latency = Math.round((performance.now() - started) * 10) / 10;
  const [stored_activity, , job, rows] = readBack;
  const j = job.results[0] as { status: RealtimeResult["status"]; inserted_items: number; duplicate_items: number; links_written: number };
  const out: RealtimeEntry[] = (rows.results as (Omit<RealtimeEntry, "links" | "amount" | "entry_key"> & { natural_key: string; links_json: string })[]).map((r) => ({
    wire_id: r.wire_id,
    entry_key: r.natural_key,
    amount: formatMinor(r.amount_minor, r.currency),
    amount_minor: r.amount_minor,
    currency: r.currency,
    direction: r.direction,
    booking_date: r.booking_date,
    match_status: r.match_status,
    links: (JSON.parse(r.links_json) as Omit<RealtimeLink, "allocated_amount">[]).map((l) => ({ ...l, allocated_amount: formatMinor(l.allocated_minor, r.currency) })),
  }));
  log({ event: "recon.realtime_reconciled", job_id: jobId, entries: entries.length, inserted: j.inserted_items, links: j.links_written, latency_ms: latency, outcome: j.status });
  defer(publishActivity(env, { ...activity, latency_ms: (stored_activity.results[0] as { latency_ms: number } | undefined)?.latency_ms ?? null }));
  return { job_id: jobId, status: j.status, inserted: j.inserted_items, duplicates: j.duplicate_items, entries: out, latency_ms: latency };
}

/**
 * The entry point of POST /api/finance/payments: a notification in one currency goes to that
 * currency's ledger object (one D1 round trip, src/durable/recon-ledger.ts); one in several
 * currencies, or one the object could not take (it failed or was reset mid-call), is reconciled
 * here by read-then-write runs — idempotent, so a payment the object stored before failing comes
 * back as a duplicate, not twice.
 */
export async function reconcilePayment(env: Env, meta: NewImport, entries: BankEntry[], defer: (p: Promise<unknown>) => void): Promise<RealtimeResult> {
  const acceptedAt = Date.now();
  const currencies = new Set(entries.map((e) => e.currency));
  if (currencies.size === 1) {
    const [currency] = currencies;
    try {
      return await env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency)).reconcile({ meta, entries, acceptedAt });
    } catch (err) {
      log({ event: "recon.ledger_unavailable", currency, entries: entries.length, error: String(err), outcome: "read_then_write" }, "warn");
    }
  }
  return reconcileNow(env, meta, entries, defer, { acceptedAt });
}

