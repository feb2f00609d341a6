import { describe, expect, it } from "vitest";
import { parseMt940 } from "../../../src/recon/core/parse/mt940";

/** One MT940 message: the :61: lines given, opening and closing balances as written (mark, date, currency, amount). */
function statement(lines: string[], opening = "C260301EUR100,00", closing = "C260301EUR100,00"): string {
  return [":20:T1", ":25:DE89370400440532013000", ":28C:1/1", `:60F:${opening}`, ...lines, `:62F:${closing}`, "-"].join("\n");
}

describe("MT940 entry dates", () => {
  it("moves an entry date of January into the next year when the value date is in December", () => {
    const r = parseMt940(statement([":61:2512310102C10,00NTRFNONREF//B1", ":86:x"], "C251231EUR0,00", "C260102EUR10,00"));
    expect(r.errors).toEqual([]);
    expect(r.entries[0]).toMatchObject({ value_date: "2025-12-31", booking_date: "2026-01-02" });
  });

  it("moves an entry date of December into the previous year when the value date is in January", () => {
    const r = parseMt940(statement([":61:2601021231C10,00NTRFNONREF//B1", ":86:x"], "C251231EUR0,00", "C260102EUR10,00"));
    expect(r.entries[0]).toMatchObject({ value_date: "2026-01-02", booking_date: "2025-12-31" });
  });

  it("keeps the value date's year otherwise, and the value date when the entry date is left out", () => {
    const r = parseMt940(
      statement(
        [":61:2603050304C10,00NTRFNONREF//B1", ":86:x", ":61:260306C5,00NTRFNONREF//B2", ":86:y"],
        "C260301EUR0,00",
        "C260306EUR15,00",
      ),
    );
    expect(r.entries.map((e) => [e.value_date, e.booking_date])).toEqual([
      ["2026-03-05", "2026-03-04"],
      ["2026-03-06", "2026-03-06"],
    ]);
  });

  it("reads a two-digit year below 80 as 20xx and from 80 as 19xx", () => {
    const r = parseMt940(
      statement([":61:7912310101C1,00NTRFNONREF//B1", ":61:8001020102C1,00NTRFNONREF//B2"], "C260301EUR0,00", "C260301EUR2,00"),
    );
    expect(r.entries.map((e) => e.value_date)).toEqual(["2079-12-31", "1980-01-02"]);
    expect(r.entries[0].booking_date).toBe("2080-01-01");
  });
});

describe("MT940 balances", () => {
  it("reads a D opening balance as negative: an overdrawn account that a credit brings back above zero balances", () => {
    const r = parseMt940(statement([":61:2603010301C150,00NTRFNONREF//B1", ":86:x"], "D260301EUR100,00", "C260301EUR50,00"));
    expect(r.errors).toEqual([]);
  });

  it("reads a D closing balance as negative", () => {
    const r = parseMt940(statement([":61:2603010301D150,00NTRFNONREF//B1", ":86:x"], "C260301EUR100,00", "D260301EUR50,00"));
    expect(r.errors).toEqual([]);
  });

  it("flags a closing balance whose mark is wrong", () => {
    const r = parseMt940(statement([":61:2603010301D150,00NTRFNONREF//B1", ":86:x"], "C260301EUR100,00", "C260301EUR50,00"));
    expect(r.errors.map((e) => e.code)).toEqual(["BALANCE_MISMATCH"]);
    expect(r.errors[0].message).toContain("opening 10000 + entries -15000 = -5000 ≠ closing 5000");
  });

  it("flags a missing and an unreadable balance, and balances in two currencies", () => {
    const noClose = [":20:T1", ":25:A", ":60F:C260301EUR100,00", ":61:2603010301C1,00NTRFNONREF//B1", "-"].join("\n");
    expect(parseMt940(noClose).errors.map((e) => e.code)).toEqual(["MISSING_BALANCE"]);
    expect(parseMt940(statement([], "C260301EUR100,00", "X260301EUR100,00")).errors.map((e) => e.code)).toEqual(["BAD_BALANCE"]);
    expect(parseMt940(statement([], "C260301EUR100,00", "C260301USD100,00")).errors.map((e) => e.code)).toEqual(["BALANCE_MISMATCH"]);
  });
});

