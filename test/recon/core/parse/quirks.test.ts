import { describe, expect, it } from "vitest";
import { decodeStatement } from "../../../../src/recon/core/parse/decode";
import { parseStatement } from "../../../../src/recon/core/parse/detect";
import { readLine61 } from "../../../../src/recon/core/parse/mt940-line";
import { entryDateNear, fieldsOf, swiftAmount } from "../../../../src/recon/core/parse/swift";
import type { ParsedStatement } from "../../../../src/recon/core/types";

/**
 * What real banks' files do, each reproduced with a few lines of our own (the real files live in
 * ../shared/data/realbank and are never copied here). Each case names the quirk, not the bank.
 */
const mt = (...lines: string[]) => lines.join("\r\n");
const sums = (p: ParsedStatement) => {
  const out: Record<string, { credit: number; debit: number; n: number }> = {};
  for (const e of p.entries) {
    const c = (out[e.currency] ??= { credit: 0, debit: 0, n: 0 });
    c[e.direction] += e.amount_minor;
    c.n++;
  }
  return out;
};
const codes = (p: ParsedStatement) => p.errors.map((e) => e.code);

describe("SWIFT amounts, dates and the FIN envelope", () => {
  it("reads bare commas, one decimal, leading zeros, a missing comma and a decimal point as SWIFT amounts", () => {
    expect(swiftAmount("9,", "EUR")).toBe(900);
    expect(swiftAmount("11,8", "EUR")).toBe(1180);
    expect(swiftAmount("000000001000,00", "EUR")).toBe(100000);
    expect(swiftAmount("500", "EUR")).toBe(50000);
    expect(swiftAmount("300.05", "EUR")).toBe(30005);
    expect(swiftAmount("1560395,", "JPY")).toBe(1560395);
    expect(swiftAmount("8,850", "EUR")).toBe(885);
    expect(swiftAmount("8,851", "EUR")).toBeNull();
    expect(swiftAmount("1,2,3", "EUR")).toBeNull();
  });

  it("puts an entry date without a year in the year nearest its value date, across a year end both ways", () => {
    expect(entryDateNear("2026-01-02", "1230")).toBe("2025-12-30");
    expect(entryDateNear("2025-12-30", "0102")).toBe("2026-01-02");
    expect(entryDateNear("2026-06-15", "0616")).toBe("2026-06-16");
    expect(entryDateNear("2026-03-01", "0230")).toBeNull();
  });

  it("strips SOH/ETX bytes, header blocks on one line, {3:{108:}} and a {5:} trailer glued to the closing balance", () => {
    const text =
      "\u0001{1:F01TESTBANKAXXX0000000000}{2:O9401200260101TESTBANKAXXX00000000002601011200N}{3:{108:REF1}}{4:\r\n:20:S1\r\n:25:ACC1\r\n:28C:1\r\n:60F:C260101EUR100,\r\n:61:2601010101C5,NTRFNONREF\r\n:62F:C260101EUR105,-}{5:{MAC:00000000}{CHK:ABC}}\u0003\u001a";
    const msgs = fieldsOf(text);
    expect(msgs).toHaveLength(1);
    expect(msgs[0].map((f) => f.tag)).toEqual(["20", "25", "28C", "60F", "61", "62F"]);
    const p = parseStatement(text);
    expect(p.errors).toEqual([]);
    expect(p.statements?.[0]).toMatchObject({ balance: "ok", opening_minor: 10000, closing_minor: 10500 });
  });

  it("keeps two messages of two accounts apart when the trailer is glued to the first one's closing balance", () => {
    const text =
      "{1:F01X}{2:O940X}{4:\n:20:A\n:25:ACC-A\n:60F:C260101EUR0,\n:61:2601010101C1,NTRFA1//B1\n:62F:C260101EUR1,-}{5:}" +
      "{1:F01X}{2:O940X}{4:\n:20:B\n:25:ACC-B\n:60F:C260101EUR0,\n:61:2601010101C2,NTRFB1//B2\n:62F:C260101EUR2,-}";
    const p = parseStatement(text.replace("-}{5:}{1:", "-}{5:}\n{1:"));
    expect(p.entries.map((e) => [e.account, e.amount_minor])).toEqual([
      ["ACC-A", 100],
      ["ACC-B", 200],
    ]);
  });
});

