import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { leaseCurrency } from "../../src/recon/store/scope-locks";
import type { NewImport } from "../../src/recon/import";
import { settleByReadThenWrite } from "../../src/recon/realtime";
import { warmLedger } from "../../src/recon/ledger-object";
import { applyInvoiceChunk } from "../../src/recon/store/chunks";
import { parseStatement } from "../../src/recon/core/parse/detect";
import type { BankEntry, Invoice } from "../../src/recon/core/types";
import { fixtures } from "../fixtures/recon";
import { waitFor } from "../helpers";
import { deliver, freshBooks, importInvoices, job, uid } from "../recon/support";

/**
 * The ReconLedger object (one per currency) on real local D1: payments decided from memory with
 * one write each, and every way D1 can move on without it — imports, a bulk run's lease, a
 * payment already stored — ending in the right links, never in a stale decision.
 */
const meta: NewImport = { kind: "bank_statement", format: "camt054", sha256: "test", bytes: 0, actor: "test", errors: [], warnings: [] };
const ledgerOf = (currency: string) => env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName(currency));
const pay = (currency: string, entries: BankEntry[]) => ledgerOf(currency).matchNotification({ meta, entries, acceptedAt: Date.now() });

const livePairs = async (currency: string, tag: string) =>
  (
    await env.DB.prepare(
      "SELECT invoice_id, wire_id, allocated_minor FROM recon_links WHERE currency = ? AND status IN ('VERIFIED','MANUAL') ORDER BY invoice_id, wire_id",
    )
      .bind(currency)
      .all<{ invoice_id: string; wire_id: string; allocated_minor: number }>()
  ).results.map((l) => `${l.invoice_id.replace(tag, "T")}<-${l.wire_id.replace(tag, "T")}:${l.allocated_minor}`);

function statementIn(tag: string, currency: string) {
  const { invoices, rename } = freshBooks(tag);
  const move = <T extends { currency: string }>(x: T): T => ({ ...x, currency });
  return {
    invoices: invoices.filter((i) => i.currency === "USD").map(move),
    entries: parseStatement(fixtures.camt053Usd)
      .entries.map(rename)
      .map((e) => ({ ...move(e), natural_key: `${currency}|${e.natural_key}` }))
      .sort((a, b) => a.booking_date.localeCompare(b.booking_date) || a.natural_key.localeCompare(b.natural_key)),
  };
}

/**
 * One customer of `currency` with a fresh tax id: its invoices (due 2026-05-31) and credits that
 * name them in the remittance text.
 */
function customerIn(currency: string, name: string) {
  const tax = `${currency}${Date.now() % 1_000_000_000}${n++}`;
  return {
    invoice: (id: string, amount_minor: number): Invoice => ({
      invoice_id: id,
      customer_tax_id: tax,
      customer_name: name,
      po_number: null,
      amount_minor,
      currency,
      issue_date: "2026-05-01",
      due_date: "2026-05-31",
    }),
    credit: (id: string, amount_minor: number, ref = uid("CR")): BankEntry => ({
      natural_key: `${currency}|${ref}`,
      account: "IBAN",
      bank_ref: ref,
      entry_ref: ref,
      amount_minor,
      currency,
      direction: "credit",
      booking_date: "2026-05-31",
      value_date: null,
      sender_name: name.toUpperCase(),
      sender_tax_id: tax,
      remittance: `Invoice ${id}`,
      format: "camt054",
    }),
  };
}
let n = 0;

