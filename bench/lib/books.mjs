// Synthetic books for the recon benches: N open invoices with one matching credit each, and the
// camt.053 statement / camt.054 notification that carry those credits.
export const pad = (n, w) => String(n).padStart(w, "0");
export const iso = (dayOffset) => new Date(Date.UTC(2026, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
export const money = (minor) => `${Math.floor(minor / 100)}.${pad(minor % 100, 2)}`;

export function makeBooks(n) {
  const invoices = [];
  const entries = [];
  for (let i = 0; i < n; i++) {
    const customer = i % 400;
    const tax = `DE${pad(100_000_000 + customer, 9)}`;
    const amount = 10_000 + ((i * 7919) % 9_000_000);
    const due = 30 + (i % 200);
    const id = `INV-B-${pad(i, 7)}`;
    invoices.push({
      invoice_id: id,
      customer_tax_id: tax,
      customer_name: `Bench Customer ${customer} GmbH`,
      po_number: null,
      amount: money(amount),
      currency: "EUR",
      issue_date: iso(due - 30),
      due_date: iso(due),
    });
    entries.push({
      ref: `WB${pad(i, 7)}`,
      bank: `BR${pad(i, 10)}`,
      amount,
      date: iso(due + (i % 5)),
      tax,
      name: `Bench Customer ${customer} GmbH`,
      remittance: `Invoice ${id}`,
    });
  }
  return { invoices, entries };
}

/** One credit entry (camt.053 and camt.054 share the Ntry element). */
export function ntryXml(e) {
  return `<Ntry><NtryRef>${e.ref}</NtryRef><Amt Ccy="EUR">${money(e.amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>${e.date}</Dt></BookgDt><ValDt><Dt>${e.date}</Dt></ValDt><AcctSvcrRef>${e.bank}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${e.name}</Nm><Id><OrgId><Othr><Id>${e.tax}</Id></Othr></OrgId></Id></Dbtr></RltdPties><RmtInf><Ustrd>${e.remittance}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
}

export function camt053(entries) {
  const total = entries.reduce((s, e) => s + e.amount, 0);
  const ntry = entries.map(ntryXml).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>BENCH-${Date.now()}</MsgId><CreDtTm>2026-12-31T23:59:00</CreDtTm></GrpHdr>
<Stmt><Id>BENCH-STMT</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${money(total)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-31</Dt></Dt></Bal>
${ntry}
</Stmt></BkToCstmrStmt></Document>
`;
}

export function camt054(entries) {
  const ntry = entries.map(ntryXml).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>RT-${entries[0].ref}</MsgId><CreDtTm>2026-12-31T12:00:00</CreDtTm></GrpHdr>
<Ntfctn><Id>RT-${entries[0].ref}</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>${ntry}</Ntfctn>
</BkToCstmrDbtCdtNtfctn></Document>
`;
}
