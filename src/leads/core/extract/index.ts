import { detectInjection, maskInjection } from "../injection";
import { DEFAULT_OWN_DOMAINS } from "../parse/common";
import type { Extraction, Field, ParsedDocument } from "../types";
import { budgetCandidates, extractBudget } from "./budget";
import { cleanText } from "./clean";
import { extractCompany, organisationNames } from "./company";
import { extractContactEmail, extractContactName } from "./contact";
import { employeeCandidates, extractEmployees } from "./employees";
import { none } from "./field";
import { extractIntent } from "./intent";
import { type CatalogEntry, extractProducts } from "./products";
import { normalizeCues } from "./lexicon";
import { splitSentences } from "./sentences";
import { extractTimeline, timelineCandidates } from "./timeline";

export type ExtractContext = {
  catalog: CatalogEntry[];
  /** Our own domains (default ledgerline.io): never the contact, and our brand is never the company. */
  ownDomains?: readonly string[];
};

/**
 * Deterministic extraction, the primary path. Order matters: injection text is found first and
 * blanked (its numbers are never read), then quoted history, signatures and disclaimers are cut,
 * then each field reads the prospect's own sentences. Support and spam carry no size, budget or timeline.
 */
export function extractLead(doc: ParsedDocument, ctx: ExtractContext): Extraction {
  const own = ctx.ownDomains ?? DEFAULT_OWN_DOMAINS;
  const brands = own.map((d) => d.split(".")[0].toLowerCase()).filter((b) => b.length >= 3);
  const injection = detectInjection([doc.subject ?? "", doc.text].join("\n"));
  // Hidden HTML is read for injections only; its evidence is never masked out of (absent) lead text.
  const hidden = doc.hiddenText ? detectInjection(doc.hiddenText) : null;
  if (hidden?.attempt) {
    injection.attempt = true;
    injection.evidence = [...injection.evidence, ...hidden.evidence.map((e) => `[hidden] ${e}`)];
  }
  const masked = maskInjection(doc.text, injection.evidence);
  // Chat turns are short and "Thanks!" mid-chat is not a signature.
  const cleaned = doc.format === "chat" ? { body: masked.replace(/\f/g, "\n"), signature: "" } : cleanText(masked);
  const body = cleaned.body;
  // Field rules read cue-normalised sentences (other languages, number formats); evidence maps back.
  const original = splitSentences(body);
  const sentences = original.map(normalizeCues);
  const back = new Map(sentences.map((s, i) => [s, original[i]]));
  const orig = <T>(f: Field<T>): Field<T> =>
    f.evidence && back.has(f.evidence) ? { ...f, evidence: back.get(f.evidence) ?? f.evidence } : f;
  const referenceDay = doc.referenceDay ?? doc.referenceDate.slice(0, 10);

  const company = extractCompany(
    body,
    cleaned.signature,
    doc.structured.company,
    doc.sender.name,
    brands,
    ctx.catalog.map((p) => p.name),
  );
  const contact_email = extractContactEmail(doc, body, own);
  const contact_name = extractContactName(doc, body);
  let employees = orig(extractEmployees(sentences, doc.structured.employees));
  const budgetRanked = budgetCandidates(sentences);
  let budget = orig(extractBudget(sentences, doc.structured.budget, budgetRanked));
  let timeline_weeks = orig(extractTimeline(sentences, referenceDay, doc.structured.timeline));
  const isRfp =
    /\b(?:requests? for (?:proposals?|quotations?|quotes?|qualifications|tenders?)|rfp|rfq|invitation to (?:tender|bid)|call for (?:tenders|bids)|contract notice|tender notice|solicitation|notice inviting tenders?|tender (?:period|budget))\b/i.test(
      `${doc.subject ?? ""}\n${body}`,
    );
  const hasFacts = employees.value !== null || budget.value !== null || timeline_weeks.value !== null;
  const intent = extractIntent(sentences.join("\n"), doc.subject ? normalizeCues(doc.subject) : null, {
    isRfp: isRfp || doc.format === "pdf",
    hasFacts,
  });
  if (intent.value === "support" || intent.value === "spam") {
    employees = none();
    budget = none();
    timeline_weeks = none();
  }
  const products = extractProducts(body, ctx.catalog);
  const runnersUp = {
    budget: budgetRanked.candidates
      .filter((c) => c.evidence !== budget.evidence || c.value.amount_minor !== budget.value?.amount_minor)
      .slice(0, 3)
      .map((c) => ({ value: c.value, evidence: back.get(c.evidence) ?? c.evidence, confidence: c.confidence })),
    employees: employeeCandidates(sentences)
      .filter((c) => c.value !== employees.value)
      .slice(0, 3)
      .map((c) => ({ ...c, evidence: back.get(c.evidence) ?? c.evidence })),
    timeline_weeks: timelineCandidates(sentences, referenceDay)
      .map((c) => ({ ...c, evidence: (c.evidence && back.get(c.evidence)) ?? c.evidence }))
      .filter((c) => c.evidence !== timeline_weeks.evidence)
      .slice(0, 3),
    company: organisationNames(body)
      .filter((n) => n !== company.value)
      .slice(0, 3)
      .map((n) => ({ value: n, evidence: n, confidence: 0.5 })),
  };
  return { company, contact_email, contact_name, employees, budget, timeline_weeks, intent, products, injection, runnersUp };
}
