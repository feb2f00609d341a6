import { describe, expect, it } from "vitest";
import { detectBai2, parseBai2 } from "../../../../src/recon/core/parse/bai2";

/** BAI2 record by record: how records are cut and joined, the funds types, and every line-level refusal. */

const HEAD = ["01,BANKID,CUST,260615,0800,1,,,2/", "02,CUST,BANKID,1,260614,2400,USD,2/"];
const file = (...lines: string[]) => [...HEAD, ...lines, "98,0,1,1/", "99,0,1,1/"].join("\n");
const rows = (text: string) => parseBai2(text).entries.map((e) => [e.direction, e.amount_minor, e.bank_ref, e.entry_ref, e.remittance]);
const codes = (text: string) => parseBai2(text).errors.map((e) => [e.code, e.location]);

describe("BAI2 records", () => {
  const lf = file("03,111,,010,1000,,/", "16,165,5000,,BR1,CR1,INV-1/", "16,475,2500,,BR2,,CHECK 9/", "49,8500,2/");

  it("reads CR LF and bare CR line ends as LF", () => {
    const want = rows(lf);
    expect(want).toEqual([
      ["credit", 5000, "BR1", "CR1", "INV-1"],
      ["debit", 2500, "BR2", null, "CHECK 9"],
    ]);
    expect(rows(lf.replace(/\n/g, "\r\n"))).toEqual(want);
    expect(rows(lf.replace(/\n/g, "\r"))).toEqual(want);
  });

  it("cuts records sharing a line at the slash before a record code, spaces allowed, and keeps slashes inside text", () => {
    const one = [...HEAD, "03,111,,010,1000,,/ 16,165,5000,,BR1,,PO 12/34 paid/  16,165,10,,BR2,,x/49,6010,2/"].join("\n");
    expect(rows(one)).toEqual([
      ["credit", 5000, "BR1", null, "PO 12/34 paid"],
      ["credit", 10, "BR2", null, "x"],
    ]);
    expect(parseBai2(one).errors).toEqual([]);
  });

  it("joins a record wrapped onto the next line as it stands, and an 88 after a 16 with a space, after others with a comma", () => {
    expect(rows(file("03,111,,/", "16,165,5000,,BR1,,INV-20", "26-7 ACME/"))).toEqual([["credit", 5000, "BR1", null, "INV-2026-7 ACME"]]);
    expect(rows(file("03,111,,/", "16,165,5000,,BR1,,INV-1/", "88,ACME CORP/"))).toEqual([
      ["credit", 5000, "BR1", null, "INV-1 ACME CORP"],
    ]);
    // The 03's summary continues in an 88: the closing balance is read from it and checked.
    const p = parseBai2(file("03,111,,010,1000,,/", "88,015,6000,,/", "16,165,5000,,BR1,,x/"));
    expect(p.statements?.[0]).toMatchObject({ opening_minor: 1000, closing_minor: 6000, balance: "ok" });
  });

  it("skips each funds type's extra fields, upper or lower case, in details and in account summaries", () => {
    expect(
      rows(
        file(
          "03,111,,/",
          "16,165,5000,s,1,2,3,BR1,CR1,t1/",
          "16,165,6000,D,2,0,3000,1,3000,BR2,CR2,t2/",
          "16,165,7000,V,260613,1200,BR3,,t3/",
        ),
      ),
    ).toEqual([
      ["credit", 5000, "BR1", "CR1", "t1"],
      ["credit", 6000, "BR2", "CR2", "t2"],
      ["credit", 7000, "BR3", null, "t3"],
    ]);
    const v = parseBai2(file("03,111,,/", "16,165,7000,v,260613,1200,BR3,,t3/")).entries[0];
    expect([v?.value_date, v?.booking_date]).toEqual(["2026-06-13", "2026-06-14"]);
    const summary = (funds: string) => parseBai2(file(`03,111,,010,1000,1,${funds},015,6000,,/`, "16,165,5000,,BR1,,x/")).statements?.[0];
    for (const funds of ["S,1,2,3", "V,260613,1200", "D,1,0,1000", "d,0", "Z"])
      expect(summary(funds), funds).toMatchObject({ opening_minor: 1000, closing_minor: 6000, balance: "ok" });
  });

  it("takes the account's currency over the group's, the group's when the account names none", () => {
    const eur = [
      HEAD[0],
      "02,CUST,BANKID,1,260614,2400,EUR,2/",
      "03,111,,/",
      "16,165,100,,B1,,x/",
      "03,222,GBP,/",
      "16,165,200,,B2,,y/",
    ].join("\n");
    const p = parseBai2(eur);
    expect(p.entries.map((e) => [e.account, e.currency])).toEqual([
      ["111", "EUR"],
      ["222", "GBP"],
    ]);
    expect(p.statements?.map((s) => [s.ref, s.currency, s.entries])).toEqual([
      ["111", "EUR", 1],
      ["222", "GBP", 1],
    ]);
    expect(p.account).toBe("111");
  });

  it("reads type codes 100–399 as credits and 400–699 as debits, and refuses the rest", () => {
    const p = parseBai2(
      file("03,111,,/", "16,100,1,,a,,/", "16,399,2,,b,,/", "16,400,3,,c,,/", "16,699,4,,d,,/", "16,099,5,,e,,/", "16,700,6,,f,,/"),
    );
    expect(p.entries.map((e) => [e.bank_ref, e.direction])).toEqual([
      ["a", "credit"],
      ["b", "credit"],
      ["c", "debit"],
      ["d", "debit"],
    ]);
    expect(p.errors.map((e) => [e.code, e.location])).toEqual([
      ["BAD_TYPE", "line 8"],
      ["BAD_TYPE", "line 9"],
    ]);
    expect(p.statements?.[0]).toMatchObject({ lines: 6, entries: 4, rejected_lines: 2 });
  });

  it("refuses unreadable amounts and type codes, a 16 outside an account, a missing currency or date, each with its line", () => {
    expect(codes(file("16,165,100,,a,,/", "03,111,,/"))).toEqual([["BAD_LINE", "line 3"]]);
    const bad = parseBai2(file("03,111,,/", "16,165,12.50,,a,,/", "16,165,-5,,b,,/", "16,16,5,,c,,/", "16,165,7,,ok,,/"));
    expect(bad.errors.map((e) => [e.code, e.location])).toEqual([
      ["BAD_LINE", "line 4"],
      ["BAD_LINE", "line 5"],
      ["BAD_LINE", "line 6"],
    ]);
    expect(bad.errors[0]?.message).toBe('16 record: type "165" or amount "12.50" is not readable');
    expect(bad.statements?.[0]).toMatchObject({ lines: 4, rejected_lines: 3, entries: 1 });
    const noCcy = parseBai2(file("03,111,XYZ,/", "16,165,5,,a,,/"));
    expect(noCcy.errors.map((e) => [e.code, e.location])).toEqual([
      ["UNKNOWN_CURRENCY", "line 3"],
      ["UNKNOWN_CURRENCY", "line 4"],
    ]);
    expect(noCcy.entries).toEqual([]);
    const undated = [HEAD[0], "02,CUST,BANKID,1,,,USD,2/", "03,111,,/", "16,165,5,,a,,/", "16,165,6,V,260610,,b,,/"].join("\n");
    const u = parseBai2(undated);
    expect(u.errors.map((e) => [e.code, e.location])).toEqual([["BAD_DATE", "line 4"]]);
    expect(u.entries.map((e) => [e.bank_ref, e.booking_date])).toEqual([["b", "2026-06-10"]]);
    expect(u.statements?.[0]).toMatchObject({ rejected_lines: 1, entries: 1 });
  });

  it("checks each account's balance and control total, and names the account that does not add up", () => {
    const p = parseBai2(
      file(
        "03,111,,010,1000,,,015,9999,,/",
        "16,165,5000,,a,,/",
        "49,16000,2/",
        "03,222,,010,0,,,015,10,,/",
        "16,165,10,,b,,/",
        "49,20,2/",
      ),
    );
    expect(p.errors.map((e) => [e.code, e.location])).toEqual([
      ["BALANCE_MISMATCH", "account 111"],
      ["CONTROL_TOTAL_MISMATCH", "line 5"],
    ]);
    expect(p.statements?.map((s) => s.balance)).toEqual(["mismatch", "ok"]);
    expect(p.statements?.[0]).toMatchObject({ credit_minor: 5000, debit_minor: 0 });
  });

  it("refuses a file without an 01 header first or without any 03 account", () => {
    expect(() => parseBai2("02,CUST,BANKID,1,260614,2400,USD,2/\n03,111,,/")).toThrow(/01 file header/);
    expect(() => parseBai2(HEAD.join("\n"))).toThrow(/no 03 account/);
  });

  it("recognises a BAI2 head by its 01 record followed by a 02 or 03, or an 01 record alone ending in a slash", () => {
    expect(detectBai2(HEAD.join("\n"))).toBe(true);
    expect(detectBai2("01,BANKID,CUST,260615,0800,1,,,2/")).toBe(true);
    expect(detectBai2("01,BANKID,CUST,260615,0800,1,,,2")).toBe(false);
    expect(detectBai2("02,CUST,BANKID,1,260614,2400,USD,2/")).toBe(false);
  });
});

