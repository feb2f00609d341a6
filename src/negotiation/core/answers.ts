import { checkDraftAmounts } from "./drafts";
import { PHRASES, type DraftLang } from "./reply-language";
import { headerSafe } from "../../platform/header-safe";
import type { DraftContent, LeadFacts, Quote, Snippet } from "./types";

/**
 * The answer to a customer's question, from what retrieval found in the catalog and the pricing
 * rules (never past deals: those are other customers'), each passage cited by its source. Only
 * sentences whose amounts are the quote's own are used, so the answer stays checkable; with nothing
 * relevant the draft says the team will answer. It waits for a human like every draft. Pure.
 */
const STOP = new Set([
  "what",
  "does",
  "the",
  "and",
  "for",
  "you",
  "your",
  "with",
  "can",
  "how",
  "our",
  "are",
  "is",
  "there",
  "this",
  "that",
  "have",
  "any",
]);

function terms(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !STOP.has(w)));
}

export function relevantPassages(
  question: string,
  snippets: readonly Snippet[],
  q: Quote,
  limit = 3,
): Array<{ source: string; text: string }> {
  const asked = terms(question);
  const out: Array<{ source: string; text: string; hits: number }> = [];
  for (const s of snippets) {
    if (s.kind === "past_deal") continue;
    for (const sentence of s.text.split(/(?<=[.!?])\s+/)) {
      const hits = [...terms(sentence)].filter((w) => asked.has(w)).length;
      if (hits === 0 || !checkDraftAmounts(sentence, q).ok) continue;
      out.push({ source: `${s.kind}:${s.id}`, text: sentence.trim(), hits });
    }
  }
  return out
    .sort((a, b) => b.hits - a.hits)
    .slice(0, limit)
    .map(({ source, text }) => ({ source, text }));
}

export function answerDraft(
  question: string,
  q: Quote,
  facts: LeadFacts,
  snippets: readonly Snippet[],
  contactName?: string | null,
  lang: DraftLang = "en",
): DraftContent {
  const p = PHRASES[lang];
  const passages = relevantPassages(question, snippets, q);
  const name = contactName?.trim().split(/\s+/)[0];
  const asked = question.replace(/\s+/g, " ").trim().slice(0, 300);
  // The question is echoed only when it carries no amount the quote does not: outbound text never
  // repeats a number (or a "50% approved") from the customer's text.
  const echo = checkDraftAmounts(asked, q).ok;
  const hello = name || lang !== "en" ? p.hello(name ?? null) : `Hello${facts.company ? ` ${facts.company} team` : ""},`;
  const body = [
    hello,
    "",
    echo ? `${p.thanksQuestion} "${asked}"` : p.thanksQuestion.replace(/\s*:$/, "."),
    "",
    ...(passages.length
      ? [...passages.map((x) => `- ${x.text} [${x.source}]`), "", `${p.sources} ${[...new Set(passages.map((x) => x.source))].join(", ")}.`]
      : [p.lookingIntoIt]),
    "",
    p.proposalStands,
    "",
    p.regards,
  ].join("\n");
  return {
    kind: "answer",
    subject: headerSafe(`${p.subjectQuestion}${facts.company ? ` (${facts.company})` : ""}`),
    body,
    quote: q,
    author: "template",
    used_snippets: passages.map((x) => {
      const [kind, ...id] = x.source.split(":");
      return { kind: kind as Snippet["kind"], id: id.join(":"), text: x.text };
    }),
  };
}
