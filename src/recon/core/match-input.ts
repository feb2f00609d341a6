import { wireIdOf } from "./natural-key";
import type { BankEntry, EntryRow, Invoice, Link, LinkRow, MatchOverrides, ReasonCode, Scope } from "./types";

/**
 * What the matcher is given for a scope: its invoices and entries as plain inputs (the stored
 * state stripped, so a rerun decides from the same facts), and the decisions already made — live
 * links (VERIFIED, MANUAL) fixed, REJECTED pairs forbidden. A later run never moves money an
 * earlier run or a person allocated.
 */
export type MatcherInput = { invoices: Invoice[]; entries: BankEntry[]; overrides: Required<MatchOverrides> };

export const LIVE_LINK: readonly string[] = ["VERIFIED", "MANUAL"];

export const pairKey = (invoiceId: string, entryKey: string): string => `${invoiceId}\u0000${entryKey}`;

/** The live links of a scope that pay an invoice (what the matcher keeps as given). */
export function fixedLinksOf(scope: Scope): LinkRow[] {
  return scope.links.filter((l) => LIVE_LINK.includes(l.status) && l.invoice_id);
}

export function matcherInput(scope: Scope): MatcherInput {
  const forbidden = scope.links
    .filter((l) => l.status === "REJECTED" && l.invoice_id)
    .map((l) => ({ invoice_id: l.invoice_id ?? "", entry_key: l.entry_key }));
  const invoices: Invoice[] = scope.invoices.map(({ status: _s, paid_minor: _p, status_reason: _r, has_lines: _l, ...inv }) => inv);
  const entries: BankEntry[] = scope.entries.map(({ wire_id: _w, allocated_minor: _a, match_status: _m, ...e }) => e);
  return {
    invoices,
    entries,
    overrides: { fixed_links: fixedLinksOf(scope).map(linkOfRow), forbidden_pairs: forbidden, payer_aliases: scope.aliases ?? [] },
  };
}

/** A stored link as the matcher's Link (a row with unreadable reasons keeps its main reason). */
export function linkOfRow(row: LinkRow): Link {
  let reasons: ReasonCode[] = [];
  try {
    reasons = JSON.parse(row.reasons_json) as ReasonCode[];
  } catch {
    reasons = [];
  }
  return {
    invoice_id: row.invoice_id ?? "",
    entry_key: row.entry_key,
    wire_id: row.wire_id,
    allocated_minor: row.allocated_minor,
    currency: row.currency,
    confidence: row.confidence,
    reason: (row.reason as ReasonCode) ?? "MANUAL",
    reasons: reasons.length ? reasons : [row.reason as ReasonCode],
  };
}

/**
 * The scope with payments not stored yet added as they will be inserted (PENDING, nothing
 * allocated), in the scope's entry order (booking date, then natural key).
 */
export function withUnstoredPayments(scope: Scope, unstored: readonly BankEntry[]): Scope {
  if (unstored.length === 0) return scope;
  const rows: EntryRow[] = unstored.map((e) => ({ ...e, wire_id: wireIdOf(e), allocated_minor: 0, match_status: "PENDING" }));
  const entries = [...scope.entries, ...rows].sort(
    (a, b) => a.booking_date.localeCompare(b.booking_date) || (a.natural_key < b.natural_key ? -1 : a.natural_key > b.natural_key ? 1 : 0),
  );
  return { ...scope, entries };
}
