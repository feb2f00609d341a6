import { describe, expect, it } from "vitest";
import { parseCamt } from "../../../../src/recon/core/parse/camt";

/** camt.052/053/054 entry by entry: the three message kinds, each refused entry with its place, parties, references, balances. */

type Ntry = { amt?: string; ccy?: string; ind?: string; sts?: string; date?: string; val?: string; extra?: string; tx?: string };
const ntry = (n: Ntry = {}) =>
  `<Ntry>${n.sts === undefined ? "" : `<Sts>${n.sts}</Sts>`}<Amt${n.ccy === "" ? "" : ` Ccy="${n.ccy ?? "EUR"}"`}>${n.amt ?? "10.00"}</Amt>` +
  `<CdtDbtInd>${n.ind ?? "CRDT"}</CdtDbtInd>${n.date === "" ? "" : `<BookgDt><Dt>${n.date ?? "2026-03-02"}</Dt></BookgDt>`}` +
  `${n.val ? `<ValDt><Dt>${n.val}</Dt></ValDt>` : ""}${n.extra ?? ""}${n.tx === undefined ? "" : `<NtryDtls>${n.tx}</NtryDtls>`}</Ntry>`;

const stmt = (body: string, acct = "<Acct><Id><IBAN>DE89</IBAN></Id></Acct>", id = "<Id>S1</Id>") => `<Stmt>${id}${acct}${body}</Stmt>`;
const doc053 = (...stmts: string[]) =>
  `<?xml version="1.0"?><Document><BkToCstmrStmt><GrpHdr><CreDtTm>2026-03-05T08:00:00</CreDtTm></GrpHdr>${stmts.join("")}</BkToCstmrStmt></Document>`;
const bal = (code: string, amt: string, ind = "CRDT") =>
  `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amt}</Amt><CdtDbtInd>${ind}</CdtDbtInd></Bal>`;

describe("camt messages", () => {
  it("reads a camt.052 account report as a statement, and names the report when it has no Id", () => {
    const p = parseCamt(
      `<Document><BkToCstmrAcctRpt><Rpt><Acct><Id><Othr><Id>ACC-7</Id></Othr></Id></Acct>${ntry()}</Rpt></BkToCstmrAcctRpt></Document>`,
    );
    expect(p.format).toBe("camt053");
    expect(p.account).toBe("ACC-7");
    expect(p.statements?.map((s) => s.ref)).toEqual(["Rpt 1"]);
    expect(p.entries.map((e) => [e.account, e.amount_minor])).toEqual([["ACC-7", 1000]]);
  });

  it("refuses XML that is no camt message, a message without statements, and malformed XML with its place", () => {
    expect(() => parseCamt("<Document><Other/></Document>")).toThrow(
      "camt XML: no BkToCstmrStmt, BkToCstmrDbtCdtNtfctn or BkToCstmrAcctRpt element",
    );
    expect(() => parseCamt("<Document><BkToCstmrDbtCdtNtfctn><GrpHdr/></BkToCstmrDbtCdtNtfctn></Document>")).toThrow(
      "camt XML: the message has no Ntfctn element",
    );
    expect(() => parseCamt("<Document>\n<BkToCstmrStmt><Stmt></BkToCstmrStmt>")).toThrow(/camt XML is malformed: .*\(line 2, column \d+\)/);
  });
});

