import type { LinkInsert, EntryUpdate } from "./match-diff-rows";
import type { MatchResult, Scope } from "./types";

/**
 * Step 3 of the diff (src/recon/core/match-diff.ts): each credit's allocation and state after the
 * run, the UNMATCHED markers of credits that pay nothing we know (or are duplicate imports), and
 * the markers to drop because their entry is now allocated or awaits a choice.
 */
export function entryStatesOf(
  scope: Scope,
  result: MatchResult,
  liveLinks: readonly { entry_key: string; allocated_minor: number }[],
  runId: string,
): { updates: EntryUpdate[]; unmatchedRows: LinkInsert[]; nowAllocatedUnmatched: string[] } {
  const allocated = new Map<string, number>();
  for (const l of liveLinks) allocated.set(l.entry_key, (allocated.get(l.entry_key) ?? 0) + l.allocated_minor);
  const duplicates = new Set(result.duplicates.map((d) => d.entry_key));
  const unmatched = new Set(result.unmatched);
  // A credit that pays nothing we know is UNMATCHED (queued for review as such), not a pending choice.
  const inReview = new Set(
    result.review
      .filter((r) => r.kind !== "UNMATCHED_ENTRY" && r.kind !== "DUPLICATE_ENTRY")
      .map((r) => r.entry_key)
      .filter((k): k is string => k !== null),
  );
  for (const r of result.review) if (r.kind === "UNMATCHED_ENTRY" && r.entry_key) unmatched.add(r.entry_key);
  const updates: EntryUpdate[] = [];
  for (const e of scope.entries) {
    if (e.direction !== "credit") continue;
    const alloc = allocated.get(e.natural_key) ?? 0;
    const status =
      alloc >= e.amount_minor
        ? "MATCHED"
        : alloc > 0
          ? inReview.has(e.natural_key)
            ? "REVIEW"
            : "PARTIAL"
          : duplicates.has(e.natural_key)
            ? "DUPLICATE"
            : inReview.has(e.natural_key)
              ? "REVIEW"
              : "UNMATCHED";
    if (status !== e.match_status || alloc !== e.allocated_minor) {
      updates.push({ natural_key: e.natural_key, allocated_minor: alloc, match_status: status });
    }
  }
  const markedUnmatched = new Set(scope.links.filter((l) => l.status === "UNMATCHED").map((l) => l.entry_key));
  const unmatchedRows: LinkInsert[] = scope.entries
    .filter(
      (e) =>
        e.direction === "credit" &&
        (allocated.get(e.natural_key) ?? 0) === 0 &&
        !markedUnmatched.has(e.natural_key) &&
        !inReview.has(e.natural_key) && // a pending choice has REVIEW proposals instead
        (unmatched.has(e.natural_key) || duplicates.has(e.natural_key)),
    )
    .map((e, i) => ({
      id: `${runId}_u${String(i).padStart(6, "0")}`,
      invoice_id: null,
      entry_key: e.natural_key,
      wire_id: e.wire_id,
      allocated_minor: 0,
      currency: scope.currency,
      status: "UNMATCHED",
      confidence: 0,
      reason: duplicates.has(e.natural_key) ? "DUPLICATE_ENTRY" : "UNMATCHED_ENTRY",
      reasons_json: "[]",
      customer_tax_id: null,
      booking_date: e.booking_date,
    }));
  const nowAllocatedUnmatched = scope.links
    .filter((l) => l.status === "UNMATCHED" && ((allocated.get(l.entry_key) ?? 0) > 0 || inReview.has(l.entry_key)))
    .map((l) => l.id);
  return { updates, unmatchedRows, nowAllocatedUnmatched };
}
