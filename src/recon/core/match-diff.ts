import { fixedLinksOf, pairKey } from "./match-input";
import { entryStatesOf } from "./match-diff-entries";
import type { EntryUpdate, InvoiceChange, LinkInsert, ReviewQueueItem } from "./match-diff-rows";
import type { InvoiceOutcome, MatchResult, Scope } from "./types";

/**
 * A match run as a pure diff: given the scope it read and the matcher's result, the rows to
 * write. src/recon/store/run-writes.ts turns it into D1 statements; nothing here knows D1.
 *
 * Row ids derive from `runId` (`<run>_<n>` links, `_r` review proposals, `_u` unmatched markers),
 * so the chunks of one run never collide and a rerun's rows are told apart.
 */

export type { EntryUpdate, InvoiceChange, LinkInsert, ReviewQueueItem } from "./match-diff-rows";

export type MatchDiff = {
  /** REVIEW proposals no longer proposed and UNMATCHED markers of entries now allocated or in review. */
  linkDeletes: string[];
  linkInserts: LinkInsert[];
  entryUpdates: EntryUpdate[];
  invoiceChanges: InvoiceChange[];
  /** Invoices now fully paid that sold something: their stock moves and purchase-order drafts. */
  stockMoveInvoices: string[];
  /** Invoices no longer fully paid: a STOCK_REVIEW item each (stock moves are never reversed by themselves). */
  stockReviews: ReviewQueueItem[];
  reviewItems: ReviewQueueItem[];
  /** Entries now MATCHED: their open UNMATCHED_ENTRY / AMBIGUOUS items resolve. */
  settledEntries: string[];
  summary: MatchDiffSummary;
};
export type MatchDiffSummary = {
  links_written: number;
  invoices_changed: number;
  paid_invoices: number;
  review_items: number;
  entries_decided: number;
};

const PAID = (status: string) => status === "PAID" || status === "OVERPAID";

