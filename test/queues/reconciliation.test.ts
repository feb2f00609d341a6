import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { runMatch } from "../../src/recon/match-run";
import { readOpenScope } from "../../src/recon/store/scope-reads";
import { casStatement, isCasConflict } from "../../src/recon/store/scope-locks";
import type { ReconMessage } from "../../src/recon/messages";
import { chunkForQueue } from "../../src/recon/messages";
import { parseStatement } from "../../src/recon/core/parse/detect";
import { parseInvoices } from "../../src/recon/core/parse/invoices";
import type { BankEntry, Invoice } from "../../src/recon/core/types";
import { fixtures } from "../fixtures/recon-service";

const QUEUE = "recon-events";
let seq = 0;
// Decimal, so every id carries digits: the matcher reads only references with a digit in them.
const uid = (p: string) => `${p}-${Date.now()}-${seq++}`;

type Msg = { id: string; body: unknown; attempts?: number };

/** Runs the worker's real queue() entry on a hand-built batch and returns what it acked/retried. */
async function deliver(messages: Msg[], queue = QUEUE) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

function invoiceMsg(jobId: string, invoices: Invoice[], s = 0): ReconMessage {
  return { kind: "invoices", job_id: jobId, seq: s, enqueued_at_ms: Date.now(), invoices };
}
function entryMsg(jobId: string, entries: BankEntry[], s = 0): ReconMessage {
  return { kind: "bank_entries", job_id: jobId, seq: s, enqueued_at_ms: Date.now(), entries };
}

/** Creates the import job row the upload route would have written. */
async function job(kind: "invoices" | "bank_statement", chunks: number, total: number): Promise<string> {
  const id = uid("imp");
  await env.DB.prepare(
    "INSERT INTO imports (id, kind, format, status, sha256, bytes, total_items, chunks_total, created_at) VALUES (?, ?, 'test', 'queued', 'x', 0, ?, ?, ?)",
  )
    .bind(id, kind, total, chunks, new Date().toISOString())
    .run();
  return id;
}

function inv(id: string, amountMinor: number, extra: Partial<Invoice> = {}): Invoice {
  return {
    invoice_id: id,
    customer_tax_id: "DE000000001",
    customer_name: "Race Test GmbH",
    po_number: null,
    amount_minor: amountMinor,
    currency: "EUR",
    issue_date: "2026-01-01",
    due_date: "2026-02-01",
    ...extra,
  };
}

function entry(ref: string, amountMinor: number, remittance: string, extra: Partial<BankEntry> = {}): BankEntry {
  return {
    natural_key: `DE-TEST|${ref}`,
    account: "DE-TEST",
    bank_ref: ref,
    entry_ref: ref,
    amount_minor: amountMinor,
    currency: "EUR",
    direction: "credit",
    booking_date: "2026-02-01",
    value_date: "2026-02-01",
    sender_name: "Race Test GmbH",
    sender_tax_id: "DE000000001",
    remittance,
    format: "camt053",
    ...extra,
  };
}

/** Everything a batch could have changed, for before/after comparisons. */
async function snapshot() {
  const q = (sql: string) => env.DB.prepare(sql).first<Record<string, number>>();
  return {
    invoices: await q("SELECT count(*) AS n, sum(paid_minor) AS paid, group_concat(status) AS s FROM (SELECT * FROM invoices ORDER BY id)"),
    entries: await q("SELECT count(*) AS n, sum(allocated_minor) AS alloc FROM bank_entries"),
    links: await q("SELECT count(*) AS n, sum(allocated_minor) AS alloc FROM recon_links WHERE status IN ('VERIFIED','MANUAL')"),
    allLinks: await q("SELECT count(*) AS n FROM recon_links"),
    history: await q("SELECT count(*) AS n FROM invoice_status_history"),
    moves: await q("SELECT count(*) AS n, sum(qty_delta) AS q FROM stock_moves"),
    stock: await q("SELECT sum(stock) AS s FROM products"),
    pos: await q("SELECT count(*) AS n FROM purchase_orders"),
    review: await q("SELECT count(*) AS n FROM discrepancies"),
    chunks: await q("SELECT count(*) AS n, sum(inserted) AS ins FROM import_chunks"),
  };
}