describe("MT940 :61: statement lines", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "2606150615D12,35 NRTIKREF+//B-1",
      { mark: "D", typeCode: "NRTI", customerRef: "KREF+", bankRef: "B-1" },
      "a space before the type code",
    ],
    [
      "260615D25,03NOV NONREF",
      { mark: "D", typeCode: "NOV", customerRef: "NONREF", entryDate: "2026-06-15" },
      "an old two-letter code and no entry date",
    ],
    ["2606150615CR0,71NTRFNONREF", { mark: "C", fundsCode: "R", amountText: "0,71" }, "a funds-code letter after the mark"],
    ["2606150615RDR1027,25NMSCNONREF", { mark: "RD", fundsCode: "R" }, "a reversal of a debit with a funds code"],
    [
      "2606150615DR4,NCOMNONREF          //CIOB260615990193/IACC/D3/",
      { bankRef: "CIOB260615990193", details: "/IACC/D3/" },
      "details after a 16-character bank reference",
    ],
    [
      "260615D000000001213,28N0440121470966      A. Payer",
      { customerRef: "0121470966", details: "A. Payer", amountText: "000000001213,28" },
      "a padded reference followed by the counterparty",
    ],
    ["2606150615C500NTRFNONREF", { amountText: "500", typeCode: "NTRF" }, "an amount without a decimal comma"],
    ["260615    C9,NTRFREF1", { entryDate: "2026-06-15", amountText: "9," }, "a blank entry date"],
    ["2606150615C9,", { typeCode: null, customerRef: null }, "no type code at all"],
  ])("reads %s (%s)", (line, want, _quirk) => {
    const l = readLine61(line);
    expect(l).toMatchObject(want);
  });

  it("refuses a line without value date, mark and amount, with the reason", () => {
    expect(readLine61("hello")).toEqual({ error: expect.stringContaining("not a statement line"), code: "BAD_LINE" });
    expect(readLine61("261315C1,NTRF")).toEqual({ error: "value date 261315 is not a date", code: "BAD_DATE" });
  });
});

describe("MT940 statements", () => {
  it("reads header lines before :20:, :28:, empty lines, bare-comma balances and a second statement with :60M:/:62M:", () => {
    const p = parseStatement(
      mt(
        "TESTNL2A",
        "940",
        "TESTNL2A",
        ":20:S1",
        ":25:123",
        ":28:1",
        ":60F:C260101EUR0,",
        ":61:2601010101D9,N422NONREF",
        "",
        ":86:/REMI/FEE",
        ":62M:D260101EUR9,",
        ":20:S2",
        ":25:123",
        ":28:1/2",
        ":60M:D260101EUR9,",
        ":61:2601010101D11,8N422NONREF",
        ":62F:D260101EUR20,8",
      ),
    );
    expect(p.errors).toEqual([]);
    expect(p.statements?.map((s) => [s.ref, s.balance])).toEqual([
      ["S1", "ok"],
      ["S2", "ok"],
    ]);
    expect(sums(p)).toEqual({ EUR: { credit: 0, debit: 2080, n: 2 } });
  });

  it("skips a 0,00 line with a warning (a closing notice), counts it, and still balances the statement", () => {
    const p = parseStatement(mt(":20:Z", ":25:9", ":28C:1", ":60F:D260101EUR0,00", ":61:2601010101C0,00NTRFNONREF", ":62F:D260101EUR0,00"));
    expect(p.entries).toEqual([]);
    expect(p.errors).toEqual([]);
    expect(p.warnings.map((w) => w.code)).toEqual(["ZERO_AMOUNT"]);
    expect(p.statements?.[0]).toMatchObject({ lines: 1, zero_lines: 1, entries: 0, balance: "ok" });
  });

  it("still checks the balance when a line is unreadable, and says so", () => {
    const p = parseStatement(mt(":20:U", ":25:9", ":60F:C260101EUR0,", ":61:2601010101C5,NTRFA", ":61:garbage", ":62F:C260101EUR9,"));
    expect(codes(p)).toEqual(["BAD_LINE", "BALANCE_MISMATCH"]);
    expect(p.errors[1].message).toContain("1 line(s) could not be read");
    expect(p.statements?.[0]).toMatchObject({ lines: 2, entries: 1, rejected_lines: 1, balance: "mismatch" });
  });

  it("reads currencies beyond the usual dozen, with their ISO minor units (HKD, MKD, NGN, HUF, KWD, JPY)", () => {
    for (const [ccy, amount, minor] of [
      ["HKD", "12,50", 1250],
      ["MKD", "100,", 10000],
      ["NGN", "7260,", 726000],
      ["HUF", "1500,00", 150000],
      ["KWD", "1,250", 1250],
      ["JPY", "1500,", 1500],
    ] as const) {
      const p = parseStatement(
        mt(":20:C", ":25:9", `:60F:C260101${ccy}0,`, `:61:2601010101C${amount}NTRFNONREF`, `:62F:C260101${ccy}${amount}`),
      );
      expect({ ccy, errors: p.errors, minor: p.entries[0]?.amount_minor }).toEqual({ ccy, errors: [], minor });
    }
  });

  it("joins ?nn and >nn subfields wrapped over lines, and ignores free text after the closing balance", () => {
    const p = parseStatement(
      mt(
        ":20:Q",
        ":25:9",
        ":60F:C260101EUR0,",
        ":61:2601010101C5,NTRFNONREF",
        ":86:166?00GUTSCHRIFT?20INV-2026-00",
        "0042?32MUSTER GMBH",
        ":61:2601010101C1,NTRFNONREF",
        ":86:>20INV-7>21 PAID",
        ":62F:C260101EUR6,",
        "free text after the balance",
      ),
    );
    expect(p.errors).toEqual([]);
    expect(p.entries.map((e) => [e.remittance, e.sender_name])).toEqual([
      ["INV-2026-000042", "MUSTER GMBH"],
      ["INV-7 PAID", null],
    ]);
  });

  it("keeps two lines with the same bank reference in two accounts' statements (not a duplicate)", () => {
    const p = parseStatement(
      mt(
        ":20:SAME",
        ":25:ACC1",
        ":60F:C260101EUR0,",
        ":61:2601010101C5,NTRFR//BANK1",
        ":62F:C260101EUR5,",
        ":20:SAME",
        ":25:ACC2",
        ":60F:C260101EUR0,",
        ":61:2601010101C5,NTRFR//BANK1",
        ":62F:C260101EUR5,",
      ),
    );
    expect(p.entries.map((e) => e.account)).toEqual(["ACC1", "ACC2"]);
    expect(new Set(p.entries.map((e) => e.natural_key)).size).toBe(2);
  });

  it("keeps two different lines of one statement that share a (cut) bank reference, and one line reported twice once", () => {
    const p = parseStatement(
      mt(
        ":20:R",
        ":25:ACC",
        ":60F:C260101EUR0,",
        ":61:2601010101C5,NTRFA//REF0123456789ABC",
        ":61:2601010101D2,NTRFB//REF0123456789ABC",
        ":62F:C260101EUR3,",
        ":20:R2",
        ":25:ACC",
        ":60F:C260101EUR3,",
        ":61:2601010101C5,NTRFA//REF0123456789ABC",
        ":62F:C260101EUR8,",
      ),
    );
    expect(p.entries.map((e) => [e.direction, e.amount_minor])).toEqual([
      ["credit", 500],
      ["debit", 200],
    ]);
    expect(new Set(p.entries.map((e) => e.natural_key)).size).toBe(2);
    expect(p.warnings.map((w) => w.code)).toEqual(["DUPLICATE_NATURAL_KEY"]);
  });

  it("reads an MT942 interim report's currency from its floor limit", () => {
    const p = parseStatement(
      mt(":20:I", ":25:9", ":28C:1", ":34F:EURD0,", ":13D:2601011200+0100", ":61:2601010101C3,NTRFNONREF", ":90C:1EUR3,"),
    );
    expect(p.errors).toEqual([]);
    expect(sums(p)).toEqual({ EUR: { credit: 300, debit: 0, n: 1 } });
  });
});

