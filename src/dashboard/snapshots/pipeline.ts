import { listLeads, type LeadRow } from "../store/leads";
import { SafeDb, parseJson } from "../store/safe-db";
import { moneyByStage } from "../core/lead-to-cash";
import { leadsPerDay, stageVelocity, STAGE_DISPLAY, type StageEvent, type VelocityStep } from "./metrics";

export const AGENTS = ["ingestion", "negotiation", "reconciliation"] as const;

export type AgentStatus = {
  agent: string;
  handled: number;
  errors: number;
  last_at: string | null;
  last_action: string | null;
  last_error: string | null;
  state: "idle" | "active" | "error";
};

export type ActivityItem = {
  id: string;
  at: string;
  agent: string;
  action: string;
  entity: string;
  entity_id: string;
  outcome: string;
  latency_ms: number | null;
  summary: string;
  href: string | null;
};

export type { LeadRow };

export type PipelineSnapshot = {
  generated_at: string;
  agents: AgentStatus[];
  activity: ActivityItem[];
  stages: Array<{ stage: string; count: number; avg_score: number | null; max_score: number | null }>;
  velocity: { steps: VelocityStep[]; leads_per_day: Array<{ day: string; count: number }>; total_leads: number };
  leads: LeadRow[];
  /** loop18: quote value per stage and currency (deals mirror), minor units. */
  money_by_stage: Record<string, Record<string, number>>;
};

type RawActivity = {
  id: string;
  at: string;
  agent: string;
  action: string;
  entity: string;
  entity_id: string;
  outcome: string;
  latency_ms: number | null;
  detail_json: string | null;
};

/** Where an activity row links to: its lead, or the reconciliation page anchored at the record. */
export function activityHref(entity: string, entityId: string, detail: Record<string, unknown>): string | null {
  const leadId = typeof detail.lead_id === "string" ? detail.lead_id : null;
  if (entity === "lead") return `/dashboard/leads/${encodeURIComponent(entityId)}`;
  if (leadId && (entity === "proposal" || entity === "escalation" || entity === "draft" || entity === "message" || entity === "deal"))
    return `/dashboard/leads/${encodeURIComponent(leadId)}`;
  if (entity === "invoice") return `/dashboard/recon?invoice=${encodeURIComponent(entityId)}`;
  if (entity === "import" || entity === "job") return `/dashboard/recon#import-${encodeURIComponent(entityId)}`;
  if (entity === "bank_entry" || entity === "entry" || entity === "review" || entity === "discrepancy")
    return `/dashboard/recon#${entity}-${encodeURIComponent(entityId)}`;
  return null;
}

function summarize(a: RawActivity, detail: Record<string, unknown>): string {
  const bits: string[] = [];
  for (const k of ["company", "stage", "to", "status", "verdict", "reason", "format", "entries", "error"]) {
    const v = detail[k];
    if (typeof v === "string" || typeof v === "number") bits.push(`${k === "to" ? "→" : `${k}:`} ${String(v).slice(0, 80)}`);
  }
  return bits.join(" · ");
}

export function toActivityItem(a: RawActivity): ActivityItem {
  const detail = parseJson<Record<string, unknown>>(a.detail_json, {});
  return {
    id: a.id,
    at: a.at,
    agent: a.agent,
    action: a.action,
    entity: a.entity,
    entity_id: a.entity_id,
    outcome: a.outcome,
    latency_ms: a.latency_ms,
    summary: summarize(a, detail && typeof detail === "object" ? detail : {}),
    href: activityHref(a.entity, a.entity_id, detail && typeof detail === "object" ? detail : {}),
  };
}

export async function recentActivity(sdb: SafeDb, limit = 50, filter?: { entityIds?: string[] }): Promise<ActivityItem[]> {
  const cols = "id, at, agent, action, entity, entity_id, outcome, latency_ms, detail_json";
  if (filter?.entityIds?.length) {
    const ids = filter.entityIds.slice(0, 50);
    const marks = ids.map(() => "?").join(",");
    const rows = await sdb.all<RawActivity>(
      ["activity"],
      `SELECT ${cols} FROM activity WHERE entity_id IN (${marks}) OR json_extract(detail_json, '$.lead_id') IN (${marks}) ORDER BY at DESC, id DESC LIMIT ?`,
      ...ids,
      ...ids,
      limit,
    );
    return rows.map(toActivityItem);
  }
  const rows = await sdb.all<RawActivity>(["activity"], `SELECT ${cols} FROM activity ORDER BY at DESC, id DESC LIMIT ?`, limit);
  return rows.map(toActivityItem);
}

export async function agentStatus(sdb: SafeDb, now: Date): Promise<AgentStatus[]> {
  const totals = await sdb.all<{ agent: string; handled: number; errors: number; last_at: string | null }>(
    ["activity"],
    "SELECT agent, COUNT(*) AS handled, SUM(CASE WHEN outcome = 'error' THEN 1 ELSE 0 END) AS errors, MAX(at) AS last_at FROM activity GROUP BY agent",
  );
  const out: AgentStatus[] = [];
  for (const agent of AGENTS) {
    const t = totals.find((r) => r.agent === agent);
    const last = await sdb.first<{ action: string; outcome: string; at: string }>(
      ["activity"],
      "SELECT action, outcome, at FROM activity WHERE agent = ? ORDER BY at DESC, id DESC LIMIT 1",
      agent,
    );
    const lastErr = await sdb.first<{ action: string; detail_json: string | null; at: string }>(
      ["activity"],
      "SELECT action, detail_json, at FROM activity WHERE agent = ? AND outcome = 'error' ORDER BY at DESC, id DESC LIMIT 1",
      agent,
    );
    const errDetail = parseJson<Record<string, unknown>>(lastErr?.detail_json, {});
    const recent = last ? now.getTime() - Date.parse(last.at) < 5 * 60_000 : false;
    out.push({
      agent,
      handled: t?.handled ?? 0,
      errors: t?.errors ?? 0,
      last_at: t?.last_at ?? null,
      last_action: last?.action ?? null,
      last_error: lastErr ? `${lastErr.action}${typeof errDetail.error === "string" ? `: ${errDetail.error}` : ""} (${lastErr.at})` : null,
      state: last?.outcome === "error" ? "error" : recent ? "active" : "idle",
    });
  }
  return out;
}

