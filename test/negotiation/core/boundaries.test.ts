import { describe, expect, it } from "vitest";

// Vite inlines the sources at build time (import.meta.glob with ?raw): the check reads the real files.
// The project does not load vite/client types (they clash with workers-types), hence the directive.
// @ts-expect-error import.meta.glob is provided by Vite at transform time
const sources: Record<string, string> = import.meta.glob("../../../src/negotiation/core/*.ts", {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("negotiation domain boundaries", () => {
  it("reads the domain sources", () => {
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(10);
  });

  it("imports nothing from routes, db, durable, queues or pipelines, and touches no binding", () => {
    for (const [file, text] of Object.entries(sources)) {
      const imports = [...text.matchAll(/\bfrom\s+["']([^"']+)["']/g)].map((m) => m[1]);
      for (const spec of imports) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^\.\/|^\.\.\/\.\.\/platform\/|^\.\.\/\.\.\/[a-z]+\/core\//);
      }
      expect(text, file).not.toMatch(
        /\b(?:env\.DB|D1Database|\.prepare\(|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|cloudflare:workers)\b/,
      );
    }
  });

  it("only reads through the pricing port (getters only)", () => {
    const types = Object.entries(sources).find(([f]) => f.endsWith("/types.ts"))![1];
    const port = /export interface PricingPort \{([\s\S]*?)\n\}/.exec(types)![1];
    const methods = [...port.matchAll(/^\s*(\w+)\??\(/gm)].map((m) => m[1]);
    expect(methods.length).toBeGreaterThan(0);
    for (const m of methods) expect(m).toMatch(/^get[A-Z]/);
  });
});
