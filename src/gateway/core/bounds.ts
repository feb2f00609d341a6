import { InvalidInput } from "../../platform/errors";
import { exceedsDepth } from "../../platform/json-limits";
import type { InternalEvent } from "./internal-event";

/**
 * What an accepted event may carry, checked at the producer so that every gateway queue message
 * can be decoded by its consumer (and by the dead-letter consumer): a queue message is at most
 * 128 KB and a sendBatch 256 KB, and the runtime decodes a whole batch before our code sees it, so
 * one oversized or absurdly nested event used to fail every event of its batch.
 */
export const MAX_EVENT_DEPTH = 8;
export const MAX_EVENT_BYTES = 48 * 1024;

export type EventBoundsProblem = { code: "event_too_deep" | "event_too_large"; detail: string };

export function eventBoundsProblem(event: InternalEvent): EventBoundsProblem | null {
  // The event itself is one level, its data a second.
  if (exceedsDepth(event.data, MAX_EVENT_DEPTH - 1)) {
    return { code: "event_too_deep", detail: `The event's data nests deeper than ${MAX_EVENT_DEPTH} levels` };
  }
  const bytes = new TextEncoder().encode(JSON.stringify(event)).length;
  if (bytes > MAX_EVENT_BYTES) {
    return { code: "event_too_large", detail: `The event is ${bytes} bytes once normalized, over the limit of ${MAX_EVENT_BYTES}` };
  }
  return null;
}

/** Refuses (422 with the code) an event that could not travel through the queue. */
export function assertEventBounded(event: InternalEvent): void {
  const problem = eventBoundsProblem(event);
  if (problem) throw new InvalidInput(problem.detail, { code: problem.code });
}
