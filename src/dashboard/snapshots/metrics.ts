/**
 * Pure dashboard arithmetic: pipeline velocity, leads per day, the lead-to-cash funnel. Plain data in,
 * plain data out; the D1 reads live in queries.ts.
 */

/** The order a lead moves through, ingestion first, then the negotiation stages of the happy path. */
export const PIPELINE_ORDER = [
  "ingested",
  "qualified",
  "proposal_drafted",
  "awaiting_approval",
  "proposal_sent",
  "countered",
  "accepted",
  "agreement_drafted",
  "won",
] as const;

/** Stages a lead can be in, in display order (ingestion outcomes, then negotiation). */
export const STAGE_DISPLAY = [
  "nurture",
  "disqualified",
  "qualified",
  "proposal_drafted",
  "awaiting_approval",
  "proposal_sent",
  "countered",
  "accepted",
  "agreement_drafted",
  "won",
  "lost",
] as const;

/** Stages that mean "a proposal exists" for the funnel. */
export const PROPOSAL_OR_LATER = new Set([
  "proposal_drafted",
  "awaiting_approval",
  "proposal_sent",
  "countered",
  "accepted",
  "agreement_drafted",
  "won",
]);

export function median(values: readonly number[]): number | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** A lead reaching a stage at a time (ISO). */
export type StageEvent = { lead_id: string; stage: string; at: string };
export type VelocityStep = { from: string; to: string; median_ms: number | null; samples: number };

/**
 * Median time between consecutive stages of PIPELINE_ORDER. For each lead, the first time it
 * reached each stage counts; a step is measured from the latest earlier stage the lead reached,
 * so a lead that skipped awaiting_approval (autonomous mode) still contributes drafted → sent.
 */
export function stageVelocity(events: readonly StageEvent[]): VelocityStep[] {
  const first = new Map<string, Map<string, number>>();
  for (const e of events) {
    const t = Date.parse(e.at);
    if (!Number.isFinite(t)) continue;
    let m = first.get(e.lead_id);
    if (!m) first.set(e.lead_id, (m = new Map()));
    const prev = m.get(e.stage);
    if (prev === undefined || t < prev) m.set(e.stage, t);
  }
  const samples = new Map<string, number[]>();
  for (const reached of first.values()) {
    let prevStage: string | null = null;
    for (const stage of PIPELINE_ORDER) {
      const t = reached.get(stage);
      if (t === undefined) continue;
      if (prevStage !== null) {
        const key = `${prevStage}>${stage}`;
        const list = samples.get(key) ?? [];
        list.push(Math.max(0, t - (reached.get(prevStage) ?? t)));
        samples.set(key, list);
      }
      prevStage = stage;
    }
  }
  const out: VelocityStep[] = [];
  for (const [key, list] of samples) {
    const [from, to] = key.split(">");
    out.push({ from, to, median_ms: median(list), samples: list.length });
  }
  const rank = (s: string) => PIPELINE_ORDER.indexOf(s as (typeof PIPELINE_ORDER)[number]);
  return out.sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}

/** Leads received per UTC day over the last `days` days ending at `now` (zeros included). */
export function leadsPerDay(receivedAt: readonly string[], days: number, now: Date): Array<{ day: string; count: number }> {
  const counts = new Map<string, number>();
  for (const at of receivedAt) {
    const d = at.slice(0, 10);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const out: Array<{ day: string; count: number }> = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i)).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}

export const FLOW_STEPS = ["ingested", "qualified", "proposal", "won", "invoiced", "paid", "reconciled"] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];
export type FlowNode = { step: FlowStep; count: number; conversion_pct: number | null };

/** Counts per step with the conversion from the previous step (null for the first or after a zero). */
export function flowWithConversion(counts: Record<FlowStep, number>): FlowNode[] {
  return FLOW_STEPS.map((step, i) => {
    const prev = i === 0 ? null : counts[FLOW_STEPS[i - 1]];
    const conversion_pct = prev === null || prev === 0 ? null : Math.round((counts[step] / prev) * 1000) / 10;
    return { step, count: counts[step], conversion_pct };
  });
}

/** "3.2 s", "4 min", "2.5 h", "3.1 d" */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}
