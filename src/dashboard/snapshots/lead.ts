import { leadTimeline, type TimelineStep } from "../core/lead-to-cash";
import { SafeDb, parseJson } from "../store/safe-db";
import { dealInvoiceFacts } from "./deal-cash";
import { recentActivity, type ActivityItem } from "./pipeline";

export type DraftView = {
  id: string;
  kind: string;
  status: string;
  subject: string;
  body: string;
  total_minor: number | null;
  currency: string | null;
  verdict: string | null;
  created_at: string | null;
};
export type HistoryView = { at: string; actor: string; kind: string; detail: string };
export type EscalationView = { id: string; status: string; reason: string; created_at: string };

export type LeadDetail = {
  generated_at: string;
  lead: Record<string, unknown> | null;
  stage: string | null;
  history: HistoryView[];
  drafts: DraftView[];
  escalations: EscalationView[];
  activity: ActivityItem[];
  /** lead → proposal → agreement → won → invoice → payment → reconciled, with times and amounts. */
  timeline: TimelineStep[];
};

const JSON_COLUMNS = ["products_json", "injection_evidence_json", "score_breakdown_json", "fields_json"];

/** The lead row with its JSON columns parsed (names without the _json suffix). */
export async function leadRecord(sdb: SafeDb, id: string): Promise<Record<string, unknown> | null> {
  const row = await sdb.first<Record<string, unknown>>(["leads"], "SELECT * FROM leads WHERE id = ?", id);
  if (!row) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (JSON_COLUMNS.includes(k)) out[k.replace(/_json$/, "")] = parseJson<unknown>(v, null);
    else out[k] = v;
  }
  out.qualified = Boolean(out.qualified);
  out.injection_attempt = Boolean(out.injection_attempt);
  return out;
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** Normalizes a draft from the negotiation layer's answer or its D1 mirror (both shapes tolerated). */
export function toDraftView(d: Record<string, unknown>): DraftView | null {
  const id = str(d.id);
  if (!id) return null;
  const quote = (d.quote && typeof d.quote === "object" ? d.quote : parseJson<Record<string, unknown>>(d.quote_json, {})) as Record<
    string,
    unknown
  >;
  return {
    id,
    kind: str(d.kind) ?? "proposal",
    status: str(d.status) ?? "draft",
    subject: str(d.subject) ?? "",
    body: str(d.body) ?? "",
    total_minor: num(quote.total_minor) ?? num(d.total_minor),
    currency: str(quote.currency) ?? str(d.currency),
    verdict: str(quote.verdict) ?? str(d.verdict),
    created_at: str(d.created_at) ?? str(d.at),
  };
}

export function toHistoryView(h: Record<string, unknown>): HistoryView | null {
  const at = str(h.at);
  if (!at) return null;
  return { at, actor: str(h.actor) ?? "agent", kind: str(h.kind) ?? "note", detail: str(h.detail) ?? "" };
}

/**
 * A lead's page data. The negotiation state (stage, history, drafts) comes from the lead's
 * negotiation layer through `negotiation` when given (its DO is the source of truth), else from the D1
 * mirrors when they exist.
 */
export async function leadDetail(
  db: D1Database,
  id: string,
  loadNegotiation: (leadId: string) => Promise<Record<string, unknown> | null>,
  now = new Date(),
): Promise<LeadDetail> {
  const sdb = new SafeDb(db);
  const lead = await leadRecord(sdb, id);
  // Only a qualified lead has a negotiation agent: never wake (create) a DO for an unknown id.
  const negotiation = lead?.qualified ? await loadNegotiation(id) : null;
  let history: HistoryView[] = [];
  let drafts: DraftView[] = [];
  let escalations: EscalationView[] = [];
  let stage = str(lead?.stage);
  if (negotiation) {
    stage = str(negotiation.stage) ?? stage;
    const h = Array.isArray(negotiation.history) ? negotiation.history : [];
    history = h.flatMap((x) =>
      x && typeof x === "object" ? [toHistoryView(x as Record<string, unknown>)].filter((v): v is HistoryView => v !== null) : [],
    );
    const d = Array.isArray(negotiation.drafts) ? negotiation.drafts : [];
    drafts = d.flatMap((x) =>
      x && typeof x === "object" ? [toDraftView(x as Record<string, unknown>)].filter((v): v is DraftView => v !== null) : [],
    );
  } else {
    const rows = await sdb.all<Record<string, unknown>>(["proposals"], "SELECT * FROM proposals WHERE lead_id = ? ORDER BY created_at", id);
    drafts = rows.map(toDraftView).filter((v): v is DraftView => v !== null);
  }
  const esc = await sdb.all<Record<string, unknown>>(
    ["escalations"],
    "SELECT id, status, summary, reasons_json, created_at FROM escalations WHERE lead_id = ? ORDER BY created_at DESC",
    id,
  );
  escalations = esc.map((e) => {
    const reasons = parseJson<Array<{ detail?: unknown; code?: unknown }>>(e.reasons_json, []);
    const why = reasons
      .map((r) => (typeof r.detail === "string" ? r.detail : typeof r.code === "string" ? r.code : ""))
      .filter(Boolean)
      .join("; ");
    return {
      id: String(e.id),
      status: str(e.status) ?? "open",
      reason: why || (str(e.summary) ?? ""),
      created_at: str(e.created_at) ?? "",
    };
  });
  return {
    generated_at: now.toISOString(),
    lead,
    stage,
    history,
    drafts,
    escalations,
    activity: await recentActivity(sdb, 30, { entityIds: [id] }),
    timeline: await timelineOf(sdb, id, lead),
  };
}

/** The lead's lead-to-cash timeline from D1: the lead, the deal and proposal mirrors, its invoices and links. */
async function timelineOf(sdb: SafeDb, id: string, lead: Record<string, unknown> | null): Promise<TimelineStep[]> {
  const [deal, proposal, agreement, invoices] = await Promise.all([
    sdb.first<{ won_at: string | null; quote_total_minor: number | null; quote_currency: string | null; opened_at: string }>(
      ["deals"],
      "SELECT won_at, quote_total_minor, quote_currency, opened_at FROM deals WHERE lead_id = ?",
      id,
    ),
    sdb.first<{ created_at: string; total_minor: number | null; currency: string | null }>(
      ["proposals"],
      "SELECT created_at, total_minor, currency FROM proposals WHERE lead_id = ? AND kind = 'proposal' ORDER BY created_at LIMIT 1",
      id,
    ),
    sdb.first<{ created_at: string }>(
      ["proposals"],
      "SELECT created_at FROM proposals WHERE lead_id = ? AND kind = 'agreement' ORDER BY created_at LIMIT 1",
      id,
    ),
    dealInvoiceFacts(sdb, id),
  ]);
  return leadTimeline({
    received_at: str(lead?.received_at) ?? deal?.opened_at ?? null,
    proposal: proposal ? { at: proposal.created_at, total_minor: proposal.total_minor, currency: proposal.currency } : null,
    agreement_at: agreement?.created_at ?? null,
    won: deal?.won_at ? { at: deal.won_at, total_minor: deal.quote_total_minor, currency: deal.quote_currency } : null,
    invoices,
  });
}