describe("camt", () => {
  const doc = (ntry: string, extra = "") =>
    `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId><CreDtTm>2026-06-15T08:00:00</CreDtTm></GrpHdr><Ntfctn><Id>N1</Id>${extra}<Acct><Id><IBAN>CH9300762011623852957</IBAN></Id></Acct>${ntry}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
  const tx = (amt: string, ref: string) => `<TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs><Amt Ccy="CHF">${amt}</Amt></TxDtls>`;

  it("splits a batch whose two transactions share one bank reference into two entries (no silent loss)", () => {
    const p = parseStatement(
      doc(
        `<Ntry><Amt Ccy="CHF">34.83</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-06-15</Dt></BookgDt><AcctSvcrRef>E1</AcctSvcrRef><NtryDtls>${tx("21.87", "SAME")}${tx("12.96", "SAME")}</NtryDtls></Ntry>`,
      ),
    );
    expect(p.errors).toEqual([]);
    expect(p.entries.map((e) => e.amount_minor)).toEqual([2187, 1296]);
    expect(new Set(p.entries.map((e) => e.natural_key)).size).toBe(2);
  });

  it("accounts for each notification: booked lines, entries (a split batch counts its parts), sums and the balance", () => {
    const p = parseStatement(
      doc(
        `<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>` +
          `<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">44.83</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>` +
          `<Ntry><Amt Ccy="CHF">34.83</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-06-15</Dt></BookgDt><NtryDtls>${tx("21.87", "P1")}${tx("12.96", "P2")}</NtryDtls></Ntry>` +
          `<Ntry><Amt Ccy="CHF">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-06-15</Dt></BookgDt></Ntry>` +
          `<Ntry><Amt Ccy="CHF">9.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts><BookgDt><Dt>2026-06-15</Dt></BookgDt></Ntry>`,
      ),
    );
    expect(p.statements).toEqual([
      expect.objectContaining({
        ref: "N1",
        lines: 2,
        entries: 2,
        zero_lines: 1,
        rejected_lines: 0,
        credit_minor: 3483,
        debit_minor: 0,
        balance: "ok",
      }),
    ]);
  });

  it("dates an entry that has neither BookgDt nor ValDt from its message, with a warning", () => {
    const p = parseStatement(
      doc(
        `<Ntry><Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>`,
        "<CreDtTm>2026-06-14T10:00:00+02:00</CreDtTm>",
      ),
    );
    expect(p.entries.map((e) => e.booking_date)).toEqual(["2026-06-14"]);
    expect(p.warnings.map((w) => w.code)).toEqual(["DATE_FROM_MESSAGE"]);
  });

  it("keeps a batch whose details are in another currency and do not add up whole, at the booked amount", () => {
    const p = parseStatement(
      doc(
        `<Ntry><Amt Ccy="SEK">2000.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-06-15</Dt></BookgDt><NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>${tx("3.10", "A")}${tx("3.20", "B")}</NtryDtls></Ntry>`,
      ),
    );
    expect(p.errors).toEqual([]);
    expect(sums(p)).toEqual({ SEK: { credit: 0, debit: 200000, n: 1 } });
  });
});

