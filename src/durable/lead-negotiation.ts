import { DurableObject } from "cloudflare:workers";
import { recordActivity } from "../platform/activity";
import { runDueTimers } from "../negotiation/object/alarm";
import { close, noteEscalationResolved, openLead, setMode } from "../negotiation/object/deal";
import { DraftRows } from "../negotiation/object/draft-rows";
import { listCrmEvents, receiveMessage, recordCrmEvent } from "../negotiation/object/messages";
import { approve, reject, requestProposal } from "../negotiation/object/proposals";
import { LeadState, migrate } from "../negotiation/object/state";
import { Timers } from "../negotiation/object/timers";
import { negotiationView } from "../negotiation/object/view";
// loop18: lead-to-cash (won → invoice, payment → deal); the invoicing service is handed in as a port.
import {
  approveReminder,
  cashView,
  invoiceOverdue,
  invoiceWonDeal,
  migrateCash,
  noteCash,
  runInvoiceTimer,
  type CashView,
} from "../negotiation/object/cash";
import { issueDealInvoices } from "../recon/invoicing";
import type { BillingTerms, CashNotice, DealInvoiceRow, InvoicingPort } from "../recon/core/invoicing";
import type { ObjectContext } from "../negotiation/object/context";
import type { InternalEvent } from "../gateway/core/internal-event";
import type { LeadRecord } from "../leads/core/types";
import type { Outcome } from "../negotiation/core/outcome";
import type { QuoteRequest } from "../negotiation/core/types";
import type { DecisionResult, MessageResult, Mode, NegotiationView, ProposalResult } from "../negotiation/core/views";

// The RPC types, where callers have always found them.
export type { DecisionResult, DraftView, HistoryView, MessageResult, Mode, NegotiationView, TimerKind } from "../negotiation/core/views";

/**
 * One per lead, named by the lead id (`getByName(lead.id)`). The source of truth for the lead's
 * negotiation: facts, stage, mode, history (messages, drafts, decisions with actor and time),
 * drafts, current quote, escalation refs and timers, in the object's SQLite. D1 holds mirrors
 * (deals, proposals, escalations) for listing and reporting.
 *
 * This class is the RPC shell: each method runs one step of src/negotiation/object/ under
 * serial(). The object's input gates only hold while its own storage is busy, not across the
 * D1/AI/fetch awaits a negotiation step makes, so without serial() two approvals of one draft
 * could both pass the status check; inside it the second one sees the first one's decision and is
 * refused (a conflict).
 *
 * All prices come from the pricing engine (src/negotiation/core/pricing.ts) over the read-only
 * PricingPort; customer text only ever reaches planReply() and the AI prompt as data.
 */
