import { log } from "../../platform/log";
import { formatMinor } from "../../platform/money";
import { ok, refuse, type Outcome } from "../core/outcome";
import {
  cashState,
  daysOverdue,
  defaultSchedule,
  isSettled,
  reminderText,
  type BillingTerms,
  type CashNotice,
  type CashState,
  type DealInvoiceRow,
  type DealToInvoice,
  type InvoicingPort,
} from "../../recon/core/invoicing";
import { humanActor, type ObjectContext } from "./context";
import { maySendAlone } from "./proposals";
import { send } from "./send";
import type { DecisionResult } from "../core/views";

/*
 * The lead's side of lead-to-cash: a won deal asks the invoicing port for its invoices (retried by
 * the `invoice` timer until it answers), hears every move of those invoices (noteCash, applied
 * once per cash event), keeps a copy for its view and history, stops follow-ups once paid, and
 * drafts a payment reminder for an overdue invoice (co-pilot: waits for a person; autonomous:
 * sent like any within-policy draft). Own tables, created beside the object's schema.
 */

const INVOICE_RETRY_MS = 60_000;

export function migrateCash(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS cash_seen (event_id INTEGER PRIMARY KEY, at TEXT NOT NULL)");
  sql.exec(
    "CREATE TABLE IF NOT EXISTS cash_invoices (invoice_id TEXT PRIMARY KEY, row_json TEXT NOT NULL, updated_at TEXT NOT NULL, reminded_at TEXT)",
  );
}

export type CashView = CashState & { invoices: DealInvoiceRow[] };

function storedInvoices(o: ObjectContext): Map<string, { row: DealInvoiceRow; reminded_at: string | null }> {
  const rows = o.state.sql
    .exec<{ invoice_id: string; row_json: string; reminded_at: string | null }>(
      "SELECT invoice_id, row_json, reminded_at FROM cash_invoices ORDER BY invoice_id",
    )
    .toArray();
  return new Map(rows.map((r) => [r.invoice_id, { row: JSON.parse(r.row_json) as DealInvoiceRow, reminded_at: r.reminded_at }]));
}

function storeInvoice(o: ObjectContext, row: DealInvoiceRow): void {
  o.state.sql.exec(
    "INSERT INTO cash_invoices (invoice_id, row_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (invoice_id) DO UPDATE SET row_json = excluded.row_json, updated_at = excluded.updated_at",
    row.invoice_id,
    JSON.stringify(row),
    new Date().toISOString(),
  );
}

/** The deal's cash state from the object's copy of its invoices (null-free: `not_invoiced` before any). */
export function cashView(o: ObjectContext): CashView {
  const lead = o.state.leadOrNull();
  const invoices = [...storedInvoices(o).values()].map((v) => v.row).sort((a, b) => (a.deal_period ?? 1e9) - (b.deal_period ?? 1e9));
  return { ...cashState(invoices, lead?.opened_at ?? "", new Date().toISOString().slice(0, 10)), invoices };
}

/** What the won deal bills: the current quote's lines, the customer as the lead and the closer know it. */
export function dealToInvoice(o: ObjectContext, terms: BillingTerms): DealToInvoice | null {
  const q = o.state.currentQuote();
  if (!q) return null;
  const lead = o.state.leadRecord();
  return {
    lead_id: lead.id,
    customer_name: terms.customer_name ?? lead.company ?? lead.contact_name ?? lead.contact_email ?? lead.id,
    customer_tax_id: terms.customer_tax_id ?? null,
    po_number: terms.po_number ?? null,
    recipient: lead.contact_email,
    currency: q.currency,
    term_months: q.term_months,
    lines: q.lines.map((l) => ({
      sku: l.sku,
      name: l.name,
      qty: l.qty,
      unit_price_minor: l.tier_unit_minor,
      discount_minor: l.line_discount_minor,
      net_minor: l.line_net_minor,
    })),
  };
}

