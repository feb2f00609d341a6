import { describe, expect, it } from "vitest";
import { takeGroup } from "../../../src/recon/object/group-commit";

const waiting = (...sizes: number[]) => sizes.map((n, i) => ({ i, input: { entries: Array.from({ length: n }, () => null) } }));

describe("a ledger object's group commit", () => {
  it("takes the oldest notifications, at most 32 of them", () => {
    const pending = waiting(...Array.from({ length: 40 }, () => 1));
    expect(takeGroup(pending).map((w) => w.i)).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(pending.map((w) => w.i)).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
  });

  it("stops before the group would hold more than 200 payments", () => {
    const pending = waiting(150, 50, 1);
    expect(takeGroup(pending).map((w) => w.i)).toEqual([0, 1]);
    expect(pending.map((w) => w.i)).toEqual([2]);
  });

  it("always takes one, however large", () => {
    const pending = waiting(500, 1);
    expect(takeGroup(pending).map((w) => w.i)).toEqual([0]);
    expect(takeGroup([])).toEqual([]);
  });
});
