// Shared by the benches and `npm run bench` (scripts/bench-all.mjs): percentiles, the machine's
// load, and one JSON summary line per run for the repeat driver to aggregate.
import { appendFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function pct(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (xs) =>
  pct(
    [...xs].filter(Number.isFinite).sort((a, b) => a - b),
    50,
  );

/** The machine's 1-minute load average and CPU count, printed beside every figure. */
export function machineLoad() {
  return { load1: Math.round(loadavg()[0] * 100) / 100, cpus: cpus().length };
}

/**
 * A bench's headline figures for this run: `{ "<figure>": number }`, lower-is-better unless the
 * name ends in "req/s" or "/s". Written as one JSON line to $BENCH_SUMMARY when the repeat driver
 * asks for it; always returned so the bench can print it.
 */
export function emitSummary(bench, figures) {
  const line = { bench, at: new Date().toISOString(), ...machineLoad(), figures };
  if (process.env.BENCH_SUMMARY) appendFileSync(process.env.BENCH_SUMMARY, `${JSON.stringify(line)}\n`);
  return line;
}
