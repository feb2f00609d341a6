import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { redactPath } from "../../src/platform/redact";
import { hashApiKey } from "../../src/platform/api-keys";
import { expectProblem } from "../helpers";

/** The worker's fetch with some settings removed, as a deployment that forgot a secret would run. */
async function fetchWithout(settings: string[], path: string, init: RequestInit = {}): Promise<Response> {
  const partial: Record<string, unknown> = { ...env };
  for (const s of settings) delete partial[s];
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://l2c.test${path}`, init), partial as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("fail closed on missing secrets (issue 17 finding 6, issue 16 item 7)", () => {
  it("answers 503 missing_secret naming API_KEY_PEPPER instead of hashing keys with a public default", async () => {
    const res = await fetchWithout(["API_KEY_PEPPER"], "/api/leads", { headers: { authorization: "Bearer l2c_anything" } });
    const problem = await expectProblem(res, 503);
    expect(problem).toMatchObject({ code: "missing_secret", setting: "API_KEY_PEPPER" });
    expect(JSON.stringify(problem)).not.toContain("l2c-default-pepper");
    await expect(hashApiKey("l2c_x", "")).rejects.toMatchObject({ kind: "unavailable", code: "missing_secret" });
  });

  it("fails closed the same way on the versioned lists and on a write, and names only the setting", async () => {
    for (const [path, init] of [
      ["/v1/finance/invoices", {}],
      ["/v1/leads", {}],
      ["/api/leads/lead_x/messages", { method: "POST", headers: { "content-type": "application/json" }, body: '{"text":"hi"}' }],
    ] as const) {
      const headers = { ...("headers" in init ? init.headers : {}), authorization: "Bearer l2c_anything" };
      const res = await fetchWithout(["API_KEY_PEPPER"], path, { ...init, headers });
      const problem = await expectProblem(res, 503);
      expect(problem, path).toMatchObject({ code: "missing_secret", setting: "API_KEY_PEPPER", status: 503 });
      expect(problem.detail, path).toContain("API_KEY_PEPPER");
      expect(res.headers.get("request-id"), path).toBe(problem.request_id);
    }
  });

  it("answers 503 missing_secret for a webhook whose secret is not set", async () => {
    const res = await fetchWithout(["STRIPE_WEBHOOK_SECRET"], "/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(await expectProblem(res, 503)).toMatchObject({ code: "missing_secret", setting: "STRIPE_WEBHOOK_SECRET" });
  });

  it("never shows the Salesforce path token, however the path is spelled", () => {
    for (const p of [
      "/webhooks/salesforce/tok3n",
      "/webhooks//salesforce/tok3n/extra",
      "/WEBHOOKS/Salesforce/tok3n?x=1",
      "https://l2c.test/webhooks/salesforce/tok3n#f",
      "POST /webhooks/salesforce/tok3n 200",
    ]) {
      expect(redactPath(p), p).not.toContain("tok3n");
    }
    expect(redactPath("/webhooks/hubspot")).toBe("/webhooks/hubspot");
  });
});
