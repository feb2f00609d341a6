import { describe, expect, it } from "vitest";
import { MAX_HEADER_CHARS, hasControlChars, headerSafe, isValidEmail } from "../../src/platform/header-safe";

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe("headerSafe", () => {
  it("folds CR and LF into one space so no header line can be injected", () => {
    expect(headerSafe("Acme\r\nBcc: evil@y.com")).toBe("Acme Bcc: evil@y.com");
  });

  it("removes NUL, TAB, DEL, C1 controls, NEL and the Unicode line and paragraph separators", () => {
    for (const c of ["\u0000", "\t", "\u007f", "\u0085", "\u009b", "\u2028", "\u2029", "\u000b", "\u000c", "\u001b"]) {
      const out = headerSafe(`a${c}b`);
      expect(out).toBe("a b");
      expect(CONTROLS.test(out)).toBe(false);
    }
  });

  it("keeps ordinary text, accents and emoji as they are", () => {
    expect(headerSafe("Proposal for Müller & Söhne GmbH: €1,200.00 🚀")).toBe("Proposal for Müller & Söhne GmbH: €1,200.00 🚀");
  });

  it("collapses the spaces left behind and trims the ends", () => {
    expect(headerSafe("\r\n  Acme \r\n\r\n Corp \n")).toBe("Acme Corp");
  });

  it("cuts to the header length limit, or to a shorter one when asked", () => {
    expect(headerSafe("x".repeat(2000))).toHaveLength(MAX_HEADER_CHARS);
    expect(headerSafe("abc def", 4)).toBe("abc");
  });

  it("never leaves a control character, whatever the input", () => {
    let all = "";
    for (let i = 0; i < 0x2030; i++) all += String.fromCharCode(i);
    expect(CONTROLS.test(headerSafe(all, 100_000))).toBe(false);
  });

  it("reports whether a text has control characters", () => {
    expect(hasControlChars("a\r\nb")).toBe(true);
    expect(hasControlChars("a\u2028b")).toBe(true);
    expect(hasControlChars("plain text")).toBe(false);
    // a global regex keeps lastIndex between calls: asking twice must answer the same
    expect(hasControlChars("x\n")).toBe(true);
    expect(hasControlChars("x\n")).toBe(true);
  });
});

describe("isValidEmail", () => {
  it("accepts ordinary single addresses", () => {
    for (const a of ["buyer@acme.example", "sven.becker@ospreylogistics.io", "a+tag@sub.example.co.uk", "o'neil@x.com", "x_y-z@a-b.io"]) {
      expect(isValidEmail(a)).toBe(true);
    }
  });

  it("refuses an address carrying a header injection", () => {
    expect(isValidEmail("buyer@x.com\r\nBcc: evil@y.com")).toBe(false);
    expect(isValidEmail("buyer@x.com\nBcc: evil@y.com")).toBe(false);
    expect(isValidEmail("buyer@x.com\u2028")).toBe(false);
    expect(isValidEmail("buyer@x.com\u0000")).toBe(false);
  });

  it("refuses lists, display names, brackets and whitespace", () => {
    for (const a of [
      "a@x.com, b@y.com",
      "a@x.com;b@y.com",
      "Jane <jane@x.com>",
      "<jane@x.com>",
      "jane @x.com",
      " jane@x.com",
      "jane@x.com ",
    ]) {
      expect(isValidEmail(a)).toBe(false);
    }
  });

  it("refuses malformed addresses", () => {
    for (const a of [
      "",
      "@x.com",
      "jane@",
      "jane",
      "jane@@x.com",
      "a@b@x.com",
      "jane@localhost",
      "jane@x",
      "jane@x.c0m",
      ".jane@x.com",
      "jane.@x.com",
      "ja..ne@x.com",
      "jane@-x.com",
      "jane@x-.com",
      "jane@x..com",
      '"jane"@x.com',
      "jane@[127.0.0.1]",
      "jane@x.com.",
    ]) {
      expect(isValidEmail(a), a).toBe(false);
    }
  });

  it("refuses addresses over the length limits", () => {
    expect(isValidEmail(`${"a".repeat(65)}@x.com`)).toBe(false);
    expect(isValidEmail(`${"a".repeat(64)}@x.com`)).toBe(true);
    expect(isValidEmail(`a@${"b".repeat(250)}.com`)).toBe(false);
  });
});

// The ingestion side's cases (leads' contact fields use the same two functions).

describe("headerSafe, as ingestion uses it", () => {
  it("puts a value with CR/LF on one line, so it cannot add a header", () => {
    expect(headerSafe("Acme GmbH\r\nBcc: victim@example.com")).toBe("Acme GmbH Bcc: victim@example.com");
    expect(headerSafe("a\rb\nc")).toBe("a b c");
  });

  it("drops other control characters, DEL, C1 controls and Unicode line separators", () => {
    expect(headerSafe("A\u0000c\u0007m\u001be")).toBe("A c m e");
    expect(headerSafe("x\u007fy\u0085z\u2028w\u2029v")).toBe("x y z w v");
    expect(headerSafe("\ttabbed\t")).toBe("tabbed");
  });

  it("leaves ordinary text, accents and inner spacing alone", () => {
    expect(headerSafe("Müller & Söhne KG")).toBe("Müller & Söhne KG");
    expect(headerSafe("")).toBe("");
  });
});

describe("isValidEmail, as ingestion uses it", () => {
  it.each(["buyer@x.com", "first.last+tag@sub.example.co.uk", "o'brien@example.ie", "a@b.io"])("accepts %s", (a) => {
    expect(isValidEmail(a)).toBe(true);
  });

  it.each([
    "buyer@x.com\r\nBcc: victim@example.com",
    "buyer@x.com\nBcc:x@y.z",
    "buyer@x.com, other@y.com",
    "Buyer <buyer@x.com>",
    "buyer @x.com",
    "buyer@x",
    "buyer@-x.com",
    "buyer@x..com",
    ".buyer@x.com",
    "buyer.@x.com",
    "buyer..x@x.com",
    "@x.com",
    "buyer@",
    "buyer",
    '"quoted"@x.com',
    "buyer@x.123",
    `${"a".repeat(65)}@x.com`,
    `a@${"b".repeat(250)}.com`,
    "buyer\u0000@x.com",
  ])("refuses %j", (a) => {
    expect(isValidEmail(a)).toBe(false);
  });
});
