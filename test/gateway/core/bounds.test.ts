import { describe, expect, it } from "vitest";
import { assertEventBounded, eventBoundsProblem, MAX_EVENT_BYTES, MAX_EVENT_DEPTH } from "../../../src/gateway/core/bounds";
import type { InternalEvent } from "../../../src/gateway/core/internal-event";

const event = (data: Record<string, unknown>): InternalEvent => ({
  source: "seed",
  vendor_event_id: "lead_create:1",
  event_type: "lead_create",
  subject_id: "1",
  occurred_at: "2026-12-01T00:00:00.000Z",
  data,
});

describe("event bounds at the producer", () => {
  it("accepts a flat event", () => {
    expect(eventBoundsProblem(event({ email: "a@b.co", amount_minor: 100 }))).toBeNull();
  });

  it("refuses data nested deeper than the queue should carry", () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_EVENT_DEPTH; i++) deep = [deep];
    expect(eventBoundsProblem(event({ deep }))?.code).toBe("event_too_deep");
    expect(() => assertEventBounded(event({ deep }))).toThrow(expect.objectContaining({ kind: "invalid_input", code: "event_too_deep" }));
  });

  it("refuses an event too large for one queue message", () => {
    expect(eventBoundsProblem(event({ note: "x".repeat(MAX_EVENT_BYTES) }))?.code).toBe("event_too_large");
  });
});
