import { defineConfig } from "vitest/config";
import { buildClient } from "./scripts/build-client.mjs";

// wrangler dev serves the dashboard script from the static assets: bundle it first.
buildClient();

/**
 * Real-browser tests (npm run test:browser): plain Node, NOT the workerd pool. The global setup
 * applies migrations to a temporary persist dir, creates API keys, starts `wrangler dev --local` on
 * port 8841 in its own process group and stops it afterwards; tests drive Debian's chromium through
 * playwright-core.
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.mjs"],
    environment: "node",
    globalSetup: ["./test/browser/global-setup.mjs"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
