import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Ledger } from "../../src/recon/core/ledger";
import { runMatch } from "../../src/recon/match-run";
import { readLedger } from "../../src/recon/store/ledger-reads";
import { readFocusedScope } from "../../src/recon/store/scope-reads";
import { isCasConflict } from "../../src/recon/store/scope-locks";
import { applyInvoiceChunk, entryChunkStatements } from "../../src/recon/store/chunks";
import { parseStatement } from "../../src/recon/core/parse/detect";
import type { BankEntry, Invoice } from "../../src/recon/core/types";
import { fixtures } from "../fixtures/recon";
import { aliasToLearn } from "../../src/recon/core/payer-alias";
import { learnAliasStatement } from "../../src/recon/store/aliases";
import { deliver, freshBooks, importInvoices, job, uid } from "./support";

/** One match run of `payments` from `ledger`'s memory, storing them in the same transaction. */
const fromLedger = (ledger: Ledger, payments: BankEntry[], store: D1PreparedStatement[]) =>
  runMatch(env, { kind: "ledger", ledger, payments, carry: { store } });

/**
 * The real-time ledger against D1: the scope it answers from memory is the one the focused D1
 * read answers, and its write is refused whenever D1 moved on without it.
 */

/** The dev sample's USD books and statements moved to their own currency, so the test owns the whole scope. */
function books(tag: string, currency: string) {
  const { invoices, rename } = freshBooks(tag);
  const move = <T extends { currency: string }>(x: T): T => ({ ...x, currency });
  const usd = invoices.filter((i) => i.currency === "USD");
  return {
    usd: usd.map(move),
    all: invoices.map(move),
    camt: parseStatement(fixtures.camt053Usd).entries.map(rename).map(move),
    mt940: parseStatement(fixtures.mt940Usd).entries.map(rename).map(move),
    /** The EUR statements: names without tax ids, wrong tax ids, references only. */
    others: [...parseStatement(fixtures.bankCsv).entries, ...parseStatement(fixtures.camt054).entries].map(rename).map(move),
  };
}

const strip = <T extends object>(row: T) => {
  const { tax_norm: _t, name_first: _n, ...rest } = row as T & { tax_norm?: unknown; name_first?: unknown };
  return rest;
};

