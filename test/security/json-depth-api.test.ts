import { describe, expect, it } from "vitest";
import { apiKey, call, expectProblem } from "../helpers";

/** Every JSON body of our own API is refused past the depth limit before a handler parses it. */
const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

describe("nested JSON on every API route", () => {
  it.each([
    ["/api/leads", "leads:write"],
    ["/api/finance/invoices", "finance:write"],
    ["/api/leads/lead_x/messages", "sales:write"],
    ["/api/admin/pricing/discount-rules", "admin:pricing"],
  ] as const)("refuses 5,000 levels of nesting on POST %s with a 422 too_deep, never a 5xx", async (path, scope) => {
    const res = await call(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await apiKey(scope)) },
      body: deep(5000),
    });
    const p = await expectProblem(res, 422);
    expect(p.code).toBe("too_deep");
  });

  it("lets an ordinary JSON body through to its handler (a real validation answer, not the scanner's)", async () => {
    const res = await call("/api/leads/lead_missing/messages", {
      method: "POST",
      headers: { "content-type": "application/json", ...(await apiKey("sales:write")) },
      body: JSON.stringify({ text: "hello" }),
    });
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as { code?: string }).code).not.toBe("too_deep");
  });
});
