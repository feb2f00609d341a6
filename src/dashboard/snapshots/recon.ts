import type { LedgerStats } from "../../recon/core/ledger-stats";
import { currentCandidates, parseCandidates, type CandidateView, type InvoiceNow } from "../../recon/core/review-view";
import { SafeDb, parseJson } from "../store/safe-db";
import { median } from "./metrics";

export type ReconLinkView = {
  id: string;
  invoice_id: string | null;
  allocated_minor: number;
  currency: string;
  status: string;
  confidence: number;
  reason: string;
  verified: boolean;
};
export type BankEntryView = {
  key: string;
  wire_id: string;
  booking_date: string;
  amount_minor: number;
  currency: string;
  sender_name: string | null;
  direction: string;
  match_status: string;
  allocated_minor: number;
  links: ReconLinkView[];
};
/**
 * An open review item. `link` is the matcher's open record for its bank entry, when there is one: an
 * UNMATCHED entry a person can link to an invoice, or a REVIEW proposal a person can confirm, both
 * through the finance API's resolve (`POST /api/finance/reconciliations/{id}/resolve`).
 */
export type DiscrepancyView = {
  id: string;
  kind: string;
  wire_id: string | null;
  entry_key: string | null;
  invoice_ids: string[];
  reason: string;
  created_at: string;
  /** The payment's facts (null when the item has no payment). */
  amount_minor: number | null;
  currency: string | null;
  booking_date: string | null;
  payer_name: string | null;
  remittance: string | null;
  /** Open invoices ranked for one-click confirmation, best first, with today's open amount. */
  candidates: CandidateView[];
  link: { id: string; status: "UNMATCHED" | "REVIEW"; invoice_id: string | null; amount_minor: number; currency: string } | null;
};
export type ImportView = {
  id: string;
  kind: string;
  format: string;
  status: string;
  total_items: number;
  inserted_items: number;
  duplicate_items: number;
  links_written: number;
  errors: number;
  created_at: string;
  finished_at: string | null;
  latency_ms: number | null;
  payment_p50_ms: number | null;
  payment_max_ms: number | null;
};
/** A currency's real-time ledger object (src/durable/recon-ledger.ts), as GET /api/finance/ledgers/{currency} shows it. */
export type LedgerView = { currency: string } & LedgerStats;

export type ReconSnapshot = {
  generated_at: string;
  ledgers: LedgerView[];
  counts: {
    matched: number;
    partial: number;
    discrepancy: number;
    overpaid: number;
    unpaid: number;
    open_review: number;
    invoices: number;
    entries: number;
  };
  entries: BankEntryView[];
  discrepancies: DiscrepancyView[];
  imports: ImportView[];
};

/** A link a person or the matcher confirmed: drawn with a check mark. */
export const VERIFIED_LINK_STATUSES = new Set(["VERIFIED", "MANUAL"]);

