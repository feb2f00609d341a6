import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { buildClient } from "./scripts/build-client.mjs";

export default defineConfig(async () => {
  // wrangler.toml [assets] points at the bundled dashboard script: build it before the pool reads the config.
  buildClient();
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        remoteBindings: false,
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Test-only bindings (declared in test/env.d.ts): the migrations to apply and the
          // webhook secrets the tests sign with. Real secrets come from .dev.vars / wrangler secret.
          bindings: {
            TEST_MIGRATIONS: migrations,
            HUBSPOT_APP_SECRET: "test-hubspot-secret",
            STRIPE_WEBHOOK_SECRET: "whsec_test_stripe_secret",
            STANDARD_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            SALESFORCE_ORG_IDS: "00D000000000062EAA,00D5e000000TestOrg",
            SALESFORCE_PATH_TOKEN: "sf-path-token-test",
            API_KEY_PEPPER: "test-pepper",
            // Ledger warm-ups run by alarm at unpredictable moments; tests trigger them themselves.
            RECON_LEDGER_WARM_MS: "0",
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/browser/**", "node_modules/**"],
      setupFiles: ["./test/setup.ts"],
      testTimeout: 20_000,
      silent: "passed-only",
    },
  };
});
