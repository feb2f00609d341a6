import { getConfig } from "../config";
import { NotFound, InvalidInput } from "../platform/errors";
import { newId } from "../platform/ids";
import { log, maskEmail } from "../platform/log";
import { formatMinor } from "../platform/money";
import {
  addDays,
  cashState,
  defaultSchedule,
  invoiceNumber,
  paymentTerms,
  planInvoices,
  remittanceText,
  seriesPrefix,
  type BillingSchedule,
  type CashState,
  type DealToInvoice,
  type DealInvoiceRow,
  type IssueResult,
} from "./core/invoicing";
import { deliverCashEvents } from "./cash-delivery";
import {
  invoiceItems,
  isSeriesConflict,
  issueStatements,
  linkInvoices,
  markSent,
  overdueDealInvoices,
  readDealInvoices,
  seriesLastNo,
  unsentInvoices,
  type IssuedRow,
  type UnsentInvoice,
} from "./store/invoicing";

/**
 * Won → invoice, and invoice → deal. A won deal's quote becomes its invoice schedule here, exactly
 * once (store/invoicing.ts: one transaction, a unique (lead_id, deal_period) and the series'
 * compare-and-swap); issued invoices due today are sent (outbound webhook, else the outbox) with
 * remittance text naming the invoice number; every status move of a deal's invoice (a trigger
 * writes it as a cash event) is handed to the lead's LeadNegotiation object, which is idempotent.
 * The negotiation side reaches this through the InvoicingPort its Durable Object shell hands in.
 */

const SEND_TIMEOUT_MS = 5_000;
const CAS_ATTEMPTS = 5;

const today = (now: Date) => now.toISOString().slice(0, 10);

function issuedView({ lead_id: _lead, ...row }: IssuedRow): DealInvoiceRow {
  return row;
}

/** Issues the deal's schedule once; a second call (retry, redelivery, second close) answers the invoices already issued. */
export async function issueDealInvoices(
  env: Env,
  deal: DealToInvoice,
  schedule: BillingSchedule = defaultSchedule(),
): Promise<IssueResult> {
  if (deal.lines.length === 0) throw new InvalidInput("The deal's quote has no lines to invoice", { code: "nothing_to_invoice" });
  const cfg = getConfig(env);
  for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
    const existing = (await readDealInvoices(env, deal.lead_id)).filter((r) => r.deal_period !== null);
    if (existing.length) return { created: false, invoices: existing.map(issuedView) };
    const now = new Date();
    const issueDate = today(now);
    const planned = planInvoices(deal, { schedule, issue_date: issueDate, terms_days: cfg.INVOICE_PAYMENT_TERMS_DAYS });
    const prefix = seriesPrefix(cfg.INVOICE_SERIES, issueDate);
    const readNo = await seriesLastNo(env, prefix, now.toISOString());
    const invoices = planned.map((p, k) => {
      const invoice_id = invoiceNumber(prefix, readNo + k + 1);
      return { ...p, invoice_id, remittance: remittanceText({ invoice_id, ...p, currency: deal.currency }, cfg.REMITTANCE_ACCOUNT) };
    });
    try {
      await env.DB.batch(
        issueStatements(env, {
          deal,
          series: prefix,
          readNo,
          schedule,
          terms: paymentTerms(cfg.INVOICE_PAYMENT_TERMS_DAYS),
          invoices,
          now: now.toISOString(),
        }),
      );
    } catch (err) {
      if (!isSeriesConflict(err)) throw err;
      log({ event: "recon.invoice_series_conflict", lead_id: deal.lead_id, attempt, outcome: "retry" }, "warn");
      continue;
    }
    const mine = (await readDealInvoices(env, deal.lead_id)).filter((r) => r.deal_period !== null);
    const created = mine.some((r) => r.invoice_id === invoices[0]?.invoice_id);
    log({
      event: "recon.deal_invoiced",
      lead_id: deal.lead_id,
      invoices: mine.length,
      schedule,
      amount_minor: mine.reduce((s, r) => s + r.amount_minor, 0),
      currency: deal.currency,
      outcome: created ? "created" : "duplicate",
    });
    // No match run and no cash delivery here: the lead's object is waiting for this answer, and a
    // delivery would call it back (a deadlock). A payment that came before its invoice is found by
    // the sweep's full run, whose cash events reach the object then.
    if (created) await sendDueInvoices(env, deal.lead_id);
    return { created, invoices: mine.map(issuedView) };
  }
  throw new Error(`invoice series for ${deal.lead_id} was contended ${CAS_ATTEMPTS} times`);
}

/** The invoice document that goes out (webhook JSON body and outbox text). */
async function invoiceDocument(env: Env, inv: UnsentInvoice) {
  const items = await invoiceItems(env, inv.invoice_id);
  const subject = `Invoice ${inv.invoice_id}: ${formatMinor(inv.amount_minor, inv.currency)} ${inv.currency}, due ${inv.due_date}`;
  const body = [
    `Invoice ${inv.invoice_id} (${inv.deal_period ?? 1} of ${inv.periods}) for ${inv.customer_name}, issued ${inv.issue_date}, ${inv.payment_terms}.`,
    ...items.map(
      (i) =>
        `${i.sku} ${i.name} × ${i.qty}: ${formatMinor(i.amount_minor, inv.currency)} ${inv.currency}` +
        (i.discount_minor ? ` (discount ${formatMinor(i.discount_minor, inv.currency)})` : ""),
    ),
    `Total ${formatMinor(inv.amount_minor, inv.currency)} ${inv.currency}, due ${inv.due_date}.`,
    inv.remittance ?? "",
  ].join("\n");
  return { subject, body, items };
}

