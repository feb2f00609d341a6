import { describe, expect, it } from "vitest";
import { diffMatchRun, isEmptyDiff, type MatchDiff } from "../../../src/recon/core/match-diff";
import type { EntryRow, InvoiceOutcome, InvoiceRow, Link, LinkRow, MatchResult, ReviewItem, Scope } from "../../../src/recon/core/types";

/**
 * diffMatchRun over hand-written matcher results (no matcher): which rows a run writes for new links, review
 * proposals, invoice outcomes and stock, and which it leaves alone because they are stored already.
 */

function invoice(id: string, amount: number, over: Partial<InvoiceRow> = {}): InvoiceRow {
  return {
    invoice_id: id,
    customer_tax_id: `TAX-${id}`,
    customer_name: "Acme",
    po_number: null,
    amount_minor: amount,
    currency: "USD",
    issue_date: "2026-03-01",
    due_date: "2026-03-31",
    status: "UNPAID",
    paid_minor: 0,
    status_reason: null,
    has_lines: 0,
    ...over,
  };
}

function entry(key: string, amount: number, over: Partial<EntryRow> = {}): EntryRow {
  return {
    natural_key: key,
    account: "ACC",
    bank_ref: key,
    entry_ref: `W-${key}`,
    wire_id: `W-${key}`,
    amount_minor: amount,
    currency: "USD",
    direction: "credit",
    reversal: false,
    booking_date: `2026-04-0${key.length % 9}`,
    value_date: null,
    sender_name: "ACME",
    sender_tax_id: null,
    remittance: "",
    format: "camt053",
    allocated_minor: 0,
    match_status: "PENDING",
    ...over,
  };
}

function stored(id: string, invoiceId: string | null, entryKey: string, status: string, allocated = 0): LinkRow {
  return {
    id,
    invoice_id: invoiceId,
    entry_key: entryKey,
    wire_id: `W-${entryKey}`,
    allocated_minor: allocated,
    currency: "USD",
    status,
    confidence: 1,
    reason: "INVOICE_REF",
    reasons_json: "[]",
  };
}

function link(invoiceId: string, entryKey: string, allocated: number): Link {
  return {
    invoice_id: invoiceId,
    entry_key: entryKey,
    wire_id: `W-${entryKey}`,
    allocated_minor: allocated,
    currency: "USD",
    confidence: 0.9,
    reason: "INVOICE_REF",
    reasons: ["INVOICE_REF"],
  };
}

const outcome = (id: string, status: InvoiceOutcome["status"], paid: number, reasons: string[] = []): InvoiceOutcome => ({
  invoice_id: id,
  status,
  amount_minor: 10_000,
  paid_minor: paid,
  currency: "USD",
  reasons,
});

const review = (kind: ReviewItem["kind"], entryKey: string | null, invoiceIds: string[]): ReviewItem => ({
  kind,
  entry_key: entryKey,
  wire_id: entryKey && `W-${entryKey}`,
  invoice_ids: invoiceIds,
  reason: `${kind} case`,
});

const scopeOf = (invoices: InvoiceRow[], entries: EntryRow[], links: LinkRow[] = []): Scope => ({
  currency: "USD",
  version: 3,
  hasLockRow: true,
  invoices,
  entries,
  links,
});

const result = (over: Partial<MatchResult>): MatchResult => ({
  links: [],
  outcomes: [],
  review: [],
  unmatched: [],
  duplicates: [],
  ...over,
});

describe("diffMatchRun: links", () => {
  it("inserts new links with money, never the stored ones again, carrying the invoice's tax id and the entry's day", () => {
    const scope = scopeOf(
      [invoice("I1", 10_000), invoice("I2", 10_000)],
      [entry("e1", 10_000), entry("e22", 5_000)],
      [stored("S1", "I2", "e22", "VERIFIED", 5_000)],
    );
    const d = diffMatchRun(
      scope,
      result({ links: [link("I1", "e1", 10_000), link("I2", "e22", 5_000), link("I2", "e1", 0), link("I9", "e9", 100)] }),
      "run7",
    );
    expect(d.linkInserts.filter((l) => l.status === "VERIFIED")).toEqual([
      {
        id: "run7_000000",
        invoice_id: "I1",
        entry_key: "e1",
        wire_id: "W-e1",
        allocated_minor: 10_000,
        currency: "USD",
        status: "VERIFIED",
        confidence: 0.9,
        reason: "INVOICE_REF",
        reasons_json: '["INVOICE_REF"]',
        customer_tax_id: "TAX-I1",
        booking_date: scope.entries[0]?.booking_date,
      },
      // Outside the scope (no invoice, no entry): written with what is known.
      expect.objectContaining({ id: "run7_000001", invoice_id: "I9", customer_tax_id: null, booking_date: "" }),
    ]);
    expect(d.summary.links_written).toBe(2);
  });
});

