import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeStatement } from "../../../../src/recon/core/parse/decode";

/*
 * The code-page choice byte by byte (mutation-driven): which high bytes score, where a letter counts double, what a
 * control or box-drawing character costs, and that a tie keeps the earlier page (windows-1252, iso-8859-15, cp850,
 * cp852). The byte values are from the pages' tables: 0x82 is a letter (é) in cp850 and cp852 only, 0xf8 a letter (ø)
 * in windows-1252 and iso-8859-15 only, 0xb0 a shade block in the DOS pages, 0x81 undefined in windows-1252.
 */

const latin = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const encodingOf = (s: string) => decodeStatement(latin(s)).encoding;

describe("decodeStatement: byte-order marks are matched whole", () => {
  it.each([
    ["EF ?? BF", [0xef, 0x41, 0xbf, 0x42]],
    ["?? BB BF", [0x41, 0xbb, 0xbf, 0x42]],
    ["EF BB ??", [0xef, 0xbb, 0x41, 0x42]],
    ["FF ??", [0xff, 0x41, 0x42, 0x43]],
    ["?? FE", [0x41, 0xfe, 0x42, 0x43]],
    ["FE ??", [0xfe, 0x41, 0x42, 0x43]],
    ["?? FF", [0x41, 0xff, 0x42, 0x43]],
  ])("takes %s for no mark: the bytes are read in a code page", (_, bytes) => {
    expect(decodeStatement(new Uint8Array(bytes)).encoding).toBe("windows-1252");
  });
});

describe("decodeStatement: the zero-byte guess", () => {
  it("looks at the first 512 bytes only", () => {
    const head = new Uint8Array(512).map((_, i) => (i % 2 === 0 ? 0x41 : 0));
    const tail = new Uint8Array(200).map((_, i) => (i % 2 === 0 ? 0 : 0x42));
    const bytes = new Uint8Array([...head, ...tail]);
    expect(decodeStatement(bytes).encoding).toBe("utf-16le");
  });

  it("guesses from whole pairs of an odd-length file", () => {
    const bytes = new Uint8Array([0x41, 0, 0x42, 0, 0x43, 0, 0x44, 0, 0x45]);
    expect(decodeStatement(bytes)).toEqual({ text: "ABCD\ufffd", encoding: "utf-16le" });
  });
});

describe("decodeStatement: the XML declaration", () => {
  it("names the declared encoding in lower case", () => {
    const xml = `<?xml version="1.0" encoding="WINDOWS-1250"?><x>Zaplacení</x>`;
    expect(decodeStatement(iconv.encode(xml, "windows-1250"))).toEqual({ text: xml, encoding: "windows-1250" });
  });

  it("reads the declaration from the head of the file only", () => {
    const xml = `${" ".repeat(200)}<?xml version="1.0" encoding="windows-1250"?><x>Zaplacení úhrada</x>`;
    expect(decodeStatement(iconv.encode(xml, "windows-1250")).encoding).not.toBe("windows-1250");
  });
});

describe("decodeStatement: scoring the code pages", () => {
  it("keeps the earlier page on a tie", () => {
    // windows-1252 reads ø (1), cp850 and cp852 read é (1): a tie.
    expect(encodingOf("y \xf8 y \x82 y")).toBe("windows-1252");
  });

  it("counts a letter next to an ASCII letter double, on either side", () => {
    // é after a letter (2 for cp850) beats a lone ø (1 for windows-1252).
    expect(encodingOf("yA\x82 y \xf8 y")).toBe("cp850");
    // é before a letter, likewise.
    expect(encodingOf("y \x82B y \xf8 y")).toBe("cp850");
  });

  it("does not count the start or the end of the text as a letter", () => {
    expect(encodingOf("\x82 y \xf8 y")).toBe("windows-1252");
    expect(encodingOf("y \xf8 y \x82")).toBe("windows-1252");
  });

  it("charges a box-drawing character against its page", () => {
    // cp850: 2 letters, 3 shade blocks (−1); windows-1252: nothing either way.
    expect(encodingOf(" \x82 \x82 \xb0 \xb0 \xb0 ")).toBe("windows-1252");
    expect(encodingOf(" \x82 \x82 \xb0 ")).toBe("cp850");
  });

  it("charges an undefined byte against its page", () => {
    // windows-1252: 3 letters, 2 undefined (0x81); cp850: 2 letters (ü).
    expect(encodingOf(" \xf8 \xf8 \xf8 \x81 \x81 ")).toBe("cp850");
    expect(encodingOf(" \xf8 \xf8 \xf8 \x81 ")).toBe("windows-1252");
  });

  it("scores the byte 0x80 (Ç in the DOS pages) like any other high byte", () => {
    expect(encodingOf(" \x80 \x80 \xf8 ")).toBe("cp850");
  });
});

describe("decodeStatement: where the declaration may stand", () => {
  const cz = "<x>Zaplacení úhrada</x>";
  it("honours a declaration after leading whitespace and with spaces around '='", () => {
    const xml = `  \n<?xml version="1.0" encoding = 'windows-1250'?>${cz}`;
    expect(decodeStatement(iconv.encode(xml, "windows-1250"))).toEqual({ text: xml, encoding: "windows-1250" });
  });

  it("ignores a declaration that does not open the file", () => {
    const xml = `x<?xml version="1.0" encoding="windows-1250"?>${cz}`;
    expect(decodeStatement(iconv.encode(xml, "windows-1250")).encoding).not.toBe("windows-1250");
  });
});
