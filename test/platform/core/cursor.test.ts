import { describe, expect, it } from "vitest";
import { decodeCursor, decodeIdCursor, encodeCursor } from "../../../src/platform/cursor";

describe("encodeCursor / decodeCursor", () => {
  it("round-trips key parts, including non-ASCII ids, as URL-safe text without padding", () => {
    for (const parts of [["2026-12-01T10:00:00.000Z", "lead_01JD"], ["Zahlung für Müller GmbH ✓"], ["a+b/c=?", "x"]]) {
      const c = encodeCursor(parts);
      expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(c, parts.length)).toEqual(parts);
    }
  });
  it("reads the cursors the lists issued before (btoa of the JSON array)", () => {
    const legacy = btoa(JSON.stringify(["2026-11-01T00:00:00Z", "inv_9"])).replace(/=+$/, "");
    expect(decodeCursor(legacy, 2)).toEqual(["2026-11-01T00:00:00Z", "inv_9"]);
    expect(encodeCursor(["2026-11-01T00:00:00Z", "inv_9"])).toBe(legacy.replace(/\+/g, "-").replace(/\//g, "_"));
  });
  it("drops every padding character", () => {
    expect(encodeCursor(["ab"])).toBe("WyJhYiJd"); // no padding needed
    expect(encodeCursor(["abcd"])).toBe("WyJhYmNkIl0"); // one "=" dropped
    expect(encodeCursor(["abc"])).toBe("WyJhYmMiXQ"); // two "=" dropped
  });
  it("uses - and _ where base64 has + and /", () => {
    const c = encodeCursor(["\u00ff\u00fe\u00fd>>>???"]);
    expect(c).not.toMatch(/[+/=]/);
    expect(decodeCursor(c, 1)).toEqual(["\u00ff\u00fe\u00fd>>>???"]);
  });
  it("refuses a cursor with the wrong number of parts, non-string parts, or not JSON", () => {
    const two = encodeCursor(["a", "b"]);
    expect(decodeCursor(two, 1)).toBeNull();
    expect(decodeCursor(two, 3)).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify(["a", 1])).replace(/=+$/, ""), 2)).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify({ a: "b" })).replace(/=+$/, ""), 1)).toBeNull();
    expect(decodeCursor(btoa("not json"), 1)).toBeNull();
    expect(decodeCursor(btoa("\xff\xfe"), 1)).toBeNull(); // not UTF-8
    expect(decodeCursor(btoa('["\xff"]').replace(/=+$/, "").replace(/\//g, "_").replace(/\+/g, "-"), 1)).toBeNull(); // JSON, but its string is not UTF-8
  });
  it("refuses characters outside base64url before decoding", () => {
    expect(decodeCursor("abc=", 1)).toBeNull();
    expect(decodeCursor("a b", 1)).toBeNull();
    expect(decodeCursor("", 1)).toBeNull();
    expect(decodeCursor(`${encodeCursor(["a"])}!`, 1)).toBeNull();
    expect(decodeCursor(`!${encodeCursor(["a"])}`, 1)).toBeNull();
    // atob itself would accept these (padding, surrounding whitespace): the cursor alphabet does not.
    const c = encodeCursor(["a"]);
    expect(c).toBe("WyJhIl0");
    for (const padded of [`${c}=`, ` ${c}`, `${c} `, `${c}\n`]) expect(decodeCursor(padded, 1)).toBeNull();
  });
});

describe("decodeIdCursor", () => {
  it("unwraps an opaque one-part cursor and passes a legacy raw id through", () => {
    expect(decodeIdCursor(encodeCursor(["INV-2026-0042"]))).toBe("INV-2026-0042");
    expect(decodeIdCursor("INV-2026-0042")).toBe("INV-2026-0042");
    expect(decodeIdCursor(encodeCursor(["a", "b"]))).toBe(encodeCursor(["a", "b"]));
  });
});
