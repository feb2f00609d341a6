// npm run bench:recon:pauses [-- --entries=10000 --rounds=5]
//
// What a bulk statement upload costs everybody else on the isolate. A Worker isolate runs one piece
// of JavaScript at a time, so while a 10k-entry camt.053 is parsed in one synchronous stretch every
// other request on it — real-time payments included — waits for the whole parse. The upload route
// now reads statements in slices (platform/steps.ts: the XML reader and the camt walk yield, the
// import awaits a macrotask between slices).
//
// Both ways run here side by side, interleaved per round, on the same statement:
//   one stretch   parseStatement (the way the upload read it before)
//   in slices     drainCooperatively(parseStatementSteps(...)) (the way it reads it now)
// while a 1 ms ticker plays "another request": its worst lateness is how long a request arriving
// mid-parse waits. Prints median (min–max) over the rounds and the machine's load.
import { drainCooperatively } from "../src/platform/steps.ts";
import { parseStatement, parseStatementSteps } from "../src/recon/core/parse/detect.ts";
import { camt053, makeBooks } from "./lib/books.mjs";
import { emitSummary, machineLoad, median } from "./lib/summary.mjs";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const ENTRIES = arg("entries", 10_000);
const ROUNDS = arg("rounds", 5);
const xml = camt053(makeBooks(ENTRIES).entries);
const opts = { maxBytes: 64 * 1024 * 1024 };

/** Runs `work` beside a 1 ms ticker; returns the work's wall time and the ticker's worst lateness. */
async function measure(work) {
  let worst = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5)); // the ticker is running before the work starts
  last = performance.now();
  const t0 = performance.now();
  const parsed = await work();
  const wall = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(ticker);
  if (parsed.entries.length !== ENTRIES) throw new Error(`parsed ${parsed.entries.length} of ${ENTRIES} entries`);
  return { wall, worst };
}

const ways = {
  "one stretch": () => Promise.resolve(parseStatement(xml, opts)),
  "in slices": () => drainCooperatively(parseStatementSteps(xml, opts)),
};
const results = Object.fromEntries(Object.keys(ways).map((k) => [k, { wall: [], worst: [] }]));
await measure(ways["one stretch"]); // warm-up, not counted
const loads = [];
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? Object.keys(ways) : Object.keys(ways).reverse();
  for (const name of order) {
    const m = await measure(ways[name]);
    results[name].wall.push(m.wall);
    results[name].worst.push(m.worst);
  }
  loads.push(machineLoad().load1);
}

const f = (xs) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
console.log(
  `statement pauses: camt.053 with ${ENTRIES} entries (${(xml.length / 1e6).toFixed(1)} MB), ${ROUNDS} interleaved rounds, ` +
    `load ${loads.join(" / ")} on ${machineLoad().cpus} CPUs`,
);
console.log("| way | parse wall ms, median (min–max) | a waiting request's worst delay ms |");
console.log("|---|---|---|");
for (const [name, r] of Object.entries(results)) console.log(`| ${name} | ${f(r.wall)} | ${f(r.worst)} |`);
emitSummary("recon-pauses", {
  "one stretch: worst delay ms": median(results["one stretch"].worst),
  "in slices: worst delay ms": median(results["in slices"].worst),
  "one stretch: parse ms": median(results["one stretch"].wall),
  "in slices: parse ms": median(results["in slices"].wall),
});
