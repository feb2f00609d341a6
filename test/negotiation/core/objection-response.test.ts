import { describe, expect, it } from "vitest";
import { CORPUS } from "../../fixtures/negotiation/replies-corpus";
import { checkDraftAmounts } from "../../../src/negotiation/core/drafts";
import { formatMoney } from "../../../src/negotiation/core/format";
import { objectionOptions, objectionResponseDraft, offerable } from "../../../src/negotiation/core/objection-response";
import { quote } from "../../../src/negotiation/core/pricing";
import { DRAFT_LANGS, PHRASES, detectLanguage } from "../../../src/negotiation/core/reply-language";
import { OBJECTION_KINDS, type QuoteRequest, type Snippet } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

const request: QuoteRequest = { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12 };
const standing = quote(catalog, facts(), request);

describe("objectionOptions: every kind gets priced options within policy", () => {
  for (const kind of OBJECTION_KINDS) {
    it(`${kind}: options exist, each the engine's price, within policy and below the policy maximum`, () => {
      const options = objectionOptions(kind, catalog, facts(), request);
      expect(options.length).toBeGreaterThan(0);
      expect(options.length).toBeLessThanOrEqual(3);
      for (const o of options) {
        expect(o.quote).toEqual(quote(catalog, facts(), o.request));
        expect(o.quote.verdict).toBe("within_policy");
        if (o.quote.discount_bps > 0) expect(o.quote.discount_bps).toBeLessThan(o.quote.max_discount_bps);
        expect(o.quote.discount_bps).toBeLessThanOrEqual(o.quote.approval_above_bps);
      }
      expect(new Set(options.map((o) => `${o.quote.total_minor}/${o.quote.term_months}`)).size).toBe(options.length);
    });
  }

  it("price and competitor options all cost less than the standing proposal", () => {
    for (const kind of ["price", "competitor"] as const)
      for (const o of objectionOptions(kind, catalog, facts(), request)) expect(o.quote.total_minor).toBeLessThan(standing.total_minor);
  });

  it("offers the kind's own options: price a phased start and a longer term, timing a held price and a pilot, authority the proposal", () => {
    expect(objectionOptions("price", catalog, facts(), request).map((o) => o.kind)).toEqual([
      "longer_term",
      "fewer_units",
      "policy_discount",
    ]);
    expect(objectionOptions("timing", catalog, facts(), request).map((o) => o.kind)).toEqual(["price_hold", "pilot"]);
    expect(objectionOptions("authority", catalog, facts(), request).map((o) => o.kind)).toEqual(["same", "longer_term"]);
    expect(objectionOptions("features", catalog, facts(), request).map((o) => o.kind)).toEqual(["pilot"]);
    const phased = objectionOptions("price", catalog, facts(), request).find((o) => o.kind === "fewer_units");
    expect(phased?.request.items).toEqual([{ sku: "LL-PRO", qty: 50 }]);
    const pilot = objectionOptions("timing", catalog, facts(), request).find((o) => o.kind === "pilot");
    expect(pilot?.request).toEqual({ items: [{ sku: "LL-PRO", qty: 25 }], term_months: 12 });
    expect(objectionOptions("timing", catalog, facts(), request)[0].quote.total_minor).toBe(standing.total_minor);
  });

  it("never proposes the policy maximum: where the approval threshold is the cap, no discounted option is offered", () => {
    const small: QuoteRequest = { items: [{ sku: "LL-PRO", qty: 8 }], term_months: 12 }; // under mid-annual's minimum deal: base-all, 5 % = 5 %
    const q = quote(catalog, facts(), small);
    expect(q.rule_id).toBe("base-all");
    expect(q.max_discount_bps).toBe(q.approval_above_bps);
    let offered = 0;
    for (const kind of OBJECTION_KINDS)
      for (const o of objectionOptions(kind, catalog, facts(), small)) {
        offered++;
        if (o.quote.rule_id === "base-all") expect(o.quote.discount_bps).toBe(0);
        else expect(o.quote.discount_bps).toBeLessThan(o.quote.max_discount_bps);
      }
    expect(offered).toBeGreaterThan(0);
  });

  it("offerable refuses a quote at the maximum or needing approval, accepts one below", () => {
    const at = quote(catalog, facts(), { ...request, requested_discount_bps: standing.max_discount_bps });
    const below = quote(catalog, facts(), { ...request, requested_discount_bps: 500 });
    expect(offerable(at)).toBe(false);
    expect(offerable(below)).toBe(true);
    expect(offerable(standing)).toBe(true);
  });

  it("prices nothing for a standing request it cannot price", () => {
    expect(objectionOptions("price", catalog, facts(), { items: [{ sku: "NOPE", qty: 3 }], term_months: 12 })).toEqual([]);
  });
});

