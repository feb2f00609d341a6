import { describe, expect, it } from "vitest";
import { detectCamt, parseCamt } from "../../../../src/recon/core/parse/camt";

/* camt batch bookings and remittance text (mutation-driven): when an entry splits, each part's bank and entry
 * reference, refused parts, the remittance pieces in order, and a statement's second balance pair. */

const doc053 = (body: string) =>
  `<?xml version="1.0"?><Document><BkToCstmrStmt><GrpHdr><CreDtTm>2026-03-05T08:00:00</CreDtTm></GrpHdr>` +
  `<Stmt><Id>S1</Id><Acct><Id><IBAN>DE89</IBAN></Id></Acct>${body}</Stmt></BkToCstmrStmt></Document>`;
const tx = (amt: string | null, ref: string | null, extra = "") =>
  `<TxDtls>${ref === null ? "" : `<Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs>`}` +
  `${amt === null ? "" : `<AmtDtls><TxAmt><Amt Ccy="EUR">${amt}</Amt></TxAmt></AmtDtls>`}${extra}</TxDtls>`;
const batch = (total: string, txs: string[], refs = "<NtryRef>N1</NtryRef><AcctSvcrRef>BANK</AcctSvcrRef>", extra = "") =>
  `<Ntry>${refs}<Amt Ccy="EUR">${total}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
  `<BookgDt><Dt>2026-03-02</Dt></BookgDt>${extra}<NtryDtls>${txs.join("")}</NtryDtls></Ntry>`;
const refs = (xml: string) => parseCamt(xml).entries.map((e) => [e.amount_minor, e.bank_ref, e.entry_ref]);

describe("camt batch bookings", () => {
  it("splits a batch whose parts add up, keeping each part's own unique reference", () => {
    expect(refs(doc053(batch("30.00", [tx("10.00", "P1"), tx("20.00", "P2")])))).toEqual([
      [1000, "P1", "N1/1"],
      [2000, "P2", "N1/2"],
    ]);
  });

  it("numbers the parts under the entry's reference when theirs are missing or equal the entry's", () => {
    expect(refs(doc053(batch("30.00", [tx("10.00", "BANK"), tx("20.00", null)])))).toEqual([
      [1000, "BANK/1", "N1/1"],
      [2000, "BANK/2", "N1/2"],
    ]);
    expect(refs(doc053(batch("30.00", [tx("10.00", null), tx("20.00", null)], "")))).toEqual([
      [1000, null, null],
      [2000, null, null],
    ]);
  });

  it("keeps a batch whole when its parts do not add up or one has no amount", () => {
    const p = parseCamt(doc053(batch("31.00", [tx("10.00", "P1"), tx("20.00", "P2")])));
    expect(p.entries.map((e) => [e.amount_minor, e.bank_ref, e.entry_ref])).toEqual([[3100, "BANK", "N1"]]);
    expect(p.warnings.map((w) => [w.code, w.message, w.location])).toEqual([
      ["BATCH_MISMATCH", "the batch's transaction amounts do not add up to the entry amount 31.00: kept whole", "S1 Ntry 1"],
    ]);
    expect(refs(doc053(batch("30.00", [tx("10.00", "P1"), tx(null, "P2")])))).toEqual([[3000, "BANK", "N1"]]);
  });

  it("refuses a part with a zero amount and keeps the rest", () => {
    const p = parseCamt(doc053(batch("30.00", [tx("30.00", "P1"), tx("0.00", "P2")])));
    expect(p.entries.map((e) => e.amount_minor)).toEqual([3000]);
    expect(p.errors.map((e) => [e.code, e.message, e.location])).toEqual([
      ["BAD_AMOUNT", "TxDtls 2: amount must be positive", "S1 Ntry 1"],
    ]);
  });
});

describe("camt remittance text", () => {
  const rmt = (inner: string, extra = "") =>
    parseCamt(doc053(batch("10.00", [tx(null, null, `<RmtInf>${inner}</RmtInf>`)], "", extra))).entries[0].remittance;

  it("joins unstructured lines, referred documents, creditor references and additional text in order", () => {
    expect(
      rmt(
        "<Ustrd> INV-1 </Ustrd><Ustrd> </Ustrd><Ustrd>INV-2</Ustrd>" +
          "<Strd><RfrdDocInf><Nb>DOC-1</Nb></RfrdDocInf><RfrdDocInf><Nb>DOC-2</Nb></RfrdDocInf>" +
          "<CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf><AddtlRmtInf> note </AddtlRmtInf><AddtlRmtInf> </AddtlRmtInf></Strd>",
      ),
    ).toBe("INV-1 INV-2 DOC-1 DOC-2 RF18539007547034 note");
  });

  it("falls back to the entry's additional information only when the transaction says nothing", () => {
    expect(rmt("<Ustrd>INV-9</Ustrd>", "<AddtlNtryInf>SEPA credit</AddtlNtryInf>")).toBe("INV-9");
    expect(rmt("", "<AddtlNtryInf>SEPA credit</AddtlNtryInf>")).toBe("SEPA credit");
    expect(rmt("")).toBe("");
  });
});

describe("camt balances and detection", () => {
  const bal = (code: string, amt: string, ind = "CRDT", ccy = ' Ccy="EUR"') =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt${ccy}>${amt}</Amt><CdtDbtInd>${ind}</CdtDbtInd></Bal>`;
  const one = `<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry>`;

  it("checks a previous-day opening against the closing, skipping unreadable balances", () => {
    const p = parseCamt(
      doc053(one + bal("PRCD", "1.00", "DBIT") + bal("CLBD", "x") + bal("CLBD", "9.00", "CRDT", ' Ccy="XYZ"') + bal("CLBD", "4.00")),
    );
    expect(p.statements?.[0]).toMatchObject({ opening_minor: -100, closing_minor: 400, balance: "ok", credit_minor: 500 });
    const off = parseCamt(doc053(one + bal("OPBD", "1.00") + bal("CLBD", "7.00")));
    expect(off.errors.map((e) => [e.code, e.message, e.location])).toEqual([
      ["BALANCE_MISMATCH", "opening 100 + credits 500 − debits 0 ≠ closing 700 (minor units EUR)", "S1"],
    ]);
  });

  it("detects camt.053/052 and camt.054 from the document head", () => {
    expect(detectCamt(`<?xml version="1.0"?>\n<!-- bank --><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">`)).toBe(
      "camt053",
    );
    expect(detectCamt(`<doc:Document xmlns:doc="x"><doc:BkToCstmrAcctRpt>`)).toBe("camt053");
    expect(detectCamt(`<Document><BkToCstmrDbtCdtNtfctn>`)).toBe("camt054");
    expect(detectCamt(`<x:BkToCstmrStmt>`)).toBe("camt053");
    expect(detectCamt(`hello <Document>`)).toBeNull();
  });

  it("refuses a DOCTYPE before reading anything", () => {
    expect(() => parseCamt(`<!DOCTYPE x>${doc053(one)}`)).toThrow("camt XML: DOCTYPE/ENTITY declarations are not accepted");
  });
});

describe("camt entry warnings", () => {
  it("words a pending and a zero entry", () => {
    const entry = (sts: string, amt: string) =>
      `<Ntry><Amt Ccy="EUR">${amt}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>${sts}</Cd></Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt></Ntry>`;
    const p = parseCamt(doc053(entry("PDNG", "5.00") + entry("BOOK", "0.00")));
    expect(p.warnings.map((w) => [w.code, w.message, w.location])).toEqual([
      ["NOT_BOOKED", "entry status PDNG: not imported until booked", "S1 Ntry 1"],
      ["ZERO_AMOUNT", "a zero entry moves no money: nothing to import", "S1 Ntry 2"],
    ]);
  });
});
