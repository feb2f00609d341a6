import { elapsedMs, log } from "../platform/log";
import { recordActivity } from "../platform/activity";
import { getConfig } from "../config";
import { settleClaims } from "./claims";
import type { InternalEvent } from "../gateway/core/internal-event";
import type { BankEntry } from "./core/types";
import { warmLedger } from "./ledger-object";
import { runMatch, type MatchRunSummary } from "./match-run";
import type { ReconMessage } from "./messages";
import type { QueuedChunk } from "./object/types";
import { applyEntryChunk, applyInvoiceChunk, refreshJob } from "./store/chunks";
import { recordPaymentEvent } from "./store/payment-events";
import { withBulkLease } from "./store/scope-locks";

/** One decoded message of the batch; its verdict (ack or retry) comes back in the same order. */
export type QueuedMessage = { id: string; attempts: number; body: ReconMessage };
export type Verdict = "ack" | "retry";

/**
 * One batch of `recon-events` (src/queues/reconciliation.ts decodes it and acks or retries each
 * message by its verdict; wrangler.toml: max_batch_size 50, max_retries 3, max_concurrency 1,
 * dead_letter_queue recon-dlq).
 *
 * 0. A batch of small payment-only chunks goes to each currency's ledger object instead
 *    (settleThroughLedgers): stored and matched from memory in one transaction per currency.
 * 1. Each message (parsed with its schema by the consumer) has its rows written on their own (one D1 batch per
 *    chunk, idempotent by natural keys). A message that fails here is retried alone: one bad
 *    message never sinks a batch; after max_retries the dead-letter consumer records it.
 * 2. One match run per currency the batch touched (src/recon/match-run.ts) — not one per
 *    message: the matcher is global, so running it once over the batch's union is both cheaper and
 *    better. A batch of payments only gets a focused run (the payments and what they can reach,
 *    by index); a batch with invoices gets a full run over the currency's open ledger. A message
 *    is acked only after its currency's run succeeded; if a run fails, exactly the messages that
 *    touched that currency are retried (their rows are already in, so the retry only repeats the
 *    match run).
 * 3. Job progress is recomputed from the chunk rows, so redeliveries never double-count.
 *
 * At-least-once delivery, exactly-once effect: inserts are ON CONFLICT DO NOTHING, chunk rows are
 * keyed (import_id, seq), links are guarded by the scope lock and the partial unique index, stock
 * moves by UNIQUE (invoice_id, sku).
 */
