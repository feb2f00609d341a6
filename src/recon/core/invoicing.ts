import { formatMinor } from "../../platform/money";

/*
 * Won → invoice → cash, as pure functions: the invoice schedule a won deal's quote becomes, the
 * invoice numbers of a series, the remittance text that carries the number (so the matcher finds
 * the invoice), and the cash state of a deal from its invoices. Dates are YYYY-MM-DD (UTC).
 */

export const SCHEDULES = ["upfront", "quarterly", "annual"] as const;
export type BillingSchedule = (typeof SCHEDULES)[number];

/** One quote line as billed: the tier unit price, the line's discount and its net amount. */
export type DealLine = { sku: string; name: string; qty: number; unit_price_minor: number; discount_minor: number; net_minor: number };

export type DealToInvoice = {
  lead_id: string;
  customer_name: string;
  customer_tax_id: string | null;
  po_number: string | null;
  recipient: string | null;
  currency: string;
  term_months: number;
  lines: DealLine[];
};

/** One invoice of a deal's schedule: this period's share of every line (the shares of all periods sum to the line). */
export type PlannedInvoice = {
  period: number;
  periods: number;
  issue_date: string;
  due_date: string;
  amount_minor: number;
  items: Array<DealLine & { amount_minor: number }>;
};

/** How many invoices a term is billed in: upfront one, quarterly per started quarter, annual per started year. */
export function periodsOf(schedule: BillingSchedule, termMonths: number): number {
  const months = Math.max(1, Math.trunc(termMonths));
  if (schedule === "quarterly") return Math.ceil(months / 3);
  if (schedule === "annual") return Math.ceil(months / 12);
  return 1;
}

/** What the agreement template promises ("invoiced annually in advance"): annual unless a person chose otherwise. */
export function defaultSchedule(): BillingSchedule {
  return "annual";
}

/** `total` in `n` integer parts that sum to it exactly; the first part takes the remainder. */
export function splitEven(total: number, n: number): number[] {
  const base = Math.trunc(total / n);
  const parts = Array.from({ length: n }, () => base);
  parts[0] = total - base * (n - 1);
  return parts;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar months later, the day clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

const MONTHS_PER_PERIOD: Record<BillingSchedule, number> = { upfront: 0, quarterly: 3, annual: 12 };

/**
 * The schedule a won deal's quote becomes: period k is issued (k − 1) periods after `issueDate`
 * and due `termsDays` later; every line is split across the periods so nothing is lost to rounding.
 */
export function planInvoices(
  deal: Pick<DealToInvoice, "term_months" | "lines">,
  opts: { schedule: BillingSchedule; issue_date: string; terms_days: number },
): PlannedInvoice[] {
  const n = periodsOf(opts.schedule, deal.term_months);
  const shares = deal.lines.map((l) => ({ line: l, net: splitEven(l.net_minor, n), discount: splitEven(l.discount_minor, n) }));
  const out: PlannedInvoice[] = [];
  for (let k = 0; k < n; k++) {
    const issue = addMonths(opts.issue_date, k * MONTHS_PER_PERIOD[opts.schedule]);
    const items = shares.map(({ line, net, discount }) => ({ ...line, discount_minor: discount[k] ?? 0, amount_minor: net[k] ?? 0 }));
    out.push({
      period: k + 1,
      periods: n,
      issue_date: issue,
      due_date: addDays(issue, opts.terms_days),
      amount_minor: items.reduce((s, i) => s + i.amount_minor, 0),
      items,
    });
  }
  return out;
}

/** The series prefix for an issue date: `{YYYY}` in the configured template becomes the year. */
export function seriesPrefix(template: string, issueDate: string): string {
  return template.replaceAll("{YYYY}", issueDate.slice(0, 4));
}

/** Number `no` of a series: the prefix and seven digits (L2C-2026-0000042: a digit form no six-digit INV-2026-000042 shares). */
export function invoiceNumber(prefix: string, no: number): string {
  return `${prefix}${String(no).padStart(7, "0")}`;
}

export function paymentTerms(days: number): string {
  return days === 0 ? "due on receipt" : `net ${days} days`;
}

/** Remittance instructions: the invoice number is the reference the payer must quote (what the matcher reads). */
export function remittanceText(
  inv: { invoice_id: string; amount_minor: number; currency: string; due_date: string },
  account: string,
): string {
  const to = account.trim() ? ` to ${account.trim()}` : "";
  return `Please pay ${formatMinor(inv.amount_minor, inv.currency)} ${inv.currency}${to} by ${inv.due_date}, quoting ${inv.invoice_id} as the payment reference.`;
}

// ───────────────────────────── cash state ─────────────────────────────

export type DealInvoice = {
  invoice_id: string;
  amount_minor: number;
  paid_minor: number;
  currency: string;
  status: string;
  issue_date: string;
  due_date: string;
  /** When the invoice reached PAID / OVERPAID (null while open). */
  paid_at: string | null;
};

/** A deal invoice as D1 has it, with what issuing added (null for a linked import). */
export type DealInvoiceRow = DealInvoice & {
  deal_period: number | null;
  customer_name: string;
  remittance: string | null;
  sent_at: string | null;
  recipient: string | null;
};

/** What the lead's object hears when its invoices move: the events (applied once each) and the invoices now. */
export type CashNotice = { event_ids: number[]; invoices: DealInvoiceRow[] };

export type IssueResult = { created: boolean; invoices: DealInvoiceRow[] };

/** How the negotiation side asks for a won deal's invoices (its Durable Object shell hands the service in). */
export type InvoicingPort = { issue(deal: DealToInvoice, schedule: BillingSchedule): Promise<IssueResult> };

/** What a person may say about billing when closing a deal as won. */
export type BillingTerms = { schedule?: BillingSchedule; customer_name?: string; customer_tax_id?: string; po_number?: string };

export type CashStatus = "not_invoiced" | "invoiced" | "partial" | "paid" | "overpaid";

export type CashState = {
  status: CashStatus;
  currency: string | null;
  invoice_count: number;
  /** Issued so far (issue date today or earlier). */
  invoiced_minor: number;
  /** Later periods of the schedule, not issued yet. */
  scheduled_minor: number;
  paid_minor: number;
  open_minor: number;
  overdue_minor: number;
  /** When the last issued invoice was paid; null until all are. */
  cash_at: string | null;
  /** Days from the lead's first contact to cash (one decimal); null until paid. */
  days_to_cash: number | null;
};

const SETTLED = new Set(["PAID", "OVERPAID"]);

export function isSettled(status: string): boolean {
  return SETTLED.has(status);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 8_640_000) / 10;
}

