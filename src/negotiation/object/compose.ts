import { getConfig } from "../../config";
import { log } from "../../platform/log";
import { aiDraft } from "../ai-draft";
import { buildDraftPrompt, chooseDraft, templateDraft } from "../core/drafts";
import { retrieveFor } from "../store/retrieve";
import type { ObjectContext } from "./context";
import type { DraftContent, DraftKind, Quote, Snippet } from "../core/types";

/**
 * Template first; with AI on, the model writes the body from a prompt that keeps customer text
 * as data, and checkDraftAmounts decides: any amount not in the quote → the template (logged).
 * Answers the draft and what retrieval offered (kind:id), recorded with the draft.
 */
export async function compose(
  o: ObjectContext,
  kind: DraftKind,
  q: Quote,
  customerMessage: string | null,
  extra: { days_since?: number } = {},
): Promise<{ content: DraftContent; retrieved: string[] }> {
  const facts = o.state.facts();
  const lead = o.state.leadRecord();
  const snippets: Snippet[] = await retrieveFor(o.env, { facts, quote: q, message: customerMessage });
  const retrieved = snippets.map((s) => `${s.kind}:${s.id}`);
  const template = templateDraft(kind, q, facts, snippets, { contact_name: lead.contact_name, ...extra });
  if (getConfig(o.env).AI_MODE !== "on") return { content: template, retrieved };
  const prompt = buildDraftPrompt({
    kind,
    quote: q,
    facts,
    snippets,
    customer_message: customerMessage,
    contact_name: lead.contact_name,
  });
  const body = await aiDraft(o.env, prompt);
  const chosen = chooseDraft(
    body,
    template,
    snippets.filter((s) => prompt.used_snippets.some((u) => u.id === s.id && u.kind === s.kind)),
  );
  if (chosen.fell_back) {
    const mismatches = chosen.check && !chosen.check.ok ? chosen.check.mismatches.slice(0, 5) : [];
    o.state.addHistory("agent", "draft_rejected_by_check", `model draft not used (${chosen.reason}): template used`, {
      reason: chosen.reason,
      mismatches,
    });
    log(
      {
        event: "negotiation.ai_draft_fallback",
        lead_id: o.state.leadId(),
        kind,
        reason: chosen.reason,
        mismatches: mismatches.length,
        outcome: "template",
      },
      "warn",
    );
  }
  return { content: chosen.draft, retrieved };
}