/** Sends every issued invoice whose issue date has come and that was not sent yet (the sweep calls it too). */
export async function sendDueInvoices(env: Env, leadId?: string): Promise<number> {
  const cfg = getConfig(env);
  const url = cfg.OUTBOUND_WEBHOOK_URL.trim();
  let sent = 0;
  for (const inv of await unsentInvoices(env, today(new Date()), leadId)) {
    const doc = await invoiceDocument(env, inv);
    let status: "delivered" | "logged" = "logged";
    if (url) {
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            kind: "invoice",
            lead_id: inv.lead_id,
            invoice_id: inv.invoice_id,
            to: inv.recipient,
            subject: doc.subject,
            body: doc.body,
            invoice: { ...inv, items: doc.items },
            remittance: { reference: inv.invoice_id, text: inv.remittance, account: cfg.REMITTANCE_ACCOUNT || null },
          }),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        if (!res.ok) throw new Error(`outbound webhook answered ${res.status}`);
        status = "delivered";
      } catch (err) {
        // Left unsent: the next sweep tries again.
        log(
          {
            event: "recon.invoice_send_failed",
            invoice_id: inv.invoice_id,
            error: err instanceof Error ? err.message : String(err),
            outcome: "retry",
          },
          "warn",
        );
        continue;
      }
    }
    const now = new Date().toISOString();
    const first = await markSent(env, { ...inv, subject: doc.subject, body: doc.body }, url ? "webhook" : "log", status, now);
    if (first) {
      sent++;
      log({
        event: "recon.invoice_sent",
        invoice_id: inv.invoice_id,
        lead_id: inv.lead_id,
        to: maskEmail(inv.recipient),
        channel: url ? "webhook" : "log",
        outcome: status,
      });
    }
  }
  return sent;
}

/** Links imported invoices to a deal (by number or PO number); audited; the deal hears their cash at once. */
export async function linkInvoicesToDeal(
  env: Env,
  leadId: string,
  by: { invoice_id?: string | undefined; po_number?: string | undefined },
  actor: string,
): Promise<{ lead_id: string; linked: string[]; taken: string[] }> {
  const known = await env.DB.prepare("SELECT 1 FROM leads WHERE id = ?1 UNION ALL SELECT 1 FROM deals WHERE lead_id = ?1 LIMIT 1")
    .bind(leadId)
    .first();
  if (!known) throw new NotFound(`No lead ${leadId}`);
  const out = await linkInvoices(env, leadId, by);
  if (by.invoice_id !== undefined && out.linked.length === 0 && out.taken.length === 0) throw new NotFound(`No invoice ${by.invoice_id}`);
  await env.DB.prepare(
    "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, reason, detail_json) VALUES (?1, ?2, ?3, 'invoice.link_deal', 'lead', ?4, NULL, ?5)",
  )
    .bind(newId("aud"), new Date().toISOString(), actor, leadId, JSON.stringify({ ...by, linked: out.linked, taken: out.taken }))
    .run();
  log({ event: "recon.invoices_linked", lead_id: leadId, linked: out.linked.length, taken: out.taken.length, outcome: "linked" });
  await deliverCashEvents(env);
  return { lead_id: leadId, ...out };
}

/** A deal's cash as of now, from D1 (the API's and the dashboards' view; the object keeps its own copy). */
export async function dealCash(env: Env, leadId: string, openedAt: string): Promise<CashState & { invoice_ids: string[] }> {
  const rows = await readDealInvoices(env, leadId);
  return { ...cashState(rows, openedAt, today(new Date())), invoice_ids: rows.map((r) => r.invoice_id) };
}

/** Deal invoices open INVOICE_REMINDER_DAYS after their due date: each lead's object drafts one reminder per invoice. */
export async function remindOverdue(env: Env): Promise<number> {
  const cfg = getConfig(env);
  const rows = await overdueDealInvoices(env, addDays(today(new Date()), -cfg.INVOICE_REMINDER_DAYS));
  let drafted = 0;
  for (const r of rows) {
    try {
      const out = await env.LEAD_NEGOTIATION.getByName(r.lead_id).invoiceOverdue(r);
      if (out.drafted) drafted++;
    } catch (err) {
      log(
        {
          event: "recon.reminder_failed",
          invoice_id: r.invoice_id,
          error: err instanceof Error ? err.message : String(err),
          outcome: "error",
        },
        "warn",
      );
    }
  }
  return drafted;
}

/** The cron's part: send invoices whose period began, deliver cash events a failed call left, draft reminders. */
export async function sweepInvoicing(env: Env): Promise<{ sent: number; delivered: number; reminders: number }> {
  const sent = await sendDueInvoices(env);
  const delivered = await deliverCashEvents(env);
  const reminders = await remindOverdue(env);
  if (sent + delivered + reminders > 0) log({ event: "recon.invoicing_sweep", sent, delivered, reminders, outcome: "done" });
  return { sent, delivered, reminders };
}
