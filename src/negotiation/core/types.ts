/**
 * The contract between the negotiation domain (src/negotiation/core/, pure functions) and the service
 * around it (the LeadNegotiation Durable Object, the catalog/negotiation routes, src/negotiation/ai-draft.ts).
 * Pure data only, no bindings. Money is integer minor units; percentages are basis points
 * (1 % = 100 bps) so every computation stays integer.
 */
import { Conflict, InvalidInput } from "../../platform/errors";

// ───────────────────────────── Catalog and pricing rules ─────────────────────────────

export const SEGMENTS = ["smb", "mid", "enterprise"] as const;
export type Segment = (typeof SEGMENTS)[number];
/** A rule applies to one segment, or to every segment with "*". */
export type RuleSegment = Segment | "*";

export type Product = {
  sku: string;
  name: string;
  description: string;
  /** List price of one unit, in minor units of `currency`. */
  unit_price_minor: number;
  currency: string;
  /** What one unit is ("seat/month", "license", "device"...). */
  unit: string;
  active: boolean;
  /** Units in stock when the product is physical; null = not stocked (software, services). */
  stock?: number | null;
};

/** Volume tier: from `min_qty` units on, one unit costs `unit_price_minor` (same currency as the product). */
export type PriceTier = { sku: string; min_qty: number; unit_price_minor: number };

/**
 * One row of the discount policy. A rule APPLIES to a deal when its segment matches the lead's (or is
 * "*"), the deal's subtotal in USD is at least `min_deal_usd_minor`, and the term is at least
 * `min_term_months`. Among the applicable rules the most generous one (highest `max_discount_bps`,
 * then lowest id) decides: a discount up to `approval_above_bps` is within policy, up to
 * `max_discount_bps` needs a human's approval, above it is refused. No applicable rule = no
 * discount allowed. Because rules only ever add allowance for a bigger deal or a longer term, a
 * longer term or a bigger deal never lowers the allowed discount (the counter options rely on it).
 */
export type DiscountRule = {
  id: string;
  segment: RuleSegment;
  min_deal_usd_minor: number;
  min_term_months: number;
  max_discount_bps: number;
  /** Discounts strictly above this need approval; set it equal to max_discount_bps for "never". */
  approval_above_bps: number;
};

/**
 * Everything the engine needs, as plain frozen data: what a PricingPort returns, or a snapshot a
 * test builds by hand. `usd_rate_ppm[CCY]` converts 1 minor unit of CCY to USD minor units × 1e6
 * (EUR at 1.08 → 1_080_000); USD needs no entry. Only used to size a deal against the rules.
 */
export type CatalogSnapshot = {
  readonly products: readonly Readonly<Product>[];
  readonly tiers: readonly Readonly<PriceTier>[];
  readonly rules: readonly Readonly<DiscountRule>[];
  readonly usd_rate_ppm?: Readonly<Record<string, number>>;
};

/**
 * The read-only port the negotiation code receives instead of the database: getters only, returning
 * frozen data. Nothing in src/negotiation can write a pricing table because nothing here can reach one.
 */
export interface PricingPort {
  /** Products with these SKUs; an EMPTY list means the whole catalog (counter options look for alternatives). */
  getProducts(skus: readonly string[]): Promise<readonly Readonly<Product>[]>;
  /** Tiers of these SKUs; an EMPTY list means every tier. */
  getTiers(skus: readonly string[]): Promise<readonly Readonly<PriceTier>[]>;
  getRules(): Promise<readonly Readonly<DiscountRule>[]>;
  /** Optional: FX rates to USD in ppm (see CatalogSnapshot.usd_rate_ppm). */
  getUsdRatesPpm?(): Promise<Readonly<Record<string, number>>>;
}

// ───────────────────────────── Lead, request, quote ─────────────────────────────

export type LeadFacts = {
  lead_id: string;
  company: string | null;
  employees: number | null;
  /** The lead's stated budget converted to USD minor units; null when unknown. */
  budget_usd_minor: number | null;
  segment: Segment;
  injection_attempt: boolean;
  /** Seats / users / licences the lead asked for ("120 users"), if it said. */
  seats_asked?: number | null;
  /** The team that will use the product ("our finance team of 35"), if it said. */
  team_size?: number | null;
  /** The sentence the seats or team size came from. */
  sizing_evidence?: string | null;
};

export type QuoteItem = { sku: string; qty: number };

