import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeStatement } from "../../../../src/recon/core/parse/decode";

/** Which encoding an uploaded statement's bytes are read in: marks, zero bytes, UTF-8, the XML declaration, code pages. */

const text = ":86:Gebühr für Straße, Zahlung Müller";
const utf16 = (s: string, be: boolean) => new Uint8Array([...s].flatMap((c) => (be ? [0, c.charCodeAt(0)] : [c.charCodeAt(0), 0])));

describe("decodeStatement", () => {
  it("reads UTF-16 big-endian with and without its byte-order mark", () => {
    expect(decodeStatement(new Uint8Array([0xfe, 0xff, ...utf16(text, true)]))).toEqual({ text, encoding: "utf-16be" });
    expect(decodeStatement(utf16(text, true))).toEqual({ text, encoding: "utf-16be" });
    expect(decodeStatement(new Uint8Array([0xff, 0xfe, ...utf16(text, false)]))).toEqual({ text, encoding: "utf-16le" });
  });

  it("does not take a short or mixed file for UTF-16", () => {
    // Under 8 bytes nothing is guessed from zeros: a NUL-padded ASCII line stays UTF-8.
    expect(decodeStatement(new Uint8Array([0x41, 0, 0x42, 0]))).toEqual({ text: "A\u0000B\u0000", encoding: "utf-8" });
    // Zeros in both even and odd bytes: not UTF-16.
    const mixed = new Uint8Array([0x41, 0, 0, 0x42, 0x43, 0, 0, 0x44, 0x45, 0, 0, 0x46]);
    expect(decodeStatement(mixed).encoding).toBe("utf-8");
    // Few zeros (under 40 % of the pairs): not UTF-16 either.
    const sparse = new TextEncoder().encode(`${"ABCDEFGHIJ".repeat(3)}\u0000`);
    expect(decodeStatement(sparse).encoding).toBe("utf-8");
  });

  it("reads valid UTF-8 as UTF-8, whatever an XML declaration says", () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><x>${text}</x>`;
    expect(decodeStatement(new TextEncoder().encode(xml))).toEqual({ text: xml, encoding: "utf-8" });
  });

  it("honours a known declared encoding when the bytes are not UTF-8, and ignores an unknown one", () => {
    const xml = `<?xml version='1.0' encoding='windows-1250'?><x>Zaplacení úhrada</x>`;
    expect(decodeStatement(iconv.encode(xml, "windows-1250"))).toEqual({ text: xml, encoding: "windows-1250" });
    const unknown = `<?xml version="1.0" encoding="x-nonesuch"?><x>${text}</x>`;
    expect(decodeStatement(iconv.encode(unknown, "windows-1252"))).toEqual({ text: unknown, encoding: "windows-1252" });
  });

  it("picks the code page under which the high bytes read as letters inside words", () => {
    const czech = ":86:Platba za zboží, dodací list č. 12, Dvořák";
    expect(decodeStatement(iconv.encode(czech, "cp852"))).toEqual({ text: czech, encoding: "cp852" });
    expect(decodeStatement(iconv.encode(text, "cp850"))).toEqual({ text, encoding: "cp850" });
    expect(decodeStatement(iconv.encode(text, "windows-1252"))).toEqual({ text, encoding: "windows-1252" });
  });
});

describe("decodeStatement: byte-order marks and the zero-byte guess at their limits", () => {
  const wide = "Überweisung € Ελληνικά 日本";
  const units = (s: string, be: boolean) =>
    new Uint8Array(
      [...s].flatMap((c) => {
        const u = c.charCodeAt(0);
        return be ? [u >> 8, u & 0xff] : [u & 0xff, u >> 8];
      }),
    );

  it("trusts a UTF-16 mark even when the text has no zero bytes to guess from", () => {
    expect(decodeStatement(new Uint8Array([0xff, 0xfe, ...units(wide, false)]))).toEqual({ text: wide, encoding: "utf-16le" });
    expect(decodeStatement(new Uint8Array([0xfe, 0xff, ...units(wide, true)]))).toEqual({ text: wide, encoding: "utf-16be" });
  });

  it("guesses UTF-16 from eight bytes on, and only above 40 % zero bytes", () => {
    expect(decodeStatement(units("ABCD", false))).toEqual({ text: "ABCD", encoding: "utf-16le" });
    expect(decodeStatement(units("ABCD", true))).toEqual({ text: "ABCD", encoding: "utf-16be" });
    // 10 pairs, 4 with a zero (exactly 40 %): not enough.
    const forty = new Uint8Array([...units("ABCD", false), ...new TextEncoder().encode("EFGHIJKLMNOP")]);
    expect(decodeStatement(forty).encoding).toBe("utf-8");
    const fortyBe = new Uint8Array([...units("ABCD", true), ...new TextEncoder().encode("EFGHIJKLMNOP")]);
    expect(decodeStatement(fortyBe).encoding).toBe("utf-8");
    // 5 of 10: UTF-16.
    const fifty = new Uint8Array([...units("ABCDE", false), ...new TextEncoder().encode("FGHIJKLMNO")]);
    expect(decodeStatement(fifty).encoding).toBe("utf-16le");
  });
});