export class LeadNegotiation extends DurableObject<Env> {
  private readonly o: ObjectContext;
  private chain: Promise<unknown> = Promise.resolve();
  private inflight: Promise<void>[] = [];
  private readonly invoicing: InvoicingPort;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    const state = new LeadState(sql);
    const envOf = (): Env => this.env;
    this.o = {
      // Read through the instance on every use: tests (runInDurableObject) swap `instance.env`.
      get env() {
        return envOf();
      },
      state,
      drafts: new DraftRows(sql, state),
      timers: new Timers(sql, ctx.storage),
      activity: (action, entity, entityId, latencyMs, detail) => {
        this.inflight.push(
          recordActivity(envOf(), {
            agent: "negotiation",
            action,
            entity,
            entity_id: entityId,
            latency_ms: Math.round(latencyMs * 1000) / 1000,
            detail,
          }),
        );
      },
    };
    this.invoicing = { issue: (deal, schedule) => issueDealInvoices(envOf(), deal, schedule) };
    void ctx.blockConcurrencyWhile(async () => {
      migrate(sql);
      migrateCash(sql);
    });
  }

  /** Runs mutations one at a time (see the class comment). */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const step = async () => {
      try {
        return await fn();
      } finally {
        // Activity records run beside the step (observability, never business state); the step
        // answers once they are written, so a caller reading the activity log sees them.
        await Promise.all(this.inflight.splice(0));
      }
    };
    const run = this.chain.then(step, step);
    this.chain = run.catch(() => undefined);
    return run;
  }

  // Contract with the gateway and ingestion

  /** Stores a CRM event once; a redelivery is a no-op. */
  async recordCrmEvent(event: InternalEvent): Promise<{ stored: boolean }> {
    return recordCrmEvent(this.o, event);
  }

  /** CRM events as stored (data as JSON text: arbitrary JSON does not type-check across RPC). */
  async listCrmEvents(): Promise<Array<{ event_key: string; event_type: string; data_json: string }>> {
    return listCrmEvents(this.o);
  }

  /** Hands a freshly ingested lead to its agent; idempotent (see object/deal.ts). */
  async openLead(lead: LeadRecord): Promise<{ stage: string }> {
    return this.serial(() => openLead(this.o, lead));
  }

  // Human decisions

  async approve(draftId: string, actor: string): Promise<Outcome<DecisionResult>> {
    return this.serial(() =>
      this.o.drafts.row(draftId)?.kind === "payment_reminder" ? approveReminder(this.o, draftId, actor) : approve(this.o, draftId, actor),
    );
  }

  async reject(draftId: string, actor: string, reason: string): Promise<Outcome<DecisionResult>> {
    return this.serial(() => reject(this.o, draftId, actor, reason));
  }

  /** A human asks for a (new) proposal on other items, term or discount. */
  async requestProposal(request: QuoteRequest, actor: string, opts: { fromEscalation?: boolean } = {}): Promise<Outcome<ProposalResult>> {
    return this.serial(() => requestProposal(this.o, request, actor, opts));
  }

  /** won | lost by a human (a message can never close a deal); won issues the deal's invoices (object/cash.ts). */
  async close(outcome: "won" | "lost", actor: string, reason: string, billing: BillingTerms = {}): Promise<Outcome<{ stage: string }>> {
    return this.serial(async () => {
      const out = await close(this.o, outcome, actor, reason);
      if (out.ok && outcome === "won") await invoiceWonDeal(this.o, this.invoicing, billing);
      return out;
    });
  }

  // Lead-to-cash (loop18)

  /** A deal invoice moved (reconciliation's cash events); applied once per event id. */
  async noteCash(notice: CashNotice): Promise<{ applied: boolean; status: string }> {
    return this.serial(() => noteCash(this.o, notice));
  }

  /** A deal invoice is overdue: one payment-reminder draft per invoice. */
  async invoiceOverdue(invoice: DealInvoiceRow): Promise<{ drafted: boolean; draft_id: string | null }> {
    return this.serial(() => invoiceOverdue(this.o, invoice));
  }

  async setMode(mode: Mode, actor: string): Promise<Outcome<{ mode: Mode }>> {
    return this.serial(() => setMode(this.o, mode, actor));
  }

  /** Records a human's resolution of an escalation in the deal's history (D1 is updated by the caller). */
  async noteEscalationResolved(escalationId: string, actor: string, resolution: string): Promise<Outcome<{ stage: string }>> {
    return this.serial(() => noteEscalationResolved(this.o, escalationId, actor, resolution));
  }

  // Customer messages

  /** A customer's reply, classified and planned by the guardrails (see object/messages.ts). */
  async receiveMessage(text: string, channel: string): Promise<Outcome<MessageResult>> {
    return this.serial(() => receiveMessage(this.o, text, channel));
  }

  // Reading

  async getState(): Promise<(NegotiationView & { cash: CashView }) | null> {
    const view = negotiationView(this.o);
    return view && { ...view, cash: cashView(this.o) };
  }

  // Alarms

  /** One alarm slot multiplexed over the timers table: runs every due timer, then re-arms the earliest. */
  override async alarm(): Promise<void> {
    await this.serial(async () => {
      await runInvoiceTimer(this.o, this.invoicing);
      await runDueTimers(this.o);
    });
  }

  /** Re-arms the alarm from the timers table (the scheduled sweep calls it for the objects it knows). */
  async rearm(): Promise<{ next: string | null }> {
    const next = await this.o.timers.armAlarm();
    return { next: next === null ? null : new Date(next).toISOString() };
  }
}
