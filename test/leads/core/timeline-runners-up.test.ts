import { describe, expect, it } from "vitest";
import { timelineCandidates } from "../../../src/leads/core/extract/timeline";
import { extract } from "./support";

// Reference day 2026-03-02 (support.ts).
describe("timeline runner-ups in the debug output", () => {
  it("lists the readings that lost to the go-live, with evidence, best first", () => {
    const x = extract(
      "Questions are due by March 16, 2026.\nWe are looking at options this quarter.\nTarget go-live: June 29, 2026.\nMost customers go live in 6 weeks, your site says.",
    );
    expect(x.timeline_weeks.value).toBe(17);
    expect(x.timeline_weeks.evidence).toBe("Target go-live: June 29, 2026.");
    const ups = x.runnersUp?.timeline_weeks ?? [];
    expect(ups.map((c) => c.evidence)).toEqual([
      "We are looking at options this quarter.",
      "Questions are due by March 16, 2026.",
      "Most customers go live in 6 weeks, your site says.",
    ]);
    expect(ups.map((c) => c.value)).toEqual([4, 2, 6]);
    expect(ups.every((c) => c.confidence < x.timeline_weeks.confidence)).toBe(true);
  });
  it("never repeats the kept reading, and is empty when nothing else states a time", () => {
    const x = extract("We want to go live within 8 weeks.");
    expect(x.timeline_weeks.value).toBe(8);
    expect(x.runnersUp?.timeline_weeks).toEqual([]);
  });
  it('keeps the evidence as written when its cues were normalised ("in 3 Wochen" is read as "within 3 weeks")', () => {
    const x = extract("Einführung in 10 Wochen.\nWir entscheiden in 3 Wochen.");
    expect(x.timeline_weeks.value).toBe(10);
    expect(x.runnersUp?.timeline_weeks?.map((c) => [c.value, c.evidence])).toEqual([[3, "Wir entscheiden in 3 Wochen."]]);
  });
  it("rates a reply wanted ASAP below a go-live wanted ASAP", () => {
    const c = timelineCandidates(["Please reply ASAP.", "We need it live ASAP."], "2026-03-02");
    expect(c.map((x) => [x.evidence, x.confidence])).toEqual([
      ["We need it live ASAP.", 0.85],
      ["Please reply ASAP.", 0.3],
    ]);
  });
});