describe("MT940 entry dates within one month", () => {
  it("keeps the year when value and entry date are both in January or both in December", () => {
    const r = parseMt940(
      statement(
        [":61:2601050104C1,00NTRFNONREF//B1", ":61:2612301229C1,00NTRFNONREF//B2", ":61:2612311230C1,00NTRFNONREF//B3"],
        "C260101EUR0,00",
        "C261231EUR3,00",
      ),
    );
    expect(r.entries.map((e) => e.booking_date)).toEqual(["2026-01-04", "2026-12-29", "2026-12-30"]);
  });
});

describe("MT940 messages, lines and problems", () => {
  it("names each message by :20: and :28C:, takes the first account, and joins :86: continuation lines as is", () => {
    const text = [
      "{1:F01BANK}{2:I940}{4:",
      ":20:REF1",
      ":25:ACC-1",
      ":28C:5/1",
      ":60F:C260301EUR0,00",
      ":61:2603010301C1,00NTRFW1//B1",
      ":86:/REMI/USTD//INV-2026-",
      "000042 thanks",
      ":62F:C260301EUR2,00",
      "-}",
      "{1:F01BANK}{2:I940}{4:",
      ":20:REF2",
      ":25:ACC-2",
      ":60F:C260302EUR0,00",
      ":61:2603020302C1,00NTRFW2//B2",
      "supplementary details",
      ":62F:C260302EUR1,00",
      "-}",
    ].join("\n");
    const r = parseMt940(text);
    expect(r.account).toBe("ACC-1");
    expect(r.errors).toEqual([expect.objectContaining({ code: "BALANCE_MISMATCH", location: "statement REF1 5/1" })]);
    expect(r.entries.map((e) => [e.account, e.entry_ref, e.bank_ref, e.remittance])).toEqual([
      ["ACC-1", "W1", "B1", "INV-2026-000042 thanks"],
      ["ACC-2", "W2", "B2", "supplementary details"],
    ]);
    const noSeq = parseMt940(text.replace(":28C:5/1\n", ""));
    expect(noSeq.errors[0].location).toBe("statement REF1");
  });

  it("reports a bad line and an impossible value date, skips a zero amount with a warning, and still checks the balance", () => {
    const r = parseMt940(
      statement(
        [":61:garbage", ":61:2603010301C0,00NTRFNONREF//B1", ":61:2602300301C1,00NTRFNONREF//B2", ":61:2603010301C5,00NTRFNONREF//B3"],
        "C260301EUR0,00",
        "C260301EUR99,00",
      ),
    );
    expect(r.errors.map((e) => e.code)).toEqual(["BAD_LINE", "BAD_DATE", "BALANCE_MISMATCH"]);
    expect(r.errors[0].location).toMatch(/line 5$/);
    expect(r.errors[1].location).toMatch(/line 7$/);
    expect(r.errors[0].message).toContain(':61: "garbage" is not a statement line');
    expect(r.errors[1].message).toBe("value date 260230 is not a date");
    expect(r.errors[2].message).toContain("2 line(s) could not be read");
    expect(r.warnings.map((w) => [w.code, w.location?.replace(/^.*, /, "")])).toEqual([["ZERO_AMOUNT", "line 6"]]);
    expect(r.entries.map((e) => e.amount_minor)).toEqual([500]);
  });

  it("reports lines it cannot price when no balance names a currency", () => {
    const r = parseMt940(statement([":61:2603010301C5,00NTRFNONREF//B1"], "C260301XXX0,00", "C260301XXX5,00"));
    expect(r.errors.map((e) => e.code)).toEqual(["UNKNOWN_CURRENCY", "UNKNOWN_CURRENCY", "UNKNOWN_CURRENCY"]);
    expect(r.entries).toEqual([]);
  });

  it("refuses text with no statement in it", () => {
    expect(() => parseMt940(":20:X\n:25:Y\n-")).toThrowError(expect.objectContaining({ kind: "invalid_input" }));
  });

  it("keeps a reversal mark on the entry and a NONREF customer reference as none", () => {
    const r = parseMt940(statement([":61:2603010301RC5,00NTRFNONREF//B1"], "C260301EUR10,00", "C260301EUR5,00"));
    expect(r.errors).toEqual([]);
    expect(r.entries[0]).toMatchObject({ direction: "debit", reversal: true, entry_ref: null, bank_ref: "B1", format: "mt940" });
  });
});
