import { describe, expect, it } from "vitest";
import {
  ALLOWED_TRANSITIONS,
  assertTransition,
  canTransition,
  isStage,
  isTerminal,
  transition,
} from "../../../src/negotiation/core/stages";
import { IllegalTransition, STAGES, type Stage } from "../../../src/negotiation/core/types";

const legal: Array<[Stage, Stage]> = [
  ["qualified", "proposal_drafted"],
  ["proposal_drafted", "awaiting_approval"],
  ["proposal_drafted", "proposal_sent"],
  ["awaiting_approval", "proposal_sent"],
  ["awaiting_approval", "proposal_drafted"],
  ["proposal_sent", "accepted"],
  ["proposal_sent", "countered"],
  ["proposal_sent", "lost"],
  ["countered", "proposal_drafted"],
  ["countered", "awaiting_approval"],
  ["countered", "accepted"],
  ["accepted", "agreement_drafted"],
  ["agreement_drafted", "won"],
];

describe("negotiation stage machine", () => {
  it("allows the documented moves", () => {
    for (const [from, to] of legal) expect(transition(from, to), `${from} → ${to}`).toEqual({ ok: true, from, to });
  });

  it("refuses every pair that is not in the allowed map, with an IllegalTransition (409)", () => {
    let refused = 0;
    for (const from of STAGES) {
      for (const to of STAGES) {
        const r = transition(from, to);
        const expected = ALLOWED_TRANSITIONS[from].includes(to);
        expect(r.ok, `${from} → ${to}`).toBe(expected);
        if (!r.ok) {
          refused++;
          expect(r.error).toBeInstanceOf(IllegalTransition);
          expect(r.error.kind).toBe("conflict");
          expect(r.error.from).toBe(from);
          expect(r.error.to).toBe(to);
        }
      }
    }
    // 81 ordered pairs minus the allowed ones: self-loops included, all refused.
    const allowedCount = Object.values(ALLOWED_TRANSITIONS).reduce((a, v) => a + v.length, 0);
    expect(refused).toBe(STAGES.length * STAGES.length - allowedCount);
  });

  it("never lets a stage move to itself", () => {
    for (const s of STAGES) expect(canTransition(s, s)).toBe(false);
  });

  it("treats won and lost as terminal", () => {
    for (const to of STAGES) {
      expect(canTransition("won", to)).toBe(false);
      expect(canTransition("lost", to)).toBe(false);
    }
  });

  it("lets every non-terminal stage be lost", () => {
    for (const s of STAGES.filter((x) => x !== "won" && x !== "lost")) expect(canTransition(s, "lost")).toBe(true);
  });

  it("keeps every stage reachable from qualified and won reachable at all", () => {
    const seen = new Set<Stage>(["qualified"]);
    const queue: Stage[] = ["qualified"];
    while (queue.length) {
      for (const n of ALLOWED_TRANSITIONS[queue.shift()!]) {
        if (seen.has(n)) continue;
        seen.add(n);
        queue.push(n);
      }
    }
    expect([...seen].sort()).toEqual([...STAGES].sort());
  });

  it("refuses unknown stage names and throws from assertTransition", () => {
    expect(transition("qualified", "closed_won").ok).toBe(false);
    expect(transition("hacked", "won").ok).toBe(false);
    expect(() => assertTransition("proposal_sent", "won")).toThrow(IllegalTransition);
    expect(assertTransition("proposal_sent", "countered")).toBe("countered");
  });
});

describe("stage names and terminal stages", () => {
  it("knows a stage only by its exact string", () => {
    expect(STAGES.every((s) => isStage(s))).toBe(true);
    for (const v of ["Won", "", " won", 42, null, undefined, { stage: "won" }, ["won"]]) expect(isStage(v)).toBe(false);
  });

  it("calls won and lost terminal and nothing else", () => {
    expect(STAGES.filter((s) => isTerminal(s)).sort()).toEqual(["lost", "won"]);
  });

  it("refuses a move from a name outside the map without throwing", () => {
    expect(canTransition("closed" as Stage, "lost")).toBe(false);
  });

  it("throws the refused move's names from assertTransition", () => {
    expect(() => assertTransition("won", "lost")).toThrow(expect.objectContaining({ from: "won", to: "lost", kind: "conflict" }));
  });
});
