#!/usr/bin/env node
// The import rules of .dependency-cruiser.cjs, run two ways:
// 1. over src/: no violation may remain;
// 2. over test/lint/fixture/src (a tiny tree that breaks each rule once): every rule must fire,
//    so a rule that stopped matching (a regex typo, a renamed folder) fails the lint instead of passing silently.
import { cruise } from "dependency-cruiser";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");
const config = require(path.join(root, ".dependency-cruiser.cjs"));

async function violations(dir) {
  process.chdir(dir);
  const { tsConfig: _ts, ...options } = config.options;
  const { output } = await cruise(["src"], { ...options, validate: true, ruleSet: { forbidden: config.forbidden } });
  return output.summary.violations;
}

const show = (v) => `  ${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(" → ")})` : ""}`;

const real = await violations(root);
const fixture = await violations(path.join(root, "test/lint/fixture"));
const expected = ["no-circular", "core-is-pure", "features-meet-through-core-or-messages", "only-adapters-import-adapters"];
const fired = new Set(fixture.map((v) => v.rule.name));
const silent = expected.filter((r) => !fired.has(r));
const wrong = fixture.filter((v) => v.from.includes("leads/core/score.ts"));

let failed = false;
if (real.length) {
  failed = true;
  console.error(`import rules: ${real.length} violation(s) in src/:\n${real.map(show).join("\n")}`);
}
if (silent.length || wrong.length) {
  failed = true;
  console.error(
    `import rules self-test: rules that did not fire on the fixture: ${silent.join(", ") || "none"}; allowed imports refused: ${wrong.length}`,
  );
}
if (!failed)
  console.log(
    `import rules: src/ clean; each of ${expected.length} rules fires on the fixture (${fixture.length} violations there, as planted)`,
  );
process.exit(failed ? 1 : 0);
