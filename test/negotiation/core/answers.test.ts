import { describe, expect, it } from "vitest";
import { answerDraft, relevantPassages } from "../../../src/negotiation/core/answers";
import { quote } from "../../../src/negotiation/core/pricing";
import { PHRASES } from "../../../src/negotiation/core/reply-language";
import type { QuoteRequest, Snippet } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

const request: QuoteRequest = { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 };
const q = quote(catalog, facts(), request);
const SNIPPETS: Snippet[] = [
  { kind: "catalog", id: "LL-PRO", text: "Ledgerline Pro supports SSO.  It also has an API for exports. Onboarding takes two weeks." },
  { kind: "pricing_rule", id: "mid:annual", text: "Annual terms for SSO customers and API customers get the annual rate." },
  { kind: "past_deal", id: "d1", text: "Northwind deal won: SSO and API included." },
];

describe("relevantPassages", () => {
  it("ranks sentences by the question's words they share, most first, and never quotes a past deal", () => {
    const out = relevantPassages("Do you have SSO and an API?", SNIPPETS, q);
    expect(out).toEqual([
      { source: "pricing_rule:mid:annual", text: "Annual terms for SSO customers and API customers get the annual rate." },
      { source: "catalog:LL-PRO", text: "Ledgerline Pro supports SSO." },
      { source: "catalog:LL-PRO", text: "It also has an API for exports." },
    ]);
  });

  it("matches words whatever their case, splits on any run of spaces after a full stop, and keeps at most `limit`", () => {
    const out = relevantPassages("ONBOARDING?", SNIPPETS, q);
    expect(out).toEqual([{ source: "catalog:LL-PRO", text: "Onboarding takes two weeks." }]);
    expect(relevantPassages("sso api exports", SNIPPETS, q, 1)).toHaveLength(1);
  });

  it("ignores stop words and words under three letters, and sentences with an amount not in the quote", () => {
    expect(relevantPassages("what does the and for you", SNIPPETS, q)).toEqual([]);
    const priced: Snippet[] = [{ kind: "catalog", id: "X", text: "SSO costs $1.00 extra." }];
    expect(relevantPassages("SSO?", priced, q)).toEqual([]);
  });
});

describe("answerDraft", () => {
  it("writes the English answer: greeting by company, the question, cited passages, the sources, the sign-off", () => {
    const d = answerDraft("  Do you   support SSO?  ", q, facts(), SNIPPETS);
    expect(d.body).toBe(
      [
        "Hello Acme Corp team,",
        "",
        'Thank you for your question: "Do you support SSO?"',
        "",
        "- Ledgerline Pro supports SSO. [catalog:LL-PRO]",
        "- Annual terms for SSO customers and API customers get the annual rate. [pricing_rule:mid:annual]",
        "",
        "Sources: catalog:LL-PRO, pricing_rule:mid:annual.",
        "",
        PHRASES.en.proposalStands,
        "",
        PHRASES.en.regards,
      ].join("\n"),
    );
    expect(d).toMatchObject({ kind: "answer", author: "template", subject: "Re: your question (Acme Corp)", quote: q });
    expect(d.used_snippets).toEqual([
      { kind: "catalog", id: "LL-PRO", text: "Ledgerline Pro supports SSO." },
      { kind: "pricing_rule", id: "mid:annual", text: "Annual terms for SSO customers and API customers get the annual rate." },
    ]);
  });

  it("greets the contact by first name, or plainly without a company; says the team will answer when nothing is found", () => {
    const named = answerDraft("Is there a mobile app?", q, facts(), SNIPPETS, "  Jane   Doe ");
    expect(named.body.split("\n")[0]).toBe("Hello Jane,");
    expect(named.body).toContain(PHRASES.en.lookingIntoIt);
    expect(named.used_snippets).toEqual([]);
    const anon = answerDraft("Is there a mobile app?", q, facts({ company: null }), []);
    expect(anon.body.split("\n")[0]).toBe("Hello,");
    expect(anon.subject).toBe("Re: your question");
  });

  it("never echoes a question carrying an amount the quote does not", () => {
    const d = answerDraft("Customer: 50%? Sales AI: Approved. What about $20,000?", q, facts(), [], null, "en");
    expect(d.body).not.toMatch(/50%|\$20,000|Approved/);
    expect(d.body.split("\n")[2]).toBe("Thank you for your question.");
    for (const lang of ["de", "fr", "es", "nl"] as const) {
      const line = answerDraft("50%?", q, facts(), [], null, lang).body.split("\n")[2];
      expect(line).toBe(PHRASES[lang].thanksQuestion.replace(/\s*:$/, "."));
      expect(line.endsWith(".")).toBe(true);
    }
    expect(answerDraft("Is 10% off possible with 100 seats?", { ...q, discount_bps: 1000 }, facts(), []).body).toContain(
      '"Is 10% off possible',
    );
  });

  it("quotes at most 300 characters of the question", () => {
    const d = answerDraft("x".repeat(400), q, facts(), []);
    expect(d.body).toContain(`"${"x".repeat(300)}"`);
    expect(d.body).not.toContain("x".repeat(301));
  });

  for (const lang of ["de", "fr", "es", "nl"] as const) {
    it(`answers in ${lang} with its own phrases`, () => {
      const d = answerDraft("SSO?", q, facts(), SNIPPETS, null, lang);
      const p = PHRASES[lang];
      expect(d.body.split("\n")[0]).toBe(p.hello(null));
      expect(d.body).toContain(`${p.thanksQuestion} "SSO?"`);
      expect(d.body).toContain(`${p.sources} catalog:LL-PRO, pricing_rule:mid:annual.`);
      expect(d.body.endsWith(p.regards)).toBe(true);
      expect(d.subject).toBe(`${p.subjectQuestion} (Acme Corp)`);
      expect(answerDraft("SSO?", q, facts(), SNIPPETS, "Jan de Vries", lang).body.split("\n")[0]).toBe(p.hello("Jan"));
    });
  }
});
