/**
 * The script's decisions that need no DOM (unit-tested under workerd and Node): which snapshot a
 * page refetches, which pushed messages matter to it, how long to wait before reconnecting.
 */

export type PageName = "pipeline" | "lead" | "recon" | "flow";

/** A message pushed by the LiveHub (see src/durable/live-hub.ts). */
export type LiveMessage = {
  type?: string;
  activity?: { agent?: string; entity?: string; entity_id?: string; detail?: Record<string, unknown> };
};

/** The snapshot endpoint a page refetches when something it shows changed. */
export function endpointFor(page: string | null, leadId: string | null, search: string): string | null {
  if (page === "pipeline") return "/dashboard/api/pipeline";
  if (page === "recon") return "/dashboard/api/recon" + search;
  if (page === "flow") return "/dashboard/api/flow";
  if (page === "lead" && leadId) return "/dashboard/api/leads/" + encodeURIComponent(leadId);
  return null;
}

/** Whether a pushed message can change what this page shows. */
export function relevant(msg: LiveMessage, page: string | null, leadId: string | null): boolean {
  if (msg.type !== "activity" || !msg.activity) return msg.type !== "hello" && msg.type !== "subscribed";
  const a = msg.activity;
  if (page === "lead") {
    const det = a.detail || {};
    return a.entity_id === leadId || det.lead_id === leadId;
  }
  if (page === "recon")
    return a.agent === "reconciliation" || a.entity === "invoice" || a.entity === "import" || a.entity === "discrepancy";
  return true;
}

/** Exponential backoff with ±25 % jitter, capped at 30 s. */
export function backoffMs(attempt: number, random: number): number {
  return Math.min(30000, 500 * Math.pow(2, attempt)) * (0.75 + random * 0.5);
}
