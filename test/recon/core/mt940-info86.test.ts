import { describe, expect, it } from "vitest";
import { detectMt940, parseInfo86, parseMt940 } from "../../../src/recon/core/parse/mt940";

describe("MT940 :86: forms", () => {
  it("joins every German remittance subfield ?20–?29 and ?60–?63 in order, and the name from ?32 + ?33", () => {
    const subs = ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "60", "61", "62", "63"];
    const text = `166${subs.map((k) => `?${k}${k}.`).join("")}?32ACME ?33GMBH ?30BANKCODE`;
    expect(parseInfo86(` ${text} `)).toEqual({ name: "ACME GMBH", taxId: null, remittance: subs.map((k) => `${k}.`).join("") });
    expect(parseInfo86("?20ONLY")).toEqual({ name: null, taxId: null, remittance: "ONLY" });
    expect(parseInfo86("?20A?33NAME")).toEqual({ name: "NAME", taxId: null, remittance: "A" });
    expect(parseInfo86("1?20X")).toEqual({ name: null, taxId: null, remittance: "1?20X" });
  });

  it.each(["EREF", "PREF", "PURP", "RTRN", "BUSP", "ORDP", "BENM", "ULTD", "ULTC", "ULTB", "IREF", "KREF", "MARF", "CSID"])(
    "ends the remittance at the next /%s/",
    (key) => {
      expect(parseInfo86(`/REMI/USTD//INV 1/2 paid/${key}/zzz`).remittance).toBe("INV 1/2 paid");
    },
  );

  it("does not end the remittance at a key that is not top-level, and strips its qualifier", () => {
    expect(parseInfo86("/REMI/USTD//INV 7/NAME/x").remittance).toBe("INV 7/NAME/x");
    expect(parseInfo86("/REMI/STRD/CUR/RF18 0000").remittance).toBe("RF18 0000");
    expect(parseInfo86("/REMI/USTD/ plain ").remittance).toBe("plain");
    expect(parseInfo86("/NAME/ ACME /ID/ DE1 /REMI/x")).toEqual({ name: "ACME", taxId: "DE1", remittance: "x" });
    expect(parseInfo86("/ORDP//NAME/ /ID/ ")).toEqual({ name: null, taxId: null, remittance: "" });
  });
});

describe("MT940 framing", () => {
  const msg = [
    ":20:REF",
    ":25:ACC",
    ":28:7",
    ":60M:C260301EUR0,00",
    ":61:2603010301C1,00NTRFW1//B1",
    ":86:/REMI/USTD//hello",
    ":62M:C260301EUR1,00",
    "-",
  ];

  it("reads intermediate balances, a :28: number and CRLF lines", () => {
    const r = parseMt940(msg.join("\r\n"));
    expect(r).toMatchObject({ format: "mt940", account: "ACC", errors: [], warnings: [] });
    expect(r.entries[0]).toMatchObject({ remittance: "hello", entry_ref: "W1", bank_ref: "B1" });
    const broken = parseMt940(msg.join("\n").replace(":62M:C260301EUR1,00", ":62M:C260301EUR2,00"));
    expect(broken.errors[0].location).toBe("statement REF 7");
  });

  it("names a missing or unreadable balance", () => {
    const noOpen = parseMt940(msg.filter((l) => !l.startsWith(":60M:")).join("\n"));
    expect(noOpen.errors.map((e) => [e.code, e.message])).toEqual([["MISSING_BALANCE", "no opening (:60F:) balance"]]);
    const bad = parseMt940(msg.join("\n").replace(":62M:C260301EUR1,00", ":62M: C2603EUR1,00 "));
    expect(bad.errors.map((e) => [e.code, e.message, e.location])).toEqual([
      ["BAD_BALANCE", ':62M: "C2603EUR1,00" is not a valid balance', "line 7"],
    ]);
  });

  it("warns about a repeated bank reference and keeps the line once", () => {
    const r = parseMt940([...msg.slice(0, 6), ":61:2603010301C1,00NTRFW1//B1", ":62M:C260301EUR1,00", "-"].join("\n"));
    expect(r.entries).toHaveLength(1);
    expect(r.warnings.map((w) => [w.code, w.message])).toEqual([
      ["DUPLICATE_NATURAL_KEY", "bank reference B1 repeats an earlier line; kept once"],
    ]);
  });

  it("detects MT940 by its :20: and a statement tag", () => {
    expect(detectMt940(":20:X\n:25:Y")).toBe(true);
    expect(detectMt940("{4:\n:20:X\n:61:1")).toBe(true);
    expect(detectMt940("x\n  :20:X\n:60F:1")).toBe(true);
    expect(detectMt940("x:20:X\n:25:Y")).toBe(false);
    expect(detectMt940(":20:X only")).toBe(false);
    expect(detectMt940(":25:Y")).toBe(false);
  });
});