const parsedInvoices = parseInvoices(fixtures.invoicesCsv, "text/csv").invoices;
const camt = parseStatement(fixtures.camt053Eur);
const mt940 = parseStatement(fixtures.mt940Usd);

describe("reconciliation queue consumer", () => {
  it("imports invoice and entry chunks, links the payments and acks every message", async () => {
    const invJob = await job("invoices", 1, parsedInvoices.length);
    const stJob = await job("bank_statement", 1, camt.entries.length);
    const r = await deliver([
      { id: "m-inv-1", body: invoiceMsg(invJob, parsedInvoices) },
      { id: "m-ent-1", body: entryMsg(stJob, camt.entries) },
    ]);
    expect(r.explicitAcks.sort()).toEqual(["m-ent-1", "m-inv-1"]);
    expect(r.retryMessages).toEqual([]);

    const paid = await env.DB.prepare(
      "SELECT id, status, paid_minor FROM invoices WHERE id IN ('INV-2026-000003','INV-2026-000013','INV-2026-000002') ORDER BY id",
    ).all();
    expect(paid.results).toEqual([
      { id: "INV-2026-000002", status: "PAID", paid_minor: 75233 },
      { id: "INV-2026-000003", status: "PAID", paid_minor: 480000 },
      { id: "INV-2026-000013", status: "PAID", paid_minor: 174147 },
    ]);
    const link = await env.DB.prepare(
      "SELECT wire_id, allocated_minor, status FROM recon_links WHERE invoice_id = 'INV-2026-000003'",
    ).first();
    expect(link).toEqual({ wire_id: "W000010", allocated_minor: 480000, status: "VERIFIED" });
    // The credit that pays nothing we know is recorded as UNMATCHED and queued for review.
    const stray = await env.DB.prepare("SELECT match_status FROM bank_entries WHERE wire_id = 'W000901'").first<{ match_status: string }>();
    expect(stray?.match_status).toBe("UNMATCHED");
    expect(await env.DB.prepare("SELECT status FROM recon_links WHERE wire_id = 'W000901'").first()).toEqual({ status: "UNMATCHED" });

    const jobRow = await env.DB.prepare(
      "SELECT status, chunks_done, inserted_items, duplicate_items, links_written FROM imports WHERE id = ?",
    )
      .bind(stJob)
      .first();
    expect(jobRow).toMatchObject({ status: "done", chunks_done: 1, inserted_items: camt.entries.length, duplicate_items: 0 });
    expect((jobRow as { links_written: number }).links_written).toBeGreaterThanOrEqual(3);
    const act = await env.DB.prepare("SELECT count(*) AS n FROM activity WHERE agent = 'reconciliation' AND action = 'match_run'").first<{
      n: number;
    }>();
    expect(act?.n).toBeGreaterThan(0);
  });

  it("changes nothing when the same batch is delivered again (at-least-once, exactly-once effect)", async () => {
    const invJob = await job("invoices", 1, mt940.entries.length);
    const stJob = await job("bank_statement", 1, mt940.entries.length);
    const usd = parsedInvoices.filter((i) => i.currency === "USD");
    const batch = [
      { id: "m-usd-inv", body: invoiceMsg(invJob, usd) },
      { id: "m-usd-ent", body: entryMsg(stJob, mt940.entries) },
    ];
    await deliver(batch);
    const before = await snapshot();
    expect(before.links?.n).toBeGreaterThan(0);
    const again = await deliver(batch.map((m) => ({ ...m, attempts: 2 })));
    expect(again.explicitAcks.sort()).toEqual(["m-usd-ent", "m-usd-inv"]);
    expect(await snapshot()).toEqual(before);
    const jobRow = await env.DB.prepare("SELECT inserted_items, duplicate_items, chunks_done FROM imports WHERE id = ?")
      .bind(stJob)
      .first();
    expect(jobRow).toEqual({ inserted_items: mt940.entries.length, duplicate_items: 0, chunks_done: 1 });
  });

  it("counts a second import of the same entries as duplicates and adds no entry or link", async () => {
    const before = await snapshot();
    const stJob = await job("bank_statement", 1, camt.entries.length);
    const r = await deliver([{ id: "m-dup", body: entryMsg(stJob, camt.entries) }]);
    expect(r.explicitAcks).toEqual(["m-dup"]);
    const after = await snapshot();
    expect(after.entries).toEqual(before.entries);
    expect(after.links).toEqual(before.links);
    const jobRow = await env.DB.prepare("SELECT status, inserted_items, duplicate_items FROM imports WHERE id = ?").bind(stJob).first();
    expect(jobRow).toEqual({ status: "done", inserted_items: 0, duplicate_items: camt.entries.length });
  });

  it("retries a poisoned message alone while the rest of its batch lands, and the DLQ records it with its payload", async () => {
    const invJob = await job("invoices", 1, 1);
    const poison = { kind: "bank_entries", job_id: "imp-poison", seq: 0, entries: [{ natural_key: "x", amount_minor: -5 }] };
    const r = await deliver([
      { id: "m-good", body: invoiceMsg(invJob, [inv(uid("INV-GOOD"), 1234)]) },
      { id: "m-poison", body: poison },
    ]);
    expect(r.explicitAcks).toEqual(["m-good"]);
    expect(r.retryMessages.map((m) => m.msgId)).toEqual(["m-poison"]);
    const landed = await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE import_id = ?").bind(invJob).first<{ n: number }>();
    expect(landed?.n).toBe(1);

    // After max_retries the runtime moves it to recon-dlq; its consumer records it once.
    const dlq = await deliver([{ id: "m-poison", body: poison, attempts: 4 }], "recon-dlq");
    expect(dlq.explicitAcks).toEqual(["m-poison"]);
    await deliver([{ id: "m-poison", body: poison, attempts: 4 }], "recon-dlq");
    const rows = await env.DB.prepare("SELECT queue, attempts, payload_json FROM dead_letters WHERE message_id = 'm-poison'").all<{
      queue: string;
      attempts: number;
      payload_json: string;
    }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]).toMatchObject({ queue: "recon-dlq", attempts: 4 });
    expect(JSON.parse(rows.results[0].payload_json)).toEqual(poison);
  });

  it("fails the import job when one of its chunks is dead-lettered, naming the chunk", async () => {
    const stJob = await job("bank_statement", 2, 2);
    await deliver([{ id: uid("m"), body: entryMsg(stJob, [entry(uid("W-OK"), 100, "ok")], 0) }]);
    const dead = { kind: "bank_entries", job_id: stJob, seq: 1, enqueued_at_ms: 0, entries: [{ broken: true }] };
    await deliver([{ id: uid("m-dead"), body: dead, attempts: 4 }], "recon-dlq");
    const row = await env.DB.prepare("SELECT status, errors_json, chunks_done FROM imports WHERE id = ?")
      .bind(stJob)
      .first<{ status: string; errors_json: string; chunks_done: number }>();
    expect(row?.status).toBe("failed");
    expect(row?.chunks_done).toBe(1);
    expect(JSON.parse(row?.errors_json ?? "[]")).toContainEqual(expect.objectContaining({ code: "CHUNK_DEAD_LETTERED" }));
  });

  it("decrements stock exactly once for a fully paid invoice and drafts a purchase order below the reorder point", async () => {
    const sku = uid("SKU");
    await env.DB.prepare(
      "INSERT INTO products (sku, name, unit_price_minor, currency, stock, reorder_point, reorder_qty, supplier) VALUES (?, 'Valve', 1000, 'EUR', 10, 5, 50, 'Acme Valves')",
    )
      .bind(sku)
      .run();
    const invoiceId = uid("INV-STOCK");
    const invJob = await job("invoices", 1, 1);
    const stJob = await job("bank_statement", 1, 1);
    const batch = [
      { id: uid("m"), body: invoiceMsg(invJob, [inv(invoiceId, 25_000, { lines: [{ sku, qty: 7 }] })]) },
      { id: uid("m"), body: entryMsg(stJob, [entry(uid("W"), 25_000, `payment ${invoiceId}`)]) },
    ];
    await deliver(batch);
    await deliver(batch);
    const product = await env.DB.prepare("SELECT stock FROM products WHERE sku = ?").bind(sku).first<{ stock: number }>();
    expect(product?.stock).toBe(3);
    const moves = await env.DB.prepare("SELECT qty_delta FROM stock_moves WHERE invoice_id = ?").bind(invoiceId).all();
    expect(moves.results).toEqual([{ qty_delta: -7 }]);
    const pos = await env.DB.prepare("SELECT supplier, qty, status, trigger_invoice_id, stock_after FROM purchase_orders WHERE sku = ?")
      .bind(sku)
      .all();
    expect(pos.results).toEqual([{ supplier: "Acme Valves", qty: 50, status: "DRAFT", trigger_invoice_id: invoiceId, stock_after: 3 }]);
    // Re-running the match run itself (no new data) changes nothing either.
    await runMatch(env, { kind: "full", currency: "EUR" });
    expect((await env.DB.prepare("SELECT stock FROM products WHERE sku = ?").bind(sku).first<{ stock: number }>())?.stock).toBe(3);
  });

  it("does not touch stock for a partially paid invoice", async () => {
    const sku = uid("SKU");
    await env.DB.prepare(
      "INSERT INTO products (sku, name, unit_price_minor, currency, stock, reorder_point, reorder_qty, supplier) VALUES (?, 'Pipe', 1000, 'EUR', 10, 5, 50, 'Acme')",
    )
      .bind(sku)
      .run();
    const invoiceId = uid("INV-PART");
    await deliver([
      { id: uid("m"), body: invoiceMsg(await job("invoices", 1, 1), [inv(invoiceId, 100_000, { lines: [{ sku, qty: 9 }] })]) },
      { id: uid("m"), body: entryMsg(await job("bank_statement", 1, 1), [entry(uid("W"), 40_000, `installment ${invoiceId}`)]) },
    ]);
    const row = await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?").bind(invoiceId).first();
    expect(row).toEqual({ status: "PARTIAL", paid_minor: 40_000 });
    expect((await env.DB.prepare("SELECT stock FROM products WHERE sku = ?").bind(sku).first<{ stock: number }>())?.stock).toBe(10);
  });

  it("refuses a stale match run: the scope lock rolls back a write based on an old read", async () => {
    const stale = await readOpenScope(env, "EUR");
    // Someone else writes the scope first (a new invoice + its match run bumps the version).
    await deliver([{ id: uid("m"), body: invoiceMsg(await job("invoices", 1, 1), [inv(uid("INV-LOCK"), 500)]) }]);
    const linkId = uid("lnk");
    const write = env.DB.prepare(
      "INSERT INTO recon_links (id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, booking_date, created_at) VALUES (?, 'X', 'Y', 'W', 1, 'EUR', 'VERIFIED', 1, 'TEST', '2026-01-01', '2026-01-01')",
    ).bind(linkId);
    const err = await env.DB.batch([casStatement(env, "EUR", stale.version), write]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCasConflict(err)).toBe(true);
    expect(await env.DB.prepare("SELECT id FROM recon_links WHERE id = ?").bind(linkId).first()).toBeNull();
    const fresh = await readOpenScope(env, "EUR");
    expect(fresh.version).toBeGreaterThan(stale.version);
  });

  it("never spends one wire twice when two batches for the same customer are processed concurrently", async () => {
    const tax = uid("TAX");
    const a = uid("INV-RACE-A");
    const b = uid("INV-RACE-B");
    const wireRef = uid("W-RACE");
    // The wire names both invoices but holds the money for one.
    await deliver([
      { id: uid("m"), body: entryMsg(await job("bank_statement", 1, 1), [entry(wireRef, 100_000, `${a} ${b}`, { sender_tax_id: tax })]) },
    ]);
    const [jobA, jobB] = [await job("invoices", 1, 1), await job("invoices", 1, 1)];
    const results = await Promise.all([
      deliver([{ id: uid("m"), body: invoiceMsg(jobA, [inv(a, 100_000, { customer_tax_id: tax })]) }]),
      deliver([{ id: uid("m"), body: invoiceMsg(jobB, [inv(b, 100_000, { customer_tax_id: tax })]) }]),
      deliver([{ id: uid("m"), body: invoiceMsg(jobB, [inv(b, 100_000, { customer_tax_id: tax })]) }]),
    ]);
    for (const r of results) expect(r.retryMessages).toEqual([]);
    const spent = await env.DB.prepare(
      "SELECT coalesce(sum(allocated_minor), 0) AS s, count(*) AS n FROM recon_links WHERE wire_id = ? AND status IN ('VERIFIED','MANUAL')",
    )
      .bind(wireRef)
      .first<{ s: number; n: number }>();
    expect(spent?.s).toBeLessThanOrEqual(100_000);
    const paid = await env.DB.prepare("SELECT sum(paid_minor) AS p FROM invoices WHERE id IN (?, ?)").bind(a, b).first<{ p: number }>();
    expect(paid?.p).toBe(spent?.s);
    const e = await env.DB.prepare("SELECT allocated_minor FROM bank_entries WHERE wire_id = ?")
      .bind(wireRef)
      .first<{ allocated_minor: number }>();
    expect(e?.allocated_minor).toBe(spent?.s);
  });

  it("settles an invoice from a billing invoice_paid event through the same matcher, once", async () => {
    const invoiceId = uid("INV-STRIPE");
    await deliver([{ id: uid("m"), body: invoiceMsg(await job("invoices", 1, 1), [inv(invoiceId, 4_999, { currency: "USD" })]) }]);
    const event = {
      source: "stripe",
      vendor_event_id: uid("evt"),
      event_type: "invoice_paid",
      subject_id: uid("in"),
      occurred_at: "2026-02-02T10:00:00.000Z",
      data: { amount_minor: 4_999, currency: "usd", invoice_number: invoiceId, customer_name: "Race Test GmbH" },
    };
    const msg = { kind: "payment_event", event };
    const r1 = await deliver([{ id: uid("m"), body: msg }]);
    const r2 = await deliver([{ id: uid("m"), body: msg }]);
    expect(r1.explicitAcks).toHaveLength(1);
    expect(r2.explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?").bind(invoiceId).first()).toEqual({
      status: "PAID",
      paid_minor: 4_999,
    });
    const n = await env.DB.prepare("SELECT count(*) AS n FROM recon_links WHERE invoice_id = ?").bind(invoiceId).first<{ n: number }>();
    expect(n?.n).toBe(1);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM payment_events WHERE subject_id = ?").bind(event.subject_id).first()).toEqual({
      n: 1,
    });
  });

  it("persists a payment event without an amount and acks it without a match run", async () => {
    const event = {
      source: "seed",
      vendor_event_id: uid("evt"),
      event_type: "invoice_payment_failed",
      subject_id: uid("in"),
      occurred_at: "2026-02-02T10:00:00.000Z",
      data: {},
    };
    const r = await deliver([{ id: "m-failed-pay", body: { kind: "payment_event", event } }]);
    expect(r.explicitAcks).toEqual(["m-failed-pay"]);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM bank_entries WHERE natural_key = ?").bind(`seed|${event.subject_id}`).first(),
    ).toEqual({ n: 0 });
  });
});

