import { describe, expect, it } from "vitest";
import { diffMatchRun, isEmptyDiff, type MatchDiff } from "../../../src/recon/core/match-diff";
import { matcherInput, withUnstoredPayments } from "../../../src/recon/core/match-input";
import { wireIdOf } from "../../../src/recon/core/natural-key";
import { parseStatement } from "../../../src/recon/core/parse/detect";
import { parseInvoices } from "../../../src/recon/core/parse/invoices";
import { runMatcher } from "../../../src/recon/core/run-matcher";
import {
  DEFAULT_MATCH_CONFIG,
  type BankEntry,
  type EntryRow,
  type Invoice,
  type InvoiceRow,
  type LinkRow,
  type Scope,
} from "../../../src/recon/core/types";
import { fixtures } from "../../fixtures/recon";

/**
 * The match run as a pure diff: hand-made scopes (what a run would read from D1) through the real
 * matcher, and the rows the run would write — without D1.
 */

function invoice(id: string, amount: number, over: Partial<InvoiceRow> = {}): InvoiceRow {
  return {
    invoice_id: id,
    customer_tax_id: "11-1111111",
    customer_name: "Acme Robotics Inc.",
    po_number: null,
    amount_minor: amount,
    currency: "USD",
    issue_date: "2026-03-01",
    due_date: "2026-03-31",
    status: "UNPAID",
    paid_minor: 0,
    status_reason: "no payment allocated", // as an earlier run left it
    has_lines: 0,
    ...over,
  };
}
function credit(ref: string, amount: number, remittance: string, over: Partial<EntryRow> = {}): EntryRow {
  return {
    natural_key: `ACC|${ref}`,
    account: "ACC",
    bank_ref: ref,
    entry_ref: `W-${ref}`,
    wire_id: `W-${ref}`,
    amount_minor: amount,
    currency: "USD",
    direction: "credit",
    reversal: false,
    booking_date: "2026-03-31",
    value_date: null,
    sender_name: "ACME ROBOTICS INC",
    sender_tax_id: "11-1111111",
    remittance,
    format: "camt053",
    allocated_minor: 0,
    match_status: "PENDING",
    ...over,
  };
}
const scopeOf = (invoices: InvoiceRow[], entries: EntryRow[], links: LinkRow[] = []): Scope => ({
  currency: "USD",
  version: 3,
  hasLockRow: true,
  invoices,
  entries,
  links,
});
function diff(scope: Scope, runId = "run_T"): MatchDiff {
  const input = matcherInput(scope);
  return diffMatchRun(scope, runMatcher(input.invoices, input.entries, DEFAULT_MATCH_CONFIG, input.overrides), runId);
}

/** The scope as the run's write leaves it (what the next run would read). */
function applied(scope: Scope, d: MatchDiff): Scope {
  const drop = new Set(d.linkDeletes);
  const links: LinkRow[] = [
    ...scope.links.filter((l) => !drop.has(l.id)),
    ...d.linkInserts.map(({ customer_tax_id: _c, booking_date: _b, ...l }) => l),
  ];
  const entryUpdate = new Map(d.entryUpdates.map((u) => [u.natural_key, u]));
  const invoiceChange = new Map(d.invoiceChanges.map((c) => [c.id, c]));
  return {
    ...scope,
    links,
    entries: scope.entries.map((e) => ({ ...e, ...(entryUpdate.get(e.natural_key) ?? {}) })),
    invoices: scope.invoices.map((i) => {
      const c = invoiceChange.get(i.invoice_id);
      return c ? { ...i, status: c.status, paid_minor: c.paid_minor, status_reason: c.reason } : i;
    }),
  };
}

