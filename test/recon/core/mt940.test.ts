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