describe("queue chunking", () => {
  it("keeps every message of a large statement well under the 128 KB queue limit", () => {
    const many = Array.from({ length: 3000 }, (_, i) => entry(`W${i}`, 100 + i, "x".repeat(140)));
    const chunks = chunkForQueue(many);
    expect(chunks.flat()).toHaveLength(3000);
    for (const c of chunks) expect(new TextEncoder().encode(JSON.stringify(entryMsg("imp", c))).length).toBeLessThan(100 * 1024);
  });
});

describe("match run scope", () => {
  it("still sees a settled invoice when its customer pays it a second time", async () => {
    const tax = uid("TAX2");
    const id = uid("INV-TWICE");
    await deliver([
      { id: uid("m"), body: invoiceMsg(await job("invoices", 1, 1), [inv(id, 70_000, { customer_tax_id: tax })]) },
      {
        id: uid("m"),
        body: entryMsg(await job("bank_statement", 1, 1), [entry(uid("W1"), 70_000, `Invoice ${id}`, { sender_tax_id: tax })]),
      },
    ]);
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(id).first()).toEqual({ status: "PAID" });
    const second = uid("W2");
    await deliver([
      {
        id: uid("m"),
        body: entryMsg(await job("bank_statement", 1, 1), [
          entry(second, 70_000, `Invoice ${id}`, { sender_tax_id: tax, booking_date: "2026-02-09" }),
        ]),
      },
    ]);
    const row = await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?")
      .bind(id)
      .first<{ status: string; paid_minor: number }>();
    const wire = await env.DB.prepare("SELECT match_status FROM bank_entries WHERE wire_id = ?")
      .bind(second)
      .first<{ match_status: string }>();
    const flagged = await env.DB.prepare("SELECT count(*) AS n FROM discrepancies WHERE entry_key = ? OR invoice_ids_json LIKE ?")
      .bind(`DE-TEST|${second}`, `%${id}%`)
      .first<{ n: number }>();
    // The double payment shows on the invoice and in the review queue — never a silent PAID + lost wire.
    expect(["DISCREPANCY", "OVERPAID"]).toContain(row?.status);
    expect(row?.paid_minor).toBe(140_000);
    expect(wire?.match_status).toBeDefined();
    expect(flagged?.n).toBeGreaterThan(0);
  });
});