export type QuoteRequest = {
  items: QuoteItem[];
  /** Contract length in whole months (≥ 1). */
  term_months: number;
  /** Asked discount in basis points (1500 = 15 %). */
  requested_discount_bps?: number;
  /** "We can pay X": the total the customer offers, in minor units of `requested_total_currency`. */
  requested_total_minor?: number;
  /** Currency of requested_total_minor; defaults to the quote's currency. A different one is refused. */
  requested_total_currency?: string;
};

export type QuoteLine = {
  sku: string;
  name: string;
  qty: number;
  unit: string;
  /** Catalog list price of one unit. */
  list_unit_minor: number;
  /** Price of one unit after the volume tier for this quantity (= list when no tier applies). */
  tier_unit_minor: number;
  /** tier_unit_minor × qty: exact, no rounding. */
  line_total_minor: number;
  /** This line's share of the discount (rounded once, half away from zero). */
  line_discount_minor: number;
  /** line_total_minor − line_discount_minor. */
  line_net_minor: number;
};

export const VERDICTS = ["within_policy", "needs_approval", "refused"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type Quote = {
  currency: string;
  lines: QuoteLine[];
  subtotal_minor: number;
  /**
   * The discount this quote actually prices. Never above the policy maximum: when the request is
   * refused, the quote is priced at the maximum the policy allows and `requested_discount_bps`
   * keeps what was asked. So no Quote ever carries an out-of-policy price.
   */
  discount_bps: number;
  discount_minor: number;
  total_minor: number;
  term_months: number;
  verdict: Verdict;
  reasons: string[];
  /** What the customer (or a model) asked for, in bps; 0 when nothing was asked. */
  requested_discount_bps: number;
  /** Set when this quote prices an exact requested total ("we can pay X"): pricing.requestOf reproduces it. */
  requested_total_minor?: number;
  /** The rule that decided (null: no rule applies, so no discount is allowed). */
  rule_id: string | null;
  max_discount_bps: number;
  approval_above_bps: number;
  /** subtotal converted to USD minor units (what the rules and thresholds compare against). */
  deal_usd_minor: number;
  /** total converted to USD minor units. */
  total_usd_minor: number;
};

/** A counter-proposal the engine computed; every option returned by counterOptions is within policy. */
export type CounterOptionKind = "policy_max" | "longer_term" | "fewer_units" | "other_tier" | "other_product";
export type CounterOption = {
  kind: CounterOptionKind;
  description: string;
  request: QuoteRequest;
  quote: Quote;
};

/** Typed domain errors. They extend the HTTP problem classes, so app.onError maps them unchanged. */
export type PricingErrorCode =
  | "unknown_sku"
  | "inactive_sku"
  | "invalid_quantity"
  | "invalid_term"
  | "invalid_discount"
  | "empty_request"
  | "currency_mismatch"
  | "missing_fx_rate";

export class PricingError extends InvalidInput {
  constructor(
    readonly pricingCode: PricingErrorCode,
    detail: string,
    readonly skus: string[] = [],
  ) {
    super(detail, { code: pricingCode, skus });
  }
  override get code(): PricingErrorCode {
    return this.pricingCode;
  }
}

// ───────────────────────────── Stages ─────────────────────────────

export const STAGES = [
  "qualified",
  "proposal_drafted",
  "awaiting_approval",
  "proposal_sent",
  "countered",
  "accepted",
  "lost",
  "agreement_drafted",
  "won",
] as const;
export type Stage = (typeof STAGES)[number];
export const TERMINAL_STAGES: readonly Stage[] = ["won", "lost"];

export class IllegalTransition extends Conflict {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`Illegal stage transition ${from} → ${to}`, { from, to, code: "illegal_transition" });
  }
}

export type TransitionResult = { ok: true; from: Stage; to: Stage } | { ok: false; error: IllegalTransition };

// ───────────────────────────── History, drafts ─────────────────────────────

export type Actor = "agent" | "customer" | `human:${string}`;

export const HISTORY_KINDS = [
  "lead_opened",
  "message_in",
  "message_out",
  "classified",
  "quote",
  "draft_created",
  "draft_rejected_by_check",
  "draft_approved",
  "draft_rejected",
  "draft_sent",
  "stage_changed",
  "follow_up",
  "reminder",
  "escalated",
  "escalation_resolved",
  "injection_flagged",
  "mode_changed",
  "note",
  // loop18: invoice issued, payment received, deal reconciled (src/negotiation/object/cash.ts).
  "cash",
] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export type HistoryEntry = {
  /** ISO 8601 UTC. */
  at: string;
  actor: Actor;
  kind: HistoryKind;
  /** Human-readable one-liner (what escalation summaries quote). */
  detail: string;
  /** Optional structured payload (quote, classification, ids). */
  data?: Record<string, unknown>;
};

