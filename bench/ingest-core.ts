/**
 * In-process spans of the ingestion request path's pure part, for finding where time goes without
 * wrangler's HTTP and D1/DO noise: parse, injection detection, and the whole extraction (detection
 * included), per fixture of test/fixtures/leads-service, median and p99 over N rounds.
 * --code <checkout> times another checkout's code (a baseline) on the same fixtures.
 *   npx tsx bench/ingest-core.ts [--code /tmp/ingest-before] [--n 300]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as Extract from "../src/leads/core/extract/index";
import type * as Parse from "../src/leads/core/parse/index";
import type * as Injection from "../src/platform/injection/index";

const args = process.argv.slice(2);
const root = path.resolve(args.includes("--code") ? args[args.indexOf("--code") + 1] : process.cwd());
const N = Number(args.includes("--n") ? args[args.indexOf("--n") + 1] : 300);
const { parseInput } = (await import(path.join(root, "src/leads/core/parse/index.ts"))) as typeof Parse;
const { extractLead } = (await import(path.join(root, "src/leads/core/extract/index.ts"))) as typeof Extract;
const { detectInjection } = (await import(path.join(root, "src/platform/injection/index.ts"))) as typeof Injection;

const FIX = path.join(process.cwd(), "test/fixtures/leads-service");
const cases = [
  ["email one page (qualified)", "dev-0047.eml", "message/rfc822"],
  ["email one page (info request)", "dev-0004.eml", "message/rfc822"],
  ["email + PDF attachment", "dev-0023.eml", "message/rfc822"],
] as const;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
console.log(`code: ${root}  N=${N}  load ${(await import("node:os")).loadavg()[0].toFixed(2)}`);
console.log("| fixture | parse p50 / p99 ms | detect p50 / p99 ms | extract (incl. detect) p50 / p99 ms |");
console.log("|---|---:|---:|---:|");
for (const [name, file, type] of cases) {
  const bytes = new Uint8Array(readFileSync(path.join(FIX, file)));
  const t = { parse: [] as number[], detect: [] as number[], extract: [] as number[] };
  for (let i = 0; i < N + 20; i++) {
    const a = performance.now();
    const doc = await parseInput({ bytes, contentType: type, filename: file, receivedAt: "2026-03-02T10:00:00Z" });
    const b = performance.now();
    detectInjection([doc.subject ?? "", doc.text].join("\n"));
    const c = performance.now();
    extractLead(doc, { catalog: [] });
    const d = performance.now();
    if (i < 20) continue; // warm-up
    t.parse.push(b - a);
    t.detect.push(c - b);
    t.extract.push(d - c);
  }
  const f = (xs: number[]) => `${pct(xs, 50).toFixed(2)} / ${pct(xs, 99).toFixed(2)}`;
  console.log(`| ${name} | ${f(t.parse)} | ${f(t.detect)} | ${f(t.extract)} |`);
}
