import { describe, expect, it } from "vitest";
import { entryStatesOf } from "../../../src/recon/core/match-diff-entries";
import type { EntryRow, LinkRow, MatchResult, ReviewItem, Scope } from "../../../src/recon/core/types";

/** Step 3 of the match diff alone: each credit's state after a run, and the UNMATCHED markers added and dropped. */

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
    booking_date: "2026-03-31",
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

function marker(id: string, entryKey: string, status = "UNMATCHED"): LinkRow {
  return {
    id,
    invoice_id: null,
    entry_key: entryKey,
    wire_id: `W-${entryKey}`,
    allocated_minor: 0,
    currency: "USD",
    status,
    confidence: 0,
    reason: "UNMATCHED_ENTRY",
    reasons_json: "[]",
  };
}

const review = (kind: ReviewItem["kind"], entryKey: string | null): ReviewItem => ({
  kind,
  entry_key: entryKey,
  wire_id: entryKey && `W-${entryKey}`,
  invoice_ids: [],
  reason: "test",
});

function result(over: Partial<MatchResult> = {}): MatchResult {
  return { links: [], outcomes: [], review: [], unmatched: [], duplicates: [], ...over };
}

const scopeOf = (entries: EntryRow[], links: LinkRow[] = []): Scope => ({
  currency: "USD",
  version: 1,
  hasLockRow: true,
  invoices: [],
  entries,
  links,
});

describe("entryStatesOf", () => {
  it("sets every credit from what is allocated to it: matched, partial, in review, duplicate or unmatched", () => {
    const scope = scopeOf([
      entry("full", 100),
      entry("over", 100),
      entry("part", 100),
      entry("part-review", 100),
      entry("dup", 100),
      entry("choice", 100),
      entry("none", 100),
      entry("debit", 100, { direction: "debit" }),
    ]);
    const out = entryStatesOf(
      scope,
      result({
        duplicates: [{ entry_key: "dup", wire_id: "W-dup", duplicate_of_key: "full", duplicate_of_wire_id: "W-full" }],
        review: [review("AMBIGUOUS", "part-review"), review("AMBIGUOUS", "choice"), review("AMBIGUOUS", null)],
        unmatched: ["none"],
      }),
      [
        { entry_key: "full", allocated_minor: 60 },
        { entry_key: "full", allocated_minor: 40 },
        { entry_key: "over", allocated_minor: 120 },
        { entry_key: "part", allocated_minor: 1 },
        { entry_key: "part-review", allocated_minor: 50 },
        { entry_key: "debit", allocated_minor: 100 },
      ],
      "run1",
    );
    expect(out.updates).toEqual([
      { natural_key: "full", allocated_minor: 100, match_status: "MATCHED" },
      { natural_key: "over", allocated_minor: 120, match_status: "MATCHED" },
      { natural_key: "part", allocated_minor: 1, match_status: "PARTIAL" },
      { natural_key: "part-review", allocated_minor: 50, match_status: "REVIEW" },
      { natural_key: "dup", allocated_minor: 0, match_status: "DUPLICATE" },
      { natural_key: "choice", allocated_minor: 0, match_status: "REVIEW" },
      { natural_key: "none", allocated_minor: 0, match_status: "UNMATCHED" },
    ]);
    // Markers for the duplicate and the unmatched credit only, numbered in entry order.
    expect(out.unmatchedRows).toEqual([
      expect.objectContaining({ id: "run1_u000000", entry_key: "dup", wire_id: "W-dup", reason: "DUPLICATE_ENTRY", status: "UNMATCHED" }),
      expect.objectContaining({ id: "run1_u000001", entry_key: "none", reason: "UNMATCHED_ENTRY", currency: "USD", invoice_id: null }),
    ]);
    expect(out.unmatchedRows[1]).toMatchObject({ allocated_minor: 0, confidence: 0, booking_date: "2026-03-31", reasons_json: "[]" });
  });

  it("writes only what changed", () => {
    const scope = scopeOf([
      entry("same", 100, { allocated_minor: 100, match_status: "MATCHED" }),
      entry("more", 100, { allocated_minor: 40, match_status: "PARTIAL" }),
      entry("stale", 100, { allocated_minor: 0, match_status: "PENDING" }),
    ]);
    const out = entryStatesOf(
      scope,
      result({ unmatched: ["stale"] }),
      [
        { entry_key: "same", allocated_minor: 100 },
        { entry_key: "more", allocated_minor: 70 },
      ],
      "r",
    );
    expect(out.updates).toEqual([
      { natural_key: "more", allocated_minor: 70, match_status: "PARTIAL" },
      { natural_key: "stale", allocated_minor: 0, match_status: "UNMATCHED" },
    ]);
  });

  it("treats an UNMATCHED_ENTRY review item as unmatched, not as a pending choice, and a duplicate item likewise", () => {
    const scope = scopeOf([entry("a", 100), entry("b", 100), entry("c", 100)]);
    const out = entryStatesOf(
      scope,
      result({
        review: [review("UNMATCHED_ENTRY", "a"), review("DUPLICATE_ENTRY", "b"), review("UNMATCHED_ENTRY", null)],
        duplicates: [{ entry_key: "b", wire_id: "W-b", duplicate_of_key: "c", duplicate_of_wire_id: "W-c" }],
      }),
      [],
      "r",
    );
    expect(out.updates.map((u) => [u.natural_key, u.match_status])).toEqual([
      ["a", "UNMATCHED"],
      ["b", "DUPLICATE"],
      ["c", "UNMATCHED"],
    ]);
    expect(out.unmatchedRows.map((r) => [r.entry_key, r.reason])).toEqual([
      ["a", "UNMATCHED_ENTRY"],
      ["b", "DUPLICATE_ENTRY"],
    ]);
  });

  it("adds no marker twice, none for a debit or a pending choice, and drops markers of credits now allocated or in review", () => {
    const scope = scopeOf(
      [entry("marked", 100), entry("paid", 100), entry("choice", 100), entry("out", 100, { direction: "debit" }), entry("new", 100)],
      [marker("M1", "marked"), marker("M2", "paid"), marker("M3", "choice"), marker("V1", "new", "VERIFIED"), marker("M4", "gone")],
    );
    const out = entryStatesOf(
      scope,
      result({ unmatched: ["marked", "out", "choice", "new"], review: [review("AMBIGUOUS", "choice")] }),
      [{ entry_key: "paid", allocated_minor: 100 }],
      "r",
    );
    // "new" has only a VERIFIED link, not an UNMATCHED marker: it gets one.
    expect(out.unmatchedRows.map((r) => r.entry_key)).toEqual(["new"]);
    expect(out.nowAllocatedUnmatched).toEqual(["M2", "M3"]);
  });
});
