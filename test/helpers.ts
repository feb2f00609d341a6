import { env, exports } from "cloudflare:workers";
import { generateApiKey, hashApiKey, type Scope } from "../src/platform/api-keys";

/** Calls the real worker entry (same path as production: app.fetch through the default export). */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`https://l2c.test${path}`, init));
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** Creates a real API key row in the test's D1 and returns the bearer header for it. */
export async function apiKey(...scopes: Scope[]): Promise<Record<string, string>> {
  const key = generateApiKey();
  const id = `key_${crypto.randomUUID()}`;
  await env.DB.prepare("INSERT INTO api_keys (id, name, prefix, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(id, "test", key.slice(0, 12), await hashApiKey(key, env.API_KEY_PEPPER), JSON.stringify(scopes), new Date().toISOString())
    .run();
  return { authorization: `Bearer ${key}` };
}

export async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  if (!res.headers.get("content-type")?.startsWith("application/problem+json"))
    throw new Error(`expected problem+json, got ${res.headers.get("content-type")}`);
  return (await res.json()) as Record<string, unknown>;
}

/**
 * Waits until `probe` returns a truthy value (queue consumers run asynchronously: gateway-events
 * batches for up to 1 s, recon-events delivers at once; see wrangler.toml). Polls D1/DO state;
 * never sleeps a fixed time.
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  { timeoutMs = 8000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Polls an import job through the API until the real queue consumer has finished it (done, partial or failed). */
export async function settledJob(jobId: string, headers: Record<string, string>, intervalMs = 100): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      const job = (await (await call(`/api/finance/jobs/${jobId}`, { headers })).json()) as Record<string, unknown>;
      return ["done", "partial", "failed"].includes(job.status as string) ? job : null;
    },
    { timeoutMs: 15_000, intervalMs },
  );
}