export function diffMatchRun(scope: Scope, result: MatchResult, runId: string): MatchDiff {
  const fixedRows = fixedLinksOf(scope);
  const fixedPairs = new Set(fixedRows.map((l) => pairKey(l.invoice_id ?? "", l.entry_key)));
  const entryByKey = new Map(scope.entries.map((e) => [e.natural_key, e]));
  const invoiceById = new Map(scope.invoices.map((i) => [i.invoice_id, i]));

  // 1. New links (the matcher returns the fixed ones too; those are already stored).
  const newLinks = result.links.filter((l) => !fixedPairs.has(pairKey(l.invoice_id, l.entry_key)) && l.allocated_minor > 0);
  const linkRows: LinkInsert[] = newLinks.map((l, i) => ({
    id: `${runId}_${String(i).padStart(6, "0")}`,
    invoice_id: l.invoice_id,
    entry_key: l.entry_key,
    wire_id: l.wire_id,
    allocated_minor: l.allocated_minor,
    currency: l.currency,
    status: "VERIFIED",
    confidence: l.confidence,
    reason: l.reason,
    reasons_json: JSON.stringify(l.reasons),
    customer_tax_id: invoiceById.get(l.invoice_id)?.customer_tax_id ?? null,
    booking_date: entryByKey.get(l.entry_key)?.booking_date ?? "",
  }));

  // 2. Review proposals: one REVIEW row per (entry, candidate invoice) of an ambiguous or doubtful case.
  const reviewRows: LinkInsert[] = [];
  const proposed = new Set<string>();
  const livePairs = new Set([...fixedPairs, ...newLinks.map((l) => pairKey(l.invoice_id, l.entry_key))]);
  for (const item of result.review) {
    if (!item.entry_key) continue;
    const entry = entryByKey.get(item.entry_key);
    if (!entry) continue;
    for (const invoiceId of item.invoice_ids) {
      const key = pairKey(invoiceId, item.entry_key);
      if (livePairs.has(key) || proposed.has(key)) continue;
      const inv = invoiceById.get(invoiceId);
      if (!inv) continue;
      proposed.add(key);
      reviewRows.push({
        id: `${runId}_r${String(reviewRows.length).padStart(6, "0")}`,
        invoice_id: invoiceId,
        entry_key: item.entry_key,
        wire_id: entry.wire_id,
        allocated_minor: Math.min(entry.amount_minor, inv.amount_minor),
        currency: scope.currency,
        status: "REVIEW",
        confidence: 0,
        reason: item.kind,
        reasons_json: JSON.stringify([item.kind]),
        customer_tax_id: inv.customer_tax_id,
        booking_date: entry.booking_date,
      });
    }
  }
  const staleReview = scope.links
    .filter((l) => l.status === "REVIEW" && l.invoice_id && !proposed.has(pairKey(l.invoice_id, l.entry_key)))
    .map((l) => l.id);
  const existingReview = new Set(
    scope.links.filter((l) => l.status === "REVIEW" && l.invoice_id).map((l) => pairKey(l.invoice_id ?? "", l.entry_key)),
  );
  const freshReview = reviewRows.filter((r) => !existingReview.has(pairKey(r.invoice_id ?? "", r.entry_key)));

  // 3. Entry allocations and states.
  const entries = entryStatesOf(scope, result, [...fixedRows, ...newLinks], runId);

  // 4. Invoice outcomes that changed.
  const changed: (InvoiceOutcome & { from: string })[] = [];
  for (const o of result.outcomes) {
    const before = invoiceById.get(o.invoice_id);
    if (!before) continue;
    const reason = o.reasons.join("; ");
    if (before.status !== o.status || before.paid_minor !== o.paid_minor || (before.status_reason ?? "") !== reason)
      changed.push({ ...o, from: before.status });
  }
  const paidNow = changed.filter((o) => PAID(o.status) && !PAID(o.from)).map((o) => o.invoice_id);
  const unpaidAgain = changed.filter((o) => PAID(o.from) && !PAID(o.status)).map((o) => o.invoice_id);
  const invoiceChanges: InvoiceChange[] = changed.map((o) => ({
    id: o.invoice_id,
    status: o.status,
    paid_minor: o.paid_minor,
    reason: o.reasons.join("; "),
    from: o.from,
    // History records money and status changes, not a reworded reason.
    moved: o.status !== o.from || o.paid_minor !== invoiceById.get(o.invoice_id)?.paid_minor ? 1 : 0,
  }));

  return {
    // Stale proposals go first: a proposal (REVIEW) for the very pair that is now linked would
    // otherwise make the link's insert a silent no-op (partial unique index on live pairs).
    linkDeletes: [...staleReview, ...entries.nowAllocatedUnmatched],
    linkInserts: [...linkRows, ...freshReview, ...entries.unmatchedRows],
    entryUpdates: entries.updates,
    invoiceChanges,
    // Stock moves only for invoices that sold something (else the statements would find nothing).
    stockMoveInvoices: paidNow.filter((id) => invoiceById.get(id)?.has_lines),
    stockReviews: unpaidAgain.map((id) => ({
      dedupe_key: `STOCK_REVIEW|${id}|${runId}`,
      kind: "STOCK_REVIEW",
      entry_key: null,
      wire_id: null,
      invoice_ids_json: JSON.stringify([id]),
      reason: `Invoice ${id} is no longer fully paid but its stock was already decremented`,
    })),
    reviewItems: result.review.map((r) => ({
      dedupe_key: `${r.kind}|${r.entry_key ?? ""}|${[...r.invoice_ids].sort().join(",")}`,
      kind: r.kind,
      entry_key: r.entry_key,
      wire_id: r.wire_id,
      invoice_ids_json: JSON.stringify(r.invoice_ids),
      reason: r.reason,
      candidates_json: JSON.stringify(r.candidates ?? []),
    })),
    settledEntries: entries.updates.filter((u) => u.match_status === "MATCHED").map((u) => u.natural_key),
    summary: {
      links_written: linkRows.length,
      invoices_changed: changed.length,
      paid_invoices: paidNow.length,
      review_items: result.review.length,
      entries_decided: entries.updates.length,
    },
  };
}

/** Nothing to write but the run's own lock (a run that found everything as it left it writes nothing). */
export function isEmptyDiff(d: MatchDiff): boolean {
  return (
    d.linkDeletes.length === 0 &&
    d.linkInserts.length === 0 &&
    d.entryUpdates.length === 0 &&
    d.invoiceChanges.length === 0 &&
    d.reviewItems.length === 0 &&
    d.stockMoveInvoices.length === 0 &&
    d.stockReviews.length === 0 &&
    d.settledEntries.length === 0
  );
}
