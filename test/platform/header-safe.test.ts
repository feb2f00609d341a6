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
