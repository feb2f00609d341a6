// @ts-check
/**
 * Mutation testing over the pure core/ modules: `npm run test:mutation`. The runner is vitest on the Node config
 * (the core tests need no workerd), so a mutant costs a re-run of the tests covering it, not a Miniflare start.
 * One feature at a time: `npx stryker run --mutate 'src/recon/core/**\/*.ts'`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.core.config.ts" },
  mutate: ["src/**/core/**/*.ts"],
  // Two cores shared with other work: more workers only queue behind each other.
  concurrency: 2,
  coverageAnalysis: "perTest",
  // Static mutants (module-level constants: regexes, tables) would rerun all 700 core tests each, 80 % of the run's
  // time; they are reported as ignored and left out of the score (the ordinary tests still run over those constants).
  ignoreStatic: true,
  // Re-runs test only the mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // A loaded machine: a slow test run is not a hang.
  timeoutMS: 20_000,
  timeoutFactor: 3,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: 85 },
  // The sandbox needs src/, test/ and the configs only.
  ignorePatterns: [".wrangler", "bench", "demo", "!demo/catalog.json", "!demo/leads", "test-output", "migrations"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
