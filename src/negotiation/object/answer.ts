import { getConfig } from "../../config";
import { answerDraft } from "../core/answers";
import { retrieveFor } from "../store/retrieve";
import type { ObjectContext } from "./context";
import type { Quote } from "../core/types";

/**
 * A customer's question gets a drafted answer (retrieval over catalog and rules, sources cited),
 * waiting for a human. It never supersedes a pending proposal: the answer is a draft beside it.
 */
export async function placeAnswer(o: ObjectContext, question: string, q: Quote): Promise<string> {
  const facts = o.state.facts();
  const snippets = await retrieveFor(o.env, { facts, quote: q, message: question });
  const content = answerDraft(question, q, facts, snippets, o.state.leadRecord().contact_name);
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
