import type { Draft, Escalation } from "../core/types";

/**
 * The D1 side of a lead's negotiation: mirrors of its Durable Object state (deals, proposals),
 * escalations, the outbox and closed deals for retrieval, as the LeadNegotiation object writes
 * them (src/negotiation/object/). None of them touches a pricing table.
 */
export type DealMirror = {
  lead_id: string;
  company: string | null;
  segment: string | null;
  stage: string;
  mode: string;
  quote_total_minor: number | null;
  quote_currency: string | null;
  quote_verdict: string | null;
  opened_at: string;
  stage_entered_at: string;
  updated_at: string;
  won_at: string | null;
  lost_at: string | null;
};

export type ProposalMirror = {
  id: string;
  lead_id: string;
  kind: string;
  status: string;
  total_minor: number | null;
  currency: string | null;
  author: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
};

export function proposalMirror(
  leadId: string,
  d: Pick<Draft, "id" | "kind" | "status" | "author" | "quote">,
  createdAt: string,
  decidedAt: string | null,
  decidedBy: string | null,
): ProposalMirror {
  return {
    id: d.id,
    lead_id: leadId,
    kind: d.kind,
    status: d.status,
    total_minor: d.quote.total_minor,
    currency: d.quote.currency,
    author: d.author,
    created_at: createdAt,
    decided_at: decidedAt,
    decided_by: decidedBy,
  };
}

/**
 * One atomic batch: the deal row, its proposals, and the stage on the ingestion record (`leads`),
 * which shows how far the negotiation has got.
 */
export async function writeMirror(db: D1Database, deal: DealMirror, proposals: ProposalMirror[]): Promise<void> {
  const stmts = [
    db
      .prepare(
        `INSERT INTO deals (lead_id, company, segment, stage, mode, quote_total_minor, quote_currency, quote_verdict, opened_at, stage_entered_at, updated_at, won_at, lost_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (lead_id) DO UPDATE SET company = excluded.company, segment = excluded.segment, stage = excluded.stage, mode = excluded.mode,
           quote_total_minor = excluded.quote_total_minor, quote_currency = excluded.quote_currency, quote_verdict = excluded.quote_verdict,
           stage_entered_at = excluded.stage_entered_at, updated_at = excluded.updated_at, won_at = excluded.won_at, lost_at = excluded.lost_at`,
      )
      .bind(
        deal.lead_id,
        deal.company,
        deal.segment,
        deal.stage,
        deal.mode,
        deal.quote_total_minor,
        deal.quote_currency,
        deal.quote_verdict,
        deal.opened_at,
        deal.stage_entered_at,
        deal.updated_at,
        deal.won_at,
        deal.lost_at,
      ),
    ...proposals.map((p) =>
      db
        .prepare(
          `INSERT INTO proposals (id, lead_id, kind, status, total_minor, currency, author, created_at, decided_at, decided_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at, decided_by = excluded.decided_by`,
        )
        .bind(p.id, p.lead_id, p.kind, p.status, p.total_minor, p.currency, p.author, p.created_at, p.decided_at, p.decided_by),
    ),
    db
      .prepare("UPDATE leads SET stage = ?, updated_at = ? WHERE id = ? AND stage != ?")
      .bind(deal.stage, deal.updated_at, deal.lead_id, deal.stage),
  ];
  await db.batch(stmts);
}

export async function insertEscalation(db: D1Database, id: string, e: Escalation, createdAt: string): Promise<void> {
  await db
    .prepare(
      "INSERT INTO escalations (id, lead_id, reasons_json, summary, options_json, status, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id, e.lead_id, JSON.stringify(e.reasons), e.summary, JSON.stringify(e.options), createdAt)
    .run();
}

export type OutboxRow = {
  id: string;
  lead_id: string;
  draft_id: string;
  channel: "webhook" | "log";
  recipient: string | null;
  subject: string;
  body: string;
  status: "delivered" | "logged" | "failed";
  created_at: string;
};

export async function insertOutbox(db: D1Database, o: OutboxRow): Promise<void> {
  await db
    .prepare(
      "INSERT INTO outbox (id, lead_id, draft_id, channel, recipient, subject, body, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(o.id, o.lead_id, o.draft_id, o.channel, o.recipient, o.subject, o.body, o.status, o.created_at)
    .run();
}

export type PastDeal = {
  id: string;
  company: string;
  segment: string;
  outcome: "won" | "lost";
  skus: string[];
  total_minor: number;
  currency: string;
  discount_bps: number;
  term_months: number;
  objections: string[];
  summary: string;
  closed_at: string;
};

/** A closed negotiation becomes retrieval context for the next ones. */
export async function insertPastDeal(db: D1Database, d: PastDeal): Promise<void> {
  await db
    .prepare(
      `INSERT INTO past_deals (id, company, segment, outcome, skus, total_minor, currency, discount_bps, term_months, objections, summary, closed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    )
    .bind(
      d.id,
      d.company,
      d.segment,
      d.outcome,
      d.skus.join(" "),
      d.total_minor,
      d.currency,
      d.discount_bps,
      d.term_months,
      d.objections.join(" "),
      d.summary,
      d.closed_at,
    )
    .run();
}
