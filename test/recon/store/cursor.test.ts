import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../../src/recon/store/cursor";

describe("finance listing cursors", () => {
  it("round-trip the last row's (created_at, id) as URL-safe text", () => {
    const c = { at: "2026-04-30T10:00:00.000Z", id: "lnk_01J?>>~" };
    const text = encodeCursor(c);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(c);
  });

  it.each(["", "not base64!", btoa("[1,2]"), btoa('["only one"]'), btoa("{}")])("refuse %j, which this API never issued", (t) => {
    expect(decodeCursor(t)).toBeNull();
  });
});
