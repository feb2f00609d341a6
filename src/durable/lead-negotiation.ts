import { DurableObject } from "cloudflare:workers";
import { replyAddressFor } from "../platform/reply-address";
import type { InternalEvent } from "../gateway/core/internal-event";
import type { LeadRecord } from "../leads/core/types";
import { getConfig } from "../config";
import { aiDraft } from "../negotiation/ai-draft";
import { newId } from "../platform/ids";
import { log } from "../platform/log";
import { recordActivity } from "../platform/activity";
import { factsFromLead } from "../negotiation/core/segment";
import { loadSnapshot, quote as priceQuote, counterOptions } from "../negotiation/core/pricing";
import { assertTransition, isStage, isTerminal } from "../negotiation/core/stages";
import { buildDraftPrompt, chooseDraft, templateDraft } from "../negotiation/core/drafts";
import { buildEscalation, needsEscalation, objectionsFromHistory } from "../negotiation/core/escalation";
import { planReply } from "../negotiation/core/guardrails";
import {
  PricingError,
  type Actor,
  type CatalogSnapshot,
  type CounterOption,
  type DraftContent,
  type DraftKind,
  type DraftStatus,
  type EscalationReason,
  type HistoryEntry,
  type HistoryKind,
  type LeadFacts,
  type NegotiationConfig,
  type Quote,
  type QuoteRequest,
  type ReplyPlan,
  type Snippet,
  type Stage,
  type UsedSnippet,
} from "../negotiation/core/types";
import { d1PricingPort } from "../negotiation/store/pricing-port";
import { firstRequest } from "../negotiation/core/first-request";
import { retrieveFor } from "../negotiation/store/retrieve";
import { indexKnowledge } from "../negotiation/store/vector";
import { pastDealSnippet } from "../negotiation/core/retrieval";
import {
  insertEscalation,
  insertOutbox,
  insertPastDeal,
  proposalMirror,
  writeMirror,
  type ProposalMirror,
} from "../negotiation/store/mirror";
import { ok, refuse, refusalFrom, type Outcome } from "../negotiation/core/outcome";

const SCHEMA_VERSION = 2;
const MAX_FOLLOW_UPS = 3;
const MIRROR_RETRY_MS = 30_000;
const SEND_TIMEOUT_MS = 5_000;
const FIRST_DRAFT_RETRY_MS = 60_000;
/** Stages from which a (revised) proposal may be drafted. */
const DRAFTABLE_STAGES: readonly string[] = ["qualified", "proposal_drafted", "awaiting_approval", "countered"];

export type Mode = "copilot" | "autonomous";
export type TimerKind = "follow_up" | "approval_sla" | "mirror" | "first_draft";

export type DraftView = {
  id: string;
  kind: DraftKind;
  status: DraftStatus;
  subject: string;
  body: string;
  author: "template" | "ai";
  quote: Quote;
  used_snippets: UsedSnippet[];
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
  sent_at: string | null;
};
export type HistoryView = { seq: number; at: string; actor: string; kind: string; detail: string; data_json: string | null };
export type NegotiationView = {
  lead_id: string;
  company: string | null;
  segment: string;
  stage: string;
  mode: Mode;
  opened_at: string;
  stage_entered_at: string;
  request: QuoteRequest | null;
  quote: Quote | null;
  drafts: DraftView[];
  history: HistoryView[];
  escalations: Array<{ id: string; created_at: string; reasons: EscalationReason[] }>;
  timers: Array<{ kind: string; due_at: string; ref: string | null }>;
};
export type MessageResult = {
  stage: string;
  class: string;
  action: string;
  injection_attempt: boolean;
  draft_id: string | null;
  draft_status: string | null;
  escalation_id: string | null;
};
export type DecisionResult = { draft_id: string; status: string; stage: string; sent: boolean };

type LeadRow = {
  lead_json: string;
  stage: string;
  mode: string;
  facts_json: string | null;
  request_json: string | null;
  quote_json: string | null;
  opened_at: string | null;
  stage_entered_at: string | null;
  won_at: string | null;
  lost_at: string | null;
  follow_ups: number;
};
type DraftRow = {
  id: string;
  kind: string;
  status: string;
  subject: string;
  body: string;
  author: string;
  quote_json: string;
  snippets_json: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
  sent_at: string | null;
  sla_escalated: number;
};

/**
 * One per lead, named by the lead id (`getByName(lead.id)`). The source of truth for the lead's
 * negotiation: facts, stage, mode, history (messages, drafts, decisions with actor and time),
 * drafts, current quote, escalation refs and timers, in the DO's SQLite. D1 holds mirrors
 * (deals, proposals, escalations) for listing and reporting.
 *
 * Every mutating method runs through `serial()`: the DO's input gates only hold while its own
 * storage is busy, not across the D1/AI/fetch awaits a negotiation step makes, so without it two
 * approvals of one draft could both pass the status check. Inside serial() the second one sees the
 * first one's decision and is refused (409).
 *
 * All prices come from the pricing engine (src/negotiation/core/pricing.ts) over the read-only
 * PricingPort; customer text only ever reaches planReply() and the AI prompt as data.
 */
