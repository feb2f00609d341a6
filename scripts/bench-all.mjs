#!/usr/bin/env node
// npm run bench — every benchmark, RUNS times (5), interleaved: round 1 runs each bench once, in an
// order rotated per round, then round 2 … so ours and the floors inside each bench, and the
// benches themselves, meet the same machine noise. Each bench writes one JSON summary line per run
// (bench/lib/summary.mjs); this prints, per figure, the median and the spread over the runs with the
// machine's load, and writes that table into README.md between the bench-table markers.
//   --runs=N            rounds (default 5, or $RUNS)
//   --only=a,b          benches to run: router, ingest, negotiation, recon-matcher, recon-pauses, recon-e2e
//   --no-readme         print only
// Each run's full output goes to bench-output/<bench>-<round>.log.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, ensureDevVars } from "./lib/dev-server.mjs";
import { machineLoad, median } from "../bench/lib/summary.mjs";

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const RUNS = Number(arg("runs") ?? process.env.RUNS ?? 5);
const node = process.execPath;
const tsx = path.join(ROOT, "node_modules/.bin/tsx");
const BENCHES = {
  router: { cmd: [tsx, "bench/router.mjs"], env: { ROUNDS: "1" } },
  ingest: { cmd: [node, "bench/ingest.mjs"] },
  negotiation: { cmd: [node, "bench/negotiation.mjs"] },
  "recon-matcher": { cmd: [tsx, "bench/recon-matcher.mjs"] },
  "recon-pauses": { cmd: [tsx, "bench/statement-pauses.mjs", "--rounds=3"] },
  "recon-e2e": { cmd: [node, "bench/recon-e2e.mjs"] },
};
const only = arg("only")?.split(",") ?? Object.keys(BENCHES);
for (const b of only) if (!BENCHES[b]) throw new Error(`unknown bench ${b}; one of ${Object.keys(BENCHES).join(", ")}`);

ensureDevVars(); // a fresh clone: the benches' keys are hashed with the .dev.vars pepper the worker reads
const outDir = path.join(ROOT, "bench-output");
mkdirSync(outDir, { recursive: true });
const summaryFile = path.join(outDir, "summaries.jsonl");
rmSync(summaryFile, { force: true });

const failures = [];
for (let r = 0; r < RUNS; r++) {
  for (let i = 0; i < only.length; i++) {
    const name = only[(i + r) % only.length];
    const { cmd, env = {} } = BENCHES[name];
    const before = machineLoad().load1;
    const t0 = Date.now();
    const res = spawnSync(cmd[0], cmd.slice(1), {
      cwd: ROOT,
      env: { ...process.env, ...env, BENCH_SUMMARY: summaryFile, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    writeFileSync(path.join(outDir, `${name}-${r + 1}.log`), `${res.stdout ?? ""}\n${res.stderr ?? ""}`);
    const ok = res.status === 0;
    if (!ok) failures.push(`${name} round ${r + 1} (exit ${res.status})`);
    console.error(
      `round ${r + 1}/${RUNS} ${name}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(0)} s, load ${before} → ${machineLoad().load1}`,
    );
  }
}

const lines = readFileSync(summaryFile, "utf8")
  .trim()
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const rows = [];
for (const b of only) {
  const runs = lines.filter((l) => l.bench === b);
  const names = [...new Set(runs.flatMap((l) => Object.keys(l.figures)))];
  for (const figure of names) {
    const xs = runs.map((l) => l.figures[figure]).filter((x) => typeof x === "number" && Number.isFinite(x));
    if (!xs.length) continue;
    const d = Math.max(...xs.map(Math.abs)) < 10 ? 2 : 0;
    rows.push({
      b,
      figure,
      med: median(xs).toFixed(d),
      lo: Math.min(...xs).toFixed(d),
      hi: Math.max(...xs).toFixed(d),
      n: xs.length,
      load: runs.map((l) => l.load1.toFixed(1)).join(", "),
    });
  }
}
const table = [
  `Measured ${new Date().toISOString().slice(0, 16)}Z by \`npm run bench\` (${RUNS} interleaved rounds; ${machineLoad().cpus} CPUs; the load column is the 1-minute load average at the end of each run).`,
  "",
  "| bench | figure | median | min–max | runs | load per run |",
  "|---|---|---:|---|---:|---|",
  ...rows.map((r) => `| ${r.b} | ${r.figure} | ${r.med} | ${r.lo}–${r.hi} | ${r.n} | ${r.load} |`),
].join("\n");
console.log(`\n${table}`);
if (failures.length) console.log(`\nFailed runs (not in the table): ${failures.join("; ")}`);

if (!process.argv.includes("--no-readme")) {
  const readme = path.join(ROOT, "README.md");
  const text = readFileSync(readme, "utf8");
  const start = "<!-- bench-table:start -->";
  const end = "<!-- bench-table:end -->";
  if (text.includes(start) && text.includes(end)) {
    writeFileSync(readme, text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${table}\n${end}`));
    console.log("\nREADME.md: bench table updated.");
  } else console.log(`\nREADME.md has no ${start} … ${end} markers: table not written.`);
}
process.exit(failures.length ? 1 : 0);