describe("diffMatchRun: review proposals", () => {
  it("proposes each candidate pair once, for entries and invoices of the scope, never a pair already linked", () => {
    const scope = scopeOf(
      [invoice("I1", 10_000), invoice("I2", 3_000), invoice("I3", 10_000)],
      [entry("e1", 5_000), entry("e2", 8_000)],
      [stored("S1", "I3", "e2", "VERIFIED", 8_000)],
    );
    const d = diffMatchRun(
      scope,
      result({
        links: [link("I1", "e2", 0)],
        review: [
          review("AMBIGUOUS", "e1", ["I1", "I2", "I1", "I404"]),
          review("UNDERPAYMENT", "e1", ["I2"]),
          review("AMBIGUOUS", "e2", ["I3", "I1"]),
          review("UNMATCHED_ENTRY", null, ["I1"]),
          review("AMBIGUOUS", "e404", ["I1"]),
        ],
      }),
      "r",
    );
    const proposals = d.linkInserts.filter((l) => l.status === "REVIEW");
    expect(proposals.map((p) => [p.id, p.invoice_id, p.entry_key, p.allocated_minor, p.reason, p.reasons_json])).toEqual([
      ["r_r000000", "I1", "e1", 5_000, "AMBIGUOUS", '["AMBIGUOUS"]'],
      ["r_r000001", "I2", "e1", 3_000, "AMBIGUOUS", '["AMBIGUOUS"]'],
      ["r_r000002", "I1", "e2", 8_000, "AMBIGUOUS", '["AMBIGUOUS"]'],
    ]);
    expect(proposals[0]).toMatchObject({
      wire_id: "W-e1",
      currency: "USD",
      confidence: 0,
      customer_tax_id: "TAX-I1",
      booking_date: scope.entries[0]?.booking_date,
    });
  });

  it("keeps a proposal that is still proposed, withdraws one that is not, and inserts only the new ones", () => {
    const scope = scopeOf(
      [invoice("I1", 10_000), invoice("I2", 10_000)],
      [entry("e1", 10_000)],
      [stored("P1", "I1", "e1", "REVIEW"), stored("P2", "I2", "e1", "REVIEW"), stored("P3", null, "e1", "REVIEW")],
    );
    const d = diffMatchRun(scope, result({ review: [review("AMBIGUOUS", "e1", ["I1"])] }), "r");
    expect(d.linkDeletes).toEqual(["P2"]);
    expect(d.linkInserts.filter((l) => l.status === "REVIEW")).toEqual([]);

    const d2 = diffMatchRun(scope, result({ review: [review("AMBIGUOUS", "e1", ["I2", "I1"])] }), "r");
    expect(d2.linkDeletes).toEqual([]);
    expect(d2.linkInserts).toEqual([]);
  });

  it("queues every review item once under a key that ignores the order of its invoices", () => {
    const scope = scopeOf([invoice("I1", 10_000), invoice("I2", 10_000)], [entry("e1", 10_000)]);
    const d = diffMatchRun(scope, result({ review: [review("AMBIGUOUS", "e1", ["I2", "I1"]), review("OVERPAYMENT", null, ["I2"])] }), "r");
    expect(d.reviewItems).toEqual([
      {
        dedupe_key: "AMBIGUOUS|e1|I1,I2",
        kind: "AMBIGUOUS",
        entry_key: "e1",
        wire_id: "W-e1",
        invoice_ids_json: '["I2","I1"]',
        reason: "AMBIGUOUS case",
        candidates_json: "[]",
      },
      {
        dedupe_key: "OVERPAYMENT||I2",
        kind: "OVERPAYMENT",
        entry_key: null,
        wire_id: null,
        invoice_ids_json: '["I2"]',
        reason: "OVERPAYMENT case",
        candidates_json: "[]",
      },
    ]);
    expect(d.summary.review_items).toBe(2);
  });
});