describe("objectionResponseDraft", () => {
  for (const kind of OBJECTION_KINDS) {
    it(`${kind}: lists every option with the engine's total and no amount of its own`, () => {
      const options = objectionOptions(kind, catalog, facts(), request);
      const d = objectionResponseDraft({
        kind,
        lang: "en",
        message: "x",
        quote: standing,
        options,
        facts: facts(),
        contactName: "Ana Ruiz",
      });
      expect(d).toMatchObject({ kind: "answer", author: "template", quote: standing });
      expect(d.body.startsWith("Hello Ana,")).toBe(true);
      expect(d.body).toContain(PHRASES.en.objection[kind]);
      for (const [i, o] of options.entries()) {
        const line = d.body.split("\n").find((l) => l.startsWith(`${i + 1}. `));
        expect(line).toContain(formatMoney(o.quote.total_minor, o.quote.currency));
        expect(line).toContain(`${o.quote.term_months} months`);
      }
      // Every amount in the body is one of the quotes' own (the standing one or an option's).
      const quotes = [standing, ...options.map((o) => o.quote)];
      for (const line of d.body.split("\n"))
        expect(
          quotes.some((q) => checkDraftAmounts(line, q).ok),
          line,
        ).toBe(true);
    });
  }

  it("features: cites what retrieval found (never a past deal), or says the product team will confirm", () => {
    const snippets: Snippet[] = [
      { kind: "catalog", id: "LL-PRO", text: "Ledgerline Pro includes a NetSuite connector and multi-entity consolidation." },
      { kind: "past_deal", id: "d1", text: "Northwind got the NetSuite connector for free." },
    ];
    const d = objectionResponseDraft({
      kind: "features",
      lang: "en",
      message: "We need a NetSuite connector.",
      quote: standing,
      options: [],
      facts: facts(),
      snippets,
    });
    expect(d.body).toContain("[catalog:LL-PRO]");
    expect(d.body).not.toContain("Northwind");
    expect(d.used_snippets).toEqual([{ kind: "catalog", id: "LL-PRO", text: snippets[0].text }]);
    const none = objectionResponseDraft({
      kind: "features",
      lang: "en",
      message: "We need SAP.",
      quote: standing,
      options: [],
      facts: facts(),
      snippets,
    });
    expect(none.body).toContain(PHRASES.en.noPassages);
    expect(none.used_snippets).toEqual([]);
  });
});

describe("drafts in the customer's language", () => {
  it("detects the language of the corpus's benign replies in en, de, fr, es and nl (≥ 90 %)", () => {
    const cases = CORPUS.filter((c) => !c.injection && (DRAFT_LANGS as readonly string[]).includes(c.lang));
    const right = cases.filter((c) => detectLanguage(c.text) === c.lang);
    for (const lang of DRAFT_LANGS)
      expect(
        cases.some((c) => c.lang === lang),
        lang,
      ).toBe(true);
    expect(right.length / cases.length).toBeGreaterThanOrEqual(0.9);
  });

  const samples = {
    de: "Das Angebot ist leider zu teuer für uns.",
    fr: "C'est trop cher pour notre budget.",
    es: "El precio es demasiado alto para nosotros.",
    nl: "Dat is helaas te duur voor ons.",
    en: "Honestly, this is too expensive for us.",
  } as const;
  for (const lang of DRAFT_LANGS) {
    it(`${lang}: the objection response and the answer are written with the ${lang} template`, () => {
      expect(detectLanguage(samples[lang])).toBe(lang);
      const options = objectionOptions("price", catalog, facts(), request);
      const d = objectionResponseDraft({ kind: "price", lang, message: samples[lang], quote: standing, options, facts: facts() });
      expect(d.body).toContain(PHRASES[lang].objection.price);
      expect(d.body).toContain(PHRASES[lang].optionsIntro);
      expect(d.body).toContain(PHRASES[lang].regards);
      expect(d.subject.startsWith(PHRASES[lang].subjectObjection)).toBe(true);
      for (const other of DRAFT_LANGS.filter((l) => l !== lang)) expect(d.body).not.toContain(PHRASES[other].optionsIntro);
    });
  }
});

