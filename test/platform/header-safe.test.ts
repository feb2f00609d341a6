import { describe, expect, it } from "vitest";
import { headerSafe, isValidEmail } from "../../src/platform/header-safe";

describe("headerSafe", () => {
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

describe("isValidEmail", () => {
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