describe("diffMatchRun: invoices and stock", () => {
  const books = [
    invoice("same", 10_000, { status: "PARTIAL", paid_minor: 4_000, status_reason: "paid 40 %" }),
    invoice("reworded", 10_000, { status: "PARTIAL", paid_minor: 4_000, status_reason: "old words" }),
    invoice("more", 10_000, { status: "PARTIAL", paid_minor: 4_000, status_reason: "paid 40 %" }),
    invoice("paid-stock", 10_000, { has_lines: 1 }),
    invoice("paid-service", 10_000),
    invoice("unpaid-again", 10_000, { status: "PAID", paid_minor: 10_000, has_lines: 1 }),
    invoice("over-again", 10_000, { status: "OVERPAID", paid_minor: 12_000 }),
    invoice("paid-to-over", 10_000, { status: "PAID", paid_minor: 10_000, has_lines: 1 }),
  ];
  // Run inside each test (not at collection), so the mutation runner sees which tests cover it.
  const run = () =>
    diffMatchRun(
      scopeOf(books, []),
      result({
        outcomes: [
          outcome("same", "PARTIAL", 4_000, ["paid 40 %"]),
          outcome("reworded", "PARTIAL", 4_000, ["paid 40 %", "fee"]),
          outcome("more", "PARTIAL", 6_000, ["paid 60 %"]),
          outcome("paid-stock", "PAID", 10_000),
          outcome("paid-service", "PAID", 10_000),
          outcome("unpaid-again", "PARTIAL", 5_000),
          outcome("over-again", "UNPAID", 0),
          outcome("paid-to-over", "OVERPAID", 12_000),
          outcome("not-in-scope", "PAID", 10_000),
        ],
      }),
      "run1",
    );

  it("writes the invoices whose status, money or reason changed, marking money and status moves", () => {
    const d = run();
    expect(d.invoiceChanges.map((c) => [c.id, c.status, c.paid_minor, c.reason, c.from, c.moved])).toEqual([
      ["reworded", "PARTIAL", 4_000, "paid 40 %; fee", "PARTIAL", 0],
      ["more", "PARTIAL", 6_000, "paid 60 %", "PARTIAL", 1],
      ["paid-stock", "PAID", 10_000, "", "UNPAID", 1],
      ["paid-service", "PAID", 10_000, "", "UNPAID", 1],
      ["unpaid-again", "PARTIAL", 5_000, "", "PAID", 1],
      ["over-again", "UNPAID", 0, "", "OVERPAID", 1],
      ["paid-to-over", "OVERPAID", 12_000, "", "PAID", 1],
    ]);
    expect(d.summary).toMatchObject({ invoices_changed: 7, paid_invoices: 2 });
  });

  it("moves stock for invoices newly paid that sold something, and asks for a stock review when one is paid no longer", () => {
    const d = run();
    expect(d.stockMoveInvoices).toEqual(["paid-stock"]);
    expect(d.stockReviews).toEqual([
      {
        dedupe_key: "STOCK_REVIEW|unpaid-again|run1",
        kind: "STOCK_REVIEW",
        entry_key: null,
        wire_id: null,
        invoice_ids_json: '["unpaid-again"]',
        reason: "Invoice unpaid-again is no longer fully paid but its stock was already decremented",
      },
      expect.objectContaining({ dedupe_key: "STOCK_REVIEW|over-again|run1", invoice_ids_json: '["over-again"]' }),
    ]);
  });
});

describe("diffMatchRun: entries and the empty diff", () => {
  it("names the entries the run settled", () => {
    const scope = scopeOf([invoice("I1", 10_000)], [entry("full", 10_000), entry("half", 10_000)]);
    const d = diffMatchRun(scope, result({ links: [link("I1", "full", 10_000), link("I1", "half", 5_000)] }), "r");
    expect(d.settledEntries).toEqual(["full"]);
    expect(d.summary.entries_decided).toBe(2);
  });

  it("is empty only when no kind of row is left to write", () => {
    const empty: MatchDiff = {
      linkDeletes: [],
      linkInserts: [],
      entryUpdates: [],
      invoiceChanges: [],
      stockMoveInvoices: [],
      stockReviews: [],
      reviewItems: [],
      settledEntries: [],
      summary: { links_written: 0, invoices_changed: 0, paid_invoices: 0, review_items: 0, entries_decided: 0 },
    };
    expect(isEmptyDiff(empty)).toBe(true);
    const one = ["x"] as never[];
    for (const field of [
      "linkDeletes",
      "linkInserts",
      "entryUpdates",
      "invoiceChanges",
      "stockMoveInvoices",
      "stockReviews",
      "reviewItems",
      "settledEntries",
    ] as const)
      expect(isEmptyDiff({ ...empty, [field]: one }), field).toBe(false);
  });
});