export type SnippetKind = "catalog" | "pricing_rule" | "past_deal";
/** A retrieved passage; `score` is higher-is-better after ranking (BM25 from FTS5 is lower-is-better: negate it). */
export type Snippet = {
  kind: SnippetKind;
  id: string;
  text: string;
  score?: number;
  /** Past deals: outcome, price and objections, for ranking and summaries. */
  meta?: { outcome?: "won" | "lost"; total_minor?: number; currency?: string; objections?: string[]; sku?: string };
};
export type UsedSnippet = { kind: SnippetKind; id: string; text: string };

/**
 * "answer": a reply to a customer's question, drafted from retrieval (src/negotiation/core/answers.ts).
 * "payment_reminder": an overdue invoice of a won deal (src/negotiation/object/cash.ts).
 */
export type DraftKind = "proposal" | "agreement" | "follow_up" | "answer" | "payment_reminder";
export type DraftStatus = "draft" | "awaiting_approval" | "approved" | "rejected" | "sent" | "superseded";

export type Draft = {
  id: string;
  kind: DraftKind;
  subject: string;
  body: string;
  quote: Quote;
  author: "template" | "ai";
  used_snippets: UsedSnippet[];
  status: DraftStatus;
};
/** What drafts.ts produces; the DO adds id and status. */
export type DraftContent = Omit<Draft, "id" | "status">;

export type AmountCheck =
  { ok: true; checked: string[] } | { ok: false; checked: string[]; mismatches: Array<{ span: string; index: number; reason: string }> };

// ───────────────────────────── Replies, escalation, plan ─────────────────────────────

export const REPLY_CLASSES = ["acceptance", "objection", "counter_offer", "question", "other"] as const;
export type ReplyClass = (typeof REPLY_CLASSES)[number];
export const OBJECTION_KINDS = ["price", "timing", "features", "competitor", "authority"] as const;
export type ObjectionKind = (typeof OBJECTION_KINDS)[number];

export type ReplyClassification = {
  class: ReplyClass;
  objection?: ObjectionKind;
  asked_discount_bps?: number;
  asked_total_minor?: number;
  asked_currency?: string;
  /** A price per unit the customer offers ("$90 per seat"), in minor units of asked_currency. */
  asked_unit_minor?: number;
  /** A contract length the counter-offer asks for ("3 years at 20% off" → 36), in months. */
  asked_term_months?: number;
  /** The text spans that decided the class. */
  evidence: string[];
};

export type EscalationReasonCode =
  | "above_value_threshold"
  | "out_of_policy"
  | "needs_approval"
  | "injection_attempt"
  | "refused_counter"
  /** A price/competitor/features objection or a refusal without a number: a human should answer. */
  | "customer_objection"
  /** The customer's ask could not be priced (e.g. unknown SKU in the standing request). */
  | "pricing_error";
export type EscalationReason = { code: EscalationReasonCode; detail: string };

export type NegotiationConfig = {
  /** Deals whose quote total is above this (USD minor units) are escalated. */
  escalate_above_usd_minor: number;
};

export type EscalationSignals = { injection_attempt?: boolean; refused_counter?: boolean };

export type Escalation = {
  lead_id: string;
  reasons: EscalationReason[];
  /** Plain-text summary: history, objections, options. */
  summary: string;
  objections: ObjectionKind[];
  options: CounterOption[];
  quote: Quote | null;
};

/** What the DO knows when a customer message arrives. */
export type NegotiationState = {
  stage: Stage;
  /** The request the current proposal is priced from (null before the first proposal). */
  request: QuoteRequest | null;
  quote: Quote | null;
};

export type ReplyAction = "revise_draft" | "escalate" | "record_only" | "draft_agreement";

export type ReplyPlan = {
  class: ReplyClass;
  classification: ReplyClassification;
  /** Only ever produced by pricing.quote. */
  quote?: Quote;
  /** Only ever a legal transition from state.stage. */
  next_stage?: Stage;
  action: ReplyAction;
  /** The shared detector's verdict; score and reasons say why (src/platform/injection/). */
  injection: {
    attempt: boolean;
    evidence: string[];
    score?: number;
    reasons?: ReadonlyArray<{ signal: string; weight: number; via: string }>;
  };
  escalation_reasons: EscalationReason[];
  /** Within-policy alternatives when the counter was refused (for the escalation). */
  options: CounterOption[];
  /** An objection without a number: the kind a drafted response with options answers (core/objection-response.ts). */
  respond_to?: ObjectionKind;
};