/**
 * A won deal's invoices: asked once, answered idempotently by the port (a second ask returns the
 * same invoices). A failure is recorded and retried by the `invoice` timer with the same terms.
 */
export async function invoiceWonDeal(o: ObjectContext, port: InvoicingPort, terms: BillingTerms): Promise<void> {
  const lead = o.state.leadOrNull();
  if (!lead || lead.stage !== "won") return;
  const deal = dealToInvoice(o, terms);
  if (!deal) {
    o.state.addHistory("agent", "note", "won without a quote: nothing to invoice");
    return;
  }
  const schedule = terms.schedule ?? defaultSchedule();
  try {
    const out = await port.issue(deal, schedule);
    o.timers.clear("invoice");
    const known = storedInvoices(o);
    for (const inv of out.invoices) if (!known.has(inv.invoice_id)) storeInvoice(o, inv);
    const total = out.invoices.reduce((s, i) => s + i.amount_minor, 0);
    if (out.created || !o.state.historyEntries().some((h) => h.kind === "cash" && h.data?.["step"] === "invoiced")) {
      o.state.addHistory(
        "agent",
        "cash",
        `invoiced ${schedule}: ${out.invoices.map((i) => i.invoice_id).join(", ")} (${formatMinor(total, deal.currency)} ${deal.currency})`,
        { step: "invoiced", schedule, invoice_ids: out.invoices.map((i) => i.invoice_id), amount_minor: total, currency: deal.currency },
      );
    }
    o.activity("deal.invoiced", "lead", deal.lead_id, 0, { invoices: out.invoices.length, amount_minor: total, currency: deal.currency });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    o.state.addHistory(
      "agent",
      "note",
      `invoicing the won deal failed, retrying in ${INVOICE_RETRY_MS / 1000} s: ${message.slice(0, 200)}`,
    );
    log({ event: "negotiation.invoice_failed", lead_id: deal.lead_id, error: message.slice(0, 200), outcome: "retry" }, "error");
    o.timers.arm("invoice", INVOICE_RETRY_MS, JSON.stringify(terms));
  }
  await o.timers.armAlarm();
}

/** Runs the `invoice` timer when it is due (before the other timers; see the class's alarm). */
export async function runInvoiceTimer(o: ObjectContext, port: InvoicingPort): Promise<void> {
  const t = o.timers.due(Date.now()).find((d) => d.kind === "invoice");
  if (!t) return;
  o.timers.clear("invoice");
  await invoiceWonDeal(o, port, t.ref ? (JSON.parse(t.ref) as BillingTerms) : {});
}

/** A deal invoice moved (paid, partly paid, overpaid, linked): applied once per event id. */
export function noteCash(o: ObjectContext, notice: CashNotice): { applied: boolean; status: string } {
  if (!o.state.leadOrNull()) return { applied: false, status: "not_invoiced" };
  const fresh = notice.event_ids.filter((id) => o.state.sql.exec("SELECT 1 FROM cash_seen WHERE event_id = ?", id).toArray().length === 0);
  if (fresh.length === 0) return { applied: false, status: cashView(o).status };
  const now = new Date().toISOString();
  for (const id of fresh) o.state.sql.exec("INSERT INTO cash_seen (event_id, at) VALUES (?, ?)", id, now);
  const before = storedInvoices(o);
  for (const inv of notice.invoices) {
    const old = before.get(inv.invoice_id)?.row;
    storeInvoice(o, inv);
    if (old && old.status === inv.status && old.paid_minor === inv.paid_minor) continue;
    o.state.addHistory(
      "agent",
      "cash",
      `${inv.invoice_id}: ${old?.status ?? "linked"} → ${inv.status}, paid ${formatMinor(inv.paid_minor, inv.currency)} of ${formatMinor(inv.amount_minor, inv.currency)} ${inv.currency}`,
      {
        step: isSettled(inv.status) ? "paid" : "payment",
        invoice_id: inv.invoice_id,
        status: inv.status,
        paid_minor: inv.paid_minor,
        amount_minor: inv.amount_minor,
        currency: inv.currency,
      },
    );
  }
  const view = cashView(o);
  if (view.status === "paid" || view.status === "overpaid") {
    // Cash is in: nothing to chase any more.
    o.timers.clear("follow_up");
    const stale = o.drafts.all().filter((d) => d.kind === "payment_reminder" && d.status === "awaiting_approval");
    for (const d of stale) o.state.sql.exec("UPDATE drafts SET status = 'superseded' WHERE id = ?", d.id);
    o.state.addHistory("agent", "cash", `reconciled: ${view.days_to_cash ?? "?"} days from first contact to cash`, {
      step: "reconciled",
      days_to_cash: view.days_to_cash,
      paid_minor: view.paid_minor,
      currency: view.currency,
    });
  }
  o.activity("deal.cash", "lead", o.state.leadId(), 0, { status: view.status, paid_minor: view.paid_minor, open_minor: view.open_minor });
  return { applied: true, status: view.status };
}

