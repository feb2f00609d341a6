import { getConfig } from "../config";

/**
 * The one place Workers AI is called. Returns null (never throws) when AI is off, unbound, slow or
 * failing: every caller has a deterministic fallback. Locally `env.AI.run()` throws (the binding is
 * remote-only), so AI_MODE stays "off" in dev; tests spy on `env.AI.run`.
 */
export async function runAi(env: Env, input: Record<string, unknown>, opts: { model?: string } = {}): Promise<unknown | null> {
  const cfg = getConfig(env);
  if (cfg.AI_MODE !== "on" || !env.AI) return null;
  const model = opts.model ?? cfg.AI_MODEL;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`AI timed out after ${cfg.AI_TIMEOUT_MS} ms`)), cfg.AI_TIMEOUT_MS);
    });
    // The model name is configuration, so it is not one of the typed model literals.
    const run = env.AI.run as (model: string, input: Record<string, unknown>) => Promise<unknown>;
    return await Promise.race([run.call(env.AI, model, input), timeout]);
  } catch (err) {
    console.warn(
      JSON.stringify({ event: "ai.failed", model, error: err instanceof Error ? err.message : String(err), outcome: "fallback" }),
    );
    return null;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Pulls the text out of the shapes Workers AI text models answer with. */
export function aiText(answer: unknown): string | null {
  if (typeof answer === "string") return answer;
  if (answer && typeof answer === "object") {
    const r = (answer as { response?: unknown }).response;
    if (typeof r === "string") return r;
    if (r && typeof r === "object") return JSON.stringify(r);
  }
  return null;
}
