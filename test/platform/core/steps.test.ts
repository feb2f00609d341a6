import { describe, expect, it } from "vitest";
import { drain, drainCooperatively, type Steps } from "../../../src/platform/steps";
import { parseStatement, parseStatementSteps } from "../../../src/recon/core/parse/detect";
import { CAMT_ENTRIES_PER_STEP } from "../../../src/recon/core/parse/camt";
import { readXml, readXmlSteps, XML_ELEMENTS_PER_STEP } from "../../../src/recon/core/parse/xml-reader";

function* countTo(n: number): Steps<number> {
  let sum = 0;
  for (let i = 1; i <= n; i++) {
    sum += i;
    yield;
  }
  return sum;
}

/** Counts the yields of a generator while running it to its result. */
function yieldsOf<T>(steps: Steps<T>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value, yields };
    yields++;
  }
}

describe("steps: one computation, run in one go or in slices", () => {
  it("drain runs to the result without pausing", () => {
    expect(drain(countTo(4))).toBe(10);
  });

  it("drainCooperatively pauses once per yield and returns the same result", async () => {
    let pauses = 0;
    const value = await drainCooperatively(countTo(4), async () => {
      pauses++;
    });
    expect([value, pauses]).toEqual([10, 4]);
  });

  it("lets other work run between slices (the default pause is a macrotask)", async () => {
    const order: string[] = [];
    function* twoSlices(): Steps<string> {
      order.push("slice 1");
      yield;
      order.push("slice 2");
      return "done";
    }
    setTimeout(() => order.push("other request"), 0); // a request already waiting on the isolate
    const run = drainCooperatively(twoSlices());
    expect(await run).toBe("done");
    expect(order).toEqual(["slice 1", "other request", "slice 2"]);
  });

  it("rejects with the generator's own error", async () => {
    function* failing(): Steps<never> {
      yield;
      throw new RangeError("bad entry");
    }
    await expect(drainCooperatively(failing(), async () => {})).rejects.toThrow(RangeError);
  });
});

const ntry = (i: number) =>
  `<Ntry><NtryRef>R${i}</NtryRef><Amt Ccy="EUR">${i}.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>B${i}</AcctSvcrRef></Ntry>`;
const camt = (n: number) =>
  `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>` +
  `<Stmt><Id>S</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${Array.from({ length: n }, (_, i) => ntry(i + 1)).join("")}</Stmt></BkToCstmrStmt></Document>`;

describe("statements read in slices", () => {
  it("the XML reader yields after every `every` opened elements and builds the same document", () => {
    const xml = `<a>${"<b>x</b>".repeat(9)}</a>`; // 10 elements
    const { value, yields } = yieldsOf(readXmlSteps(xml, 3));
    expect(yields).toBe(3);
    expect(value).toEqual(readXml(xml));
  });

  it("a camt statement yields as it is read and gives exactly what the one-stretch parse gives", () => {
    const xml = camt(CAMT_ENTRIES_PER_STEP * 2 + 1);
    const { value, yields } = yieldsOf(parseStatementSteps(xml));
    // 8 elements per entry: the reader yields too, and the entry walk at least twice.
    expect(yields).toBeGreaterThanOrEqual(2 + Math.floor(((CAMT_ENTRIES_PER_STEP * 2 + 1) * 8) / XML_ELEMENTS_PER_STEP));
    expect(value).toEqual(parseStatement(xml));
    expect(value.entries).toHaveLength(CAMT_ENTRIES_PER_STEP * 2 + 1);
  });

  it("a malformed statement still throws its 422 problem through the steps", () => {
    expect(() => drain(parseStatementSteps(camt(3).replace("</Stmt>", "")))).toThrow(/camt XML is malformed/);
  });

  it("a line format is read in one stretch (no yields)", () => {
    const mt940 =
      ":20:REF\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C260301EUR0,00\n:61:2603020302C10,00NTRFNONREF//B1\n:86:INV-1\n:62F:C260302EUR10,00\n";
    const { value, yields } = yieldsOf(parseStatementSteps(mt940));
    expect(yields).toBe(0);
    expect(value.format).toBe("mt940");
  });
});