describe("objectionResponseDraft, exactly", () => {
  it("writes the price response line by line: greeting, the objection, the options with their terms, the sign-off", () => {
    const options = objectionOptions("price", catalog, facts(), request);
    const d = objectionResponseDraft({ kind: "price", lang: "en", message: "x", quote: standing, options, facts: facts() });
    expect(d.body).toBe(
      [
        "Hello,",
        "",
        PHRASES.en.objection.price,
        "",
        PHRASES.en.optionsIntro,
        "1. A longer commitment, prepaid per year: 100 × Ledgerline Pro, 36 months, 20% off, total $8,800.00",
        "2. A phased start with fewer seats first: 50 × Ledgerline Pro, 12 months, total $5,500.00",
        "3. The same items and term at a better rate: 100 × Ledgerline Pro, 12 months, 10% off, total $9,900.00",
        "",
        PHRASES.en.proposalStands,
        "",
        PHRASES.en.regards,
      ].join("\n"),
    );
    expect(d.subject).toBe("Re: your proposal (Acme Corp)");
    const anon = objectionResponseDraft({
      kind: "price",
      lang: "en",
      message: "x",
      quote: standing,
      options: [],
      facts: facts({ company: null }),
    });
    expect(anon.subject).toBe("Re: your proposal");
    expect(anon.body).not.toContain(PHRASES.en.optionsIntro);
    expect(anon.body).toBe(["Hello,", "", PHRASES.en.objection.price, "", PHRASES.en.proposalStands, "", PHRASES.en.regards].join("\n"));
  });

  it("writes the features response with the cited passages and their sources, and only for features", () => {
    const snippets: Snippet[] = [{ kind: "pricing_rule", id: "mid:annual", text: "Consolidation is part of Ledgerline Pro." }];
    const d = objectionResponseDraft({
      kind: "features",
      lang: "en",
      message: "We need consolidation",
      quote: standing,
      options: [],
      facts: facts(),
      snippets,
      contactName: "Li  Wei",
    });
    expect(d.body).toBe(
      [
        "Hello Li,",
        "",
        PHRASES.en.objection.features,
        "",
        PHRASES.en.passagesIntro,
        "- Consolidation is part of Ledgerline Pro. [pricing_rule:mid:annual]",
        "",
        "Sources: pricing_rule:mid:annual.",
        "",
        PHRASES.en.proposalStands,
        "",
        PHRASES.en.regards,
      ].join("\n"),
    );
    expect(d.used_snippets).toEqual([{ kind: "pricing_rule", id: "mid:annual", text: snippets[0].text }]);
    const price = objectionResponseDraft({
      kind: "price",
      lang: "en",
      message: "We need consolidation",
      quote: standing,
      options: [],
      facts: facts(),
      snippets,
    });
    expect(price.body).not.toContain("Consolidation is part");
    expect(price.body).not.toContain(PHRASES.en.noPassages);
    expect(price.used_snippets).toEqual([]);
  });
});

describe("objectionOptions, edges", () => {
  it("offers no pilot or phased start for a single seat", () => {
    const one: QuoteRequest = { items: [{ sku: "LL-PRO", qty: 1 }], term_months: 12 };
    expect(objectionOptions("features", catalog, facts(), one)).toEqual([]);
    expect(objectionOptions("price", catalog, facts(), one).some((o) => o.kind === "fewer_units")).toBe(false);
  });

  it("keeps a discount already agreed on the standing request for the approvers", () => {
    const agreed: QuoteRequest = { ...request, requested_discount_bps: 500 };
    const [same] = objectionOptions("authority", catalog, facts(), agreed);
    expect(same).toMatchObject({ kind: "same", request: agreed });
    expect(same.quote.discount_bps).toBe(500);
  });

  it("offerable refuses a within-policy quote at exactly the maximum", () => {
    const small: QuoteRequest = { items: [{ sku: "LL-PRO", qty: 8 }], term_months: 12, requested_discount_bps: 500 };
    const q = quote(catalog, facts(), small);
    expect(q).toMatchObject({ verdict: "within_policy", discount_bps: 500, max_discount_bps: 500 });
    expect(offerable(q)).toBe(false);
    expect(offerable({ ...q, discount_bps: 0 })).toBe(true);
    expect(offerable({ ...q, verdict: "needs_approval", discount_bps: 0 })).toBe(false);
  });
});
