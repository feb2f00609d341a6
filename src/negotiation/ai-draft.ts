import { aiText, runAi } from "../platform/ai";
import { log } from "../platform/log";

/** A prompt as the negotiation domain builds it: instructions and customer data kept apart. */
export type DraftPrompt = { system: string; user: string };

const MIN_DRAFT_CHARS = 40;
const MAX_DRAFT_CHARS = 8_000;

/**
 * Asks Workers AI to write a draft. Returns the text, or null when AI is off, slow, failing or
 * answers something that is not a usable email body (empty, too short, JSON, a refusal) — the
 * caller then uses the deterministic template. The caller still checks every amount in the text.
 */
export async function aiDraft(env: Env, prompt: DraftPrompt): Promise<string | null> {
  const started = performance.now();
  const answer = await runAi(env, {
    messages: [
      { role: "system", content: prompt.system },
      { role: "user", content: prompt.user },
    ],
    max_tokens: 700,
    temperature: 0.2,
  });
  if (answer === null) return null; // runAi already logged why (off, timeout, error)
  const text = aiText(answer)?.trim() ?? null;
  const reason = unusable(text);
  if (reason) {
    log({ event: "ai.draft_rejected", reason, latency_ms: Math.round(performance.now() - started), outcome: "fallback" }, "warn");
    return null;
  }
  return text;
}

function unusable(text: string | null): string | null {
  if (!text) return "empty";
  if (text.length < MIN_DRAFT_CHARS) return "too_short";
  if (text.length > MAX_DRAFT_CHARS) return "too_long";
  if (/^[[{]/.test(text)) return "not_prose";
  if (/\uFFFD/.test(text)) return "garbled";
  if (/^(i'?m sorry|i cannot|i can't|as an ai)/i.test(text)) return "refusal";
  return null;
}