describe("BAI2", () => {
  const file = [
    "01,BANKID,CUST,260615,0800,1,,,2/",
    "02,CUST,BANKID,1,260614,2400,USD,2/",
    "03,1234567,,010,100000,,,015,102500,,/",
    "16,165,5000,S,1000,2000,2000,BR1,CR1,INV-2026-000042 ACME/",
    "88,CORP PAID",
    "16,475,2500,V,260614,,BR2,,CHECK 1001/",
    "16,195,000,,BR3,,ZERO/",
    "49,210000,5/",
    "98,210000,1,7/",
    "99,210000,1,9/",
  ].join("\n");

  it("reads 16 details with funds types S and V, an 88 continuation, and balances the account against 010/015", () => {
    const p = parseStatement(file);
    expect(p.format).toBe("bai2");
    expect(p.errors).toEqual([]);
    expect(p.entries.map((e) => [e.direction, e.amount_minor, e.bank_ref, e.entry_ref, e.remittance])).toEqual([
      ["credit", 5000, "BR1", "CR1", "INV-2026-000042 ACME CORP PAID"],
      ["debit", 2500, "BR2", null, "CHECK 1001"],
    ]);
    expect(p.entries[0].booking_date).toBe("2026-06-14");
    expect(p.statements?.[0]).toMatchObject({ balance: "ok", zero_lines: 1, entries: 2 });
  });

  it("flags an account trailer whose control total does not add up, and reads records sharing a line", () => {
    const p = parseStatement(file.replace("49,210000,5/", "49,999,5/").replace("/\n16,475", "/16,475"));
    expect(codes(p)).toEqual(["CONTROL_TOTAL_MISMATCH"]);
    expect(p.entries).toHaveLength(2);
  });

  it("refuses a type code that is neither a credit nor a debit, with its line", () => {
    const p = parseStatement(file.replace("16,475,", "16,875,"));
    expect(p.errors[0]).toMatchObject({ code: "BAD_TYPE", location: "line 6" });
  });
});

describe("text encodings", () => {
  const bytes = (cp: Record<string, number>, s: string) => Uint8Array.from([...s].map((ch) => cp[ch] ?? ch.charCodeAt(0)));
  it("reads Windows-1252 and CP850 umlauts, UTF-16 with and without a BOM, and UTF-8 with a BOM", () => {
    const cp1252 = { ü: 0xfc, ß: 0xdf, ä: 0xe4 };
    const cp850 = { ü: 0x81, ß: 0xe1, ä: 0x84 };
    const text = ":86:Gebühr Straße Händler";
    expect(decodeStatement(bytes(cp1252, text))).toEqual({ text, encoding: "windows-1252" });
    expect(decodeStatement(bytes(cp850, text))).toEqual({ text, encoding: "cp850" });
    const le = new Uint8Array([...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
    expect(decodeStatement(le)).toEqual({ text, encoding: "utf-16le" });
    expect(decodeStatement(new Uint8Array([0xff, 0xfe, ...le])).text).toBe(text);
    expect(decodeStatement(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toEqual({ text, encoding: "utf-8" });
  });

  it("honours an XML document's encoding declaration", () => {
    const xml = '<?xml version="1.0" encoding="ISO-8859-15"?><x>\u20ac</x>';
    const b = bytes({ "€": 0xa4 }, xml);
    expect(decodeStatement(b).text).toBe(xml);
  });
});
