import type { DraftKind, DraftStatus, EscalationReason, Quote, QuoteRequest, UsedSnippet } from "./types";

/*
 * What the LeadNegotiation object answers over RPC: plain data, shared by the object, the routes and
 * the services that call it (so nothing in the feature imports src/durable/).
 */

export type Mode = "copilot" | "autonomous";
// loop18: "invoice" retries invoicing a won deal (src/negotiation/object/cash.ts).
export type TimerKind = "follow_up" | "approval_sla" | "mirror" | "first_draft" | "invoice";

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
export type ProposalResult = { draft_id: string; status: string; stage: string; verdict: string; escalation_id: string | null };