describe("BAI2 fields padded with spaces", () => {
  it("reads every field the same with spaces around it", () => {
    const padded = [
      "01,BANKID,CUST,260615,0800,1,,,2/",
      "02,CUST,BANKID,1, 260614 ,2400, EUR ,2/",
      "03, 111 , GBP , 010 , 1000 ,,, 015 , 3000 ,,/",
      "16, 165 , 5000 , V , 260613 ,, BR1 , CR1 , INV-1 paid /",
      "16, 475 , 3000 ,, BR2 ,, fee /",
      "49, 12000 ,2/",
    ].join("\n");
    const p = parseBai2(padded);
    expect(p.errors).toEqual([]);
    expect(p.account).toBe("111");
    expect(
      p.entries.map((e) => [
        e.account,
        e.currency,
        e.direction,
        e.amount_minor,
        e.bank_ref,
        e.entry_ref,
        e.remittance,
        e.booking_date,
        e.value_date,
      ]),
    ).toEqual([
      ["111", "GBP", "credit", 5000, "BR1", "CR1", "INV-1 paid", "2026-06-14", "2026-06-13"],
      ["111", "GBP", "debit", 3000, "BR2", null, "fee", "2026-06-14", null],
    ]);
    expect(p.statements?.[0]).toMatchObject({ ref: "111", opening_minor: 1000, closing_minor: 3000, balance: "ok" });
    const groupCcy = parseBai2(padded.replace(" GBP ", ""));
    expect(groupCcy.entries.map((e) => e.currency)).toEqual(["EUR", "EUR"]);
    const noGroupCcy = parseBai2(padded.replace(" GBP ", "").replace(" EUR ", ""));
    expect(noGroupCcy.entries.map((e) => e.currency)).toEqual(["USD", "USD"]);
  });
});

