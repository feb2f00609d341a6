import { describe, expect, it } from "vitest";
import { fieldsOf, swiftAmount, swiftDate } from "../../../../src/recon/core/parse/swift";

/* The FIN envelope around MT940 fields, block by block (mutation-driven): where a message starts and ends, what is
 * stripped, how continuation lines join, which messages count. */

const tags = (text: string) => fieldsOf(text).map((m) => m.map((f) => f.tag));

const FIELDS = [":20:STMT1", ":25:NL01ABNA0123456789", ":28C:1/1", ":60F:C261130EUR1000,00", ":61:2612011201C100,00NTRFREF1"];

describe("fieldsOf", () => {
  it("reads two enveloped messages with their line numbers and continuation lines", () => {
    const text = [
      "{1:F01ABNANL2AXXXX0000000000}{2:I940ABNANL2AXXXXN}{3:{108:MSG1}}{4:",
      ...FIELDS,
      ":86:Line one",
      "continued",
      "",
      ":62F:C261201EUR1100,00",
      "-}{5:{MAC:12345678}{CHK:ABCDEF}}",
      "{1:F01ABNANL2AXXXX0000000000}{2:I940ABNANL2AXXXXN}{4:",
      ":20:STMT2",
      ":60F:C261201EUR1100,00",
      "-}",
    ].join("\r\n");
    const messages = fieldsOf(text);
    expect(messages.map((m) => m.map((f) => f.tag))).toEqual([
      ["20", "25", "28C", "60F", "61", "86", "62F"],
      ["20", "60F"],
    ]);
    expect(messages[0][0]).toEqual({ tag: "20", value: "STMT1", line: 2 });
    expect(messages[0][5]).toEqual({ tag: "86", value: "Line one\ncontinued", line: 7 });
    expect(messages[0][6]).toEqual({ tag: "62F", value: "C261201EUR1100,00", line: 10 });
    expect(messages[1][0]).toEqual({ tag: "20", value: "STMT2", line: 13 });
  });

  it("takes blocks 1 to 4 on lines of their own, and block 5 after a close on its own line", () => {
    const text = ["{1:F01ABNANL2AXXXX0000000000}", "{2:I940ABNANL2AXXXXN}", "{4:", ...FIELDS, "-", "{5:{CHK:ABCDEF}}", "}"].join("\n");
    expect(fieldsOf(text)).toEqual([FIELDS.map((f, i) => ({ tag: f.split(":")[1], value: f.split(":").slice(2).join(":"), line: i + 4 }))]);
  });

  it("ends a message at a close glued to its last field", () => {
    const text = `{4:\n:20:A\n:62F:C261201EUR1,00-}{5:}\n:20:B\n:61:2612011201C1,00NTRF`;
    const messages = fieldsOf(text);
    expect(messages.map((m) => m.map((f) => `${f.tag}=${f.value}`))).toEqual([
      ["20=A", "62F=C261201EUR1,00"],
      ["20=B", "61=2612011201C1,00NTRF"],
    ]);
  });

  it("ends a message at block 5 standing at the start of a line", () => {
    const text = `{4:\n:20:A\n:60F:C1\n{5:{CHK:1}}\nstray text\n:20:B\n:60F:C2`;
    expect(fieldsOf(text).map((m) => m.map((f) => f.value))).toEqual([
      ["A", "C1"],
      ["B", "C2"],
    ]);
  });

  it("opens a new message at a {4: block, closing the one before", () => {
    const text = `{4:\n:20:A\n:60F:C1\n{1:F01X}{2:I940X}{4:\n:20:B\n:60F:C2\n-}`;
    expect(tags(text)).toEqual([
      ["20", "60F"],
      ["20", "60F"],
    ]);
    expect(fieldsOf(text)[1][0].value).toBe("B");
  });

  it("strips SOH, ETX and SUB bytes and reads old CR-only line ends", () => {
    const text = `\u0001{1:F01X}{2:I940X}{4:\r:20:A\u001a\r:60F:C1\r-}\u0003`;
    expect(fieldsOf(text)).toEqual([
      [
        { tag: "20", value: "A", line: 2 },
        { tag: "60F", value: "C1", line: 3 },
      ],
    ]);
  });

  it("reads bare fields after header lines, and a second :20: as a second message", () => {
    const text = `ABNANL2A\n940\n:940:\n:20:A\n:60F:C1\n:20:B\n:61:X`;
    expect(fieldsOf(text).map((m) => m.map((f) => `${f.tag}=${f.value}@${f.line}`))).toEqual([
      ["20=A@4", "60F=C1@5"],
      ["20=B@6", "61=X@7"],
    ]);
  });

  it("keeps only messages with a reference, an opening balance or an entry", () => {
    expect(tags(`{4:\n:25:ACCOUNT\n:28C:1\n-}`)).toEqual([]);
    expect(tags(`{4:\n:25:ACCOUNT\n:60M:C1\n-}`)).toEqual([["25", "60M"]]);
    expect(tags(`{4:\n:25:ACCOUNT\n:61:X\n-}`)).toEqual([["25", "61"]]);
    expect(tags(`{4:\n:20:R\n-}`)).toEqual([["20"]]);
    expect(tags(`{4:\n:25:ACCOUNT\n:06F:X\n-}`)).toEqual([]);
  });
});

describe("swiftAmount", () => {
  it("reads decimal commas, points, leading zeros and a trailing comma", () => {
    expect(swiftAmount(" 12,5 ", "EUR")).toBe(1_250);
    expect(swiftAmount("000000001000,00", "EUR")).toBe(100_000);
    expect(swiftAmount("0001000", "EUR")).toBe(100_000);
    expect(swiftAmount("0,50", "EUR")).toBe(50);
    expect(swiftAmount("9,", "EUR")).toBe(900);
    expect(swiftAmount("7.25", "USD")).toBe(725);
    expect(swiftAmount("1,5,0", "EUR")).toBeNull();
  });
});

describe("swiftDate", () => {
  it("reads YYMMDD with the 80/20 century window and refuses impossible or padded dates", () => {
    expect(swiftDate("261201")).toBe("2026-12-01");
    expect(swiftDate("791231")).toBe("2079-12-31");
    expect(swiftDate("800101")).toBe("1980-01-01");
    for (const bad of ["261301", "260230", "261200", "2612011", "x261201", "26120"]) expect(swiftDate(bad)).toBeNull();
  });
});
