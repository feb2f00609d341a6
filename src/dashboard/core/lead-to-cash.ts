/*
 * The dashboards' lead-to-cash arithmetic, pure: the same deals counted through won → invoiced →
 * paid → reconciled (a won deal with no invoice is a gap, not a silent drop), money per currency,
 * the median days from first contact to cash, and one lead's timeline.
 */

export type DealInvoiceFacts = {
  invoice_id: string;
  amount_minor: number;
  paid_minor: number;
  currency: string;
  status: string;
  issue_date: string;
  created_at: string;
  /** Last move to PAID / OVERPAID (null while open). */
  paid_at: string | null;
  /** A verified or manual link ties its money to a bank entry. */
  linked: boolean;
  /** First verified or manual link: when the money was tied to a bank entry. */
  first_link_at: string | null;
};

export type DealFacts = {
  lead_id: string;
  stage: string;
  received_at: string;
  quote_total_minor: number | null;
  quote_currency: string | null;
  invoices: DealInvoiceFacts[];
};

export type Money = Record<
  string,
  { pipeline_minor: number; won_minor: number; invoiced_minor: number; collected_minor: number; open_minor: number }
>;

export type DealFlow = {
  won: number;
  invoiced: number;
  paid: number;
  reconciled: number;
  gaps: { won_not_invoiced: number; invoiced_not_paid: number; paid_not_reconciled: number };
  money: Money;
  median_days_to_cash: number | null;
};

const SETTLED = new Set(["PAID", "OVERPAID"]);
const CLOSED = new Set(["won", "lost"]);

export function medianOf(values: readonly number[]): number | null {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] ?? null) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 8_640_000) / 10;

/** A deal is paid when it has invoices and all of them are settled; reconciled when each is also linked to a bank entry. */
export function dealCashAt(d: DealFacts): { paid: boolean; reconciled: boolean; cash_at: string | null } {
  const paid = d.invoices.length > 0 && d.invoices.every((i) => SETTLED.has(i.status));
  const reconciled = paid && d.invoices.every((i) => i.linked);
  const cashAt = paid ? d.invoices.map((i) => i.paid_at ?? "").reduce((a, b) => (b > a ? b : a), "") || null : null;
  return { paid, reconciled, cash_at: cashAt };
}

export function dealFlow(deals: readonly DealFacts[]): DealFlow {
  const money: Money = {};
  const bucket = (ccy: string) =>
    (money[ccy] ??= { pipeline_minor: 0, won_minor: 0, invoiced_minor: 0, collected_minor: 0, open_minor: 0 });
  let won = 0;
  let invoiced = 0;
  let paid = 0;
  let reconciled = 0;
  let wonNotInvoiced = 0;
  const toCash: number[] = [];
  for (const d of deals) {
    const isWon = d.stage === "won";
    if (d.quote_currency && d.quote_total_minor !== null) {
      if (isWon) bucket(d.quote_currency).won_minor += d.quote_total_minor;
      else if (!CLOSED.has(d.stage)) bucket(d.quote_currency).pipeline_minor += d.quote_total_minor;
    }
    for (const i of d.invoices) {
      const b = bucket(i.currency);
      b.invoiced_minor += i.amount_minor;
      b.collected_minor += i.paid_minor;
      b.open_minor += Math.max(0, i.amount_minor - i.paid_minor);
    }
    if (isWon) won++;
    if (d.invoices.length === 0) {
      if (isWon) wonNotInvoiced++;
      continue;
    }
    invoiced++;
    const c = dealCashAt(d);
    if (c.paid) paid++;
    if (c.reconciled) reconciled++;
    if (c.cash_at) toCash.push(days(d.received_at, c.cash_at));
  }
  return {
    won,
    invoiced,
    paid,
    reconciled,
    gaps: { won_not_invoiced: wonNotInvoiced, invoiced_not_paid: invoiced - paid, paid_not_reconciled: paid - reconciled },
    money,
    median_days_to_cash: medianOf(toCash),
  };
}

export const TIMELINE_STEPS = ["lead", "proposal", "agreement", "won", "invoice", "payment", "reconciled"] as const;
export type TimelineStepName = (typeof TIMELINE_STEPS)[number];
export type TimelineStep = {
  step: TimelineStepName;
  at: string | null;
  amount_minor: number | null;
  currency: string | null;
  detail: string;
};

export type TimelineInput = {
  received_at: string | null;
  proposal: { at: string; total_minor: number | null; currency: string | null } | null;
  agreement_at: string | null;
  won: { at: string; total_minor: number | null; currency: string | null } | null;
  invoices: DealInvoiceFacts[];
};

/** lead → proposal → agreement → won → invoice → payment → reconciled, each with its time and amount (null: not reached). */
export function leadTimeline(t: TimelineInput): TimelineStep[] {
  const ccy = t.invoices[0]?.currency ?? t.won?.currency ?? t.proposal?.currency ?? null;
  const sum = (f: (i: DealInvoiceFacts) => number) => t.invoices.reduce((s, i) => s + f(i), 0);
  const earliest = (xs: Array<string | null>) => xs.filter((x): x is string => x !== null).sort()[0] ?? null;
  const deal = dealCashAt({ lead_id: "", stage: "", received_at: "", quote_total_minor: null, quote_currency: null, invoices: t.invoices });
  const paidMinor = sum((i) => i.paid_minor);
  const ids = t.invoices.map((i) => i.invoice_id).join(", ");
  const invoicedMinor = sum((i) => i.amount_minor);
  const step = (s: TimelineStepName, at: string | null, amount: number | null, currency: string | null, detail: string): TimelineStep => ({
    step: s,
    at,
    amount_minor: at === null ? null : amount,
    currency: at === null || amount === null ? null : currency,
    detail,
  });
  return [
    step("lead", t.received_at, null, null, "first contact"),
    step("proposal", t.proposal?.at ?? null, t.proposal?.total_minor ?? null, t.proposal?.currency ?? null, "first proposal drafted"),
    step("agreement", t.agreement_at, null, null, "customer accepted: agreement drafted"),
    step("won", t.won?.at ?? null, t.won?.total_minor ?? null, t.won?.currency ?? null, "closed won by a person"),
    step(
      "invoice",
      earliest(t.invoices.map((i) => i.created_at)),
      invoicedMinor,
      ccy,
      t.invoices.length ? `${t.invoices.length} invoice(s): ${ids}` : "not invoiced",
    ),
    step(
      "payment",
      earliest(t.invoices.map((i) => i.first_link_at)),
      paidMinor,
      ccy,
      deal.paid ? "paid in full" : paidMinor > 0 ? "partly paid" : "no payment yet",
    ),
    step(
      "reconciled",
      deal.reconciled ? deal.cash_at : null,
      paidMinor,
      ccy,
      deal.reconciled ? "every invoice paid and tied to a bank entry" : "open",
    ),
  ];
}

/** Quote value per stage and currency (the pipeline page's money column). */
export function moneyByStage(rows: ReadonlyArray<{ stage: string; currency: string | null; total_minor: number | null }>) {
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    if (!r.currency || r.total_minor === null) continue;
    const s = (out[r.stage] ??= {});
    s[r.currency] = (s[r.currency] ?? 0) + r.total_minor;
  }
  return out;
}
