import { describe, expect, it } from "vitest";
import { InvalidInput, PayloadTooLarge } from "../../../src/platform/errors";
import { parseBankCsv } from "../../../src/recon/core/parse/bank-csv";
import { parseCamt } from "../../../src/recon/core/parse/camt";
import { detectFormat, parseStatement } from "../../../src/recon/core/parse/detect";
import { parseInfo86, parseMt940 } from "../../../src/recon/core/parse/mt940";
import { fixtures } from "../../fixtures/recon";

describe("camt.053", () => {
  const parsed = parseStatement(fixtures.camt053Usd);

  it("reads every entry with its references, party, remittance and minor-unit amount", () => {
    expect(parsed.format).toBe("camt053");
    expect(parsed.account).toBe("US64SVBKUS6S3300958879");
    const w46 = parsed.entries.find((e) => e.entry_ref === "W000046");
    expect(w46).toMatchObject({
      natural_key: "US64SVBKUS6S3300958879|" + w46?.bank_ref,
      amount_minor: 6416571,
      currency: "USD",
      direction: "credit",
      booking_date: "2026-03-15",
      sender_name: "Rhein Optics Corp.",
      sender_tax_id: "96-6051997",
    });
    expect(w46?.remittance).toContain("INV-2026-000033");
    expect(w46?.bank_ref).toMatch(/^[A-Z0-9]{16}$/);
  });

  it("keeps a bank line repeated inside the file once and says so", () => {
    expect(parsed.entries.filter((e) => e.amount_minor === 101801)).toHaveLength(1);
    expect(parsed.warnings.map((w) => w.code)).toEqual(["DUPLICATE_NATURAL_KEY"]);
    expect(parsed.errors).toEqual([]);
  });

  it("flags a statement whose closing balance does not follow from its entries", () => {
    const tampered = fixtures.camt053Usd.replace(
      '<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">250397.10</Amt>',
      '<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="USD">250397.11</Amt>',
    );
    expect(tampered).not.toBe(fixtures.camt053Usd);
    const r = parseStatement(tampered);
    expect(r.errors.map((e) => e.code)).toContain("BALANCE_MISMATCH");
  });

  it("refuses malformed XML with the line of the fault", () => {
    const broken = fixtures.camt053Usd.replace("</Ntry>", "</Ntri>");
    expect(() => parseStatement(broken)).toThrow(InvalidInput);
    expect(() => parseStatement(broken)).toThrow(/malformed.*line \d+/);
  });

  it("refuses DTDs, so no entity expansion can run", () => {
    const xxe = fixtures.camt053Usd.replace("<Document", '<!DOCTYPE d [<!ENTITY x "boom">]>\n<Document');
    expect(() => parseCamt(xxe)).toThrow(/DOCTYPE/);
  });

  it("reports an unknown currency or a negative amount per entry instead of importing it", () => {
    const bad = fixtures.camt053Usd
      .replace('<Amt Ccy="USD">397.10</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>', '<Amt Ccy="XYZ">397.10</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>')
      .replace('<Amt Ccy="USD">4403.97</Amt><CdtDbtInd>', '<Amt Ccy="USD">-4403.97</Amt><CdtDbtInd>');
    const r = parseStatement(bad);
    expect(r.errors.map((e) => e.code).sort()).toEqual(["NEGATIVE_AMOUNT", "UNKNOWN_CURRENCY"]);
    expect(r.entries.some((e) => e.entry_ref === "W000001" || e.entry_ref === "W000045")).toBe(false);
    expect(r.entries.length).toBe(parsed.entries.length - 2);
  });
});

