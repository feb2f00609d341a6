import { formatBps, formatMoney } from "./pricing";
import type {
  CounterOption,
  Escalation,
  EscalationReason,
  EscalationSignals,
  HistoryEntry,
  LeadFacts,
  NegotiationConfig,
  ObjectionKind,
  Quote,
} from "./types";

/**
 * Why a deal needs a human, if it does:
 *  - above_value_threshold: the quote's total in USD is above config.escalate_above_usd_minor;
 *  - out_of_policy: the pricing engine refused the asked discount;
 *  - injection_attempt: the lead or a message tried to instruct the automation;
 *  - refused_counter: a customer counter-offer was refused by the engine.
 * needs_approval is NOT an escalation by itself (the draft simply waits for approval); the DO may add
 * it when an approval is overdue.
 */
export function needsEscalation(
  q: Quote | null,
  facts: LeadFacts,
  config: NegotiationConfig,
  signals: EscalationSignals = {},
): EscalationReason[] {
  const reasons: EscalationReason[] = [];
  if (q && q.total_usd_minor > config.escalate_above_usd_minor) {
    reasons.push({
      code: "above_value_threshold",
      detail: `deal total ${formatMoney(q.total_usd_minor, "USD")} is above the escalation threshold of ${formatMoney(config.escalate_above_usd_minor, "USD")}`,
    });
  }
  if (q && q.verdict === "refused") {
    reasons.push({
      code: "out_of_policy",
      detail: `asked discount ${formatBps(q.requested_discount_bps)} is above the maximum ${formatBps(q.max_discount_bps)} the policy allows`,
    });
  }
  if (facts.injection_attempt || signals.injection_attempt) {
    reasons.push({
      code: "injection_attempt",
      detail: "a message from this lead tried to instruct the automation; it was treated as data and nothing it asked was applied",
    });
  }
  if (signals.refused_counter) {
    reasons.push({ code: "refused_counter", detail: "the customer's counter-offer is outside the pricing policy" });
  }
  return reasons;
}

const MAX_HISTORY_LINES = 15;
const MAX_DETAIL_CHARS = 200;

function oneLine(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > MAX_DETAIL_CHARS ? `${t.slice(0, MAX_DETAIL_CHARS - 1)}…` : t;
}

function quoteLine(q: Quote): string {
  const items = q.lines.map((l) => `${l.qty} × ${l.sku}`).join(", ");
  const disc = q.discount_minor > 0 ? `, ${formatBps(q.discount_bps)} off` : "";
  return `${items}, ${q.term_months} months${disc}: ${formatMoney(q.total_minor, q.currency)} (${q.verdict}; asked ${formatBps(q.requested_discount_bps)}, policy up to ${formatBps(q.approval_above_bps)} without approval, ${formatBps(q.max_discount_bps)} max)`;
}

/**
 * An escalation a human can decide from: why, the current quote, the objections, the last history
 * entries (customer text quoted as one-line data, truncated) and the engine's counter options.
 */
export function buildEscalation(
  history: readonly HistoryEntry[],
  q: Quote | null,
  objections: readonly ObjectionKind[],
  options: readonly CounterOption[],
  ctx: { lead_id?: string; company?: string | null; reasons?: readonly EscalationReason[] } = {},
): Escalation {
  const reasons = [...(ctx.reasons ?? [])];
  const uniqueObjections = [...new Set(objections)];
  const lines: string[] = [];
  lines.push(`Escalation${ctx.company ? ` for ${ctx.company}` : ""}${ctx.lead_id ? ` (lead ${ctx.lead_id})` : ""}`);
  lines.push("");
  lines.push("Why:");
  if (reasons.length) for (const r of reasons) lines.push(`- ${r.code}: ${r.detail}`);
  else lines.push("- requested by the agent");
  lines.push("");
  lines.push(`Current quote: ${q ? quoteLine(q) : "none yet"}`);
  lines.push(`Objections: ${uniqueObjections.length ? uniqueObjections.join(", ") : "none recorded"}`);
  lines.push("");
  const shown = history.slice(-MAX_HISTORY_LINES);
  lines.push(`History (${shown.length} of ${history.length} entries, latest last):`);
  for (const h of shown) lines.push(`- ${h.at} ${h.actor} ${h.kind}: ${oneLine(h.detail)}`);
  lines.push("");
  lines.push("Options within policy (computed by the pricing engine):");
  if (options.length) options.forEach((o, i) => lines.push(`${i + 1}. [${o.kind}] ${o.description}`));
  else lines.push("- none: the policy allows no better offer for this request");
  return {
    lead_id: ctx.lead_id ?? "",
    reasons,
    summary: lines.join("\n"),
    objections: uniqueObjections,
    options: [...options],
    quote: q,
  };
}

/** Objections found in a history's classified messages (entries of kind "classified" with data.objection). */
export function objectionsFromHistory(history: readonly HistoryEntry[]): ObjectionKind[] {
  const out: ObjectionKind[] = [];
  for (const h of history) {
    const o = h.data?.objection;
    if (typeof o === "string" && ["price", "timing", "features", "competitor"].includes(o) && !out.includes(o as ObjectionKind))
      out.push(o as ObjectionKind);
  }
  return out;
}
