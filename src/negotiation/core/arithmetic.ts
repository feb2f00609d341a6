/*
 * Integer arithmetic of the pricing engine (minor units, basis points), with BigInt for the
 * products that could pass 2^53. Re-exported by pricing.ts, the home of the engine's functions.
 */

/** round(a × b / c) half away from zero, exact for any safe integers. */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError("division by zero");
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (2n * ad);
  return Number(neg ? -q : q);
}

/** ceil(a × b / c) for non-negative integers. */
export function mulDivCeil(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  return Number((n + d - 1n) / d);
}

/** A basis-point value clamped to 0..10 000 (whole points). */
export function clampBps(v: number): number {
  return Math.max(0, Math.min(10_000, Math.trunc(v)));
}
