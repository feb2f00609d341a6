import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call, expectProblem, postJson, waitFor } from "../helpers";
import { count, deepVendorBody, nestedJson, VENDORS } from "./support";

const route = "/api/crm/webhook-router";

/** A seed body whose payload carries `depth` levels of arrays. */
const deepSeed = (id: string, depth: number) =>
  `{"event_type":"lead_create","payload":{"id":"${id}","email":"d@e.io","x":${nestedJson(depth)}}}`;

describe("absurdly nested bodies (issue 17, finding 2)", () => {
  for (const depth of [5_000, 8_000]) {
    it(`refuses a seed router body nested ${depth} deep with 422 too_deep, with or without a key, and records nothing`, async () => {
      const id = `DEEP-${depth}`;
      for (const auth of [{}, await apiKey("webhooks:write")]) {
        const res = await call(route, {
          method: "POST",
          headers: { "content-type": "application/json", ...auth },
          body: deepSeed(id, depth),
        });
        const problem = await expectProblem(res, 422);
        expect(problem.code).toBe("too_deep");
      }
      expect(await count("SELECT count(*) AS n FROM events WHERE subject_id = ?", id)).toBe(0);
    });

    for (const vendor of Object.keys(VENDORS)) {
      it(`refuses a signed ${vendor} delivery nested ${depth} deep with 422 too_deep before parsing it`, async () => {
        const problem = await expectProblem(await VENDORS[vendor](deepVendorBody(vendor, depth)), 422);
        expect(problem.code).toBe("too_deep");
      });
    }
  }

  it("keeps every legitimate delivery of a write group when one delivery in it is nested 8,000 deep", async () => {
    const auth = await apiKey("webhooks:write");
    const ids = Array.from({ length: 12 }, (_, i) => `GOOD-${Date.now()}-${i}`);
    const [bad, ...good] = await Promise.all([
      call(route, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: deepSeed("BAD-8000", 8_000) }),
      ...ids.map((id) => postJson(route, { event_type: "deal_update", payload: { id } }, auth)),
    ]);
    expect(bad.status).toBe(422);
    expect(good.map((r) => r.status)).toEqual(ids.map(() => 200));
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*) AS n FROM events WHERE status = 'routed' AND subject_id IN (${ids.map(() => "?").join(",")})`,
          ...ids,
        )) === ids.length,
    );
  });

  it("carries only flat fields of a seed payload into the event, so its queue message always decodes", async () => {
    const id = `FLAT-${Date.now()}`;
    const body = { event_type: "deal_update", payload: { id, value: 3, stage: "won", nested: { a: [1, [2, [3]]] } } };
    expect((await postJson(route, body, await apiKey("webhooks:write"))).status).toBe(200);
    const row = await waitFor(() =>
      env.DB.prepare("SELECT event_json FROM events WHERE subject_id = ? AND status = 'routed'").bind(id).first<{ event_json: string }>(),
    );
    const data = (JSON.parse(row.event_json) as { data: Record<string, unknown> }).data;
    expect(data).toMatchObject({ stage: "won", amount_minor: 300, currency: "USD" });
    expect(data).not.toHaveProperty("nested");
  });
});