/** An overdue deal invoice: one reminder draft per invoice (sent at once in autonomous mode within policy). */
export async function invoiceOverdue(o: ObjectContext, inv: DealInvoiceRow): Promise<{ drafted: boolean; draft_id: string | null }> {
  const lead = o.state.leadOrNull();
  const q = o.state.currentQuote();
  if (!lead || !q || isSettled(inv.status)) return { drafted: false, draft_id: null };
  const stored = storedInvoices(o).get(inv.invoice_id);
  if (stored?.reminded_at) return { drafted: false, draft_id: null };
  storeInvoice(o, inv);
  const days = daysOverdue(inv, new Date().toISOString().slice(0, 10));
  const text = reminderText(inv, o.state.facts().company, days, inv.remittance ?? "");
  const draftId = o.drafts.insert(
    { kind: "payment_reminder", subject: text.subject, body: text.body, author: "template", quote: q, used_snippets: [] },
    [],
  );
  o.state.sql.exec("UPDATE cash_invoices SET reminded_at = ? WHERE invoice_id = ?", new Date().toISOString(), inv.invoice_id);
  o.state.addHistory("agent", "reminder", `invoice ${inv.invoice_id} is ${days} days overdue: payment reminder ${draftId} drafted`, {
    draft_id: draftId,
    invoice_id: inv.invoice_id,
    days_overdue: days,
  });
  if (maySendAlone(o, q, [])) {
    o.drafts.markApproved(draftId, "agent");
    await send(o, draftId, "agent");
  } else {
    o.drafts.markAwaiting(draftId);
  }
  o.activity("invoice.reminder_drafted", "proposal", draftId, 0, { lead_id: o.state.leadId(), invoice_id: inv.invoice_id });
  return { drafted: true, draft_id: draftId };
}

/** Approving a payment reminder: allowed on a won deal (the proposal approval path refuses closed deals). */
export async function approveReminder(o: ObjectContext, draftId: string, actor: string): Promise<Outcome<DecisionResult>> {
  const draft = o.drafts.row(draftId);
  if (!draft || draft.kind !== "payment_reminder") return refuse("not_found", `No payment reminder ${draftId} for this lead`);
  const retry = draft.status === "approved" && !draft.sent_at;
  if (draft.status !== "awaiting_approval" && !retry)
    return refuse("conflict", `Draft ${draftId} is ${draft.status}, not awaiting approval`, { code: "already_decided" });
  const who = humanActor(actor);
  o.drafts.markApproved(draftId, who);
  o.state.addHistory(who, "draft_approved", `payment_reminder ${draftId} approved`, { draft_id: draftId });
  const sent = await send(o, draftId, who);
  return ok({ draft_id: draftId, status: o.drafts.row(draftId)?.status ?? "approved", stage: o.state.lead().stage, sent });
}