export async function reconSnapshot(
  db: D1Database,
  now = new Date(),
  opts: { invoice?: string | null; ledgers?: (currencies: string[]) => Promise<LedgerView[]> } = {},
): Promise<ReconSnapshot> {
  const sdb = new SafeDb(db);
  const [statusRows, open, entryCount, rawImports, discRows, currencies] = await Promise.all([
    sdb.all<{ status: string; n: number }>(["invoices"], "SELECT status, COUNT(*) AS n FROM invoices GROUP BY status"),
    sdb.first<{ n: number }>(["discrepancies"], "SELECT COUNT(*) AS n FROM discrepancies WHERE status = 'OPEN'"),
    sdb.first<{ n: number }>(["bank_entries"], "SELECT COUNT(*) AS n FROM bank_entries"),
    sdb.all<Omit<ImportView, "errors" | "payment_p50_ms" | "payment_max_ms"> & { errors_json: string }>(
      ["imports"],
      "SELECT id, kind, format, status, total_items, inserted_items, duplicate_items, links_written, errors_json, created_at, finished_at, latency_ms FROM imports ORDER BY created_at DESC, id DESC LIMIT 50",
    ),
    sdb.all<{
      id: string;
      kind: string;
      wire_id: string | null;
      entry_key: string | null;
      invoice_ids_json: string;
      reason: string;
      created_at: string;
      candidates_json: string;
      amount_minor: number | null;
      currency: string | null;
      booking_date: string | null;
      payer_name: string | null;
      remittance: string | null;
    }>(
      ["discrepancies", "bank_entries"],
      `SELECT d.id, d.kind, d.wire_id, d.entry_key, d.invoice_ids_json, d.reason, d.created_at, d.candidates_json,
              e.amount_minor, e.currency, e.booking_date, e.sender_name AS payer_name, e.remittance
       FROM discrepancies d LEFT JOIN bank_entries e ON e.natural_key = d.entry_key
       WHERE d.status = 'OPEN' ORDER BY d.created_at DESC, d.id DESC LIMIT 200`,
    ),
    sdb.all<{ currency: string }>(["invoices"], "SELECT DISTINCT currency FROM invoices ORDER BY currency LIMIT 20"),
  ]);
  const ledgers = opts.ledgers ? await opts.ledgers(currencies.map((c) => c.currency)) : [];
  const by = (s: string) => statusRows.find((r) => r.status === s)?.n ?? 0;

  // Entries: those touching the asked invoice, else the latest ones.
  const entrySql = opts.invoice
    ? "SELECT natural_key AS key, wire_id, booking_date, amount_minor, currency, sender_name, direction, match_status, allocated_minor FROM bank_entries WHERE natural_key IN (SELECT entry_key FROM recon_links WHERE invoice_id = ?) ORDER BY booking_date DESC LIMIT 200"
    : "SELECT natural_key AS key, wire_id, booking_date, amount_minor, currency, sender_name, direction, match_status, allocated_minor FROM bank_entries ORDER BY booking_date DESC, created_at DESC LIMIT 200";
  const entries = await sdb.all<Omit<BankEntryView, "links">>(
    opts.invoice ? ["bank_entries", "recon_links"] : ["bank_entries"],
    entrySql,
    ...(opts.invoice ? [opts.invoice] : []),
  );
  const links = new Map<string, ReconLinkView[]>();
  for (let i = 0; i < entries.length; i += 90) {
    const keys = entries.slice(i, i + 90).map((e) => e.key);
    const rows = await sdb.all<ReconLinkView & { entry_key: string }>(
      ["recon_links"],
      `SELECT id, entry_key, invoice_id, allocated_minor, currency, status, confidence, reason FROM recon_links WHERE entry_key IN (${keys.map(() => "?").join(",")}) ORDER BY invoice_id`,
      ...keys,
    );
    for (const r of rows) {
      const { entry_key, ...link } = r;
      const list = links.get(entry_key) ?? [];
      list.push({ ...link, verified: VERIFIED_LINK_STATUSES.has(link.status) });
      links.set(entry_key, list);
    }
  }

  // Per-payment latency (queue enqueue → matched) per import.
  const lat = await sdb.all<{ import_id: string; ms: number }>(
    ["bank_entries"],
    "SELECT import_id, matched_at_ms - enqueued_at_ms AS ms FROM bank_entries WHERE import_id IS NOT NULL AND matched_at_ms IS NOT NULL AND enqueued_at_ms IS NOT NULL LIMIT 50000",
  );
  const latBy = new Map<string, number[]>();
  for (const r of lat) (latBy.get(r.import_id) ?? latBy.set(r.import_id, []).get(r.import_id))?.push(r.ms);

  // The open link (UNMATCHED entry or REVIEW proposal) behind each review item, for its action.
  const openLinks = new Map<string, NonNullable<DiscrepancyView["link"]>>();
  const discKeys = [...new Set(discRows.map((d) => d.entry_key).filter((k): k is string => Boolean(k)))];
  for (let i = 0; i < discKeys.length; i += 90) {
    const keys = discKeys.slice(i, i + 90);
    const rows = await sdb.all<{
      id: string;
      entry_key: string;
      status: "UNMATCHED" | "REVIEW";
      invoice_id: string | null;
      allocated_minor: number;
      currency: string;
    }>(
      ["recon_links"],
      `SELECT id, entry_key, status, invoice_id, allocated_minor, currency FROM recon_links WHERE status IN ('UNMATCHED','REVIEW') AND entry_key IN (${keys.map(() => "?").join(",")}) ORDER BY status DESC, confidence DESC`,
      ...keys,
    );
    for (const r of rows)
      if (!openLinks.has(r.entry_key))
        openLinks.set(r.entry_key, {
          id: r.id,
          status: r.status,
          invoice_id: r.invoice_id,
          amount_minor: r.allocated_minor,
          currency: r.currency,
        });
  }

  // Today's open amounts of the review items' candidates.
  const stored = new Map(discRows.map((d) => [d.id, parseCandidates(d.candidates_json)]));
  const candIds = [...new Set([...stored.values()].flatMap((cs) => cs.map((c) => c.invoice_id)))];
  const invNow = new Map<string, InvoiceNow>();
  for (let i = 0; i < candIds.length; i += 90) {
    const ids = candIds.slice(i, i + 90);
    const rows = await sdb.all<InvoiceNow>(
      ["invoices"],
      `SELECT id, amount_minor, paid_minor, currency FROM invoices WHERE id IN (${ids.map(() => "?").join(",")})`,
      ...ids,
    );
    for (const r of rows) invNow.set(r.id, r);
  }

  return {
    generated_at: now.toISOString(),
    ledgers,
    counts: {
      matched: by("PAID"),
      partial: by("PARTIAL"),
      discrepancy: by("DISCREPANCY"),
      overpaid: by("OVERPAID"),
      unpaid: by("UNPAID"),
      open_review: open?.n ?? 0,
      invoices: statusRows.reduce((s, r) => s + r.n, 0),
      entries: entryCount?.n ?? 0,
    },
    entries: entries.map((e) => ({ ...e, links: links.get(e.key) ?? [] })),
    discrepancies: discRows.map((d) => ({
      id: d.id,
      kind: d.kind,
      wire_id: d.wire_id,
      entry_key: d.entry_key,
      invoice_ids: parseJson<string[]>(d.invoice_ids_json, []),
      reason: d.reason,
      created_at: d.created_at,
      amount_minor: d.amount_minor,
      currency: d.currency,
      booking_date: d.booking_date,
      payer_name: d.payer_name,
      remittance: d.remittance,
      candidates: currentCandidates(stored.get(d.id) ?? [], invNow),
      link: (d.entry_key && openLinks.get(d.entry_key)) || null,
    })),
    imports: rawImports.map(({ errors_json, ...i }) => {
      const ms = latBy.get(i.id) ?? [];
      return {
        ...i,
        errors: parseJson<unknown[]>(errors_json, []).length,
        payment_p50_ms: median(ms),
        payment_max_ms: ms.length ? Math.max(...ms) : null,
      };
    }),
  };
}
