import { describe, expect, it } from "vitest";
import { detectFormat, parseStatement } from "../../../../src/recon/core/parse/detect";

/* Format detection from the content's head (mutation-driven): the byte-order mark, the 4 KiB window, the CSV
 * header line and the wire_id column, and the two refusals. */

const CSV = "amount,currency,booking_date";

describe("detectFormat", () => {
  it("reads a bank CSV header after a byte-order mark and leading blank lines", () => {
    expect(detectFormat(`\uFEFF${CSV}\n1.00,EUR,2026-03-01`)).toBe("bankcsv");
    expect(detectFormat(`\n\r\n  ${CSV}\r\n1.00,EUR,2026-03-01`)).toBe("bankcsv");
    expect(detectFormat(`${CSV}\r1.00,EUR,2026-03-01`)).toBeNull();
  });

  it("tells a wires export by a whole wire_id column, with any delimiter and spacing", () => {
    expect(detectFormat(`wire_id,${CSV}`)).toBe("wirecsv");
    expect(detectFormat(`amount; currency; booking_date ; wire_id `)).toBe("wirecsv");
    expect(detectFormat(`amount\tcurrency\t wire_id \tbooking_date`)).toBe("wirecsv");
    expect(detectFormat(`${CSV},old_wire_id`)).toBe("bankcsv");
    expect(detectFormat(`${CSV},wire_ids`)).toBe("bankcsv");
  });

  it("looks at the first 4 KiB only", () => {
    const mt940 = ":20:STMT\n:25:ACC\n:60F:C261130EUR1,00\n";
    expect(detectFormat(mt940)).toBe("mt940");
    expect(detectFormat(`${" ".repeat(4096)}${mt940}`)).toBeNull();
  });
});

describe("parseStatement refusals", () => {
  it("names XML that is no camt document apart from an unknown format", () => {
    expect(() => parseStatement("  <Invoice/>")).toThrow("bank statement: XML that is not an ISO 20022 camt.052/053/054 document");
    expect(() => parseStatement("hello <Invoice/>")).toThrow(
      "bank statement: unrecognised format (expected camt.052/053/054 XML, MT940, BAI2 or a bank CSV export)",
    );
    expect(() => parseStatement(" \n ")).toThrow("bank statement: the file is empty");
  });
});
