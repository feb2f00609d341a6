import { describe, expect, it } from "vitest";
import { flowWithConversion, formatDuration, leadsPerDay, median, stageVelocity } from "../../../src/dashboard/snapshots/metrics";

describe("dashboard metrics", () => {
  it("takes the median of odd and even samples and ignores non-finite values", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN])).toBeNull();
    expect(median([])).toBeNull();
  });

  it("measures each step from the latest earlier stage a lead reached, using first arrivals", () => {
    const h = (n: number) => new Date(Date.UTC(2026, 0, 1, n)).toISOString();
    const steps = stageVelocity([
      { lead_id: "a", stage: "ingested", at: h(0) },
      { lead_id: "a", stage: "qualified", at: h(1) },
      { lead_id: "a", stage: "proposal_drafted", at: h(3) },
      { lead_id: "a", stage: "proposal_drafted", at: h(9) }, // a later re-draft does not move the first arrival
      { lead_id: "b", stage: "ingested", at: h(0) },
      { lead_id: "b", stage: "qualified", at: h(3) },
      { lead_id: "b", stage: "proposal_sent", at: h(4) }, // autonomous: skipped drafting and approval
    ]);
    const get = (from: string, to: string) => steps.find((s) => s.from === from && s.to === to);
    expect(get("ingested", "qualified")).toEqual({ from: "ingested", to: "qualified", median_ms: 2 * 3600_000, samples: 2 });
    expect(get("qualified", "proposal_drafted")?.median_ms).toBe(2 * 3600_000);
    expect(get("qualified", "proposal_sent")).toMatchObject({ median_ms: 3600_000, samples: 1 });
    expect(steps[0].from).toBe("ingested");
  });

  it("counts leads per UTC day including empty days", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    const days = leadsPerDay(["2026-03-10T01:00:00Z", "2026-03-10T23:00:00Z", "2026-03-08T10:00:00Z", "2026-01-01T00:00:00Z"], 3, now);
    expect(days).toEqual([
      { day: "2026-03-08", count: 1 },
      { day: "2026-03-09", count: 0 },
      { day: "2026-03-10", count: 2 },
    ]);
  });

  it("computes conversion from the previous step and leaves it empty after a zero", () => {
    const nodes = flowWithConversion({ ingested: 8, qualified: 4, proposal: 3, won: 0, invoiced: 5, paid: 4, reconciled: 3 });
    expect(nodes.map((n) => n.conversion_pct)).toEqual([null, 50, 75, 0, null, 80, 75]);
  });

  it("formats durations for people", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(250)).toBe("250 ms");
    expect(formatDuration(90_000)).toBe("2 min");
    expect(formatDuration(2 * 86_400_000)).toBe("2.0 d");
  });
});
