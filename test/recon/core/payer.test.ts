import { describe, expect, it } from "vitest";
import { breakable, compactMatch, compactPrefix, creditNotes, decimalMinor, onBehalfOf } from "../../../src/recon/core/payer";

describe("onBehalfOf", () => {
  it("reads the customer a third party pays for, in four languages", () => {
    expect(onBehalfOf("Payment on behalf of Kessler Logistik GmbH")).toBe("KESSLERLOGISTIK");
    expect(onBehalfOf("Zahlung im Auftrag von Kessler Logistik GmbH")).toBe("KESSLERLOGISTIK");
    expect(onBehalfOf("pour le compte de Moreau Packaging SAS")).toBe("MOREAUPACKAGING");
    expect(onBehalfOf("betaling in opdracht van De Vries Bouw B.V.")).toBe("DEVRIESBOUW");
    expect(onBehalfOf("O/B/O Redfern Medical Inc.")).toBe("REDFERNMEDICAL");
  });

  it("survives a bank line break inside the phrase or the name", () => {
    expect(onBehalfOf("im Auf trag von Kessl er Logistik GmbH")).toBe("KESSLERLOGISTIK");
    expect(onBehalfOf("on behalfof Kessler Logistik")).toBe("KESSLERLOGISTIK");
  });

  it("does not let the next word's first letter complete a keyword ('DE S…' is not 'DES')", () => {
    expect(onBehalfOf("pour le compte de Steinbach Logistik SAS")).toBe("STEINBACHLOGISTIK");
    expect(onBehalfOf("pour le compte des Ateliers Girard SA")).toBe("ATELIERSGIRARD");
  });

  it("stops the name at a reference, a number or a separator", () => {
    expect(onBehalfOf("on behalf of Oakridge Textiles Ltd invoice INV-2026-000042")).toBe("OAKRIDGETEXTILES");
    expect(onBehalfOf("im Auftrag von Wagner Energie AG 4711")).toBe("WAGNERENERGIE");
    expect(onBehalfOf("on behalf of Ashford Software; thanks")).toBe("ASHFORDSOFTWARE");
    expect(onBehalfOf("im Auftrag von Wagner Energie AG Rechnung 12")).toBe("WAGNERENERGIE");
  });

  it("is null without a phrase, inside another word, or with no usable name", () => {
    expect(onBehalfOf("Invoice INV-2026-000042")).toBeNull();
    expect(onBehalfOf("")).toBeNull();
    expect(onBehalfOf("XON BEHALF OF Kessler")).toBeNull();
    expect(onBehalfOf("on behalf of AB")).toBeNull();
    expect(onBehalfOf("on behalf of 12345")).toBeNull();
  });

  it("reads only the first 1000 characters", () => {
    expect(onBehalfOf(`${"x ".repeat(600)}on behalf of Kessler Logistik`)).toBeNull();
  });
});

describe("compactMatch", () => {
  it("accepts equal keys, a cut legal form after the name, and a cut name of 8+ letters", () => {
    expect(compactMatch("KESSLERLOGISTIK", "KESSLERLOGISTIK")).toBe(true);
    expect(compactMatch("KESSLERLOGISTIKGM", "KESSLERLOGISTIK")).toBe(true);
    expect(compactMatch("KESSLERLOGISTIKGMBH", "KESSLERLOGISTIK")).toBe(true);
    expect(compactMatch("KESSLERL", "KESSLERLOGISTIK")).toBe(true);
  });
  it("refuses another company, a long tail, a short cut and tiny keys", () => {
    expect(compactMatch("KESSLERLOGISTIKBERLIN", "KESSLERLOGISTIK")).toBe(false);
    expect(compactMatch("KESSLERLOGISTIKX", "KESSLERLOGISTIKY")).toBe(false);
    expect(compactMatch("KESSLER", "KESSLERLOGISTIK")).toBe(false);
    expect(compactMatch("ABC", "ABC")).toBe(false);
    expect(compactMatch("ABCD", "ABCD")).toBe(true);
    expect(compactMatch("KESSLERLOGISTIKABCD", "KESSLERLOGISTIK")).toBe(true);
    expect(compactMatch("KESSLERLOGISTIKABCDE", "KESSLERLOGISTIK")).toBe(false);
  });
  it("indexes by the first five letters", () => {
    expect(compactPrefix("KESSLERLOGISTIK")).toBe("KESSL");
  });
});

describe("creditNotes", () => {
  it("reads credit notes with their amount in four languages and removes them from the text", () => {
    expect(creditNotes("Invoice no. INV-2026-000042 less credit note CN-2026-00012 150.00")).toEqual({
      ids: ["CN-2026-00012"],
      amount_minor: 15_000,
      text: "Invoice no. INV-2026-000042 less ",
    });
    expect(creditNotes("Rechnung RE25-01234 abzgl. Gutschrift GS-7781 1.234,50").amount_minor).toBe(123_450);
    expect(creditNotes("Facture F-12 moins avoir AV-2026-9 (-99,90)")).toMatchObject({ ids: ["AV-2026-9"], amount_minor: 9_990 });
    expect(creditNotes("Factuur 2026-77 minus creditnota CN77 1,234.56")).toMatchObject({ ids: ["CN77"], amount_minor: 123_456 });
  });

  it("reads a credit note without an amount (the matcher takes what is left open)", () => {
    expect(creditNotes("INV-2026-000042 credit memo CM-4411")).toMatchObject({ ids: ["CM-4411"], amount_minor: null });
  });

  it("sums several credit notes", () => {
    expect(creditNotes("INV-1 credit note CN-1 10.00 credit note CN-2 5.50")).toMatchObject({ ids: ["CN-1", "CN-2"], amount_minor: 1_550 });
  });

  it("survives line breaks inside the keyword and the id", () => {
    expect(creditNotes("INV-2026-000042 less cred it note CN-2026-00012 64.74")).toMatchObject({
      ids: ["CN-2026-00012"],
      amount_minor: 6_474,
    });
    expect(creditNotes("Facture RE2670309 moins avoir CN -2026-03035 466.70")).toMatchObject({
      ids: ["CN-2026-03035"],
      amount_minor: 46_670,
    });
  });

  it("ignores the keyword without a numbered credit note, and text without one", () => {
    expect(creditNotes("Gutschrift vom Lieferanten")).toEqual({ ids: [], amount_minor: null, text: "Gutschrift vom Lieferanten" });
    expect(creditNotes("INV-2026-000042")).toEqual({ ids: [], amount_minor: null, text: "INV-2026-000042" });
    expect(creditNotes("discreditnote 12").ids).toEqual([]);
  });

  it("does not take a longer number for an amount", () => {
    expect(creditNotes("credit note CN-1 150.001").amount_minor).toBeNull();
  });
});

describe("decimalMinor and breakable", () => {
  it("turns a two-decimal amount in any grouping into minor units", () => {
    expect(decimalMinor("1.234,50")).toBe(123_450);
    expect(decimalMinor("1,234.50")).toBe(123_450);
    expect(decimalMinor("7.05")).toBe(705);
  });
  it("builds a pattern that allows one space between letters, a missing space, and escapes specials", () => {
    const re = new RegExp(`^${breakable(["AB C", "O/B"])}$`, "i");
    expect(re.test("ab c")).toBe(true);
    expect(re.test("a b c")).toBe(true);
    expect(re.test("abc")).toBe(true);
    expect(re.test("a  b c")).toBe(false);
    expect(re.test("o/b")).toBe(true);
    expect(re.test("o / b")).toBe(true);
    expect(re.test("oxb")).toBe(false);
  });
});
