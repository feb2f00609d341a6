import { describe, expect, it } from "vitest";
import { DRAFT_LANGS, PHRASES, detectLanguage } from "../../../src/negotiation/core/reply-language";

describe("detectLanguage", () => {
  it.each([
    ["", "en"],
    ["12345 !!!", "en"],
    ["the der", "en"], // a tie keeps the first language
    ["der the", "en"],
    ["DAS IST LEIDER ZU TEUER FÜR UNS", "de"],
    ["ñ", "es"],
    ["ä ö", "de"],
    ["ç", "fr"],
    ["ij", "nl"],
    ["Pouvez-vous nous accorder une remise ?", "fr"],
    ["¿Podrían hacernos un descuento?", "es"],
    ["Kunnen jullie korting geven?", "nl"],
    ["Can you do better on the price?", "en"],
  ])("%j → %s", (text, lang) => expect(detectLanguage(text)).toBe(lang));

  it("counts letters at half a word: two words of one language beat three letters of another", () => {
    expect(detectLanguage("the and ñ ñ ñ")).toBe("en");
    expect(detectLanguage("the ñ ñ ñ")).toBe("es");
  });
});

describe("PHRASES: every language has every phrase, and each says something of its own", () => {
  for (const lang of DRAFT_LANGS) {
    const p = PHRASES[lang];
    it(`${lang}: greetings, option labels and terms carry what they are given`, () => {
      expect(p.hello("Ana")).toContain("Ana");
      expect(p.hello(null).length).toBeGreaterThan(3);
      expect(p.hello(null)).not.toBe(p.hello("Ana"));
      expect(p.hello("Ana").replace("Ana", "").length).toBeGreaterThan(2);
      const labels = Object.values(p.option).map((f) => f("TERMS"));
      for (const l of labels) {
        expect(l.endsWith("TERMS")).toBe(true);
        expect(l.length).toBeGreaterThan("TERMS".length + 5);
      }
      expect(new Set(labels).size).toBe(labels.length);
      const t = p.terms("2 × X", 36, "5%", "$1.00");
      const order = ["2 × X", "36", "5%", "$1.00"].map((s) => t.indexOf(s));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(t.length).toBeGreaterThan("2 × X36 5%$1.00".length + 8);
      const plain = p.terms("2 × X", 36, null, "$1.00");
      expect(plain).not.toContain("null");
      expect(plain.length).toBeLessThan(t.length - 2);
      for (const s of [
        p.thanksQuestion,
        p.sources,
        p.lookingIntoIt,
        p.proposalStands,
        p.regards,
        p.optionsIntro,
        p.passagesIntro,
        p.noPassages,
      ])
        expect(s.length).toBeGreaterThan(3);
      expect(new Set(Object.values(p.objection)).size).toBe(5);
    });
  }
  it("no two languages share a sentence", () => {
    for (const a of DRAFT_LANGS)
      for (const b of DRAFT_LANGS.filter((x) => x !== a)) {
        expect(PHRASES[a].optionsIntro).not.toBe(PHRASES[b].optionsIntro);
        expect(PHRASES[a].option.pilot("x")).not.toBe(PHRASES[b].option.pilot("x"));
        expect(PHRASES[a].terms("q", 12, "1%", "$1")).not.toBe(PHRASES[b].terms("q", 12, "1%", "$1"));
      }
  });
});