/** A deal's cash from its invoices, as of `today` (YYYY-MM-DD); `openedAt` is the lead's first contact. */
export function cashState(invoices: readonly DealInvoice[], openedAt: string, today: string): CashState {
  const issued = invoices.filter((i) => i.issue_date <= today);
  const invoiced = issued.reduce((s, i) => s + i.amount_minor, 0);
  const paid = issued.reduce((s, i) => s + i.paid_minor, 0);
  const overdue = issued
    .filter((i) => !isSettled(i.status) && i.due_date < today)
    .reduce((s, i) => s + Math.max(0, i.amount_minor - i.paid_minor), 0);
  const allPaid = issued.length > 0 && issued.every((i) => isSettled(i.status));
  const cashAt = allPaid ? issued.map((i) => i.paid_at ?? "").reduce((a, b) => (b > a ? b : a), "") || null : null;
  let status: CashStatus = "not_invoiced";
  if (issued.length > 0) status = paid > invoiced ? "overpaid" : allPaid ? "paid" : paid > 0 ? "partial" : "invoiced";
  return {
    status,
    currency: invoices[0]?.currency ?? null,
    invoice_count: invoices.length,
    invoiced_minor: invoiced,
    scheduled_minor: invoices.filter((i) => i.issue_date > today).reduce((s, i) => s + i.amount_minor, 0),
    paid_minor: paid,
    open_minor: Math.max(0, invoiced - paid),
    overdue_minor: overdue,
    cash_at: cashAt,
    days_to_cash: cashAt ? daysBetween(openedAt, cashAt) : null,
  };
}

/** Whole days an open invoice is past its due date on `today` (0 when not overdue or settled). */
export function daysOverdue(inv: Pick<DealInvoice, "status" | "due_date">, today: string): number {
  if (isSettled(inv.status)) return 0;
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${inv.due_date}T00:00:00Z`)) / 86_400_000));
}

/** The payment reminder an overdue invoice gets (a draft like any other: a person or the autonomous mode sends it). */
export function reminderText(
  inv: { invoice_id: string; amount_minor: number; paid_minor: number; currency: string; due_date: string },
  company: string | null,
  days: number,
  remittance: string,
): { subject: string; body: string } {
  const open = Math.max(0, inv.amount_minor - inv.paid_minor);
  const amount = `${formatMinor(open, inv.currency)} ${inv.currency}`;
  return {
    subject: `Payment reminder: invoice ${inv.invoice_id} (${amount} open)`,
    body: [
      `Hello${company ? ` ${company}` : ""},`,
      "",
      `our invoice ${inv.invoice_id} was due on ${inv.due_date}, ${days} day${days === 1 ? "" : "s"} ago; ${amount} is still open.`,
      remittance,
      "",
      "If you have already paid, please ignore this reminder.",
    ].join("\n"),
  };
}