/**
 * The leads with their current stage: the negotiation layer mirrors a deal's stage into `deals`
 * (its DO is the source of truth), ingestion's stage stays in `leads`. A subquery usable after FROM.
 */
export async function leadsWithStage(sdb: SafeDb): Promise<string> {
  return (await sdb.has("deals"))
    ? "(SELECT l.*, COALESCE(d.stage, l.stage) AS eff_stage FROM leads l LEFT JOIN deals d ON d.lead_id = l.id)"
    : "(SELECT l.*, l.stage AS eff_stage FROM leads l)";
}

export function leadRows(sdb: SafeDb, db: D1Database, limit = 1000): Promise<LeadRow[]> {
  return listLeads(sdb, db, limit);
}

/** When each lead reached each stage: ingestion time, routing time, then stage changes recorded as activity. */
export async function stageEvents(sdb: SafeDb): Promise<StageEvent[]> {
  const events: StageEvent[] = [];
  const leads = await sdb.all<{ id: string; received_at: string; routed_at: string | null; qualified: number; updated_at: string }>(
    ["leads"],
    "SELECT id, received_at, routed_at, qualified, updated_at FROM leads",
  );
  for (const l of leads) {
    events.push({ lead_id: l.id, stage: "ingested", at: l.received_at });
    if (l.qualified) events.push({ lead_id: l.id, stage: "qualified", at: l.routed_at ?? l.received_at });
  }
  const changes = await sdb.all<{ entity: string; entity_id: string; at: string; detail_json: string | null }>(
    ["activity"],
    "SELECT entity, entity_id, at, detail_json FROM activity WHERE agent = 'negotiation' AND detail_json IS NOT NULL ORDER BY at LIMIT 20000",
  );
  // The negotiation layer's D1 mirrors: when drafts were created and decided, and the deal's current stage.
  const proposals = await sdb.all<{ lead_id: string; kind: string; status: string; created_at: string; decided_at: string | null }>(
    ["proposals"],
    "SELECT lead_id, kind, status, created_at, decided_at FROM proposals WHERE kind = 'proposal'",
  );
  for (const p of proposals) {
    events.push({ lead_id: p.lead_id, stage: "proposal_drafted", at: p.created_at });
    if (p.decided_at && (p.status === "approved" || p.status === "sent"))
      events.push({ lead_id: p.lead_id, stage: "proposal_sent", at: p.decided_at });
  }
  const deals = await sdb.all<{ lead_id: string; stage: string; stage_entered_at: string; won_at: string | null }>(
    ["deals"],
    "SELECT lead_id, stage, stage_entered_at, won_at FROM deals",
  );
  for (const d of deals) {
    events.push({ lead_id: d.lead_id, stage: d.stage, at: d.stage_entered_at });
    if (d.won_at) events.push({ lead_id: d.lead_id, stage: "won", at: d.won_at });
  }
  for (const c of changes) {
    const d = parseJson<Record<string, unknown>>(c.detail_json, {});
    const leadId = c.entity === "lead" ? c.entity_id : typeof d.lead_id === "string" ? d.lead_id : null;
    const stage = typeof d.to === "string" ? d.to : typeof d.stage === "string" ? d.stage : null;
    if (leadId && stage) events.push({ lead_id: leadId, stage, at: c.at });
  }
  return events;
}

export async function pipelineSnapshot(db: D1Database, now = new Date()): Promise<PipelineSnapshot> {
  const sdb = new SafeDb(db);
  const [agents, activity, stageRows, leads, events] = await Promise.all([
    agentStatus(sdb, now),
    recentActivity(sdb, 50),
    leadsWithStage(sdb).then((src) =>
      sdb.all<{ stage: string; count: number; avg_score: number | null; max_score: number | null }>(
        ["leads"],
        `SELECT eff_stage AS stage, COUNT(*) AS count, ROUND(AVG(score), 2) AS avg_score, MAX(score) AS max_score FROM ${src} GROUP BY eff_stage`,
      ),
    ),
    leadRows(sdb, db),
    stageEvents(sdb),
  ]);
  const dealMoney = await sdb.all<{ stage: string; currency: string | null; total_minor: number | null }>(
    ["deals"],
    "SELECT stage, quote_currency AS currency, quote_total_minor AS total_minor FROM deals",
  );
  const order = (s: string) => {
    const i = (STAGE_DISPLAY as readonly string[]).indexOf(s);
    return i < 0 ? 99 : i;
  };
  const stages = [...stageRows].sort((a, b) => order(a.stage) - order(b.stage));
  const received = events.filter((e) => e.stage === "ingested").map((e) => e.at);
  return {
    generated_at: now.toISOString(),
    agents,
    activity,
    stages,
    velocity: { steps: stageVelocity(events), leads_per_day: leadsPerDay(received, 14, now), total_leads: received.length },
    leads,
    money_by_stage: moneyByStage(dealMoney),
  };
}
