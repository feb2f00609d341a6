import type { LeadView } from "./core/types";

export type { LeadView } from "./core/types";

export type IngestOutcome = {
  lead: LeadView;
  /** True when the same input (dedupe key or content hash) was already ingested: nothing new was written. */
  duplicate: boolean;
  /** The routing decision (qualify → stage) plus the hand-off to the lead's Durable Object (openLead). */
  routing_ms: number;
  latency_ms: number;
};

export type IngestOptions = {
  /** performance.now() at the start of the request, for the end-to-end latency in the log line. */
  startedAt?: number;
  requestId?: string;
  /** Overrides the dedupe key the document would give (webhook events: source + subject id). */
  externalKey?: string | null;
  /** ctx.waitUntil when there is a request context: the activity record then runs after the response. */
  waitUntil?: (p: Promise<unknown>) => void;
};
