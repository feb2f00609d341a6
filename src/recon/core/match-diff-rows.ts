/** The rows of a match run's diff (src/recon/core/match-diff.ts), as the writes store them. */

/** A recon_links row to insert (VERIFIED link, REVIEW proposal, or UNMATCHED marker without invoice). */
export type LinkInsert = {
  id: string;
  invoice_id: string | null;
  entry_key: string;
  wire_id: string;
  allocated_minor: number;
  currency: string;
  status: "VERIFIED" | "REVIEW" | "UNMATCHED";
  confidence: number;
  reason: string;
  reasons_json: string;
  customer_tax_id: string | null;
  booking_date: string;
};
export type EntryUpdate = { natural_key: string; allocated_minor: number; match_status: string };
/** An invoice whose status, paid amount or reason moved; `moved` 1 when money or status changed (history row). */
export type InvoiceChange = { id: string; status: string; paid_minor: number; reason: string; from: string; moved: 0 | 1 };
/** A review-queue item (discrepancies), deduplicated by kind + subject. */
export type ReviewQueueItem = {
  dedupe_key: string;
  kind: string;
  entry_key: string | null;
  wire_id: string | null;
  invoice_ids_json: string;
  reason: string;
  /** The ranked candidates (JSON array of Candidate); "[]" when none. */
  candidates_json?: string;
};