describe("the real-time ledger", () => {
  it("answers from memory exactly the focused scope D1 answers, for stored, settled and new payments", async () => {
    const cur = "XLA";
    const b = books("5401", cur);
    await importInvoices(b.all);
    // Half of one statement matched through the queue: paid, partly paid, review and unmatched rows.
    const half = b.camt.slice(0, Math.ceil(b.camt.length / 2));
    await deliver([{ kind: "bank_entries", job_id: await job("bank_statement", 1), seq: 0, enqueued_at_ms: Date.now(), entries: half }]);
    const ledger = await readLedger(env, cur, 100_000);
    if (!ledger) throw new Error("no ledger");
    const statuses = await env.DB.prepare("SELECT DISTINCT status FROM invoices WHERE currency = ?").bind(cur).all<{ status: string }>();
    expect(statuses.results.length).toBeGreaterThan(1);

    let compared = 0;
    const payments = [...b.camt, ...b.mt940, ...b.others];
    for (const e of payments) {
      const read = await readFocusedScope(env, cur, [e]);
      if (!read.scope) throw new Error("no scope");
      const mem = ledger.scopeFor([e], read.existing);
      expect(mem.scope.version).toBe(read.scope.version);
      expect(mem.scope.invoices.map(strip)).toEqual(read.scope.invoices);
      expect(mem.fresh).toEqual(read.existing.has(e.natural_key) ? [] : [e.natural_key]);
      expect(mem.scope.entries.filter((x) => !mem.fresh.includes(x.natural_key)).map(strip)).toEqual(read.scope.entries);
      const byId = (a: { id: string }, c: { id: string }) => a.id.localeCompare(c.id);
      expect(mem.scope.links).toEqual([...read.scope.links].sort(byId));
      compared += mem.scope.invoices.length;
    }
    // Not a comparison of empty scopes.
    expect(compared).toBeGreaterThan(payments.length);
  });

  it("adds, from memory and from D1 alike, the open invoices of customers a payer was matched to by hand", async () => {
    const cur = "XLP";
    const tag = uid("pal");
    const inv = (id: string, tax: string | null, name: string): Invoice => ({
      invoice_id: `${tag}-${id}`,
      customer_tax_id: tax,
      customer_name: name,
      po_number: null,
      amount_minor: 10_000,
      currency: cur,
      issue_date: "2026-06-01",
      due_date: "2026-07-01",
    });
    const taxed = inv("T", `DE${String(Date.now()).slice(-9)}`, `Taxed ${tag} GmbH`);
    const named = inv("N", null, `Named ${tag} Corp`);
    await importInvoices([taxed, named, inv("X", null, `Other ${tag} Ltd`)]);
    const payer = (name: string): BankEntry => ({
      natural_key: `${tag}|${name}`,
      account: "DE89",
      bank_ref: null,
      entry_ref: name,
      amount_minor: 10_000,
      currency: cur,
      direction: "credit",
      booking_date: "2026-07-01",
      value_date: null,
      sender_name: name,
      sender_tax_id: null,
      remittance: "",
      format: "camt054",
    });
    const learn = (payerName: string, i: Invoice) => {
      const a = aliasToLearn({ sender_name: payerName, sender_tax_id: null, remittance: "" }, i);
      if (!a) throw new Error("nothing to learn");
      return learnAliasStatement(env, a, {
        link_id: "l",
        invoice_id: i.invoice_id,
        entry_key: "e",
        actor: "test",
        now: new Date().toISOString(),
      });
    };
    await env.DB.batch([learn(`Factor ${tag} AG`, taxed), learn(`Collector ${tag} SA`, named)]);
    const ledger = await readLedger(env, cur, 100_000);
    if (!ledger) throw new Error("no ledger");
    for (const [name, want] of [
      [`Factor ${tag} AG`, taxed.invoice_id],
      [`Collector ${tag} SA`, named.invoice_id],
    ]) {
      const e = payer(name);
      const read = await readFocusedScope(env, cur, [e]);
      if (!read.scope) throw new Error("no scope");
      const mem = ledger.scopeFor([e], read.existing);
      expect(read.scope.invoices.map((i) => i.invoice_id)).toEqual([want]);
      expect(mem.scope.invoices.map(strip)).toEqual(read.scope.invoices);
      expect(mem.scope.aliases?.map((a) => a.customer_name)).toEqual(read.scope.aliases?.map((a) => a.customer_name));
      expect(read.scope.aliases?.length).toBe(1);
    }
  });

  it("stays the D1 read after its own writes: each payment written from memory, then compared again", async () => {
    const cur = "XLB";
    const b = books("5402", cur);
    await importInvoices(b.usd);
    const ledger = await readLedger(env, cur, 100_000);
    if (!ledger) throw new Error("no ledger");
    for (const e of b.mt940) {
      await fromLedger(ledger, [e], entryChunkStatements(env, null, 0, Date.now(), [e]));
      const probe = b.camt[b.mt940.indexOf(e) % b.camt.length];
      const read = await readFocusedScope(env, cur, [probe]);
      if (!read.scope) throw new Error("no scope");
      const mem = ledger.scopeFor([probe], read.existing);
      expect(mem.scope.version).toBe(read.scope.version);
      expect(mem.scope.invoices.map(strip)).toEqual(read.scope.invoices);
      expect(mem.scope.entries.filter((x) => !mem.fresh.includes(x.natural_key)).map(strip)).toEqual(read.scope.entries);
    }
    const linked = await env.DB.prepare("SELECT count(*) AS n FROM recon_links WHERE currency = ? AND status = 'VERIFIED'")
      .bind(cur)
      .first<{ n: number }>();
    expect(linked?.n).toBeGreaterThan(5);
  });

  it("is refused, writing nothing, once anyone else changed the currency — an invoice import included", async () => {
    const cur = "XLC";
    const tax = `DE${Date.now() % 1_000_000_000}`;
    const inv = (id: string): Invoice => ({
      invoice_id: id,
      customer_tax_id: tax,
      customer_name: "Guard Ledger GmbH",
      po_number: null,
      amount_minor: 40_000,
      currency: cur,
      issue_date: "2026-03-01",
      due_date: "2026-03-31",
    });
    const pay = (ref: string, id: string): BankEntry => ({
      natural_key: `LG|${ref}`,
      account: "DE",
      bank_ref: ref,
      entry_ref: ref,
      amount_minor: 40_000,
      currency: cur,
      direction: "credit",
      booking_date: "2026-03-31",
      value_date: null,
      sender_name: "GUARD LEDGER GMBH",
      sender_tax_id: tax,
      remittance: `Invoice ${id}`,
      format: "camt054",
    });
    const [a, b] = [uid("INV-LG-A"), uid("INV-LG-B")];
    await importInvoices([inv(a)]);
    const ledger = await readLedger(env, cur, 100_000);
    if (!ledger) throw new Error("no ledger");
    const before = ledger.version;

    // An invoice stored by an import whose match run has not happened yet already moves the version.
    await applyInvoiceChunk(env, await job("invoices", 1), 0, [inv(b)]);
    const p = pay(uid("LGB"), b);
    const store = () => entryChunkStatements(env, null, 0, Date.now(), [p]);
    const err = await fromLedger(ledger, [p], store()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCasConflict(err)).toBe(true);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM bank_entries WHERE natural_key = ?").bind(p.natural_key).first()).toEqual({
      n: 0,
    });
    expect(ledger.version).toBe(before); // untouched: the owner reloads

    // Reloaded, the same payment is decided and written from memory, against the new invoice.
    const fresh = await readLedger(env, cur, 100_000);
    if (!fresh) throw new Error("no ledger");
    await fromLedger(fresh, [p], store());
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(b).first()).toEqual({ status: "PAID" });
    expect(fresh.version).toBeGreaterThan(before);
    expect(fresh.hasOpenEntry(p.natural_key)).toBe(false);

    // A payment that someone else stored since (the same notification through the queue): refused.
    const q = pay(uid("LGQ"), a);
    await env.DB.batch(entryChunkStatements(env, null, 0, Date.now(), [q]));
    const err2 = await fromLedger(fresh, [q], entryChunkStatements(env, null, 0, Date.now(), [q])).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCasConflict(err2)).toBe(true);
  });

  it("declines a currency larger than its row limit (the owner then reads per payment)", async () => {
    const cur = "XLD";
    const b = books("5404", cur);
    await importInvoices(b.usd);
    expect(await readLedger(env, cur, b.usd.length - 1)).toBeNull();
    expect((await readLedger(env, cur, b.usd.length))?.size.invoices).toBe(b.usd.length);
  });
});
