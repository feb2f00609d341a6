import { describe, expect, it } from "vitest";
import { apiKey, call } from "../helpers";
import { mulberry32 } from "../fixtures/prng";
import { fixtures } from "../fixtures/leads-service";

/**
 * Fuzz of the upload endpoints (leads, invoices, bank statements): random bytes, mutated valid
 * documents and lying content types. Invariants: never a 5xx, every error is problem+json.
 * Seeded: a failure names its seed and case.
 */
const SEED = 4242;
const CASES = 70;

const TYPES = [
  "message/rfc822",
  "application/pdf",
  "text/plain",
  "application/json",
  "text/csv",
  "application/xml",
  "text/xml",
  "application/octet-stream",
  "multipart/form-data; boundary=x",
  "image/png",
  "",
];
const CAMT = `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>S1</Id><Acct><Id><IBAN>DE00123</IBAN></Id></Acct><Ntry><NtryRef>W-1</NtryRef><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-02</Dt></BookgDt><AcctSvcrRef>B-1</AcctSvcrRef></Ntry></Stmt></BkToCstmrStmt></Document>`;
const MT940 =
  ":20:REF\n:25:DE00123\n:28C:1/1\n:60F:C260101EUR100,00\n:61:2601020102C50,00NTRFW-1//B-1\n:86:/ORDP//NAME/ACME/REMI/USTD//INV-1\n:62F:C260102EUR150,00\n";
const INVOICES =
  "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date\nINV-1,DE1,Acme GmbH,PO-1,100.00,EUR,2026-01-01,2026-01-31\n";
/** Valid documents with their proper media type: the fuzz mutates these, and sometimes sends them as they are. */
const VALID: Array<[string, string]> = [
  [fixtures.email, "message/rfc822"],
  [fixtures.chatText, "text/plain"],
  [fixtures.chatJson, "application/json"],
  [fixtures.hubspotForm, "application/json"],
  [fixtures.salesforceLead, "application/json"],
  [CAMT, "application/xml"],
  [MT940, "text/x-mt940"],
  [INVOICES, "text/csv"],
];
const SEEDS = VALID.map(([text]) => text);

function mutate(r: () => number, text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(r() * 8);
  for (let i = 0; i < edits && chars.length; i++) {
    const at = Math.floor(r() * chars.length);
    const op = Math.floor(r() * 4);
    if (op === 0) chars.splice(at, 1 + Math.floor(r() * 40));
    else if (op === 1) chars.splice(at, 0, String.fromCharCode(Math.floor(r() * 0x3000)));
    else if (op === 2) chars[at] = "\u0000";
    else chars.splice(at, 0, ...chars.slice(0, Math.floor(r() * 30)));
  }
  return chars.join("");
}

function body(r: () => number): BodyInit {
  const kind = Math.floor(r() * 3);
  if (kind === 0) return Uint8Array.from({ length: Math.floor(r() * 600) }, () => Math.floor(r() * 256));
  const base = SEEDS[Math.floor(r() * SEEDS.length)];
  return kind === 1 ? mutate(r, base) : base.slice(0, Math.floor(r() * base.length));
}

describe("upload endpoints under random and mutated input", () => {
  const own: Record<string, [string, string]> = {
    "/api/leads": VALID[0],
    "/api/finance/invoices": VALID[7],
    "/api/finance/bank-statements": VALID[5],
  };
  for (const path of Object.keys(own)) {
    it(`never answer ${path} with a 5xx, and every error is problem+json`, async () => {
      const auth = await apiKey("leads:write", "finance:write");
      const r = mulberry32(SEED + path.length);
      const seen = { accepted: 0, refused: 0 };
      for (let i = 0; i < CASES; i++) {
        // The first case is the endpoint's own valid document; then 1 in 4 is some valid document as it is.
        const intact = i === 0 ? own[path] : r() < 0.25 ? VALID[Math.floor(r() * VALID.length)] : null;
        const type = intact ? intact[1] : TYPES[Math.floor(r() * TYPES.length)];
        const headers: Record<string, string> = { ...auth };
        if (type) headers["content-type"] = type;
        const res = await call(path, { method: "POST", headers, body: intact ? intact[0] : body(r) });
        const where = `seed ${SEED} case ${i} ${path} (${type || "no type"})`;
        expect(res.status, where).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get("content-type"), where).toContain("application/problem+json");
        seen[res.status < 300 ? "accepted" : "refused"]++;
        await res.arrayBuffer();
      }
      // The cases reach both the parsers' success paths and their refusals, not only one wall.
      expect(seen.accepted).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    });
  }
});