describe("the match run's diff", () => {
  it("links a credit that names its invoice, settles both, and moves stock only for an invoice that sold something", () => {
    const scope = scopeOf([invoice("INV-1", 100_00, { has_lines: 1 }), invoice("INV-2", 55_00)], [credit("B1", 100_00, "Invoice INV-1")]);
    const d = diff(scope);
    expect(d.linkInserts).toEqual([
      expect.objectContaining({
        id: "run_T_000000",
        invoice_id: "INV-1",
        entry_key: "ACC|B1",
        wire_id: "W-B1",
        allocated_minor: 100_00,
        status: "VERIFIED",
        customer_tax_id: "11-1111111",
        booking_date: "2026-03-31",
      }),
    ]);
    expect(d.entryUpdates).toEqual([{ natural_key: "ACC|B1", allocated_minor: 100_00, match_status: "MATCHED" }]);
    expect(d.invoiceChanges).toEqual([
      expect.objectContaining({ id: "INV-1", from: "UNPAID", status: "PAID", paid_minor: 100_00, moved: 1 }),
    ]);
    expect(d.stockMoveInvoices).toEqual(["INV-1"]);
    expect(d.settledEntries).toEqual(["ACC|B1"]);
    expect(d.linkDeletes).toEqual([]);
    expect(d.summary).toEqual({ links_written: 1, invoices_changed: 1, paid_invoices: 1, review_items: 0, entries_decided: 1 });
  });

  it("writes nothing when the scope is as the previous run left it", () => {
    const scope = scopeOf([invoice("INV-1", 100_00)], [credit("B1", 100_00, "Invoice INV-1")]);
    const first = diff(scope);
    expect(isEmptyDiff(first)).toBe(false);
    expect(isEmptyDiff(diff(applied(scope, first), "run_U"))).toBe(true);
  });

  it("marks a credit that pays nothing known UNMATCHED, once", () => {
    const scope = scopeOf(
      [invoice("INV-1", 100_00)],
      [credit("B9", 7_00, "donation", { sender_tax_id: null, sender_name: "SOMEONE ELSE" })],
    );
    const d = diff(scope);
    expect(d.linkInserts).toEqual([
      expect.objectContaining({
        id: "run_T_u000000",
        invoice_id: null,
        entry_key: "ACC|B9",
        status: "UNMATCHED",
        reason: "UNMATCHED_ENTRY",
      }),
    ]);
    expect(d.entryUpdates).toEqual([{ natural_key: "ACC|B9", allocated_minor: 0, match_status: "UNMATCHED" }]);
    expect(d.reviewItems.map((r) => r.kind)).toEqual(["UNMATCHED_ENTRY"]);
    expect(diff(applied(scope, d)).linkInserts).toEqual([]); // the marker is not written twice
  });

  it("drops a REVIEW proposal the matcher no longer makes before linking that very pair", () => {
    const stale: LinkRow = {
      id: "run_OLD_r000000",
      invoice_id: "INV-1",
      entry_key: "ACC|B1",
      wire_id: "W-B1",
      allocated_minor: 100_00,
      currency: "USD",
      status: "REVIEW",
      confidence: 0,
      reason: "AMBIGUOUS",
      reasons_json: '["AMBIGUOUS"]',
    };
    const d = diff(scopeOf([invoice("INV-1", 100_00)], [credit("B1", 100_00, "Invoice INV-1", { match_status: "REVIEW" })], [stale]));
    expect(d.linkDeletes).toEqual(["run_OLD_r000000"]);
    expect(d.linkInserts.map((l) => [l.invoice_id, l.status])).toEqual([["INV-1", "VERIFIED"]]);
  });

  it("never links a pair a person rejected, and keeps a manual link's money where it is", () => {
    const link = (id: string, invoiceId: string, status: string, amount: number): LinkRow => ({
      id,
      invoice_id: invoiceId,
      entry_key: "ACC|B1",
      wire_id: "W-B1",
      allocated_minor: amount,
      currency: "USD",
      status,
      confidence: 1,
      reason: "MANUAL",
      reasons_json: '["MANUAL"]',
    });
    const scope = scopeOf(
      [invoice("INV-1", 100_00), invoice("INV-2", 40_00)],
      [credit("B1", 100_00, "Invoice INV-1", { allocated_minor: 40_00, match_status: "PARTIAL" })],
      [link("l_rej", "INV-1", "REJECTED", 100_00), link("l_man", "INV-2", "MANUAL", 40_00)],
    );
    const d = diff(scope);
    expect(d.linkInserts.filter((l) => l.invoice_id === "INV-1")).toEqual([]);
    expect(d.invoiceChanges).toEqual([expect.objectContaining({ id: "INV-2", status: "PAID", paid_minor: 40_00 })]);
  });

  it("opens a STOCK_REVIEW item when a paid invoice is no longer paid (stock moves are never reversed by themselves)", () => {
    const d = diff(scopeOf([invoice("INV-1", 100_00, { status: "PAID", paid_minor: 100_00, has_lines: 1 })], []));
    expect(d.invoiceChanges).toEqual([expect.objectContaining({ id: "INV-1", from: "PAID", status: "UNPAID", moved: 1 })]);
    expect(d.stockMoveInvoices).toEqual([]);
    expect(d.stockReviews).toEqual([
      expect.objectContaining({ kind: "STOCK_REVIEW", dedupe_key: "STOCK_REVIEW|INV-1|run_T", invoice_ids_json: '["INV-1"]' }),
    ]);
  });

  it("rewrites a reworded status reason without a history row (moved 0)", () => {
    const d = diff(scopeOf([invoice("INV-1", 100_00, { status_reason: null })], []));
    expect(d.invoiceChanges).toEqual([
      { id: "INV-1", status: "UNPAID", paid_minor: 0, reason: "no payment allocated", from: "UNPAID", moved: 0 },
    ]);
    expect(d.summary.paid_invoices).toBe(0);
  });

  it("adds payments not stored yet as PENDING, in booking order", () => {
    const unstored: BankEntry = { ...credit("B0", 5_00, "x", { booking_date: "2026-03-01" }) };
    const scope = withUnstoredPayments(scopeOf([], [credit("B1", 1_00, "y")]), [unstored]);
    expect(scope.entries.map((e) => [e.natural_key, e.match_status, e.allocated_minor, e.wire_id])).toEqual([
      ["ACC|B0", "PENDING", 0, wireIdOf(unstored)],
      ["ACC|B1", "PENDING", 0, "W-B1"],
    ]);
  });

  it("on the dev fixture: spends no wire twice, agrees with the matcher, and reaches a fixpoint", () => {
    const invoices: Invoice[] = parseInvoices(fixtures.invoicesCsv, "text/csv").invoices;
    const currency = invoices[0].currency;
    const rows = invoices
      .filter((i) => i.currency === currency)
      .map((i) => invoice(i.invoice_id, i.amount_minor, { ...i, lines: undefined }));
    const entries = parseStatement(fixtures.wiresCsv)
      .entries.filter((e) => e.currency === currency)
      .map((e): EntryRow => ({ ...e, wire_id: wireIdOf(e), allocated_minor: 0, match_status: "PENDING" }));
    const scope: Scope = { ...scopeOf(rows, entries), currency };
    const d = diff(scope);
    expect(d.summary.links_written).toBeGreaterThan(0);
    const spent = new Map<string, number>();
    for (const l of d.linkInserts)
      spent.set(l.entry_key, (spent.get(l.entry_key) ?? 0) + (l.status === "VERIFIED" ? l.allocated_minor : 0));
    for (const e of entries) expect(spent.get(e.natural_key) ?? 0).toBeLessThanOrEqual(e.amount_minor);
    for (const u of d.entryUpdates) expect(u.allocated_minor).toBe(spent.get(u.natural_key) ?? 0);
    expect(d.summary.paid_invoices).toBe(d.invoiceChanges.filter((c) => c.status === "PAID" || c.status === "OVERPAID").length);
    expect(new Set(d.linkInserts.map((l) => l.id)).size).toBe(d.linkInserts.length);

    const again = diff(applied(scope, d), "run_U");
    expect([again.linkInserts, again.linkDeletes, again.entryUpdates, again.invoiceChanges, again.stockMoveInvoices]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
  });
});
