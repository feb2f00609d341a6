import { describe, expect, it } from "vitest";
import { locateIssues } from "../../../src/recon/store/statements";

describe("locateIssues", () => {
  it("gives each statement the issues the reader located in it and leaves line-only issues with the file", () => {
    const issues = [
      { code: "BAD_LINE", message: "x", location: "statement S-1 1/1, line 7" },
      { code: "BALANCE_MISMATCH", message: "y", location: "statement S-10 2/1" },
      { code: "BALANCE_MISMATCH", message: "z", location: "statement S-1" },
      { code: "CONTROL_TOTAL_MISMATCH", message: "w", location: "line 12" },
      { code: "QUEUE_REFUSED", message: "v" },
    ];
    const { byRef, unplaced } = locateIssues(["S-1", "S-10"], issues);
    expect(byRef.get("S-1")?.map((i) => i.message)).toEqual(["x", "z"]);
    // "S-10" is not taken for "S-1" although it starts with it.
    expect(byRef.get("S-10")?.map((i) => i.message)).toEqual(["y"]);
    expect(unplaced.map((i) => i.code)).toEqual(["CONTROL_TOTAL_MISMATCH", "QUEUE_REFUSED"]);
  });

  it("gives a statement with no located issue an empty list", () => {
    expect(locateIssues(["A"], []).byRef.get("A")).toEqual([]);
  });
});