describe("review proposals", () => {
  it("proposes an ambiguous payment for review instead of guessing, and a person's match settles it", async () => {
    const { apiKey, call } = await import("../helpers");
    const tax = uid("TAXAMB");
    const [a, b] = [uid("INV-AMB-A"), uid("INV-AMB-B")];
    const wireRef = uid("W-AMB");
    await deliver([
      {
        id: uid("m"),
        body: invoiceMsg(await job("invoices", 1, 2), [
          inv(a, 50_000, { customer_tax_id: tax, due_date: "2026-03-01" }),
          inv(b, 50_000, { customer_tax_id: tax, due_date: "2026-03-01" }),
        ]),
      },
      {
        id: uid("m"),
        body: entryMsg(await job("bank_statement", 1, 1), [
          entry(wireRef, 50_000, "payment", { sender_tax_id: tax, booking_date: "2026-03-01" }),
        ]),
      },
    ]);
    const proposals = await env.DB.prepare("SELECT id, invoice_id, status FROM recon_links WHERE wire_id = ? ORDER BY invoice_id")
      .bind(wireRef)
      .all<{ id: string; invoice_id: string; status: string }>();
    expect(proposals.results.map((p) => [p.invoice_id, p.status])).toEqual([
      [a, "REVIEW"],
      [b, "REVIEW"],
    ]);
    expect(await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?").bind(a).first()).toEqual({
      status: "UNPAID",
      paid_minor: 0,
    });
    const queued = await env.DB.prepare("SELECT kind, status FROM discrepancies WHERE entry_key = ?").bind(`DE-TEST|${wireRef}`).first();
    expect(queued).toEqual({ kind: "AMBIGUOUS", status: "OPEN" });

    const res = await call(`/api/finance/reconciliations/${proposals.results[1].id}/resolve`, {
      method: "POST",
      headers: { ...(await apiKey("finance:write")), "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "remittance advice names B" }),
    });
    expect(await res.json()).toMatchObject({ status: "MANUAL", invoice: { invoice_id: b, status: "PAID" } });
    const after = await env.DB.prepare("SELECT invoice_id, status FROM recon_links WHERE wire_id = ? ORDER BY invoice_id")
      .bind(wireRef)
      .all();
    expect(after.results).toEqual([{ invoice_id: b, status: "MANUAL" }]);
    expect(await env.DB.prepare("SELECT status FROM discrepancies WHERE entry_key = ?").bind(`DE-TEST|${wireRef}`).first()).toEqual({
      status: "RESOLVED",
    });
  });
});
