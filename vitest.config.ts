import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { buildClient } from "./scripts/build-client.mjs";

/**
 * The real bank files of ../shared/data/realbank (read-only, never copied into the repo), handed to
 * the workerd corpus test as a binding: {} when the folder is absent, so the repo runs alone.
 */
function realbankCorpus(): string {
  const dir = path.join(import.meta.dirname, "../shared/data/realbank");
  if (!existsSync(path.join(dir, "expected.json"))) return "{}";
  const files: Record<string, string> = {};
  for (const format of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "LICENSES")) {
    for (const f of readdirSync(path.join(dir, format.name)))
      files[`${format.name}/${f}`] = readFileSync(path.join(dir, format.name, f)).toString("base64");
  }
  return JSON.stringify({ expected: JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")), files });
}

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
            REALBANK_CORPUS: realbankCorpus(),
            HUBSPOT_APP_SECRET: "test-hubspot-secret",
            STRIPE_WEBHOOK_SECRET: "whsec_test_stripe_secret",
            STANDARD_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            SALESFORCE_ORG_IDS: "00D000000000062EAA,00D5e000000TestOrg",
            SALESFORCE_PATH_TOKEN: "sf-path-token-test",
            API_KEY_PEPPER: "test-pepper",
            // Ledger warm-ups run by alarm at unpredictable moments; tests trigger them themselves.
            RECON_LEDGER_WARM_MS: "0",
          },
          // The rate limits of wrangler.toml, raised so the suite's many deliberate 401s and one
          // key's bulk writes never trip them; test/routes/api-conventions.test.ts spends a counter
          // through the real binding until it refuses, then shows the 429.
          ratelimits: {
            AUTH_FAILURE_LIMITER: { namespace_id: "1601", simple: { limit: 500, period: 60 } },
            WRITE_LIMITER: { namespace_id: "1602", simple: { limit: 1000, period: 60 } },
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
