import { describe, expect, it } from "vitest";
import { segmentFor } from "../../../src/negotiation/core/segment";

describe("segment from lead facts", () => {
  it.each([
    [null, null, "smb"],
    [99, null, "smb"],
    [100, null, "mid"],
    [999, 0, "mid"],
    [1000, null, "enterprise"],
    [10, 4_999_999, "smb"],
    [10, 5_000_000, "mid"],
    [10, 25_000_000, "enterprise"],
    [5000, 100, "enterprise"],
  ] as const)("employees %s and budget %s USD minor → %s", (employees, budget, seg) => {
    expect(segmentFor({ employees, budget_usd_minor: budget })).toBe(seg);
  });
});