describe("camt entries", () => {
  it("refuses each unusable entry with its statement and entry number, and leaves the balance unchecked", () => {
    const p = parseCamt(
      doc053(
        stmt(
          [
            ntry({ sts: "PDNG" }),
            ntry({ ccy: "XYZ" }),
            ntry({ amt: "ten" }),
            ntry({ amt: "0.00" }),
            ntry({ amt: "-5.00" }),
            ntry({ ind: "RCDT" }),
            ntry({ amt: "7.00" }),
          ].join("") +
            bal("OPBD", "0.00") +
            bal("CLBD", "7.00"),
        ),
      ),
    );
    expect(p.warnings.map((w) => [w.code, w.location])).toEqual([
      ["NOT_BOOKED", "S1 Ntry 1"],
      ["ZERO_AMOUNT", "S1 Ntry 4"],
    ]);
    expect(p.errors.map((e) => [e.code, e.location])).toEqual([
      ["UNKNOWN_CURRENCY", "S1 Ntry 2"],
      ["BAD_AMOUNT", "S1 Ntry 3"],
      ["NEGATIVE_AMOUNT", "S1 Ntry 5"],
      ["BAD_DIRECTION", "S1 Ntry 6"],
    ]);
    expect(p.errors[3]?.message).toBe('CdtDbtInd "RCDT" is not CRDT or DBIT');
    expect(p.entries.map((e) => e.amount_minor)).toEqual([700]);
    expect(p.statements?.[0]).toMatchObject({ lines: 6, entries: 1, zero_lines: 1, rejected_lines: 4, balance: "unchecked" });
  });

  it("takes the account's currency when the amount names none", () => {
    const p = parseCamt(doc053(stmt(ntry({ ccy: "" }), "<Acct><Id><IBAN>DE89</IBAN></Id><Ccy>CHF</Ccy></Acct>")));
    expect(p.entries.map((e) => e.currency)).toEqual(["CHF"]);
  });

  it("dates an entry by booking, else value date, else the message, else refuses it", () => {
    const p = parseCamt(doc053(stmt(ntry({ date: "", val: "2026-03-03" }) + ntry({ date: "", amt: "2.00" }))));
    expect(p.entries.map((e) => [e.booking_date, e.value_date])).toEqual([
      ["2026-03-03", "2026-03-03"],
      ["2026-03-05", null],
    ]);
    expect(p.warnings.map((w) => [w.code, w.location])).toEqual([["DATE_FROM_MESSAGE", "S1 Ntry 2"]]);
    const undated = parseCamt(`<Document><BkToCstmrStmt>${stmt(ntry({ date: "" }))}</BkToCstmrStmt></Document>`);
    expect(undated.errors.map((e) => [e.code, e.location])).toEqual([["BAD_DATE", "S1 Ntry 1"]]);
  });

  it("reads the payer of a credit and the payee of a debit, their ids, every remittance text, and reversals", () => {
    const party = (role: string, inner: string) => `<TxDtls><RltdPties><${role}>${inner}</${role}></RltdPties>`;
    const credit = ntry({
      extra: "<RvslInd>true</RvslInd><NtryRef>NR-1</NtryRef>",
      tx:
        party("Dbtr", "<Pty><Nm>Acme GmbH</Nm><Id><OrgId><Othr><Id>DE123</Id></Othr></OrgId></Id></Pty>") +
        `<RmtInf><Ustrd>INV-1</Ustrd><Ustrd> </Ustrd><Strd><RfrdDocInf><Nb>INV-2</Nb></RfrdDocInf><CdtrRefInf><Ref>RF18</Ref></CdtrRefInf><AddtlRmtInf>thanks</AddtlRmtInf></Strd></RmtInf></TxDtls>`,
    });
    const debit = ntry({
      ind: "DBIT",
      amt: "3.00",
      extra: "<AddtlNtryInf>card fee</AddtlNtryInf>",
      tx:
        party("Cdtr", "<Nm>Bank</Nm><Id><PrvtId><Othr><Id>P-9</Id></Othr></PrvtId></Id>") +
        "<Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs></TxDtls>",
    });
    const bic = ntry({
      amt: "4.00",
      tx:
        party("Dbtr", "<Nm>Corp</Nm><Id><OrgId><AnyBIC>DEUTDEFF</AnyBIC></OrgId></Id>") +
        "<Refs><EndToEndId>E2E-5</EndToEndId></Refs></TxDtls>",
    });
    const p = parseCamt(doc053(stmt(credit + debit + bic)));
    expect(p.entries.map((e) => [e.direction, e.sender_name, e.sender_tax_id, e.remittance, e.entry_ref, e.reversal ?? false])).toEqual([
      ["credit", "Acme GmbH", "DE123", "INV-1 INV-2 RF18 thanks", "NR-1", true],
      ["debit", "Bank", "P-9", "card fee", null, false],
      ["credit", "Corp", "DEUTDEFF", "", "E2E-5", false],
    ]);
  });

  it("checks each statement's balance, a debit balance counting negative, and names the one that does not add up", () => {
    const ok = stmt(ntry({ amt: "10.00" }) + ntry({ amt: "4.00", ind: "DBIT" }) + bal("PRCD", "5.00", "DBIT") + bal("CLBD", "1.00"));
    const off = stmt(ntry({ amt: "10.00" }) + bal("OPBD", "0.00") + bal("CLBD", "9.00"), undefined, "<Id>S2</Id>");
    const p = parseCamt(doc053(ok, off));
    expect(p.statements?.map((s) => [s.ref, s.opening_minor, s.closing_minor, s.balance])).toEqual([
      ["S1", -500, 100, "ok"],
      ["S2", 0, 900, "mismatch"],
    ]);
    expect(p.errors.map((e) => [e.code, e.location, e.message])).toEqual([
      ["BALANCE_MISMATCH", "S2", "opening 0 + credits 1000 − debits 0 ≠ closing 900 (minor units EUR)"],
    ]);
    expect(p.statements?.[0]).toMatchObject({ credit_minor: 1000, debit_minor: 400, currency: "EUR", account: "DE89" });
  });
});
