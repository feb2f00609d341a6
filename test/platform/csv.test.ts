import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../src/platform/csv";

describe("csvCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", `"'\rcmd"`],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["-10.50", "'-10.50"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])("neutralises the string %j as %j", (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it("leaves numbers the code produced numeric, negative ones too", () => {
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(0.95)).toBe("0.95");
    expect(csvCell(1018)).toBe("1018");
  });

  it("quotes commas, quotes and line breaks as RFC 4180 says, and leaves plain text bare", () => {
    expect(csvCell("Acme, Inc.")).toBe('"Acme, Inc."');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("1018.01")).toBe("1018.01");
    expect(csvCell("INV-1")).toBe("INV-1");
  });

  it("writes null and undefined as empty cells", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });
});

describe("toCsv", () => {
  it("writes a header and one CRLF-terminated line per row, in the columns' order", () => {
    const csv = toCsv(["a", "b"], [{ b: "=x", a: 1 }, { a: "-2+3" }]);
    expect(csv).toBe("a,b\r\n1,'=x\r\n'-2+3,\r\n");
  });
});