export class LeadNegotiation extends DurableObject<Env> {
  private sql: SqlStorage;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate(): void {
    this.sql.exec("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const row = this.sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'schema_version'").toArray()[0];
    const version = row ? Number(row.value) : 0;
    if (version < 1) {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS crm_events (
        event_key TEXT PRIMARY KEY, source TEXT NOT NULL, event_type TEXT NOT NULL,
        subject_id TEXT NOT NULL, data_json TEXT NOT NULL, occurred_at TEXT NOT NULL, received_at TEXT NOT NULL)`);
      this.sql.exec(
        "CREATE TABLE IF NOT EXISTS lead (id INTEGER PRIMARY KEY CHECK (id = 1), lead_json TEXT NOT NULL, stage TEXT NOT NULL, updated_at TEXT NOT NULL)",
      );
    }
    if (version < 2) {
      for (const col of [
        "mode TEXT NOT NULL DEFAULT 'copilot'",
        "facts_json TEXT",
        "request_json TEXT",
        "quote_json TEXT",
        "opened_at TEXT",
        "stage_entered_at TEXT",
        "won_at TEXT",
        "lost_at TEXT",
        "follow_ups INTEGER NOT NULL DEFAULT 0",
      ]) {
        this.sql.exec(`ALTER TABLE lead ADD COLUMN ${col}`);
      }
      this.sql.exec(`CREATE TABLE IF NOT EXISTS history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
        detail TEXT NOT NULL, data_json TEXT)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS drafts (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
        author TEXT NOT NULL, quote_json TEXT NOT NULL, snippets_json TEXT NOT NULL, created_at TEXT NOT NULL,
        decided_at TEXT, decided_by TEXT, reason TEXT, sent_at TEXT, sla_escalated INTEGER NOT NULL DEFAULT 0)`);
      this.sql.exec(
        "CREATE TABLE IF NOT EXISTS escalations (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, reasons_json TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open')",
      );
      // One alarm slot, multiplexed: the alarm is always set to the earliest due timer.
      this.sql.exec("CREATE TABLE IF NOT EXISTS timers (kind TEXT PRIMARY KEY, due_at INTEGER NOT NULL, ref TEXT)");
    }
    this.sql.exec(
      "INSERT INTO _meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      String(SCHEMA_VERSION),
    );
  }

  /** Runs mutations one at a time (see the class comment). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
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
  private inflight: Promise<void>[] = [];

  // ───────────────────────────── Contract with the gateway and ingestion ─────────────────────────────

  /** Stores a CRM event once; a redelivery is a no-op. */
  async recordCrmEvent(event: InternalEvent): Promise<{ stored: boolean }> {
    const key = `${event.source}:${event.vendor_event_id}`;
    const cursor = this.sql.exec(
      `INSERT INTO crm_events (event_key, source, event_type, subject_id, data_json, occurred_at, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING`,
      key,
      event.source,
      event.event_type,
      event.subject_id,
      JSON.stringify(event.data),
      event.occurred_at,
      new Date().toISOString(),
    );
    return { stored: cursor.rowsWritten > 0 };
  }

  /** CRM events as stored (data as JSON text: arbitrary JSON does not type-check across RPC). */
  async listCrmEvents(): Promise<Array<{ event_key: string; event_type: string; data_json: string }>> {
    return this.sql
      .exec<{ event_key: string; event_type: string; data_json: string }>(
        "SELECT event_key, event_type, data_json FROM crm_events ORDER BY received_at",
      )
      .toArray();
  }

  /**
   * Hands a freshly ingested lead to its agent (contract with the ingestion layer). Idempotent:
   * opening the same lead again keeps the stage it has reached. A qualified lead gets its first
   * proposal at once: priced by the engine, drafted (AI when on and checked, else template), then
   * awaiting approval (co-pilot) or sent (autonomous, within policy, under the threshold).
   * Never throws for a business reason (an empty catalog leaves the lead in `qualified`, logged).
   */
  async openLead(lead: LeadRecord): Promise<{ stage: string }> {
    return this.serial(async () => {
      const existing = this.sql.exec<{ stage: string }>("SELECT stage FROM lead WHERE id = 1").toArray()[0];
      if (existing) return { stage: existing.stage };
      const started = performance.now();
      const cfg = getConfig(this.env);
      const now = new Date().toISOString();
      const facts = factsFromLead(lead);
      const mode: Mode = cfg.AUTONOMOUS_MODE === "on" ? "autonomous" : "copilot";
      this.sql.exec(
        "INSERT INTO lead (id, lead_json, stage, updated_at, mode, facts_json, opened_at, stage_entered_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
        JSON.stringify(lead),
        lead.stage,
        now,
        mode,
        JSON.stringify(facts),
        now,
        now,
      );
      this.addHistory("agent", "lead_opened", `lead opened at stage ${lead.stage} (${facts.segment}, ${mode})`, {
        score: lead.score,
        segment: facts.segment,
        mode,
      });
      if (lead.injection_attempt) {
        this.addHistory("agent", "injection_flagged", "the lead's own text tried to instruct the automation; treated as data", {
          evidence: lead.injection_evidence.slice(0, 5),
        });
      }
      if (lead.stage === "qualified") await this.tryFirstProposal();
      await this.mirror();
      await this.activity("lead.opened", "lead", lead.id, performance.now() - started, { stage: this.lead().stage, mode });
      return { stage: this.lead().stage };
    });
  }

  // ───────────────────────────── Human decisions ─────────────────────────────

  async approve(draftId: string, actor: string): Promise<Outcome<DecisionResult>> {
    return this.serial(async () => {
      const lead = this.leadOrNull();
      if (!lead) return refuse("not_found", "This lead has no negotiation");
      const draft = this.draftRow(draftId);
      if (!draft) return refuse("not_found", `No draft ${draftId} for this lead`);
      // Decided under serial(): the second of two concurrent approvals lands here. An approved draft
      // whose send failed (outbound webhook down) may be approved again: that retries the send.
      const retry = draft.status === "approved" && !draft.sent_at;
      if (draft.status !== "awaiting_approval" && !retry)
        return refuse("conflict", `Draft ${draftId} is ${draft.status}, not awaiting approval`, { code: "already_decided" });
      if (isTerminal(lead.stage as Stage)) return refuse("conflict", `The deal is ${lead.stage}`);
      const who = humanActor(actor);
      let nextStage: Stage | null = null;
      if (draft.kind === "proposal") {
        try {
          nextStage = assertTransition(lead.stage, "proposal_sent");
        } catch (err) {
          return refusalFrom(err);
        }
      }
      const now = new Date().toISOString();
      this.sql.exec("UPDATE drafts SET status = 'approved', decided_at = ?, decided_by = ? WHERE id = ?", now, who, draftId);
      this.addHistory(who, "draft_approved", `${draft.kind} ${draftId} ${retry ? "approved again (send retried)" : "approved"}`, {
        draft_id: draftId,
      });
      this.clearTimer("approval_sla");
      const sent = await this.send(draftId, who);
      if (sent && nextStage) this.setStage(nextStage, who, "approved proposal sent");
      await this.mirror();
      await this.activity("proposal.approved", "proposal", draftId, 0, { lead_id: this.leadId(), sent });
      return ok({ draft_id: draftId, status: this.draftRow(draftId)?.status ?? "approved", stage: this.lead().stage, sent });
    });
  }

  async reject(draftId: string, actor: string, reason: string): Promise<Outcome<DecisionResult>> {
    return this.serial(async () => {
      const lead = this.leadOrNull();
      if (!lead) return refuse("not_found", "This lead has no negotiation");
      const draft = this.draftRow(draftId);
      if (!draft) return refuse("not_found", `No draft ${draftId} for this lead`);
      if (draft.status !== "awaiting_approval")
        return refuse("conflict", `Draft ${draftId} is ${draft.status}, not awaiting approval`, { code: "already_decided" });
      const who = humanActor(actor);
      const now = new Date().toISOString();
      this.sql.exec(
        "UPDATE drafts SET status = 'rejected', decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
        now,
        who,
        reason,
        draftId,
      );
      this.addHistory(who, "draft_rejected", `${draft.kind} ${draftId} rejected: ${reason}`, { draft_id: draftId, reason });
      this.clearTimer("approval_sla");
      // A rejected proposal goes back to drafting: a human asks for a new one (POST .../proposals).
      if (draft.kind === "proposal" && lead.stage === "awaiting_approval") this.setStage("proposal_drafted", who, "proposal rejected");
      await this.mirror();
      await this.activity("proposal.rejected", "proposal", draftId, 0, { lead_id: this.leadId() });
      return ok({ draft_id: draftId, status: "rejected", stage: this.lead().stage, sent: false });
    });
  }

  /**
   * A human asks for a (new) proposal on other items, term or discount. Priced by the engine: an
   * unknown SKU is a 422; a discount above the policy maximum is priced at the maximum and escalated.
   */
  async requestProposal(
    request: QuoteRequest,
    actor: string,
  ): Promise<Outcome<{ draft_id: string; status: string; stage: string; verdict: string; escalation_id: string | null }>> {
    return this.serial(async () => {
      const lead = this.leadOrNull();
      if (!lead) return refuse("not_found", "This lead has no negotiation");
      if (!DRAFTABLE_STAGES.includes(lead.stage)) {
        return refuse("conflict", `A new proposal cannot be drafted at stage ${lead.stage}`, { code: "illegal_transition" });
      }
      const who = humanActor(actor);
      try {
        const catalog = await this.catalog();
        const q = priceQuote(catalog, this.facts(), request);
        this.addHistory(who, "quote", `proposal requested: ${q.verdict}`, {
          request,
          total_minor: q.total_minor,
          currency: q.currency,
          verdict: q.verdict,
        });
        const reasons = needsEscalation(q, this.facts(), this.negotiationConfig(), { refused_counter: q.verdict === "refused" });
        const options = q.verdict === "refused" ? safeOptions(catalog, this.facts(), request) : [];
        const placed = await this.placeProposal(q, request, who, reasons, options, null);
        await this.mirror();
        return ok({
          draft_id: placed.draftId,
          status: placed.status,
          stage: this.lead().stage,
          verdict: q.verdict,
          escalation_id: placed.escalationId,
        });
      } catch (err) {
        return refusalFrom(err);
      }
    });
  }

  /** won | lost by a human (a message can never close a deal). */
  async close(outcome: "won" | "lost", actor: string, reason: string): Promise<Outcome<{ stage: string }>> {
    return this.serial(async () => {
      const lead = this.leadOrNull();
      if (!lead) return refuse("not_found", "This lead has no negotiation");
      const who = humanActor(actor);
      try {
        this.setStage(assertTransition(lead.stage, outcome), who, reason);
      } catch (err) {
        return refusalFrom(err);
      }
      for (const t of ["follow_up", "approval_sla"] as const) this.clearTimer(t);
      this.sql.exec("UPDATE drafts SET status = 'superseded' WHERE status = 'awaiting_approval'");
      await this.mirror();
      await this.recordPastDeal(outcome, reason);
      await this.activity(`deal.${outcome}`, "lead", this.leadId(), 0, { reason });
      return ok({ stage: outcome });
    });
  }

  async setMode(mode: Mode, actor: string): Promise<Outcome<{ mode: Mode }>> {
    return this.serial(async () => {
      const lead = this.leadOrNull();
      if (!lead) return refuse("not_found", "This lead has no negotiation");
      if (lead.mode !== mode) {
        this.sql.exec("UPDATE lead SET mode = ?, updated_at = ? WHERE id = 1", mode, new Date().toISOString());
        this.addHistory(humanActor(actor), "mode_changed", `mode ${lead.mode} → ${mode}`, { from: lead.mode, to: mode });
        await this.mirror();
      }
      return ok({ mode });
    });
  }

  /** Records a human's resolution of an escalation in the deal's history (D1 is updated by the route). */
  async noteEscalationResolved(escalationId: string, actor: string, resolution: string): Promise<Outcome<{ stage: string }>> {
    return this.serial(async () => {
      if (!this.leadOrNull()) return refuse("not_found", "This lead has no negotiation");
      this.sql.exec("UPDATE escalations SET status = 'resolved' WHERE id = ?", escalationId);
      this.addHistory(humanActor(actor), "escalation_resolved", `escalation ${escalationId} resolved: ${resolution}`, {
        escalation_id: escalationId,
      });
      return ok({ stage: this.lead().stage });
    });
  }

  // ───────────────────────────── Customer messages ─────────────────────────────

  /**
   * A customer's reply (relayed by sales/CRM or arriving by email). Recorded first, always; then
   * classified and planned by the guardrails: a counter within policy → a revised draft; beyond it,
   * an injection attempt or a deal above the threshold → an escalation with options; an acceptance
   * → an agreement draft. A message to a won or lost deal is a 409 (and recorded).
   */
  async receiveMessage(text: string, channel: string): Promise<Outcome<MessageResult>> {
    return this.serial(async () => {
      const started = performance.now();
      const lead = this.leadOrNull();
      if (!lead) return refuse("not_found", "This lead has no negotiation");
      const stage = lead.stage as Stage;
      this.addHistory("customer", "message_in", text.slice(0, 20_000), { channel, chars: text.length });
      this.sql.exec("UPDATE lead SET updated_at = ? WHERE id = 1", new Date().toISOString());
      if (!isStage(stage) || isTerminal(stage)) {
        this.addHistory("agent", "note", `message to a ${stage} deal: not processed`);
        return refuse("conflict", `The deal is ${stage}: it takes no more messages`, { code: "deal_closed" });
      }
      this.clearTimer("follow_up"); // the customer answered
      try {
        const catalog = await this.catalog();
        const facts = this.facts();
        const request = this.request();
        const plan = planReply({ stage, request, quote: this.currentQuote() }, text, catalog, facts, this.negotiationConfig());
        this.addHistory(
          "agent",
          "classified",
          `${plan.class}${plan.classification.objection ? ` (${plan.classification.objection})` : ""} → ${plan.action}`,
          {
            class: plan.class,
            objection: plan.classification.objection ?? null,
            asked_discount_bps: plan.classification.asked_discount_bps ?? null,
            asked_total_minor: plan.classification.asked_total_minor ?? null,
            evidence: plan.classification.evidence.slice(0, 3),
          },
        );
        if (plan.injection.attempt) {
          this.addHistory(
            "agent",
            "injection_flagged",
            "the message tried to instruct the automation; treated as data, nothing it asked was applied",
            { evidence: plan.injection.evidence.slice(0, 5) },
          );
        }
        if (plan.quote)
          this.addHistory("agent", "quote", `priced: ${plan.quote.verdict}`, {
            total_minor: plan.quote.total_minor,
            currency: plan.quote.currency,
            discount_bps: plan.quote.discount_bps,
            verdict: plan.quote.verdict,
          });
        const result = await this.applyPlan(plan, text);
        await this.mirror();
        await this.activity(`message.${plan.class}`, "lead", this.leadId(), performance.now() - started, {
          action: plan.action,
          injection: plan.injection.attempt,
          channel,
        });
        return ok(result);
      } catch (err) {
        return refusalFrom(err);
      }
    });
  }

  private async applyPlan(plan: ReplyPlan, text: string): Promise<MessageResult> {
    const result: MessageResult = {
      stage: "",
      class: plan.class,
      action: plan.action,
      injection_attempt: plan.injection.attempt,
      draft_id: null,
      draft_status: null,
      escalation_id: null,
    };
    if (plan.next_stage) this.setStage(plan.next_stage, "agent", `customer ${plan.class}`);
    const stage = this.lead().stage;
    const revisedRequest = plan.quote ? requestOf(plan.quote) : null;
    let action = plan.action;
    let reasons = plan.escalation_reasons;
    // A new proposal can only be drafted from these stages; a counter after the agreement was
    // drafted (or while accepted) goes to a human instead of reopening the deal by itself.
    const canPropose = DRAFTABLE_STAGES.includes(stage);
    if (action === "revise_draft" && !canPropose) {
      action = "escalate";
      reasons = [...reasons, { code: "customer_objection", detail: `the customer asked for new terms at stage ${stage}` }];
      result.action = action;
    }
    if (action === "revise_draft" && plan.quote && revisedRequest) {
      const placed = await this.placeProposal(plan.quote, revisedRequest, "agent", [], [], text);
      Object.assign(result, { draft_id: placed.draftId, draft_status: placed.status, escalation_id: placed.escalationId });
    } else if (action === "draft_agreement" && plan.quote && stage === "accepted") {
      const placed = await this.placeAgreement(plan.quote, text);
      Object.assign(result, { draft_id: placed.draftId, draft_status: placed.status });
    } else if (action === "escalate") {
      // A refused ask is priced at the policy maximum: that quote may become a draft for a human to
      // weigh, never sent by itself. An escalated acceptance gets its agreement drafted, waiting for
      // a human. Otherwise the escalation alone carries the decision.
      if (plan.quote && revisedRequest && canPropose) {
        const placed = await this.placeProposal(plan.quote, revisedRequest, "agent", reasons, plan.options, text, { forceApproval: true });
        Object.assign(result, { draft_id: placed.draftId, draft_status: placed.status, escalation_id: placed.escalationId });
      } else if (plan.quote && stage === "accepted") {
        const placed = await this.placeAgreement(plan.quote, text, { forceApproval: true });
        result.escalation_id = await this.escalate(reasons, plan.quote, plan.options);
        Object.assign(result, { draft_id: placed.draftId, draft_status: placed.status });
      } else {
        result.escalation_id = await this.escalate(reasons, plan.quote ?? this.currentQuote(), plan.options);
      }
    }
    result.stage = this.lead().stage;
    return result;
  }

  // ───────────────────────────── Reading ─────────────────────────────

  async getState(): Promise<NegotiationView | null> {
    const lead = this.leadOrNull();
    if (!lead) return null;
    const facts = this.facts();
    return {
      lead_id: facts.lead_id,
      company: facts.company,
      segment: facts.segment,
      stage: lead.stage,
      mode: lead.mode as Mode,
      opened_at: lead.opened_at ?? "",
      stage_entered_at: lead.stage_entered_at ?? "",
      request: this.request(),
      quote: this.currentQuote(),
      drafts: this.sql.exec<DraftRow>("SELECT * FROM drafts ORDER BY created_at, id").toArray().map(toDraftView),
      history: this.sql.exec<HistoryView>("SELECT seq, at, actor, kind, detail, data_json FROM history ORDER BY seq").toArray(),
      escalations: this.sql
        .exec<{ id: string; created_at: string; reasons_json: string }>(
          "SELECT id, created_at, reasons_json FROM escalations ORDER BY created_at",
        )
        .toArray()
        .map((e) => ({ id: e.id, created_at: e.created_at, reasons: JSON.parse(e.reasons_json) as EscalationReason[] })),
      timers: this.sql
        .exec<{ kind: string; due_at: number; ref: string | null }>("SELECT kind, due_at, ref FROM timers ORDER BY due_at")
        .toArray()
        .map((t) => ({ kind: t.kind, due_at: new Date(t.due_at).toISOString(), ref: t.ref })),
    };
  }

  // ───────────────────────────── Alarms ─────────────────────────────

  /** One alarm slot multiplexed over the timers table: runs every due timer, then re-arms the earliest. */
  override async alarm(): Promise<void> {
    await this.serial(async () => {
      const now = Date.now();
      const due = this.sql
        .exec<{ kind: TimerKind; due_at: number; ref: string | null }>(
          "SELECT kind, due_at, ref FROM timers WHERE due_at <= ? ORDER BY due_at",
          now,
        )
        .toArray();
      for (const t of due) {
        this.sql.exec("DELETE FROM timers WHERE kind = ?", t.kind);
        try {
          if (t.kind === "follow_up") await this.onFollowUpDue();
          else if (t.kind === "approval_sla") await this.onApprovalOverdue(t.ref);
          else if (t.kind === "mirror") await this.mirror();
          else if (t.kind === "first_draft" && this.lead().stage === "qualified" && !this.hasDrafts()) {
            await this.tryFirstProposal();
            await this.mirror();
          }
        } catch (err) {
          log(
            {
              event: "negotiation.timer_failed",
              lead_id: this.leadIdOrNull(),
              timer: t.kind,
              error: err instanceof Error ? err.message : String(err),
              outcome: "error",
            },
            "error",
          );
        }
      }
      await this.armAlarm();
    });
  }

  /** Re-arms the alarm from the timers table (the scheduled sweep calls it for DOs it knows). */
  async rearm(): Promise<{ next: string | null }> {
    const next = await this.armAlarm();
    return { next: next === null ? null : new Date(next).toISOString() };
  }

  private async onFollowUpDue(): Promise<void> {
    const lead = this.leadOrNull();
    const q = this.currentQuote();
    if (!lead || lead.stage !== "proposal_sent" || !q) return;
    if (lead.follow_ups >= MAX_FOLLOW_UPS) return;
    const cfg = getConfig(this.env);
    this.sql.exec("UPDATE lead SET follow_ups = follow_ups + 1 WHERE id = 1");
    this.addHistory("agent", "follow_up", `no customer reply in ${cfg.FOLLOW_UP_DAYS} days: follow-up drafted`);
    const content = await this.compose("follow_up", q, null, { days_since: cfg.FOLLOW_UP_DAYS });
    const draftId = this.insertDraft(content);
    let status: DraftStatus = "awaiting_approval";
    if (this.autonomousMaySend(q, [])) {
      this.sql.exec(
        "UPDATE drafts SET status = 'approved', decided_at = ?, decided_by = 'agent' WHERE id = ?",
        new Date().toISOString(),
        draftId,
      );
      if (await this.send(draftId, "agent")) status = "sent";
      this.armTimer("follow_up", cfg.FOLLOW_UP_DAYS * 86_400_000, draftId);
    } else {
      this.supersedePending(draftId);
      this.sql.exec("UPDATE drafts SET status = 'awaiting_approval' WHERE id = ?", draftId);
      this.armTimer("approval_sla", cfg.APPROVAL_SLA_HOURS * 3_600_000, draftId);
    }
    await this.mirror();
    await this.activity("follow_up.drafted", "proposal", draftId, 0, { lead_id: this.leadId(), status });
  }

  private async onApprovalOverdue(draftId: string | null): Promise<void> {
    if (!draftId) return;
    const draft = this.draftRow(draftId);
    if (!draft || draft.status !== "awaiting_approval" || draft.sla_escalated) return;
    const cfg = getConfig(this.env);
    this.sql.exec("UPDATE drafts SET sla_escalated = 1 WHERE id = ?", draftId);
    this.addHistory("agent", "reminder", `${draft.kind} ${draftId} awaiting approval for over ${cfg.APPROVAL_SLA_HOURS} hours`, {
      draft_id: draftId,
    });
    await this.escalate(
      [{ code: "needs_approval", detail: `draft ${draftId} has waited for approval for over ${cfg.APPROVAL_SLA_HOURS} hours` }],
      JSON.parse(draft.quote_json) as Quote,
      [],
    );
    await this.activity("approval.overdue", "proposal", draftId, 0, { lead_id: this.leadId() });
  }

  private armTimer(kind: TimerKind, inMs: number, ref: string | null): void {
    this.sql.exec(
      "INSERT INTO timers (kind, due_at, ref) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE SET due_at = excluded.due_at, ref = excluded.ref",
      kind,
      Date.now() + inMs,
      ref,
    );
  }

  private clearTimer(kind: TimerKind): void {
    this.sql.exec("DELETE FROM timers WHERE kind = ?", kind);
  }

  private async armAlarm(): Promise<number | null> {
    const next = this.sql.exec<{ due: number | null }>("SELECT min(due_at) AS due FROM timers").toArray()[0]?.due ?? null;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
    return next;
  }

  // ───────────────────────────── Drafting ─────────────────────────────

  /**
   * The first proposal, never throwing: a pricing refusal (broken catalog) is recorded; anything
   * else (D1 unavailable...) is recorded and retried by the `first_draft` timer, since a second
   * openLead only answers the stage already stored.
   */
  private async tryFirstProposal(): Promise<void> {
    try {
      await this.draftFirstProposal(this.leadRecord(), this.facts());
    } catch (err) {
      if (err instanceof PricingError) {
        this.addHistory("agent", "note", `could not draft the first proposal: ${err.message}`);
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      this.addHistory("agent", "note", `first proposal failed, retrying in ${FIRST_DRAFT_RETRY_MS / 1000} s: ${message.slice(0, 200)}`);
      log({ event: "negotiation.first_draft_failed", lead_id: this.leadId(), error: message.slice(0, 200), outcome: "retry" }, "error");
      this.armTimer("first_draft", FIRST_DRAFT_RETRY_MS, null);
      await this.armAlarm();
    }
  }

  private async draftFirstProposal(lead: LeadRecord, facts: LeadFacts): Promise<void> {
    const catalog = await this.catalog();
    const request = firstRequest(catalog, facts, lead.products);
    if (!request) {
      this.addHistory("agent", "note", "the catalog has no active product: no proposal drafted");
      return;
    }
    const q = priceQuote(catalog, facts, request);
    this.addHistory("agent", "quote", `first proposal priced: ${q.verdict}`, {
      request,
      total_minor: q.total_minor,
      currency: q.currency,
      verdict: q.verdict,
    });
    const reasons = needsEscalation(q, facts, this.negotiationConfig());
    await this.placeProposal(q, request, "agent", reasons, reasons.length ? safeOptions(catalog, facts, request) : [], null);
  }

  /**
   * Drafts a proposal for `q` and routes it: the stage moves to proposal_drafted; then either it is
   * sent (autonomous mode, within policy, under AUTONOMOUS_MAX_DEAL_USD, nothing to escalate) or it
   * waits for a human (awaiting_approval, with an approval SLA timer). Escalation reasons create an
   * escalation with the engine's options.
   */
  private async placeProposal(
    q: Quote,
    request: QuoteRequest,
    actor: Actor,
    reasons: EscalationReason[],
    options: CounterOption[],
    customerMessage: string | null,
    opts: { forceApproval?: boolean } = {},
  ): Promise<{ draftId: string; status: DraftStatus; escalationId: string | null }> {
    const content = await this.compose("proposal", q, customerMessage);
    const draftId = this.insertDraft(content);
    this.supersedePending(draftId);
    this.sql.exec("UPDATE lead SET request_json = ?, quote_json = ? WHERE id = 1", JSON.stringify(request), JSON.stringify(q));
    const stage = this.lead().stage;
    if (stage !== "proposal_drafted" && stage !== "awaiting_approval") this.setStage("proposal_drafted", actor, "proposal drafted");
    const escalationId = reasons.length ? await this.escalate(reasons, q, options) : null;
    let status: DraftStatus = "awaiting_approval";
    if (!opts.forceApproval && this.autonomousMaySend(q, reasons)) {
      this.sql.exec(
        "UPDATE drafts SET status = 'approved', decided_at = ?, decided_by = 'agent' WHERE id = ?",
        new Date().toISOString(),
        draftId,
      );
      this.addHistory("agent", "draft_approved", `proposal ${draftId} sent autonomously (within policy, under the autonomous limit)`, {
        draft_id: draftId,
      });
      if (await this.send(draftId, "agent")) {
        status = "sent";
        this.setStage("proposal_sent", "agent", "autonomous send");
      }
    } else {
      this.sql.exec("UPDATE drafts SET status = 'awaiting_approval' WHERE id = ?", draftId);
      if (this.lead().stage !== "awaiting_approval")
        this.setStage(
          "awaiting_approval",
          actor,
          q.verdict === "needs_approval" ? "discount needs approval" : "co-pilot: waiting for a human",
        );
      this.armTimer("approval_sla", getConfig(this.env).APPROVAL_SLA_HOURS * 3_600_000, draftId);
    }
    await this.armAlarm();
    await this.activity("proposal.drafted", "proposal", draftId, 0, {
      lead_id: this.leadId(),
      status,
      author: content.author,
      verdict: q.verdict,
      total_minor: q.total_minor,
      currency: q.currency,
    });
    return { draftId, status, escalationId };
  }

  private async placeAgreement(
    q: Quote,
    customerMessage: string,
    opts: { forceApproval?: boolean } = {},
  ): Promise<{ draftId: string; status: DraftStatus }> {
    this.setStage("agreement_drafted", "agent", "customer accepted: agreement drafted");
    const content = await this.compose("agreement", q, customerMessage);
    const draftId = this.insertDraft(content);
    this.supersedePending(draftId);
    let status: DraftStatus = "awaiting_approval";
    if (!opts.forceApproval && this.autonomousMaySend(q, [])) {
      this.sql.exec(
        "UPDATE drafts SET status = 'approved', decided_at = ?, decided_by = 'agent' WHERE id = ?",
        new Date().toISOString(),
        draftId,
      );
      if (await this.send(draftId, "agent")) status = "sent";
    } else {
      this.sql.exec("UPDATE drafts SET status = 'awaiting_approval' WHERE id = ?", draftId);
      this.armTimer("approval_sla", getConfig(this.env).APPROVAL_SLA_HOURS * 3_600_000, draftId);
    }
    await this.armAlarm();
    await this.activity("agreement.drafted", "proposal", draftId, 0, { lead_id: this.leadId(), status });
    return { draftId, status };
  }

  /**
   * Template first; with AI on, the model writes the body from a prompt that keeps customer text
   * as data, and checkDraftAmounts decides: any amount not in the quote → the template (logged).
   */
  private async compose(
    kind: DraftKind,
    q: Quote,
    customerMessage: string | null,
    extra: { days_since?: number } = {},
  ): Promise<DraftContent> {
    const facts = this.facts();
    const lead = this.leadRecord();
    const snippets: Snippet[] = await retrieveFor(this.env, { facts, quote: q, message: customerMessage });
    this.lastRetrieved = snippets.map((s) => `${s.kind}:${s.id}`);
    const template = templateDraft(kind, q, facts, snippets, { contact_name: lead.contact_name, ...extra });
    if (getConfig(this.env).AI_MODE !== "on") return template;
    const prompt = buildDraftPrompt({
      kind,
      quote: q,
      facts,
      snippets,
      customer_message: customerMessage,
      contact_name: lead.contact_name,
    });
    const body = await aiDraft(this.env, prompt);
    const chosen = chooseDraft(
      body,
      template,
      snippets.filter((s) => prompt.used_snippets.some((u) => u.id === s.id && u.kind === s.kind)),
    );
    if (chosen.fell_back) {
      const mismatches = chosen.check && !chosen.check.ok ? chosen.check.mismatches.slice(0, 5) : [];
      this.addHistory("agent", "draft_rejected_by_check", `model draft not used (${chosen.reason}): template used`, {
        reason: chosen.reason,
        mismatches,
      });
      log(
        {
          event: "negotiation.ai_draft_fallback",
          lead_id: this.leadId(),
          kind,
          reason: chosen.reason,
          mismatches: mismatches.length,
          outcome: "template",
        },
        "warn",
      );
    }
    return chosen.draft;
  }

  private insertDraft(content: DraftContent): string {
    const id = newId("prop");
    const now = new Date().toISOString();
    this.sql.exec(
      "INSERT INTO drafts (id, kind, status, subject, body, author, quote_json, snippets_json, created_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?)",
      id,
      content.kind,
      content.subject,
      content.body,
      content.author,
      JSON.stringify(content.quote),
      JSON.stringify(content.used_snippets),
      now,
    );
    this.addHistory(
      "agent",
      "draft_created",
      `${content.kind} ${id} drafted by ${content.author}: ${content.quote.currency} ${content.quote.total_minor} minor (${content.quote.verdict})`,
      {
        draft_id: id,
        author: content.author,
        total_minor: content.quote.total_minor,
        currency: content.quote.currency,
        discount_bps: content.quote.discount_bps,
        snippets: content.used_snippets.map((s) => `${s.kind}:${s.id}`),
        retrieved: this.lastRetrieved,
      },
    );
    return id;
  }

  /** At most one draft waits for a human: a newer one supersedes it. */
  private supersedePending(keepId: string): void {
    const pending = this.sql.exec<{ id: string }>("SELECT id FROM drafts WHERE status = 'awaiting_approval' AND id != ?", keepId).toArray();
    for (const p of pending) {
      this.sql.exec("UPDATE drafts SET status = 'superseded' WHERE id = ?", p.id);
      this.addHistory("agent", "note", `draft ${p.id} superseded by ${keepId}`, { draft_id: p.id });
    }
  }
  /** What the last compose() retrieved (kind:id), recorded with the draft beside what it used. */
  private lastRetrieved: string[] = [];

  private autonomousMaySend(q: Quote, reasons: EscalationReason[]): boolean {
    const cfg = getConfig(this.env);
    return (
      this.lead().mode === "autonomous" &&
      q.verdict === "within_policy" &&
      reasons.length === 0 &&
      !this.facts().injection_attempt &&
      q.total_usd_minor < cfg.AUTONOMOUS_MAX_DEAL_USD * 100 &&
      q.total_usd_minor <= cfg.ESCALATE_ABOVE_USD * 100
    );
  }

  // ───────────────────────────── Sending ─────────────────────────────

  /**
   * "Send": POST to OUTBOUND_WEBHOOK_URL when configured, else recorded in the D1 outbox (channel
   * log). Recorded in history either way. A failed webhook leaves the draft approved, not sent.
   */
  private async send(draftId: string, actor: Actor): Promise<boolean> {
    const draft = this.draftRow(draftId);
    if (!draft) return false;
    const lead = this.leadRecord();
    const url = getConfig(this.env).OUTBOUND_WEBHOOK_URL.trim();
    const now = new Date().toISOString();
    let status: "delivered" | "logged" | "failed" = "logged";
    if (url) {
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            lead_id: lead.id,
            draft_id: draftId,
            kind: draft.kind,
            to: lead.contact_email,
            reply_to: replyAddressFor(getConfig(this.env).INBOUND_EMAIL_ADDRESS, lead.id),
            subject: draft.subject,
            body: draft.body,
          }),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        status = res.ok ? "delivered" : "failed";
      } catch {
        status = "failed";
      }
    }
    await insertOutbox(this.env.DB, {
      id: newId("out"),
      lead_id: lead.id,
      draft_id: draftId,
      channel: url ? "webhook" : "log",
      recipient: lead.contact_email,
      subject: draft.subject,
      body: draft.body,
      status,
      created_at: now,
    });
    if (status === "failed") {
      this.addHistory(actor, "note", `sending ${draft.kind} ${draftId} to the outbound webhook failed; it stays approved`, {
        draft_id: draftId,
      });
      log({ event: "negotiation.send_failed", lead_id: lead.id, draft_id: draftId, outcome: "error" }, "error");
      return false;
    }
    this.sql.exec("UPDATE drafts SET status = 'sent', sent_at = ? WHERE id = ?", now, draftId);
    this.addHistory(actor, "draft_sent", `${draft.kind} ${draftId} sent via ${url ? "webhook" : "outbox log"}`, {
      draft_id: draftId,
      channel: url ? "webhook" : "log",
    });
    this.addHistory("agent", "message_out", draft.subject, { draft_id: draftId });
    if (draft.kind === "proposal" || draft.kind === "agreement") {
      this.sql.exec("UPDATE lead SET follow_ups = 0 WHERE id = 1");
      this.armTimer("follow_up", getConfig(this.env).FOLLOW_UP_DAYS * 86_400_000, draftId);
      await this.armAlarm();
    }
    return true;
  }

  // ───────────────────────────── Escalation ─────────────────────────────

  private async escalate(reasons: EscalationReason[], q: Quote | null, options: CounterOption[]): Promise<string> {
    const id = newId("esc");
    const now = new Date().toISOString();
    const history = this.historyEntries();
    const e = buildEscalation(history, q, objectionsFromHistory(history), options, {
      lead_id: this.leadId(),
      company: this.facts().company,
      reasons,
    });
    this.sql.exec("INSERT INTO escalations (id, created_at, reasons_json) VALUES (?, ?, ?)", id, now, JSON.stringify(e.reasons));
    this.addHistory(
      "agent",
      "escalated",
      `escalated (${e.reasons.map((r) => r.code).join(", ") || "agent"}) with ${e.options.length} option(s)`,
      { escalation_id: id, reasons: e.reasons.map((r) => r.code) },
    );
    await insertEscalation(this.env.DB, id, e, now);
    await this.activity("deal.escalated", "escalation", id, 0, { lead_id: this.leadId(), reasons: e.reasons.map((r) => r.code) });
    return id;
  }

  // ───────────────────────────── State helpers ─────────────────────────────

  private setStage(to: Stage, actor: Actor, why: string): void {
    const from = this.lead().stage;
    assertTransition(from, to); // the one gate every stage change passes
    const now = new Date().toISOString();
    const closedCol = to === "won" ? ", won_at = ?4" : to === "lost" ? ", lost_at = ?4" : "";
    this.sql.exec(
      `UPDATE lead SET stage = ?1, stage_entered_at = ?2, updated_at = ?3${closedCol} WHERE id = 1`,
      to,
      now,
      now,
      ...(closedCol ? [now] : []),
    );
    this.addHistory(actor, "stage_changed", `${from} → ${to}: ${why}`, { from, to });
  }

  private addHistory(actor: Actor, kind: HistoryKind, detail: string, data?: Record<string, unknown>): void {
    this.sql.exec(
      "INSERT INTO history (at, actor, kind, detail, data_json) VALUES (?, ?, ?, ?, ?)",
      new Date().toISOString(),
      actor,
      kind,
      detail,
      data ? JSON.stringify(data) : null,
    );
  }

  private historyEntries(): HistoryEntry[] {
    return this.sql
      .exec<{ at: string; actor: string; kind: string; detail: string; data_json: string | null }>(
        "SELECT at, actor, kind, detail, data_json FROM history ORDER BY seq",
      )
      .toArray()
      .map((h) => ({
        at: h.at,
        actor: h.actor as Actor,
        kind: h.kind as HistoryKind,
        detail: h.detail,
        ...(h.data_json ? { data: JSON.parse(h.data_json) as Record<string, unknown> } : {}),
      }));
  }

  private leadOrNull(): LeadRow | null {
    return (
      this.sql
        .exec<LeadRow>(
          "SELECT lead_json, stage, mode, facts_json, request_json, quote_json, opened_at, stage_entered_at, won_at, lost_at, follow_ups FROM lead WHERE id = 1",
        )
        .toArray()[0] ?? null
    );
  }
  private lead(): LeadRow {
    const l = this.leadOrNull();
    if (!l) throw new Error("lead not opened");
    return l;
  }
  private leadRecord(): LeadRecord {
    return JSON.parse(this.lead().lead_json) as LeadRecord;
  }
  private facts(): LeadFacts {
    const l = this.lead();
    return l.facts_json ? (JSON.parse(l.facts_json) as LeadFacts) : factsFromLead(JSON.parse(l.lead_json) as LeadRecord);
  }
  private leadId(): string {
    return this.facts().lead_id;
  }
  private leadIdOrNull(): string | null {
    return this.leadOrNull() ? this.leadId() : null;
  }
  private request(): QuoteRequest | null {
    const r = this.lead().request_json;
    return r ? (JSON.parse(r) as QuoteRequest) : null;
  }
  private currentQuote(): Quote | null {
    const q = this.lead().quote_json;
    return q ? (JSON.parse(q) as Quote) : null;
  }
  private hasDrafts(): boolean {
    return this.sql.exec("SELECT 1 FROM drafts LIMIT 1").toArray().length > 0;
  }
  private draftRow(id: string): DraftRow | null {
    return this.sql.exec<DraftRow>("SELECT * FROM drafts WHERE id = ?", id).toArray()[0] ?? null;
  }

  private negotiationConfig(): NegotiationConfig {
    return { escalate_above_usd_minor: getConfig(this.env).ESCALATE_ABOVE_USD * 100 };
  }

  /** The whole catalog through the read-only port (frozen data; the port cannot write). */
  private async catalog(): Promise<CatalogSnapshot> {
    return loadSnapshot(d1PricingPort(this.env.DB));
  }

  /**
   * Mirrors the deal and its drafts to D1 (a deal has a handful of drafts: all are upserted, so no
   * change can be missed); on failure a `mirror` timer retries (the DO stays the source of truth).
   */
  private async mirror(): Promise<void> {
    const lead = this.leadOrNull();
    if (!lead) return;
    const facts = this.facts();
    const q = this.currentQuote();
    const proposals: ProposalMirror[] = this.sql
      .exec<DraftRow>("SELECT * FROM drafts ORDER BY created_at")
      .toArray()
      .map((d) =>
        proposalMirror(
          facts.lead_id,
          {
            id: d.id,
            kind: d.kind as DraftKind,
            status: d.status as DraftStatus,
            author: d.author as "template" | "ai",
            quote: JSON.parse(d.quote_json) as Quote,
          },
          d.created_at,
          d.decided_at,
          d.decided_by,
        ),
      );
    const now = new Date().toISOString();
    try {
      await writeMirror(
        this.env.DB,
        {
          lead_id: facts.lead_id,
          company: facts.company,
          segment: facts.segment,
          stage: lead.stage,
          mode: lead.mode,
          quote_total_minor: q?.total_minor ?? null,
          quote_currency: q?.currency ?? null,
          quote_verdict: q?.verdict ?? null,
          opened_at: lead.opened_at ?? now,
          stage_entered_at: lead.stage_entered_at ?? now,
          updated_at: now,
          won_at: lead.won_at,
          lost_at: lead.lost_at,
        },
        proposals,
      );
    } catch (err) {
      log(
        {
          event: "negotiation.mirror_failed",
          lead_id: facts.lead_id,
          error: err instanceof Error ? err.message : String(err),
          outcome: "retry",
        },
        "error",
      );
      this.armTimer("mirror", MIRROR_RETRY_MS, null);
      await this.armAlarm();
    }
  }

  private async recordPastDeal(outcome: "won" | "lost", reason: string): Promise<void> {
    const q = this.currentQuote();
    if (!q) return;
    const facts = this.facts();
    try {
      const deal = {
        id: `deal_${facts.lead_id}`,
        company: facts.company ?? "unknown",
        segment: facts.segment,
        outcome,
        skus: q.lines.map((l) => l.sku),
        total_minor: q.total_minor,
        currency: q.currency,
        discount_bps: q.discount_bps,
        term_months: q.term_months,
        objections: objectionsFromHistory(this.historyEntries()),
        summary: reason.slice(0, 500),
        closed_at: new Date().toISOString(),
      };
      await insertPastDeal(this.env.DB, deal);
      await indexKnowledge(this.env, [{ kind: "past_deal", id: deal.id, text: pastDealSnippet(deal).text }]);
    } catch (err) {
      log(
        {
          event: "negotiation.past_deal_failed",
          lead_id: facts.lead_id,
          error: err instanceof Error ? err.message : String(err),
          outcome: "error",
        },
        "warn",
      );
    }
  }

  /** Starts recording an activity (D1 + LiveHub) without waiting: serial() awaits it at the end of the step. */
  private async activity(
    action: string,
    entity: string,
    entityId: string,
    latencyMs: number,
    detail: Record<string, unknown>,
  ): Promise<void> {
    this.inflight.push(
      recordActivity(this.env, {
        agent: "negotiation",
        action,
        entity,
        entity_id: entityId,
        latency_ms: Math.round(latencyMs * 1000) / 1000,
        detail,
      }),
    );
  }
}

function humanActor(actor: string): Actor {
  return `human:${actor || "unknown"}`;
}

function toDraftView(d: DraftRow): DraftView {
  return {
    id: d.id,
    kind: d.kind as DraftKind,
    status: d.status as DraftStatus,
    subject: d.subject,
    body: d.body,
    author: d.author as "template" | "ai",
    quote: JSON.parse(d.quote_json) as Quote,
    used_snippets: JSON.parse(d.snippets_json) as UsedSnippet[],
    created_at: d.created_at,
    decided_at: d.decided_at,
    decided_by: d.decided_by,
    reason: d.reason,
    sent_at: d.sent_at,
  };
}

/** The request a quote prices (items, term, the discount it carries). */
function requestOf(q: Quote): QuoteRequest {
  return {
    items: q.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
    term_months: q.term_months,
    ...(q.discount_bps > 0 ? { requested_discount_bps: q.discount_bps } : {}),
  };
}

function safeOptions(catalog: CatalogSnapshot, facts: LeadFacts, request: QuoteRequest): CounterOption[] {
  try {
    return counterOptions(catalog, facts, request);
  } catch (err) {
    if (err instanceof PricingError) return [];
    throw err;
  }
}