describe("camt.054", () => {
  const parsed = parseStatement(fixtures.camt054);

  it("is recognised from its namespace-prefixed content", () => {
    expect(detectFormat(fixtures.camt054)).toBe("camt054");
    expect(parsed.format).toBe("camt054");
  });

  it("reads structured remittance (RfrdDocInf/Nb) and the debtor's tax id", () => {
    expect(parsed.entries[0]).toMatchObject({
      entry_ref: "N54-0001",
      bank_ref: "SVB54A0001",
      amount_minor: 3150436,
      sender_tax_id: "52-1310740",
      remittance: "INV-2026-000005",
      value_date: "2026-02-09",
    });
  });

  it("splits a batch booking into its transactions, each with its own amount and key", () => {
    const batch = parsed.entries.filter((e) => e.entry_ref?.startsWith("N54-0002"));
    expect(batch.map((e) => e.amount_minor)).toEqual([126038, 101801]);
    expect(new Set(batch.map((e) => e.natural_key)).size).toBe(2);
    expect(batch[1].remittance).toBe("INV-2026-000016 INITECH APPAREL");
  });

  it("keeps a batch whose transactions do not add up as one entry of the booked amount, with a warning (the money is the entry's)", () => {
    const r = parseStatement(fixtures.camt054.replace('<c54:Amt Ccy="USD">1018.01</c54:Amt>', '<c54:Amt Ccy="USD">1018.00</c54:Amt>'));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((e) => e.code)).toContain("BATCH_MISMATCH");
    const kept = r.entries.filter((e) => e.entry_ref?.startsWith("N54-0002"));
    // The entry books USD 2,278.39; one of its transactions was changed from 1,018.01 to 1,018.00.
    expect(kept.map((e) => [e.entry_ref, e.amount_minor])).toEqual([["N54-0002", 227839]]);
  });

  it("reads camt.053.001.08, where the party sits under Dbtr/Pty and the date may be a DtTm", () => {
    const v08 = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr><Stmt><Id>S8</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
<Ntry><NtryRef>R8</NtryRef><Amt Ccy="EUR">10.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><DtTm>2026-03-02T10:00:00</DtTm></BookgDt><AcctSvcrRef>B8</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Pty><Nm>Prairie Motors SAS</Nm><Id><OrgId><Othr><Id>FR14340537495</Id></Othr></OrgId></Id></Pty></Dbtr></RltdPties><RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`;
    const r = parseStatement(v08);
    expect(r.entries).toEqual([
      expect.objectContaining({
        natural_key: "DE89370400440532013000|B8",
        entry_ref: "R8",
        amount_minor: 1050,
        currency: "EUR",
        booking_date: "2026-03-02",
        sender_name: "Prairie Motors SAS",
        sender_tax_id: "FR14340537495",
        remittance: "RF18539007547034",
      }),
    ]);
  });

  it("leaves pending entries out until they are booked, and says so", () => {
    const pending = fixtures.camt054.replace("<c54:Sts>BOOK</c54:Sts>", "<c54:Sts>PDNG</c54:Sts>");
    const r = parseStatement(pending);
    expect(r.entries.map((e) => e.entry_ref)).not.toContain("N54-0001");
    expect(r.warnings.map((w) => w.code)).toEqual(["NOT_BOOKED"]);
  });

  it("keeps debits as debits", () => {
    expect(parsed.entries[3]).toMatchObject({ direction: "debit", amount_minor: 1250, remittance: "ACCOUNT MAINTENANCE FEE" });
  });
});

describe("MT940", () => {
  const parsed = parseStatement(fixtures.mt940Usd);

  it("reads :61: customer reference, // bank reference and decimal-comma amounts", () => {
    expect(parsed.format).toBe("mt940");
    expect(parsed.entries[0]).toMatchObject({
      entry_ref: "W000001",
      bank_ref: "QN00MQY1LJQ84CVV",
      amount_minor: 39710,
      booking_date: "2026-01-31",
      account: "US64SVBKUS6S3300958879",
    });
  });

  it("joins :86: lines wrapped mid-word at 65 characters", () => {
    expect(parsed.entries[0].remittance).toBe("PREPAYMENT QUOTE Q-92072");
    expect(parsed.entries[1]).toMatchObject({
      sender_name: "Initech Apparel Co.",
      sender_tax_id: "83-2531882",
      remittance: "INV-2026-000016 INITECH APPAREL",
    });
  });

  it("gives the same entries as the camt.053 of the same account", () => {
    const camt = parseStatement(fixtures.camt053Usd);
    const strip = (es: typeof camt.entries) =>
      es.map(({ natural_key, entry_ref, amount_minor, sender_tax_id, remittance }) => ({
        natural_key,
        entry_ref,
        amount_minor,
        sender_tax_id,
        remittance,
      }));
    expect(strip(parsed.entries)).toEqual(strip(camt.entries));
  });

  it("flags opening balance + entries ≠ closing balance instead of accepting it", () => {
    expect(parsed.errors).toEqual([]);
    const r = parseMt940(fixtures.mt940Usd.replace(":62F:C260131USD250397,10", ":62F:C260131USD250397,01"));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: "BALANCE_MISMATCH", location: "statement STMUSD260131 00001/001" });
    expect(r.entries).toHaveLength(parsed.entries.length);
  });

  it("reads D, RC, RD and C-with-funds-code marks into money directions, and a customer reference with a slash", () => {
    const text = [
      ":20:T1",
      ":25:DE89370400440532013000",
      ":28C:1/1",
      ":60F:C260301EUR100,00",
      ":61:2603010301D10,00NMSCNONREF//B1",
      ":86:FEE",
      ":61:2603010301RD5,00NTRFNONREF//B2",
      ":86:FEE REVERSED",
      ":61:2603010301CR2,50NTRFINV/77",
      ":86:/REMI/USTD//thanks",
      ":62F:C260301EUR97,50",
      "-",
    ].join("\n");
    const r = parseMt940(text);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.direction, e.amount_minor, e.reversal ?? false, e.entry_ref])).toEqual([
      ["debit", 1000, false, null],
      ["credit", 500, true, null],
      ["credit", 250, false, "INV/77"],
    ]);
  });

  it("parses the structured, German and free forms of :86:", () => {
    expect(parseInfo86("/ORDP//NAME/ACME GMBH/ID/DE123/REMI/USTD//INV 1/2 paid/EREF/E1")).toEqual({
      name: "ACME GMBH",
      taxId: "DE123",
      remittance: "INV 1/2 paid",
    });
    expect(parseInfo86("166?00GUTSCHRIFT?20INV-2026-000042?21 THANKS?32ACME GMBH")).toEqual({
      name: "ACME GMBH",
      taxId: null,
      remittance: "INV-2026-000042 THANKS",
    });
    expect(parseInfo86("just text")).toEqual({ name: null, taxId: null, remittance: "just text" });
  });
});

describe("bank CSV exports", () => {
  it("reads the ;-separated export and keeps a repeated bank line once", () => {
    const r = parseStatement(fixtures.bankCsv);
    expect(r.format).toBe("bankcsv");
    expect(r.entries).toHaveLength(14);
    expect(r.warnings.map((w) => w.code)).toEqual(["DUPLICATE_NATURAL_KEY"]);
    expect(r.entries[1]).toMatchObject({
      entry_ref: "W000002",
      amount_minor: 14228504,
      currency: "EUR",
      sender_tax_id: "DE601586339",
      remittance: "inv no 2026-000036",
    });
  });

  it("reads decimal commas and thousands dots", () => {
    const text =
      "account_iban;booking_date;value_date;entry_reference;bank_reference;counterparty_name;counterparty_id;credit_debit;amount;currency;purpose\nDE1;01.03.2026;01.03.2026;R1;B1;ACME;;CRDT;1.234,56;EUR;x\nDE1;2026-03-02;;R2;B2;ACME;;CRDT;99,5;EUR;y\n";
    const r = parseBankCsv(text);
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.amount_minor, e.booking_date])).toEqual([
      [123456, "2026-03-01"],
      [9950, "2026-03-02"],
    ]);
  });

  it("reports bad rows with their line numbers and imports the rest", () => {
    const text =
      "account_iban;booking_date;value_date;entry_reference;bank_reference;counterparty_name;counterparty_id;credit_debit;amount;currency;purpose\nDE1;2026-03-01;;R1;B1;A;;CRDT;10,00;ABC;x\nDE1;2026-03-01;;R2;B2;A;;CRDT;-5,00;EUR;x\nDE1;2026-02-30;;R3;B3;A;;CRDT;5,00;EUR;x\nDE1;2026-03-01;;R4;B4;A;;CRDT;1,234;EUR;x\nDE1;2026-03-01;;R5;B5;A;;CRDT;0,00;EUR;x\nDE1;2026-03-01;;R6;B6;A;;CRDT;7,00;EUR;ok\n";
    const r = parseBankCsv(text);
    expect(r.errors.map((e) => [e.code, e.location])).toEqual([
      ["UNKNOWN_CURRENCY", "line 2"],
      ["NEGATIVE_AMOUNT", "line 3"],
      ["BAD_DATE", "line 4"],
      ["BAD_AMOUNT", "line 5"],
      ["ZERO_AMOUNT", "line 6"],
    ]);
    expect(r.entries.map((e) => e.entry_ref)).toEqual(["R6"]);
  });

  it("gives wire exports without bank references content-hash keys that are stable across imports", () => {
    const a = parseStatement(fixtures.wiresCsv);
    const b = parseStatement(fixtures.wiresCsv);
    expect(a.format).toBe("wirecsv");
    expect(a.entries.every((e) => /^h:[0-9a-f]{64}$/.test(e.natural_key))).toBe(true);
    expect(b.entries.map((e) => e.natural_key)).toEqual(a.entries.map((e) => e.natural_key));
    // Two copies of one line (W000013/W000014 differ only in their wire id) are still two entries here;
    // the matcher recognises the duplicate import.
    expect(new Set(a.entries.map((e) => e.natural_key)).size).toBe(a.entries.length);
  });

  it("keeps two identical lines without any reference as two entries with distinct keys", () => {
    const line = ",95-1866118,ACME,10.00,USD,2026-03-01,same";
    const r = parseStatement(`wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info\n${line}\n${line}\n`);
    expect(r.entries).toHaveLength(2);
    expect(r.entries[0].natural_key).not.toBe(r.entries[1].natural_key);
  });
});

describe("format detection and whole-file errors", () => {
  it("detects each format from content alone", () => {
    expect(detectFormat(fixtures.camt053Usd)).toBe("camt053");
    expect(detectFormat(fixtures.mt940Usd)).toBe("mt940");
    expect(detectFormat(fixtures.bankCsv)).toBe("bankcsv");
    expect(detectFormat(fixtures.wiresCsv)).toBe("wirecsv");
    expect(detectFormat("hello world")).toBeNull();
  });

  it("throws InvalidInput for an unknown format, XML that is not camt, and an empty file", () => {
    expect(() => parseStatement("hello world")).toThrow(InvalidInput);
    expect(() => parseStatement('<?xml version="1.0"?><Invoice/>')).toThrow(/not an ISO 20022/);
    expect(() => parseStatement("  \n ")).toThrow(/empty/);
  });

  it("throws PayloadTooLarge above the size limit before parsing", () => {
    expect(() => parseStatement(fixtures.camt053Usd, { maxBytes: 1000 })).toThrow(PayloadTooLarge);
  });
});
