import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { call, expectProblem } from "../helpers";
import { SUCCESSORS } from "../../src/routes/v1/successors";

type Op = {
  operationId?: string;
  deprecated?: boolean;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name?: string; in?: string; required?: boolean; $ref?: string }>;
  responses: Record<string, { headers?: Record<string, unknown> }>;
  tags?: string[];
};
type Doc = { paths: Record<string, Record<string, Op>>; servers?: unknown[]; tags?: Array<{ name: string; description: string }> };

const METHODS = ["get", "post", "put", "patch", "delete"];
const doc = async () => (await (await call("/openapi.json")).json()) as Doc;
const operations = (d: Doc) =>
  Object.entries(d.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ path, method, op })),
  );

/** Hono's `/api/leads/:id` (with or without a `{regex}`) as OpenAPI's `/api/leads/{id}`. */
const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");

describe("the OpenAPI document", () => {
  it("lists every route the app registered under /api, /v1 and /webhooks, and nothing it did not", async () => {
    const d = await doc();
    const registered = new Set(
      app.routes
        .filter((r) => METHODS.includes(r.method.toLowerCase()))
        .filter((r) => ["/api/", "/v1/", "/webhooks/"].some((prefix) => r.path.startsWith(prefix)))
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
    );
    const documented = new Set(operations(d).map((o) => `${o.method} ${o.path}`));
    expect(registered.size).toBeGreaterThan(30);
    expect([...registered].filter((r) => r.startsWith("get /v1/")).length).toBe(Object.keys(SUCCESSORS).length);
    expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !registered.has(r))).toEqual([]);
  });

  it("gives every operation a unique operationId, a summary, a described tag and its security", async () => {
    const d = await doc();
    const ops = operations(d);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tagNames = new Set((d.tags ?? []).map((t) => t.name));
    for (const { path, op } of ops) {
      expect(Array.isArray(op.security), path).toBe(true);
      for (const t of op.tags ?? []) expect(tagNames.has(t), t).toBe(true);
    }
    expect(d.servers?.length).toBeGreaterThan(0);
  });

  it("declares a key exactly where a request without one is refused with 401", async () => {
    const d = await doc();
    for (const { path, method, op } of operations(d)) {
      if (path.startsWith("/webhooks/")) continue; // signature-authenticated: checked below
      const url = path.replace(/\{[^}]+\}/g, "x1");
      const res = await call(url, { method: method.toUpperCase() });
      const keyRequired = op.security?.length === 1 && "apiKey" in op.security[0]!;
      if (keyRequired) expect((await expectProblem(res, 401)).code, `${method} ${path}`).toBe("unauthorized");
      else {
        expect(res.status, `${method} ${path}`).not.toBe(401);
        expect(op.security, path).toEqual([{ apiKey: [] }, {}]); // the router: a key is optional
      }
    }
  });

  it("documents the webhooks as unauthenticated by key, with their signature headers required", async () => {
    const d = await doc();
    const hooks = operations(d).filter((o) => o.path.startsWith("/webhooks/"));
    expect(hooks.length).toBeGreaterThanOrEqual(4);
    for (const { path, op } of hooks) {
      expect(op.security, path).toEqual([]);
      const required = (op.parameters ?? []).filter((p) => p.required && (p.in === "header" || p.in === "path")).map((p) => p.name);
      expect(required.length, path).toBeGreaterThan(0);
    }
  });

  it("declares Request-Id on every answer, 429 with Retry-After on keyed operations and Idempotency-Key on keyed writes", async () => {
    const d = await doc();
    for (const { path, method, op } of operations(d)) {
      for (const [status, r] of Object.entries(op.responses))
        expect(r.headers?.["Request-Id"], `${method} ${path} ${status}`).toBeDefined();
      const keyed = (op.security?.length ?? 0) > 0;
      if (keyed) expect(op.responses["429"]?.headers?.["Retry-After"], `${method} ${path}`).toBeDefined();
      const idem = (op.parameters ?? []).some((p) => p.$ref === "#/components/parameters/IdempotencyKey");
      const write = ["post", "put", "patch"].includes(method) && keyed && path !== "/api/crm/webhook-router";
      expect(idem, `${method} ${path}`).toBe(write);
    }
  });

  it("documents every /v1 list with a key, the one page shape and limit 50/200; its predecessor as deprecated", async () => {
    const d = (await doc()) as Doc & {
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    const v1 = operations(d).filter((o) => o.path.startsWith("/v1/"));
    expect(v1.length).toBe(Object.keys(SUCCESSORS).length);
    for (const { path, method, op } of v1) {
      expect(method, path).toBe("get");
      expect(op.security, path).toEqual([{ apiKey: [] }]);
      expect(op.deprecated, path).toBeUndefined();
      const limit = (op.parameters ?? []).find((p) => p.name === "limit") as { schema?: Record<string, unknown> } | undefined;
      expect(limit?.schema, path).toMatchObject({ type: "integer", minimum: 1, maximum: 200, default: 50 });
      expect(
        (op.parameters ?? []).some((p) => p.name === "cursor"),
        path,
      ).toBe(true);
      const ref = (op.responses["200"] as { content: Record<string, { schema: { $ref: string } }> }).content["application/json"]!.schema
        .$ref;
      const page = d.components.schemas[ref.split("/").pop()!]!;
      expect(Object.keys(page.properties ?? {}).sort(), path).toEqual(["data", "next_cursor"]);
      expect(page.required?.sort(), path).toEqual(["data", "next_cursor"]);
    }
    for (const [old, successor] of Object.entries(SUCCESSORS)) {
      const op = d.paths[old]!.get!;
      expect(op.deprecated, old).toBe(true);
      expect(d.paths[successor]?.get, successor).toBeDefined();
      expect(Object.keys(op.responses["200"]!.headers ?? {}), old).toEqual(expect.arrayContaining(["Deprecation", "Link"]));
    }
    expect(d.paths["/api/leads"]!.post!.deprecated).toBeUndefined(); // ingestion is not a list
  });

  it("declares x-next-cursor on the CSV pages", async () => {
    const d = await doc();
    const entries = d.paths["/api/finance/bank-entries"]!.get!;
    expect(entries.responses["200"]!.headers?.["x-next-cursor"]).toBeDefined();
  });
});
