import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, exceedsDepth, safeStringify, scanJson, scanXml } from "../../src/platform/json-limits";
import { nestedJson, nestedValue, nestedXml } from "./support";

describe("scanJson", () => {
  it("passes ordinary JSON and reports its depth and counts", () => {
    expect(scanJson('{"a":[1,2,{"b":"x"}],"c":null}')).toMatchObject({ ok: true, depth: 3, keys: 3 });
  });

  it("refuses nesting past the limit without recursing, even 1,000,000 deep", () => {
    expect(scanJson(nestedJson(DEFAULT_LIMITS.maxDepth)).ok).toBe(true);
    expect(scanJson(nestedJson(DEFAULT_LIMITS.maxDepth + 1))).toMatchObject({ ok: false, code: "too_deep" });
    expect(scanJson(nestedJson(1_000_000))).toMatchObject({ ok: false, code: "too_deep" });
  });

  it("ignores brackets, colons and escaped quotes inside strings", () => {
    const text = JSON.stringify({ s: '[[[[:::,,,\\"{{{{'.repeat(100) });
    expect(scanJson(text, { ...DEFAULT_LIMITS, maxDepth: 2, maxKeys: 2, maxNodes: 2 })).toMatchObject({ ok: true, depth: 1, keys: 1 });
  });

  it("refuses too many members and too many values", () => {
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])));
    expect(scanJson(many, { ...DEFAULT_LIMITS, maxKeys: 10 })).toMatchObject({ ok: false, code: "too_many_keys" });
    expect(scanJson(JSON.stringify(Array.from({ length: 20 }, () => 0)), { ...DEFAULT_LIMITS, maxNodes: 10 })).toMatchObject({
      ok: false,
      code: "too_many_nodes",
    });
    expect(scanJson("x".repeat(20), { ...DEFAULT_LIMITS, maxChars: 10 })).toMatchObject({ ok: false, code: "too_large" });
  });
});

describe("scanXml", () => {
  it("counts element depth, skipping comments, CDATA, declarations and self-closing tags", () => {
    const xml = '<?xml version="1.0"?><a x="1" y=\'>\'><!-- <b><b><b> --><b/><c><![CDATA[<d><d>]]></c></a>';
    expect(scanXml(xml)).toEqual({ ok: true, depth: 2, keys: 2, nodes: 3 });
  });

  it("refuses nesting past the limit", () => {
    expect(scanXml(nestedXml(DEFAULT_LIMITS.maxDepth)).ok).toBe(true);
    expect(scanXml(nestedXml(8_000))).toMatchObject({ ok: false, code: "too_deep" });
  });
});

describe("exceedsDepth and safeStringify", () => {
  it("measures a value's depth iteratively and treats a cycle as too deep", () => {
    expect(exceedsDepth({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(exceedsDepth({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(exceedsDepth(nestedValue(200_000), 32)).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    expect(exceedsDepth(cyclic, 32)).toBe(true);
  });

  it("never throws and never grows past its bound", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    for (const v of [nestedValue(200_000), cyclic, { n: 1n }, "y".repeat(200_000), undefined, Symbol("s")]) {
      const text = safeStringify(v, 1000);
      expect(text.length).toBeLessThanOrEqual(1000);
      expect(() => JSON.parse(text)).not.toThrow();
    }
    expect(safeStringify({ a: 1 })).toBe('{"a":1}');
  });
});