describe("BAI2 messages and defaults", () => {
  it("says what is wrong in each refusal, with line numbers that survive CR LF", () => {
    const text = file("16,165,100,,a,,/", "03,111,XYZ,/", "16,1650,5,,b,,/", "49,1,2/").replace(/\n/g, "\r\n");
    const p = parseBai2(text);
    expect(p.errors.map((e) => [e.code, e.location, e.message])).toEqual([
      ["BAD_LINE", "line 3", "a 16 transaction outside an 03 account"],
      ["UNKNOWN_CURRENCY", "line 4", 'unknown currency "XYZ"'],
      ["BAD_LINE", "line 5", '16 record: type "1650" or amount "5" is not readable'],
      ["CONTROL_TOTAL_MISMATCH", "line 6", "account trailer total 1 ≠ the account's amounts 0"],
    ]);
    const off = parseBai2(file("03,111,,010,1000,,,015,9999,,/", "16,165,5000,,a,,/"));
    expect(off.errors.map((e) => e.message)).toEqual(["opening 1000 + lines ≠ closing 9999 (minor units USD)"]);
    expect(() => parseBai2(" \n ")).toThrow("BAI2: the file is empty");
  });

  it("reads a signed amount, defaults to US dollars without a group header, and warns about nothing it read cleanly", () => {
    const p = parseBai2(["01,BANKID,CUST,260615,0800,1,,,2/", "03,111,,/", "16,165,+5000,V,260613,,a,,x/"].join("\n"));
    expect(p.entries.map((e) => [e.amount_minor, e.currency, e.booking_date])).toEqual([[5000, "USD", "2026-06-13"]]);
    expect(p.warnings).toEqual([]);
    expect(p.errors).toEqual([]);
    expect(p.statements?.[0]).toMatchObject({ balance: "unchecked", opening_minor: null, closing_minor: null });
  });
});
