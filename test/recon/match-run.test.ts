import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runMatch } from "../../src/recon/match-run";
import { readFocusedScope } from "../../src/recon/store/scope-reads";
import { isCasConflict, rowGuardStatement } from "../../src/recon/store/scope-locks";
import { entryChunkStatements } from "../../src/recon/store/chunks";
import { sweepReconciliation } from "../../src/recon/sweep";
import { matchPayments } from "../../src/recon/core/match";
import { parseStatement } from "../../src/recon/core/parse/detect";
import type { BankEntry, Invoice } from "../../src/recon/core/types";
import { fixtures } from "../fixtures/recon";
import { deliver, freshBooks, importInvoices, job, livePairs, uid } from "./support";

/**
 * Focused match runs (payments only: readFocusedScope) against the pure matcher over the same
 * data, on the real local D1 through the real queue() entry.
 */
describe("focused match runs", () => {
  it("link exactly what the pure matcher links when a statement's payments arrive as one message", async () => {
    const { invoices, rename } = freshBooks("5101");
    const entries = parseStatement(fixtures.mt940Usd).entries.map(rename);
    const usd = invoices.filter((i) => i.currency === "USD");
    await importInvoices(usd);
    await deliver([{ kind: "bank_entries", job_id: await job("bank_statement", 1), seq: 0, enqueued_at_ms: Date.now(), entries }]);

    const expected = matchPayments(usd, entries)
      .links.map((l) => `${l.invoice_id}<-${l.wire_id}:${l.allocated_minor}`)
      .sort();
    expect(expected.length).toBeGreaterThan(5);
    expect((await livePairs("USD")).filter((p) => p.startsWith("INV-5101-"))).toEqual(expected);
  });

  it("settle a statement delivered one payment per message, in booking order, with links the pure matcher also makes", async () => {
    const { invoices, rename } = freshBooks("5202");
    const entries = parseStatement(fixtures.camt053Usd).entries.map(rename);
    const usd = invoices.filter((i) => i.currency === "USD");
    await importInvoices(usd);
    for (const e of [...entries].sort((a, b) => a.booking_date.localeCompare(b.booking_date))) {
      await deliver([{ kind: "bank_entries", job_id: await job("bank_statement", 1), seq: 0, enqueued_at_ms: Date.now(), entries: [e] }]);
    }
    const expected = new Set(matchPayments(usd, entries).links.map((l) => `${l.invoice_id}<-${l.wire_id}:${l.allocated_minor}`));
    const got = (await livePairs("USD")).filter((p) => p.startsWith("INV-5202-"));
    expect(got.length).toBe(expected.size);
    for (const p of got) expect(expected.has(p)).toBe(true);
  });

  it("load only what the payments can reach, whatever the size of the open ledger", async () => {
    const tax = `DE${Date.now() % 1_000_000_000}`;
    const others = Array.from({ length: 300 }, (_, k): Invoice => ({
      invoice_id: uid(`INV-OTHER-${k}`),
      customer_tax_id: `FR${k}${Date.now() % 100000}`,
      customer_name: `Other ${k} SARL`,
      po_number: null,
      amount_minor: 10_000 + k,
      currency: "CHF",
      issue_date: "2026-01-01",
      due_date: "2026-02-01",
    }));
    const mine: Invoice = {
      invoice_id: uid("INV-MINE"),
      customer_tax_id: tax,
      customer_name: "Focus Test AG",
      po_number: "PO-778899",
      amount_minor: 55_500,
      currency: "CHF",
      issue_date: "2026-01-01",
      due_date: "2026-02-01",
    };
    await importInvoices([...others, mine]);
    const pay: BankEntry = {
      natural_key: uid("CH|F"),
      account: "CH",
      bank_ref: uid("F"),
      entry_ref: uid("FR"),
      amount_minor: 55_500,
      currency: "CHF",
      direction: "credit",
      booking_date: "2026-02-01",
      value_date: null,
      sender_name: "FOCUS TEST AG",
      sender_tax_id: tax,
      remittance: "PO 778899",
      format: "camt054",
    };
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO bank_entries (natural_key, entry_ref, bank_ref, wire_id, account, amount_minor, currency, direction, booking_date, sender_name, sender_tax_id, remittance, format, match_status, created_at, tax_norm, name_first, keyed)
         VALUES (?, ?, ?, ?, 'CH', 55500, 'CHF', 'credit', '2026-02-01', 'FOCUS TEST AG', ?, 'PO 778899', 'camt054', 'PENDING', ?, ?, 'FOCUS', 1)`,
      ).bind(pay.natural_key, pay.entry_ref, pay.bank_ref, pay.entry_ref, tax, new Date().toISOString(), tax),
      env.DB.prepare("INSERT INTO entry_keys (entry_key, key) VALUES (?, 'A:PO778899'), (?, 'A:778899'), (?, 'D:778899')").bind(
        pay.natural_key,
        pay.natural_key,
        pay.natural_key,
      ),
    ]);
    const read = await readFocusedScope(env, "CHF", [pay]);
    expect(read.scope?.invoices.map((i) => i.invoice_id)).toEqual([mine.invoice_id]);
    expect(read.scope?.entries.map((e) => e.natural_key)).toEqual([pay.natural_key]);
    await runMatch(env, { kind: "focus", currency: "CHF", payments: [pay] });
    expect(await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?").bind(mine.invoice_id).first()).toEqual({
      status: "PAID",
      paid_minor: 55_500,
    });
  });

  it("backfill the match keys of rows stored before them, then match", async () => {
    const tax = `AT${Date.now() % 1_000_000_000}`;
    const id = uid("INV-LEGACY");
    const key = uid("AT|L");
    const now = new Date().toISOString();
    // Rows as migration 0040 finds them: no keys, keyed = 0.
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO invoices (id, customer_tax_id, customer_name, po_number, amount_minor, currency, issue_date, due_date, status, paid_minor, source, created_at, updated_at)
         VALUES (?, ?, 'Legacy Kunde GmbH', NULL, 12000, 'SEK', '2026-01-01', '2026-02-01', 'UNPAID', 0, 'upload', ?, ?)`,
      ).bind(id, tax, now, now),
      env.DB.prepare(
        `INSERT INTO bank_entries (natural_key, entry_ref, bank_ref, wire_id, account, amount_minor, currency, direction, booking_date, sender_name, sender_tax_id, remittance, format, match_status, created_at)
         VALUES (?, 'L1', 'L1', 'L1', 'AT', 12000, 'SEK', 'credit', '2026-02-01', 'LEGACY KUNDE', ?, ?, 'mt940', 'PENDING', ?)`,
      ).bind(key, tax, `Rechnung ${id}`, now),
    ]);
    expect((await readFocusedScope(env, "SEK", [{ natural_key: key } as BankEntry])).scope).toBeNull();
    const entry = (await env.DB.prepare("SELECT * FROM bank_entries WHERE natural_key = ?").bind(key).first()) as unknown as BankEntry;
    await runMatch(env, { kind: "focus", currency: "SEK", payments: [{ ...entry, reversal: false }] });
    expect(await env.DB.prepare("SELECT keyed, tax_norm, name_first FROM invoices WHERE id = ?").bind(id).first()).toEqual({
      keyed: 1,
      tax_norm: tax,
      name_first: "LEGACY",
    });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM invoice_keys WHERE invoice_id = ?").bind(id).first()).toEqual({ n: 2 });
    expect(await env.DB.prepare("SELECT keyed FROM bank_entries WHERE natural_key = ?").bind(key).first()).toEqual({ keyed: 1 });
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(id).first()).toEqual({ status: "PAID" });
  });

  it("refuse a write based on rows another run changed since, and only those", async () => {
    const mk = (tag: string) => {
      const tax = `BE${tag}${Date.now() % 100_000}`;
      const inv: Invoice = {
        invoice_id: uid(`INV-G${tag}`),
        customer_tax_id: tax,
        customer_name: `Guard ${tag} NV`,
        po_number: null,
        amount_minor: 20_000,
        currency: "DKK",
        issue_date: "2026-03-01",
        due_date: "2026-03-31",
      };
      const pay = (ref: string): BankEntry => ({
        natural_key: `BE|${ref}`,
        account: "BE",
        bank_ref: ref,
        entry_ref: ref,
        amount_minor: 20_000,
        currency: "DKK",
        direction: "credit",
        booking_date: "2026-03-31",
        value_date: null,
        sender_name: `GUARD ${tag} NV`,
        sender_tax_id: tax,
        remittance: `Invoice ${inv.invoice_id}`,
        format: "camt054",
      });
      return { inv, pay };
    };
    const one = mk("1");
    const two = mk("2");
    await importInvoices([one.inv, two.inv]);
    const [p1, p1b, p2] = [one.pay(uid("G1")), one.pay(uid("G1B")), two.pay(uid("G2"))];
    // Insert the three payments without matching them, then read p1's focused scope.
    await env.DB.batch(entryChunkStatements(env, null, 0, Date.now(), [p1, p1b, p2]));
    const stale = (await readFocusedScope(env, "DKK", [p1])).scope;
    if (!stale) throw new Error("no scope");
    const probe = () => env.DB.prepare("UPDATE recon_scopes SET updated_at = updated_at WHERE scope = 'DKK'");

    // Another customer's payment changes nothing p1's scope read: the guard lets the write through.
    await runMatch(env, { kind: "focus", currency: "DKK", payments: [p2] });
    await env.DB.batch([rowGuardStatement(env, stale), probe()]);

    // A payment of the same invoice (another run) changes the invoice p1's scope read: refused.
    const fresh = (await readFocusedScope(env, "DKK", [p1])).scope;
    if (!fresh) throw new Error("no scope");
    await runMatch(env, { kind: "focus", currency: "DKK", payments: [p1b] });
    const err = await env.DB.batch([rowGuardStatement(env, fresh), probe()]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCasConflict(err)).toBe(true);

    // A payment the real-time path is about to store, stored by someone else since the read: refused.
    const p3 = two.pay(uid("G3"));
    const before3 = (await readFocusedScope(env, "DKK", [p3])).scope;
    if (!before3) throw new Error("no scope");
    await env.DB.batch(entryChunkStatements(env, null, 0, Date.now(), [p3]));
    const err3 = await env.DB.batch([rowGuardStatement(env, before3, [p3.natural_key]), probe()]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCasConflict(err3)).toBe(true);
  });

  it("are completed by the sweep: an ambiguous payment whose rival invoice was paid since gets the one left", async () => {
    const tax = `NL${Date.now() % 1_000_000_000}`;
    const [a, b] = [uid("INV-SW-A"), uid("INV-SW-B")];
    const inv = (id: string): Invoice => ({
      invoice_id: id,
      customer_tax_id: tax,
      customer_name: "Sweep BV",
      po_number: null,
      amount_minor: 30_000,
      currency: "NOK",
      issue_date: "2026-03-01",
      due_date: "2026-03-31",
    });
    await importInvoices([inv(a), inv(b)]);
    const entry = (ref: string, remittance: string, day: string): BankEntry => ({
      natural_key: `NL|${ref}`,
      account: "NL",
      bank_ref: ref,
      entry_ref: ref,
      amount_minor: 30_000,
      currency: "NOK",
      direction: "credit",
      booking_date: day,
      value_date: null,
      sender_name: "SWEEP BV",
      sender_tax_id: tax,
      remittance,
      format: "camt054",
    });
    const vague = entry(uid("V"), "payment", "2026-03-30");
    await deliver([{ kind: "bank_entries", job_id: await job("bank_statement", 1), seq: 0, enqueued_at_ms: Date.now(), entries: [vague] }]);
    expect(await env.DB.prepare("SELECT match_status FROM bank_entries WHERE natural_key = ?").bind(vague.natural_key).first()).toEqual({
      match_status: "REVIEW",
    });
    // A third party (another payer: outside the vague payment's focused scope) settles A by
    // reference; the vague payment is still waiting for a person.
    const parent = {
      ...entry(uid("R"), `Invoice ${a}`, "2026-03-31"),
      sender_name: "PARENT HOLDING SE",
      sender_tax_id: `SE${Date.now() % 1_000_000}`,
    };
    await deliver([
      { kind: "bank_entries", job_id: await job("bank_statement", 1), seq: 0, enqueued_at_ms: Date.now(), entries: [parent] },
    ]);
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(a).first()).toEqual({ status: "PAID" });
    expect(await env.DB.prepare("SELECT match_status FROM bank_entries WHERE natural_key = ?").bind(vague.natural_key).first()).toEqual({
      match_status: "REVIEW",
    });

    const swept = await sweepReconciliation(env);
    expect(swept.currencies).toContain("NOK");
    expect(await env.DB.prepare("SELECT match_status FROM bank_entries WHERE natural_key = ?").bind(vague.natural_key).first()).toEqual({
      match_status: "MATCHED",
    });
    expect(
      await env.DB.prepare("SELECT invoice_id, status FROM recon_links WHERE entry_key = ? AND status IN ('VERIFIED','REVIEW')")
        .bind(vague.natural_key)
        .all()
        .then((r) => r.results),
    ).toEqual([{ invoice_id: b, status: "VERIFIED" }]);
    // The ledger agrees with itself: B's paid amount is the money linked to it.
    expect(
      await env.DB.prepare(
        "SELECT i.status, i.paid_minor, (SELECT sum(allocated_minor) FROM recon_links l WHERE l.invoice_id = i.id AND l.status IN ('VERIFIED','MANUAL')) AS linked FROM invoices i WHERE id = ?",
      )
        .bind(b)
        .first(),
    ).toEqual({
      status: "PAID",
      paid_minor: 30_000,
      linked: 30_000,
    });
    expect(await env.DB.prepare("SELECT busy_until_ms FROM recon_scopes WHERE scope = 'NOK'").first()).toEqual({ busy_until_ms: null });
  });
});