describe("ReconLedger", () => {
  it("decides a stream of payments from memory — one ledger read, one write each — with the links read-then-write makes", async () => {
    const viaLedger = statementIn("5501", "XRA");
    const viaReads = statementIn("5502", "XRB");
    await importInvoices(viaLedger.invoices);
    await importInvoices(viaReads.invoices);
    for (const e of viaLedger.entries) expect((await pay("XRA", [e])).status).toBe("done");
    for (const e of viaReads.entries) expect((await settleByReadThenWrite(env, meta, [e], () => undefined)).status).toBe("done");

    const stats = await ledgerOf("XRA").stats();
    expect(stats).toMatchObject({ loads: 1, ledger_runs: viaLedger.entries.length, conflicts: 0, read_then_write: 0, stale: false });
    const got = await livePairs("XRA", "5501");
    expect(got.length).toBeGreaterThan(5);
    expect(got).toEqual(await livePairs("XRB", "5502"));
    // Invoice statuses agree too.
    const statuses = async (c: string) =>
      (await env.DB.prepare("SELECT status, count(*) AS n FROM invoices WHERE currency = ? GROUP BY status ORDER BY status").bind(c).all())
        .results;
    expect(await statuses("XRA")).toEqual(await statuses("XRB"));
  });

  it("sees an invoice stored after it loaded, and a settled payment sent again changes nothing", async () => {
    const cur = "XRC";
    const c = customerIn(cur, "Ledger Owner GmbH");
    const inv = (id: string) => c.invoice(id, 25_000);
    const credit = (id: string) => c.credit(id, 25_000);
    const [a, b] = [uid("INV-LO-A"), uid("INV-LO-B")];
    await importInvoices([inv(a)]);
    const first = credit(a);
    expect((await pay(cur, [first])).entries[0].links).toEqual([expect.objectContaining({ invoice_id: a, status: "VERIFIED" })]);

    // Stored by an import whose match run is still to come: the object's next write is refused, it reloads.
    await applyInvoiceChunk(env, await job("invoices", 1), 0, [inv(b)]);
    const second = await pay(cur, [credit(b)]);
    expect(second.entries[0]).toMatchObject({ match_status: "MATCHED", links: [expect.objectContaining({ invoice_id: b })] });
    expect(await ledgerOf(cur).stats()).toMatchObject({ loads: 2, conflicts: 1, ledger_runs: 2 });

    // The first notification again: already stored, so 0 inserted, 1 duplicate, no new link — and
    // no reload (a one-row check tells the object nothing else moved).
    const again = await pay(cur, [first]);
    expect(again).toMatchObject({ status: "done", inserted: 0, duplicates: 1 });
    const links = await env.DB.prepare("SELECT count(*) AS n FROM recon_links WHERE currency = ? AND status = 'VERIFIED'")
      .bind(cur)
      .first();
    expect(links).toEqual({ n: 2 });
    expect(await ledgerOf(cur).stats()).toMatchObject({ loads: 2, conflicts: 2, ledger_runs: 3 });
  });

  it("queues payments behind a bulk run without reloading, and decides from memory again once it ends", async () => {
    const cur = "XRD";
    const c = customerIn(cur, "Bulk Lease SA");
    const ids = [uid("INV-BL-1"), uid("INV-BL-2"), uid("INV-BL-3")];
    await importInvoices(ids.map((id) => c.invoice(id, 9_900)));
    const credit = (id: string) => c.credit(id, 9_900);
    expect((await pay(cur, [credit(ids[0])])).status).toBe("done");
    await leaseCurrency(env, cur, 60_000);
    try {
      const r = await pay(cur, [credit(ids[1])]);
      expect(r).toMatchObject({ status: "queued", queued_because: "bulk_run_in_progress", inserted: 0 });
      // The queue consumer settles it while the bulk run still holds the currency: the object
      // declines the chunk (busy), so the consumer writes it itself — a write the object did not make.
      await waitFor(
        async () =>
          (await env.DB.prepare("SELECT status FROM imports WHERE id = ?").bind(r.job_id).first<{ status: string }>())?.status === "done",
      );
      expect(await ledgerOf(cur).stats()).toMatchObject({ loads: 1, queued_busy: 2, queue_chunks: 0 });
    } finally {
      await leaseCurrency(env, cur, null);
    }
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(ids[1]).first()).toEqual({ status: "PAID" });
    // ... so the next payment reloads the ledger once and is decided from memory.
    expect(await pay(cur, [credit(ids[2])])).toMatchObject({ status: "done", inserted: 1 });
    expect(await ledgerOf(cur).stats()).toMatchObject({ loads: 2, ledger_runs: 2, stale: false });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE currency = ? AND status = 'PAID'").bind(cur).first()).toEqual({
      n: 3,
    });
  });

  it("decides payments sent at once in arrival order: none refused, each seeing the ones before it", async () => {
    const cur = "XRE";
    const c = customerIn(cur, "Twice BV");
    const id = uid("INV-TW");
    await importInvoices([c.invoice(id, 50_000)]);
    const credit = () => c.credit(id, 50_000);
    const results = await Promise.all([pay(cur, [credit()]), pay(cur, [credit()]), pay(cur, [credit()])]);
    expect(results.map((r) => r.status)).toEqual(["done", "done", "done"]);
    expect(await ledgerOf(cur).stats()).toMatchObject({ conflicts: 0, read_then_write: 0 });
    // The invoice's paid amount is exactly the money linked to it; the second and third payments
    // are seen as paying a settled invoice again (flagged), and no wire is spent beyond its amount.
    const row = await env.DB.prepare(
      "SELECT i.status, i.paid_minor, (SELECT sum(allocated_minor) FROM recon_links l WHERE l.invoice_id = i.id AND l.status IN ('VERIFIED','MANUAL')) AS linked FROM invoices i WHERE id = ?",
    )
      .bind(id)
      .first<{ status: string; paid_minor: number; linked: number }>();
    expect(row).toMatchObject({ paid_minor: 150_000, linked: 150_000 });
    expect(["OVERPAID", "DISCREPANCY"]).toContain(row?.status);
    const flagged = await env.DB.prepare("SELECT count(*) AS n FROM discrepancies WHERE kind = 'OVERPAYMENT' AND invoice_ids_json LIKE ?")
      .bind(`%${id}%`)
      .first<{ n: number }>();
    expect(flagged?.n).toBeGreaterThanOrEqual(2);
  });

  it("reads the currency again on a warm-up after others wrote it, so the next payment neither waits nor is refused", async () => {
    const cur = "XRF";
    const c = customerIn(cur, "Warm Up SpA");
    const inv = (id: string) => c.invoice(id, 12_300);
    const credit = (id: string) => c.credit(id, 12_300);
    const [a, b] = [uid("INV-WU-A"), uid("INV-WU-B")];
    await importInvoices([inv(a)]);
    const stub = ledgerOf(cur);
    expect((await pay(cur, [credit(a)])).status).toBe("done");

    // Another writer (here an invoice import) changes the currency and asks for a warm-up.
    await importInvoices([inv(b)]);
    await stub.warm(cur, 60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.stats()).toMatchObject({ loads: 2, warm_loads: 1, stale: false });
    const second = await pay(cur, [credit(b)]);
    expect(second.entries[0]).toMatchObject({ match_status: "MATCHED", links: [expect.objectContaining({ invoice_id: b })] });
    expect(await stub.stats()).toMatchObject({ loads: 2, conflicts: 0, ledger_runs: 2 });

    // While a bulk run holds the currency, the warm-up reads nothing and tries again later.
    await leaseCurrency(env, cur, 60_000);
    try {
      await stub.warm(cur, 60_000);
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      expect(await stub.stats()).toMatchObject({ loads: 2, warm_loads: 1 });
      expect(await runInDurableObject(stub, (_o, state) => state.storage.getAlarm())).not.toBeNull();
    } finally {
      await leaseCurrency(env, cur, null);
    }
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // Nothing moved since the last read: the retry finds the ledger current and reads nothing more.
    expect(await stub.stats()).toMatchObject({ loads: 2, warm_loads: 1, stale: false });
  });

  it("is asked to read again by the other writers (warmLedger), unless RECON_LEDGER_WARM_MS is 0", async () => {
    const cur = "XRG";
    const stub = ledgerOf(cur);
    const alarm = () => runInDurableObject(stub, (_o, state) => state.storage.getAlarm());
    await warmLedger(env, cur); // the test config: 0, off
    expect(await alarm()).toBeNull();
    const before = Date.now();
    await warmLedger({ ...env, RECON_LEDGER_WARM_MS: "5000" } as Env, cur);
    const at = await alarm();
    expect(at).toBeGreaterThanOrEqual(before + 5000);
    expect(at).toBeLessThan(Date.now() + 5001);
    expect(await stub.stats()).toMatchObject({ stale: true, loads: 0 });
    // Due: the object reads the currency (nothing else to do here) and is current again.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.stats()).toMatchObject({ stale: false, loads: 1, warm_loads: 1, size: { invoices: 0, entries: 0, links: 0 } });
  });

  it("writes a burst in one transaction (group commit), each notification with its own job and answer; a bad one fails alone", async () => {
    const cur = "XRH";
    const c = customerIn(cur, "Group Commit SL");
    const ids = Array.from({ length: 10 }, (_, k) => uid(`INV-GC-${k}`));
    await importInvoices(ids.map((id, k) => c.invoice(id, 10_000 + k)));
    const credit = (id: string, k: number) => c.credit(id, 10_000 + k);
    const stub = ledgerOf(cur);
    expect((await pay(cur, [credit(ids[0], 0)])).status).toBe("done"); // loads the ledger

    // A fault in the real database for one payment of the burst: its write is refused.
    const poisoned = credit(ids[5], 5);
    await env.DB.exec(
      `CREATE TRIGGER test_fail_group_member BEFORE INSERT ON bank_entries WHEN NEW.natural_key = '${poisoned.natural_key}' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`,
    );
    let results;
    try {
      results = await Promise.all(ids.slice(1).map((id, k) => pay(cur, [k + 1 === 5 ? poisoned : credit(id, k + 1)])));
    } finally {
      await env.DB.exec("DROP TRIGGER IF EXISTS test_fail_group_member");
    }
    const stats = await stub.stats();
    expect(stats.grouped).toBeGreaterThan(1); // some went in one write together
    expect(stats.conflicts).toBe(0);
    expect(new Set(results.map((r) => r.job_id)).size).toBe(9); // one job each
    results.forEach((r, k) => {
      if (k + 1 === 5) return expect(r).toMatchObject({ status: "queued", queued_because: "error" });
      expect(r).toMatchObject({ status: "done", inserted: 1 });
      expect(r.entries[0].links).toEqual([
        expect.objectContaining({ invoice_id: ids[k + 1], status: "VERIFIED", allocated_minor: 10_000 + k + 1 }),
      ]);
    });
    // The queued one is settled by the consumer; every invoice ends paid exactly once.
    await waitFor(
      async () =>
        (await env.DB.prepare("SELECT status FROM imports WHERE id = ?").bind(results[4].job_id).first<{ status: string }>())?.status ===
        "done",
    );
    const paid = await env.DB.prepare(
      "SELECT count(*) AS n, sum(paid_minor = amount_minor) AS exact FROM invoices WHERE currency = ? AND status = 'PAID'",
    )
      .bind(cur)
      .first();
    expect(paid).toEqual({ n: 10, exact: 10 });
  });

  it("takes the queue consumer's small payment chunks too: one transaction each batch, and no reload for the next real-time payment", async () => {
    const cur = "XRI";
    const c = customerIn(cur, "Queue Chunk Lda");
    const ids = [uid("INV-QC-1"), uid("INV-QC-2"), uid("INV-QC-3")];
    await importInvoices(ids.map((id) => c.invoice(id, 7_700)));
    const credit = (id: string) => c.credit(id, 7_700);
    const stub = ledgerOf(cur);
    expect((await pay(cur, [credit(ids[0])])).status).toBe("done"); // loads the ledger

    // Two statement uploads of one payment each arrive in one queue batch (the real queue() entry).
    const jobs = [await job("bank_statement", 1), await job("bank_statement", 1)];
    const chunks = [credit(ids[1]), credit(ids[2])].map((e, i) => ({
      kind: "bank_entries",
      job_id: jobs[i],
      seq: 0,
      enqueued_at_ms: Date.now(),
      entries: [e],
    }));
    await deliver(chunks);
    expect(await stub.stats()).toMatchObject({ loads: 1, queue_chunks: 2, conflicts: 0, stale: false });
    for (const id of jobs) {
      expect(await env.DB.prepare("SELECT status, inserted_items, links_written FROM imports WHERE id = ?").bind(id).first()).toEqual({
        status: "done",
        inserted_items: 1,
        links_written: 1,
      });
    }
    expect(await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE currency = ? AND status = 'PAID'").bind(cur).first()).toEqual({
      n: 3,
    });

    // The same batch delivered again changes nothing (the chunk records hold), still without a reload.
    await deliver(chunks);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM recon_links WHERE currency = ? AND status = 'VERIFIED'").bind(cur).first(),
    ).toEqual({ n: 3 });
    expect(await env.DB.prepare("SELECT inserted, duplicates FROM import_chunks WHERE import_id = ?").bind(jobs[0]).first()).toEqual({
      inserted: 1,
      duplicates: 0,
    });
    expect((await stub.stats()).loads).toBe(1);
  });

  it("takes a billing invoice_paid (Stripe) from the queue as well: recorded, decided from memory, once", async () => {
    const cur = "NOK";
    const c = customerIn(cur, "Billing Event AS");
    const [first, paid] = [uid("INV-ST-1"), uid("INV-ST-2")];
    await importInvoices([c.invoice(first, 3_300), c.invoice(paid, 4_400)]);
    const stub = ledgerOf(cur);
    expect((await pay(cur, [c.credit(first, 3_300)])).status).toBe("done"); // loads the ledger
    const event = {
      source: "stripe",
      vendor_event_id: uid("evt"),
      event_type: "invoice_paid",
      subject_id: uid("in"),
      occurred_at: "2026-05-31T10:00:00.000Z",
      data: { amount_minor: 4_400, currency: "nok", invoice_number: paid, customer_name: "Billing Event AS" },
    };
    await deliver([{ kind: "payment_event", event }]);
    await deliver([{ kind: "payment_event", event }]); // delivered twice
    expect(await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?").bind(paid).first()).toEqual({
      status: "PAID",
      paid_minor: 4_400,
    });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM recon_links WHERE invoice_id = ?").bind(paid).first()).toEqual({ n: 1 });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM payment_events WHERE subject_id = ?").bind(event.subject_id).first()).toEqual({
      n: 1,
    });
    expect(await stub.stats()).toMatchObject({ loads: 1, queue_chunks: 2, read_then_write: 0 });
  });
});