export async function settleQueuedBatch(env: Env, queue: string, messages: readonly QueuedMessage[]): Promise<Verdict[]> {
  const started = performance.now();
  const inlineMax = getConfig(env).RECON_INLINE_MAX_ENTRIES;
  const receivedAt = Date.now();
  const verdicts = new Map<QueuedMessage, Verdict>();
  const applied: { msg: QueuedMessage; currencies: string[]; jobId: string | null; kind: string; entries: BankEntry[] }[] = [];
  // A CRM's "invoice paid" is only a claim: recorded for finance, never matched as money.
  const claims = await settleClaims(env, queue, messages);
  for (const [msg, verdict] of claims) verdicts.set(msg, verdict);
  const unclaimed = messages.filter((m) => !claims.has(m));
  const viaLedger = await settleThroughLedgers(queue, unclaimed, env, inlineMax);
  for (const msg of viaLedger) verdicts.set(msg, "ack");

  for (const msg of unclaimed) {
    if (viaLedger.has(msg)) continue;
    const m = msg.body;
    const msgStarted = performance.now();
    try {
      switch (m.kind) {
        case "payment_event": {
          const entry = await handlePaymentEvent(m.event, env);
          if (entry) applied.push({ msg, currencies: [entry.currency], jobId: null, kind: m.kind, entries: [entry] });
          else {
            verdicts.set(msg, "ack");
            log({ event: "queue.message_processed", queue: queue, kind: m.kind, message_id: msg.id, outcome: "ack" });
          }
          break;
        }
        case "invoices": {
          const out = await applyInvoiceChunk(env, m.job_id, m.seq, m.invoices);
          applied.push({ msg, currencies: out.currencies, jobId: m.job_id, kind: m.kind, entries: [] });
          break;
        }
        case "bank_entries": {
          const out = await applyEntryChunk(env, m.job_id, m.seq, m.enqueued_at_ms, m.entries);
          applied.push({ msg, currencies: out.currencies, jobId: m.job_id, kind: m.kind, entries: m.entries });
          log({
            event: "recon.chunk_applied",
            job_id: m.job_id,
            seq: m.seq,
            items: out.items,
            inserted: out.inserted,
            queue_wait_ms: Math.max(0, receivedAt - m.enqueued_at_ms),
            latency_ms: elapsedMs(msgStarted),
            outcome: "ok",
          });
          break;
        }
      }
    } catch (err) {
      log(
        {
          event: "queue.message_failed",
          queue: queue,
          kind: m.kind,
          message_id: msg.id,
          attempts: msg.attempts,
          error: errorText(err),
          outcome: "retry",
        },
        "error",
      );
      verdicts.set(msg, "retry");
    }
  }

  const currencies = [...new Set(applied.flatMap((a) => a.currencies))].sort();
  const jobsOf = (c: string) => [...new Set(applied.filter((a) => a.currencies.includes(c) && a.jobId).map((a) => a.jobId as string))];
  const failed = new Set<string>();
  const runs: MatchRunSummary[] = [];
  for (const currency of currencies) {
    const jobs = jobsOf(currency);
    // New invoices can pay off any open entry: a full run. Only new payments: a focused run.
    const touching = applied.filter((a) => a.currencies.includes(currency));
    const focus = touching.some((a) => a.kind === "invoices")
      ? undefined
      : touching.flatMap((a) => a.entries.filter((e) => e.currency === currency));
    // A long run holds the currency so real-time payments queue behind it (leaseCurrency).
    const importId = jobs.length === 1 ? jobs[0] : undefined;
    const run = () =>
      runMatch(env, focus === undefined ? { kind: "full", currency, importId } : { kind: "focus", currency, payments: focus, importId });
    try {
      runs.push((await (focus === undefined || focus.length > inlineMax ? withBulkLease(env, currency, run) : run())).summary);
    } catch (err) {
      failed.add(currency);
      log({ event: "recon.match_failed", currency, error: errorText(err), outcome: "retry" }, "error");
    }
  }

  const jobs = new Set<string>();
  for (const a of applied) {
    if (a.currencies.some((c) => failed.has(c))) {
      verdicts.set(a.msg, "retry");
      continue;
    }
    verdicts.set(a.msg, "ack");
    if (a.jobId) jobs.add(a.jobId);
    log({ event: "queue.message_processed", queue: queue, kind: a.kind, message_id: a.msg.id, job_id: a.jobId, outcome: "ack" });
  }
  for (const jobId of jobs) await refreshJob(env, jobId);
  // The currencies' ledger objects (real-time payments) read them again before the next payment.
  for (const c of currencies) await warmLedger(env, c);

  if (runs.length) {
    const total = runs.reduce(
      (acc, r) => ({
        links: acc.links + r.links_written,
        paid: acc.paid + r.paid_invoices,
        review: acc.review + r.review_items,
        changed: acc.changed + r.invoices_changed,
      }),
      { links: 0, paid: 0, review: 0, changed: 0 },
    );
    await recordActivity(env, {
      agent: "reconciliation",
      action: "match_run",
      entity: "import",
      entity_id: [...jobs][0] ?? "payment_event",
      outcome: failed.size ? "error" : "ok",
      latency_ms: elapsedMs(started),
      detail: {
        messages: applied.length,
        currencies,
        links_written: total.links,
        invoices_changed: total.changed,
        invoices_paid: total.paid,
        review_items: total.review,
        jobs: [...jobs],
      },
    });
  }
  return messages.map((m) => verdicts.get(m) ?? "retry");
}

