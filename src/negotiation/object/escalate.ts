import { newId } from "../../platform/ids";
import { buildEscalation, objectionsFromHistory } from "../core/escalation";
import { insertEscalation } from "../store/mirror";
import type { ObjectContext } from "./context";
import type { CounterOption, EscalationReason, Quote } from "../core/types";

/**
 * Opens an escalation: a reference in the object (listed with its state) and the full record in
 * D1's escalations table, where humans list and resolve them.
 */
export async function escalate(o: ObjectContext, reasons: EscalationReason[], q: Quote | null, options: CounterOption[]): Promise<string> {
  const id = newId("esc");
  const now = new Date().toISOString();
  const history = o.state.historyEntries();
  const e = buildEscalation(history, q, objectionsFromHistory(history), options, {
    lead_id: o.state.leadId(),
    company: o.state.facts().company,
    reasons,
  });
  o.state.sql.exec("INSERT INTO escalations (id, created_at, reasons_json) VALUES (?, ?, ?)", id, now, JSON.stringify(e.reasons));
  o.state.addHistory(
    "agent",
    "escalated",
    `escalated (${e.reasons.map((r) => r.code).join(", ") || "agent"}) with ${e.options.length} option(s)`,
    { escalation_id: id, reasons: e.reasons.map((r) => r.code) },
  );
  await insertEscalation(o.env.DB, id, e, now);
  o.activity("deal.escalated", "escalation", id, 0, { lead_id: o.state.leadId(), reasons: e.reasons.map((r) => r.code) });
  return id;
}

/** The object's reference to an escalation a human resolved (D1 is updated by the caller). */
export function markEscalationResolved(o: ObjectContext, escalationId: string): void {
  o.state.sql.exec("UPDATE escalations SET status = 'resolved' WHERE id = ?", escalationId);
}

export function escalationRefs(o: ObjectContext): Array<{ id: string; created_at: string; reasons: EscalationReason[] }> {
  return o.state.sql
    .exec<{ id: string; created_at: string; reasons_json: string }>(
      "SELECT id, created_at, reasons_json FROM escalations ORDER BY created_at",
    )
    .toArray()
    .map((e) => ({ id: e.id, created_at: e.created_at, reasons: JSON.parse(e.reasons_json) as EscalationReason[] }));
}
