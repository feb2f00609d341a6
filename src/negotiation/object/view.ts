import { escalationRefs } from "./escalate";
import { toDraftView } from "./draft-rows";
import type { ObjectContext } from "./context";
import type { HistoryView, Mode, NegotiationView } from "../core/views";

/** The whole negotiation as the API shows it (null before the lead was opened). */
export function negotiationView(o: ObjectContext): NegotiationView | null {
  const lead = o.state.leadOrNull();
  if (!lead) return null;
  const facts = o.state.facts();
  return {
    lead_id: facts.lead_id,
    company: facts.company,
    segment: facts.segment,
    stage: lead.stage,
    mode: lead.mode as Mode,
    opened_at: lead.opened_at ?? "",
    stage_entered_at: lead.stage_entered_at ?? "",
    request: o.state.request(),
    quote: o.state.currentQuote(),
    drafts: o.drafts.all().map(toDraftView),
    history: o.state.sql.exec<HistoryView>("SELECT seq, at, actor, kind, detail, data_json FROM history ORDER BY seq").toArray(),
    escalations: escalationRefs(o),
    timers: o.timers.list().map((t) => ({ kind: t.kind, due_at: new Date(t.due_at).toISOString(), ref: t.ref })),
  };
}
