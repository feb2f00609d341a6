/**
 * A counter-offer sent as JSON (a procurement tool's export: {"discount_pct": 8}, {"discount": "6%"},
 * {"discount_bps": 750}): the asked discount in basis points, if one object carries it.
 */
export function jsonDiscountBps(text: string): number | undefined {
  for (const m of text.matchAll(/\{[^{}]{0,2000}(?:\{[^{}]{0,2000}\}[^{}]{0,2000})*\}/g)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(m[0]);
    } catch {
      continue;
    }
    const found = discountIn(parsed, 0);
    if (found !== undefined) return found;
  }
  return undefined;
}

function discountIn(v: unknown, depth: number): number | undefined {
  if (depth > 4 || v === null || typeof v !== "object") return undefined;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (/discount|rabatt|remise|descuento|korting/i.test(k)) {
      const n = typeof x === "number" ? x : typeof x === "string" ? Number(/^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/.exec(x)?.[1] ?? NaN) : NaN;
      if (Number.isFinite(n) && n > 0) {
        const bps = /bps|basis/i.test(k) ? n : n <= 1 && !/pct|percent/i.test(k) ? n * 10_000 : n * 100;
        if (Number.isInteger(Math.round(bps)) && bps <= 10_000) return Math.round(bps);
      }
    }
    const inner = discountIn(x, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
