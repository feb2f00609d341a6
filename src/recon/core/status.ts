import { formatMinor } from "../../platform/money";
import type { Invoice, InvoiceOutcome, Link, MatchConfig, ReviewItem } from "./types";

/**
 * Invoice status from the money allocated to it (sum of its links' allocated_minor):
 * - UNPAID: nothing allocated;
 * - PAID: at least (100 − fee_tolerance_pct) % of the amount (a shortfall within the tolerance
 *   is a bank fee, not a debt);
 * - PARTIAL: something, but less than that;
 * - OVERPAID: more than the amount (beyond one minor unit of rounding) from a single payment;
 * - DISCREPANCY: paid more than once (two or more links where the invoice was already covered
 *   before the last one arrived).
 * The reasons spell out the figures for the review screen.
 */
/** A credit note netted against an invoice: counts toward PAID, is not money received. */
export type CreditApplied = { ids: string[]; minor: number };

export function deriveOutcomes(
  invoices: readonly Invoice[],
  links: readonly Link[],
  config: Pick<MatchConfig, "fee_tolerance_pct">,
  review: readonly ReviewItem[] = [],
  credits: ReadonlyMap<string, CreditApplied> = new Map(),
  notes: ReadonlyMap<string, string> = new Map(),
): InvoiceOutcome[] {
  const byInvoice = new Map<string, Link[]>();
  for (const l of links) {
    const list = byInvoice.get(l.invoice_id);
    if (list) list.push(l);
    else byInvoice.set(l.invoice_id, [l]);
  }
  const pendingReview = new Map<string, ReviewItem>();
  for (const r of review) for (const id of r.invoice_ids) if (!pendingReview.has(id)) pendingReview.set(id, r);
  return invoices.map((inv) => {
    const o = outcomeFor(
      inv,
      byInvoice.get(inv.invoice_id) ?? [],
      config.fee_tolerance_pct,
      pendingReview.get(inv.invoice_id),
      credits.get(inv.invoice_id),
    );
    const note = notes.get(inv.invoice_id);
    return note && o.paid_minor > 0 ? { ...o, reasons: [...o.reasons, note] } : o;
  });
}

/** A write-off link's kind ("write-off:bank_fee" → "bank fee"); null for a payment. */
export function writeOffKind(l: Pick<Link, "reason" | "wire_id">): string | null {
  return l.reason === "WRITE_OFF" ? l.wire_id.replace(/^write-off:/, "").replace(/_/g, " ") : null;
}

export function isFullyPaid(paidMinor: number, amountMinor: number, feeTolerancePct: number): boolean {
  return paidMinor * 100 >= amountMinor * (100 - feeTolerancePct);
}

function outcomeFor(inv: Invoice, links: Link[], tolPct: number, review: ReviewItem | undefined, credit?: CreditApplied): InvoiceOutcome {
  const fmt = (m: number) => `${formatMinor(m, inv.currency)} ${inv.currency}`;
  const paid = links.reduce((s, l) => s + l.allocated_minor, 0);
  const base = { invoice_id: inv.invoice_id, amount_minor: inv.amount_minor, paid_minor: paid, currency: inv.currency };
  const reasons: string[] = [];
  if (review) reasons.push(`in review: ${review.kind.toLowerCase()} — ${review.reason}`);
  if (paid === 0) return { ...base, status: "UNPAID", reasons: ["no payment allocated", ...reasons] };
  const wires = links.map((l) => l.wire_id).join(", ");
  if (paid > inv.amount_minor + 1) {
    // Paid twice: the invoice was already covered before its last payment arrived.
    const beforeLast = paid - links[links.length - 1].allocated_minor;
    if (links.length >= 2 && isFullyPaid(beforeLast, inv.amount_minor, tolPct)) {
      return {
        ...base,
        status: "DISCREPANCY",
        reasons: [`paid more than once (${wires}): ${fmt(paid)} received for ${fmt(inv.amount_minor)}`, ...reasons],
      };
    }
    return { ...base, status: "OVERPAID", reasons: [`overpaid by ${fmt(paid - inv.amount_minor)} (${wires})`, ...reasons] };
  }
  if (
    credit &&
    credit.minor > 0 &&
    paid + credit.minor <= inv.amount_minor + 1 &&
    isFullyPaid(paid + credit.minor, inv.amount_minor, tolPct)
  ) {
    const r = `paid ${fmt(paid)} + credit note ${credit.ids.join(", ")} ${fmt(credit.minor)} = ${fmt(paid + credit.minor)} (${wires})`;
    return { ...base, status: "PAID", reasons: [r, ...reasons] };
  }
  const written = links.filter((l) => writeOffKind(l) !== null);
  if (written.length > 0 && isFullyPaid(paid, inv.amount_minor, tolPct)) {
    const money = links.filter((l) => writeOffKind(l) === null);
    const off = written.map((l) => `${writeOffKind(l)} written off ${fmt(l.allocated_minor)}`).join(", ");
    const received = money.reduce((s, l) => s + l.allocated_minor, 0);
    const r = `paid ${fmt(received)} (${money.map((l) => l.wire_id).join(", ") || "no payment"}) + ${off} = ${fmt(paid)}`;
    return { ...base, status: "PAID", reasons: [r, ...reasons] };
  }
  if (isFullyPaid(paid, inv.amount_minor, tolPct)) {
    const short = inv.amount_minor - paid;
    const r =
      short > 0
        ? `paid ${fmt(paid)}; ${fmt(short)} short (${((short * 100) / inv.amount_minor).toFixed(2)} %) within the ${tolPct} % fee tolerance`
        : `paid in full (${wires})`;
    return { ...base, status: "PAID", reasons: [r, ...reasons] };
  }
  return {
    ...base,
    status: "PARTIAL",
    reasons: [
      `paid ${fmt(paid)} of ${fmt(inv.amount_minor)} (${links.length} payment${links.length > 1 ? "s" : ""}: ${wires})`,
      ...reasons,
    ],
  };
}