/**
 * A batch of payments only, in small single-currency chunks (a statement of a few lines, one
 * message per payment): each currency's chunks go to its ledger object, which stores and decides
 * them from memory in one transaction with their chunk records and job progress (one D1 round trip
 * instead of three), and stays current for the real-time payments of that currency. Anything else —
 * invoices in the batch, a bulk chunk, a chunk with several currencies, an object that refuses
 * (a bulk run holds the currency, a chunk fails) — takes the path below, message by message.
 * Returns the messages settled here (acked).
 */
async function settleThroughLedgers(
  queue: string,
  messages: readonly QueuedMessage[],
  env: Env,
  inlineMax: number,
): Promise<Set<QueuedMessage>> {
  const settled = new Set<QueuedMessage>();
  const byCurrency = new Map<string, { msg: QueuedMessage; chunk: QueuedChunk }[]>();
  if (messages.some(({ body }) => body.kind === "invoices")) return settled; // new invoices: a full run
  const add = (msg: QueuedMessage, currency: string, chunk: QueuedChunk) =>
    byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), { msg, chunk }]);
  for (const msg of messages) {
    const m = msg.body;
    if (m.kind === "payment_event") {
      // A billing invoice_paid (Stripe): recorded here, its entry decided by the object like a bank line.
      const entry = await recordPaymentEvent(m.event, env).catch(() => undefined);
      if (entry === undefined) continue; // the consumer's path retries it
      if (entry === null) {
        settled.add(msg);
        log({ event: "queue.message_processed", queue, kind: m.kind, message_id: msg.id, outcome: "ack" });
        continue;
      }
      add(msg, entry.currency, { job_id: null, seq: 0, enqueued_at_ms: Date.now(), entries: [entry] });
      continue;
    }
    if (m.kind !== "bank_entries") continue;
    const currencies = new Set(m.entries.map((e) => e.currency));
    if (currencies.size !== 1) continue;
    add(msg, [...currencies][0], { job_id: m.job_id, seq: m.seq, enqueued_at_ms: m.enqueued_at_ms, entries: m.entries });
  }
  const receivedAt = Date.now();
  for (const [currency, list] of byCurrency) {
    if (list.reduce((n, x) => n + x.chunk.entries.length, 0) > inlineMax) continue; // bulk: a leased run below
    const started = performance.now();
    try {
      const outcomes = await env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency)).applyChunks(
        currency,
        list.map((x) => x.chunk),
      );
      list.forEach(({ msg, chunk }, i) => {
        settled.add(msg);
        const out = outcomes[i];
        log({
          event: "recon.chunk_applied",
          job_id: chunk.job_id,
          seq: chunk.seq,
          items: chunk.entries.length,
          inserted: out?.inserted ?? null,
          via: "ledger",
          queue_wait_ms: Math.max(0, receivedAt - chunk.enqueued_at_ms),
          latency_ms: elapsedMs(started),
          outcome: "ok",
        });
        log({
          event: "queue.message_processed",
          queue,
          kind: chunk.job_id ? "bank_entries" : "payment_event",
          message_id: msg.id,
          job_id: chunk.job_id,
          outcome: "ack",
        });
      });
      const jobs = [...new Set(list.map((x) => x.chunk.job_id).filter((j): j is string => j !== null))];
      await recordActivity(env, {
        agent: "reconciliation",
        action: "match_run",
        entity: "import",
        entity_id: jobs[0] ?? "payment_event",
        outcome: "ok",
        latency_ms: elapsedMs(started),
        detail: { messages: list.length, currencies: [currency], via: "ledger", jobs },
      });
    } catch (err) {
      log(
        { event: "recon.ledger_chunks_declined", currency, messages: list.length, error: errorText(err), outcome: "consumer_path" },
        "info",
      );
    }
  }
  return settled;
}

/** Persists the billing event; an `invoice_paid` with an amount also becomes a bank entry (see recon-stripe.ts), returned for the match run. */
async function handlePaymentEvent(e: InternalEvent, env: Env): Promise<BankEntry | null> {
  const entry = await recordPaymentEvent(e, env);
  if (!entry) return null;
  await applyEntryChunk(env, null, 0, Date.now(), [entry]);
  return entry;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
