import { defineConfig } from "vitest/config";

// The pure core/ tests under plain Node (no workerd, no bindings): `npm run test:core`, and the test runner Stryker
// mutates against. Anything here that needs cloudflare:* is not a core test and belongs beside its service.
export default defineConfig({
  test: {
    environment: "node",
    // test/scripts: the Node-side helpers the npm scripts share (scripts/lib), in plain .mjs like them.
    include: ["test/**/core/**/*.test.ts", "test/scripts/**/*.test.mjs"],
    testTimeout: 20_000,
    silent: "passed-only",
  },
});
