import { log } from "../../platform/log";
import { objectionsFromHistory } from "../core/escalation";
import { pastDealSnippet } from "../core/retrieval";
import { insertPastDeal, proposalMirror, writeMirror, type ProposalMirror } from "../store/mirror";
import { indexKnowledge } from "../store/vector";
import type { ObjectContext } from "./context";
import type { DraftKind, DraftStatus, Quote } from "../core/types";

const MIRROR_RETRY_MS = 30_000;

/**
 * Mirrors the deal and its drafts to D1 (a deal has a handful of drafts: all are upserted, so no
 * change can be missed); on failure a `mirror` timer retries (the object stays the source of truth).
 */
export async function mirror(o: ObjectContext): Promise<void> {
  const lead = o.state.leadOrNull();
  if (!lead) return;
  const facts = o.state.facts();
  const q = o.state.currentQuote();
  const proposals: ProposalMirror[] = o.drafts.all().map((d) =>
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
      o.env.DB,
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
    o.timers.arm("mirror", MIRROR_RETRY_MS, null);
    await o.timers.armAlarm();
  }
}

/** A closed negotiation becomes retrieval context for the next ones (best effort: logged on failure). */
export async function recordPastDeal(o: ObjectContext, outcome: "won" | "lost", reason: string): Promise<void> {
  const q = o.state.currentQuote();
  if (!q) return;
  const facts = o.state.facts();
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
      objections: objectionsFromHistory(o.state.historyEntries()),
      summary: reason.slice(0, 500),
      closed_at: new Date().toISOString(),
    };
    await insertPastDeal(o.env.DB, deal);
    await indexKnowledge(o.env, [{ kind: "past_deal", id: deal.id, text: pastDealSnippet(deal).text }]);
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
