/**
 * The snapshot shapes the page script reads, as the browser sees them (JSON from
 * /dashboard/api/* and the page's JSON island). Declared here rather than imported from
 * ../snapshots: those modules are compiled against the Workers types, this folder against the DOM.
 * Only the fields the script reads are listed.
 */
export type Activity = {
  id: string;
  at: string;
  agent: string;
  action: string;
  entity: string;
  entity_id: string;
  outcome: string;
  latency_ms: number | null;
  summary?: string | null;
  href?: string | null;
  detail?: Record<string, unknown>;
};

export type LeadListRow = {
  id: string;
  source: string;
  company: string | null;
  contact_name: string | null;
  employees: number | null;
  budget_usd_minor: number | null;
  score: number;
  stage: string;
  injection_attempt: boolean;
  received_at: string;
  [key: string]: unknown;
};

export type Pipeline = {
  agents: Array<{
    agent: string;
    state: string;
    handled: number;
    errors: number;
    last_action: string | null;
    last_at: string | null;
    last_error: string | null;
  }>;
  activity: Activity[];
  stages: Array<{ stage: string; count: number; avg_score: number | null }>;
  velocity: {
    steps: Array<{ from: string; to: string; median_ms: number | null; samples: number }>;
    leads_per_day: Array<{ day: string; count: number }>;
    total_leads: number;
  };
  leads: LeadListRow[];
  money_by_stage?: Record<string, Record<string, number>>;
};

export type Draft = {
  id: string;
  status: string;
  kind: string;
  subject: string | null;
  body: string;
  verdict: string | null;
  total_minor: number | null;
  currency: string | null;
};

export type LeadDetail = {
  lead: {
    id: string;
    company: string | null;
    stage: string;
    stage_reason: string | null;
    score: number;
    score_breakdown: { size?: number; budget?: number; urgency?: number } | null;
    qualified: boolean;
    contact_name: string | null;
    contact_email: string | null;
    source: string;
    employees: number | null;
    budget_amount_minor: number | null;
    budget_currency: string | null;
    budget_usd_minor: number | null;
    timeline_weeks: number | null;
    intent: string | null;
    products: string[] | null;
    injection_attempt: boolean;
    injection_evidence: string[] | null;
    received_at: string;
  } | null;
  stage: string | null;
  drafts: Draft[];
  history: Array<{ at: string; kind: string; actor: string; detail: string }>;
  escalations: Array<{ status: string; reason: string; created_at: string }>;
  activity: Activity[];
  timeline?: Array<{ step: string; at: string | null; amount_minor: number | null; currency: string | null; detail: string }>;
};

export type ReconLink = {
  status: string;
  verified: boolean;
  invoice_id: string | null;
  allocated_minor: number;
  currency: string;
  reason: string;
};

export type Discrepancy = {
  id: string;
  kind: string;
  wire_id: string | null;
  reason: string;
  invoice_ids: string[];
  amount_minor: number | null;
  currency: string | null;
  booking_date: string | null;
  payer_name: string | null;
  remittance: string | null;
  candidates: Array<{ invoice_id: string; open_minor: number; currency: string; score: number; reasons: string[] }>;
  link: { id: string; status: string; invoice_id: string | null; amount_minor: number; currency: string } | null;
};

export type Recon = {
  counts: Record<"matched" | "partial" | "discrepancy" | "overpaid" | "unpaid" | "open_review" | "entries", number>;
  discrepancies: Discrepancy[];
  entries: Array<{
    key: string;
    booking_date: string;
    wire_id: string;
    sender_name: string | null;
    amount_minor: number;
    currency: string;
    match_status: string;
    links: ReconLink[];
  }>;
  imports: Array<{
    id: string;
    created_at: string;
    kind: string;
    format: string;
    status: string;
    errors: number;
    inserted_items: number;
    total_items: number;
    duplicate_items: number;
    links_written: number;
    latency_ms: number | null;
    payment_p50_ms: number | null;
    payment_max_ms: number | null;
  }>;
  ledgers: Array<{
    currency: string;
    too_large: boolean;
    version: number | null;
    stale: boolean;
    size: { invoices: number; entries: number } | null;
    ledger_runs: number;
    grouped: number;
    loads: number;
    warm_loads: number;
    conflicts: number;
    read_then_write: number;
    queued_busy: number;
  }> | null;
};

export type FlowNode = { step: string; count: number; conversion_pct: number | null };
export type CurrencyMoney = {
  pipeline_minor: number;
  won_minor: number;
  invoiced_minor: number;
  collected_minor: number;
  open_minor: number;
};
export type Flow = {
  nodes: FlowNode[];
  deals?: {
    gaps: { won_not_invoiced: number; invoiced_not_paid: number; paid_not_reconciled: number };
    money: Record<string, CurrencyMoney>;
    median_days_to_cash: number | null;
  };
  all_invoices?: { invoiced: number; paid: number; reconciled: number; without_deal: number };
};

export type PageData = Pipeline | LeadDetail | Recon | Flow;
