#!/usr/bin/env node
// npm test: the workerd suite (vitest + @cloudflare/vitest-plugin on real local D1/DO/Queues),
// then the real-browser dashboard suite (playwright-core + Debian chromium against wrangler dev).
// Ends with the totals alone on a line: "N passed, N failed" (CI counts them).
// The browser suite is skipped (and says so) when /usr/bin/chromium is missing, except in CI
// (CI=true), where .ci/run installs chromium first and a missing browser is a failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { buildClient } from "./build-client.mjs";
import { ROOT } from "./lib/dev-server.mjs";

const outDir = path.join(ROOT, "test-output");
mkdirSync(outDir, { recursive: true });
const extra = process.argv.slice(2);
// Both suites serve the dashboard script from the static assets directory.
buildClient();

function runSuite(name, args) {
  const json = path.join(outDir, `${name}.json`);
  rmSync(json, { force: true });
  const res = spawnSync("npx", ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${json}`, ...extra], {
    cwd: ROOT,
    stdio: "inherit",
    env: process.env,
  });
  if (!existsSync(json)) {
    console.error(`${name}: vitest wrote no report (exit ${res.status})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const r = JSON.parse(readFileSync(json, "utf8"));
  // A suite that failed to load counts as a failure even if it had no tests to count.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const add = (t) => {
  totals.passed += t.passed;
  totals.failed += t.failed;
  totals.skipped += t.skipped;
};

add(runSuite("workers", []));

const hasBrowserSuite = existsSync(path.join(ROOT, "vitest.browser.config.ts"));
if (hasBrowserSuite && !process.env.SKIP_BROWSER) {
  if (existsSync("/usr/bin/chromium")) add(runSuite("browser", ["-c", "vitest.browser.config.ts"]));
  else if (process.env.CI) {
    console.error("CI: /usr/bin/chromium is missing, the browser suite cannot run");
    totals.failed += 1;
  } else console.warn("\nbrowser suite skipped: /usr/bin/chromium not found (apt-get install -y chromium)\n");
}

console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed ? 1 : 0);
