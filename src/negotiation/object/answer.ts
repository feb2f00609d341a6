import { getConfig } from "../../config";
import { log } from "../../platform/log";
import { aiDraft } from "../ai-draft";
import { chooseReplyDraft, rewritePrompt } from "../core/reply-ai";
import { answerDraft } from "../core/answers";
import { objectionOptions, objectionResponseDraft } from "../core/objection-response";
import { requestOfQuote } from "../core/next-step";
import { detectLanguage, type DraftLang } from "../core/reply-language";
import { catalogOf } from "./context";
import { retrieveFor } from "../store/retrieve";
import type { ObjectContext } from "./context";
import type { DraftContent, ObjectionKind, Quote } from "../core/types";

/**
 * A customer's question gets a drafted answer (retrieval over catalog and rules, sources cited),
 * waiting for a human. It never supersedes a pending proposal: the answer is a draft beside it.
 */
export async function placeAnswer(o: ObjectContext, question: string, q: Quote): Promise<string> {
  const facts = o.state.facts();
  const snippets = await retrieveFor(o.env, { facts, quote: q, message: question });
  const lang = detectLanguage(question);
  const template = answerDraft(question, q, facts, snippets, o.state.leadRecord().contact_name, lang);
  const content = await improve(o, template, [q], lang, question);
  const draftId = o.drafts.insert(
    content,
    snippets.map((s) => `${s.kind}:${s.id}`),
  );
  o.drafts.markAwaiting(draftId);
  o.state.addHistory("agent", "note", `question answered in draft ${draftId} (${content.used_snippets.length} cited passages)`, {
    draft_id: draftId,
    sources: content.used_snippets.map((u) => `${u.kind}:${u.id}`),
  });
  o.timers.arm("approval_sla", getConfig(o.env).APPROVAL_SLA_HOURS * 3_600_000, draftId);
  await o.timers.armAlarm();
  return draftId;
}

/**
 * An objection without a number gets a drafted response in the customer's language with options the
 * engine priced for that kind (core/objection-response.ts), waiting for a human beside any pending proposal.
 */
export async function placeObjectionResponse(o: ObjectContext, kind: ObjectionKind, message: string, q: Quote): Promise<string> {
  const facts = o.state.facts();
  const catalog = await catalogOf(o.env);
  const options = objectionOptions(kind, catalog, facts, o.state.request() ?? requestOfQuote(q));
  const snippets = kind === "features" ? await retrieveFor(o.env, { facts, quote: q, message }) : [];
  const lang = detectLanguage(message);
  const template = objectionResponseDraft({
    kind,
    lang,
    message,
    quote: q,
    options,
    facts,
    snippets,
    contactName: o.state.leadRecord().contact_name,
  });
  const content = await improve(o, template, [q, ...options.map((x) => x.quote)], lang, message);
  const draftId = o.drafts.insert(
    content,
    snippets.map((s) => `${s.kind}:${s.id}`),
  );
  o.drafts.markAwaiting(draftId);
  o.state.addHistory("agent", "note", `${kind} objection answered in draft ${draftId} (${options.length} options, ${lang})`, {
    draft_id: draftId,
    objection: kind,
    lang,
    options: options.map((x) => ({
      kind: x.kind,
      total_minor: x.quote.total_minor,
      discount_bps: x.quote.discount_bps,
      max_discount_bps: x.quote.max_discount_bps,
      verdict: x.quote.verdict,
    })),
    sources: content.used_snippets.map((u) => `${u.kind}:${u.id}`),
  });
  o.timers.arm("approval_sla", getConfig(o.env).APPROVAL_SLA_HOURS * 3_600_000, draftId);
  await o.timers.armAlarm();
  return draftId;
}

/** With AI on, the model may reword the template (core/reply-ai.ts decides); any failure keeps the template. */
async function improve(o: ObjectContext, template: DraftContent, quotes: Quote[], lang: DraftLang, message: string): Promise<DraftContent> {
  if (getConfig(o.env).AI_MODE !== "on") return template;
  const chosen = chooseReplyDraft(await aiDraft(o.env, rewritePrompt(template, lang, message)), template, quotes, lang);
  if (chosen.fell_back) {
    o.state.addHistory("agent", "draft_rejected_by_check", `model reply not used (${chosen.reason}): template used`, {
      reason: chosen.reason,
    });
    log({ event: "negotiation.ai_reply_fallback", lead_id: o.state.leadId(), reason: chosen.reason, outcome: "template" }, "warn");
  }
  return chosen.draft;
}
