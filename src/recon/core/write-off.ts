import { formatMinor } from "../../platform/money";

/**
 * Writing off a small difference (Odoo's counterpart rules): an invoice paid short by a bank fee,
 * an early-payment discount or rounding is settled by a write-off a person records with a reason.
 * The write-off is a MANUAL link without money (reason WRITE_OFF, entry `wo:<invoice>`), so every
 * match run counts it like a payment and the invoice stays PAID. Pure: the checks and the row.
 */
export const WRITE_OFF_KINDS = ["bank_fee", "discount", "rounding"] as const;
export type WriteOffKind = (typeof WRITE_OFF_KINDS)[number];

export type WriteOffRequest = { kind: WriteOffKind; amount_minor: number; currency: string; reason: string };
export type WriteOffLimits = { max_minor: number; max_pct: number };
export type InvoiceLinks = {
  invoice: { invoice_id: string; amount_minor: number; currency: string };
  /** The invoice's live links (VERIFIED, MANUAL): payments and any write-off. */
  links: readonly { reason: string; wire_id: string; allocated_minor: number }[];
};

export type WriteOffDecision =
  | { ok: true; replay: false; open_minor: number }
  | { ok: true; replay: true; open_minor: number }
  | { ok: false; status: 409 | 422; code: string; detail: string; extra?: Record<string, unknown> };

export const writeOffEntryKey = (invoiceId: string): string => `wo:${invoiceId}`;
export const writeOffWireId = (kind: WriteOffKind): string => `write-off:${kind}`;
export const isWriteOffLink = (l: { reason: string }): boolean => l.reason === "WRITE_OFF";

/**
 * May `req` settle the invoice? The amount must be exactly what is still open after the money
 * received, within both limits, in the invoice's currency; an unpaid invoice has no small
 * difference, an overpaid one none to write off. The same write-off again is a replay (nothing
 * written); another one on an invoice already written off is a conflict.
 */
export function decideWriteOff(s: InvoiceLinks, req: WriteOffRequest, limits: WriteOffLimits): WriteOffDecision {
  const { invoice } = s;
  const fmt = (m: number) => `${formatMinor(m, invoice.currency)} ${invoice.currency}`;
  if (req.currency !== invoice.currency)
    return {
      ok: false,
      status: 422,
      code: "write_off_currency",
      detail: `The invoice is in ${invoice.currency}; a write-off of it must be too`,
    };
  const existing = s.links.filter(isWriteOffLink);
  const received = s.links.filter((l) => !isWriteOffLink(l)).reduce((n, l) => n + l.allocated_minor, 0);
  const open = invoice.amount_minor - received;
  if (existing.length > 0) {
    const same = existing.some((l) => l.wire_id === writeOffWireId(req.kind) && l.allocated_minor === req.amount_minor);
    if (same) return { ok: true, replay: true, open_minor: open };
    return {
      ok: false,
      status: 409,
      code: "write_off_exists",
      detail: `${invoice.invoice_id} already has a write-off of ${fmt(existing[0].allocated_minor)}; unmatch it first`,
    };
  }
  if (received === 0)
    return {
      ok: false,
      status: 422,
      code: "write_off_unpaid",
      detail: `${invoice.invoice_id} has no payment: a write-off settles a small difference, not an invoice`,
    };
  if (open <= 0)
    return {
      ok: false,
      status: 422,
      code: "write_off_not_short",
      detail: `${invoice.invoice_id} is not paid short (${fmt(received)} received for ${fmt(invoice.amount_minor)}): an overpayment is not a write-off`,
    };
  if (req.amount_minor !== open)
    return {
      ok: false,
      status: 422,
      code: "write_off_amount",
      detail: `${fmt(open)} is open on ${invoice.invoice_id}; the write-off must be that amount`,
      extra: { open_minor: open },
    };
  if (req.amount_minor > limits.max_minor)
    return {
      ok: false,
      status: 422,
      code: "write_off_over_limit",
      detail: `${fmt(req.amount_minor)} is more than the write-off limit of ${fmt(limits.max_minor)} (WRITE_OFF_MAX_MINOR)`,
      extra: { max_minor: limits.max_minor },
    };
  if (req.amount_minor * 100 > invoice.amount_minor * limits.max_pct)
    return {
      ok: false,
      status: 422,
      code: "write_off_over_percent",
      detail: `${fmt(req.amount_minor)} is more than ${limits.max_pct} % of ${fmt(invoice.amount_minor)} (WRITE_OFF_MAX_PCT)`,
      extra: { max_pct: limits.max_pct },
    };
  return { ok: true, replay: false, open_minor: open };
}
