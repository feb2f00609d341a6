import { formatMinor } from "../../platform/money";
import type { Candidate } from "./types";

/**
 * A review item as the workbench shows it (GET /api/finance/discrepancies, the dashboard cards):
 * the payment's facts and the matcher's ranked candidates with their open amount as it is now
 * (stored candidates are a snapshot; money may have moved since), best first. Pure.
 */
export type CandidateView = {
  invoice_id: string;
  open_amount: string;
  open_minor: number;
  currency: string;
  score: number;
  reasons: string[];
};
export type InvoiceNow = { id: string; amount_minor: number; paid_minor: number; currency: string };

export function parseCandidates(json: string | null | undefined): Candidate[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as Candidate[]).filter((c) => c && typeof c.invoice_id === "string" && typeof c.score === "number") : [];
  } catch {
    return [];
  }
}

/**
 * The stored candidates with today's open amounts; an invoice that no longer exists is dropped, a
 * fully paid one stays (it may be the invoice paid twice) with open 0 and sorts after open ones of
 * equal score.
 */
export function currentCandidates(stored: readonly Candidate[], now: ReadonlyMap<string, InvoiceNow>): CandidateView[] {
  const out: CandidateView[] = [];
  for (const c of stored) {
    const inv = now.get(c.invoice_id);
    if (!inv) continue;
    const open = Math.max(0, inv.amount_minor - inv.paid_minor);
    out.push({
      invoice_id: c.invoice_id,
      open_minor: open,
      open_amount: formatMinor(open, inv.currency),
      currency: inv.currency,
      score: c.score,
      reasons: [...c.reasons],
    });
  }
  return out.sort((a, b) => b.score - a.score || Number(b.open_minor > 0) - Number(a.open_minor > 0));
}
