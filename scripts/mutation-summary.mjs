// Per-feature and per-file kill rates from StrykerJS JSON reports: `node scripts/mutation-summary.mjs [report.json …]`
// (default reports/mutation/mutation.json, written by `npm run test:mutation`). Several reports (one per feature
// run) are merged; a file in more than one is taken from the last report naming it. The score is Stryker's: killed and
// timed-out mutants over all valid ones (killed, timed out, survived, no coverage); ignored (static) mutants and
// compile or runtime errors are not counted. The last lines give the aggregate over all files (detected over valid
// mutants, summed, not an average of rates) and name the core/ files no report covers. Exits 1 when a report is
// missing.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const reportPaths = process.argv.length > 2 ? process.argv.slice(2) : ["reports/mutation/mutation.json"];
const results = new Map();
for (const reportPath of reportPaths) {
  if (!existsSync(reportPath)) {
    console.error(`no mutation report at ${reportPath}: run npm run test:mutation first`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  for (const [path, result] of Object.entries(report.files ?? {})) results.set(relative(process.cwd(), path) || path, result);
}

const DETECTED = new Set(["Killed", "Timeout"]);

function emptyTally() {
  return { killed: 0, survived: 0, noCoverage: 0, ignored: 0 };
}

function add(tally, status) {
  if (DETECTED.has(status)) tally.killed += 1;
  else if (status === "Survived") tally.survived += 1;
  else if (status === "NoCoverage") tally.noCoverage += 1;
  else if (status === "Ignored") tally.ignored += 1;
}

function score(tally) {
  const valid = tally.killed + tally.survived + tally.noCoverage;
  return valid === 0 ? null : (100 * tally.killed) / valid;
}

/** src/<feature>/core/... → <feature>; anything else under its first folder. */
function featureOf(file) {
  const parts = file.split("/");
  return parts[0] === "src" && parts.length > 2 ? parts[1] : parts[0];
}

const files = new Map();
const features = new Map();
const total = emptyTally();
for (const [file, result] of results) {
  const tally = emptyTally();
  for (const mutant of result.mutants ?? []) add(tally, mutant.status);
  files.set(file, tally);
  const feature = featureOf(file);
  const featureTally = features.get(feature) ?? emptyTally();
  for (const key of Object.keys(tally)) {
    featureTally[key] += tally[key];
    total[key] += tally[key];
  }
  features.set(feature, featureTally);
}

function row(name, tally, width) {
  const s = score(tally);
  const cells = [
    name.padEnd(width),
    (s === null ? "n/a" : `${s.toFixed(1)} %`).padStart(8),
    String(tally.killed).padStart(7),
    String(tally.survived).padStart(9),
    String(tally.noCoverage).padStart(8),
    String(tally.ignored).padStart(8),
  ];
  return cells.join("  ");
}

function table(title, entries) {
  const width = Math.max(title.length, 5, ...entries.map(([name]) => name.length));
  const header = [
    title.padEnd(width),
    "score".padStart(8),
    "killed".padStart(7),
    "survived".padStart(9),
    "no cov".padStart(8),
    "ignored".padStart(8),
  ];
  console.log(header.join("  "));
  for (const [name, tally] of entries) console.log(row(name, tally, width));
  return width;
}

const byName = (a, b) => a[0].localeCompare(b[0]);
table("file", [...files.entries()].sort(byName));
console.log("");
const width = table("feature", [...features.entries()].sort(byName));
console.log(row("all core/", total, width));

// The aggregate is over the files the reports name; a core file none of them names is listed, so a partial run
// never reads as the whole of core/.
const coreFiles = readdirSync("src", { recursive: true })
  .map((f) => join("src", String(f)))
  .filter((f) => /\/core\/.*\.ts$/.test(f) && !f.endsWith(".d.ts"));
const missing = coreFiles.filter((f) => !results.has(f)).sort();
const valid = total.killed + total.survived + total.noCoverage;
console.log("");
console.log(`aggregate: ${total.killed} detected of ${valid} valid mutants over ${files.size} file(s)`);
if (missing.length) console.log(`core files in no report (${missing.length} of ${coreFiles.length}): ${missing.join(", ")}`);
else console.log(`every core file (${coreFiles.length}) is in the reports`);
