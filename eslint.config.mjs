// ESLint over src, test, bench and scripts. The import-boundary and cycle rules live in
// .dependency-cruiser.cjs (npm run lint runs both, and prettier --check).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "worker-configuration.d.ts",
      ".wrangler/**",
      "test-output/**",
      "reports/**",
      ".stryker-tmp/**",
      "dist/**",
      "build/**",
      "public/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.worker } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-control-regex": "off", // the parsers and sanitisers match control characters on purpose
      "no-empty": ["error", { allowEmptyCatch: true }], // polling loops and best-effort cleanup swallow on purpose
      // Flags `let x = fallback; try { x = parse() } catch {}`, where the fallback is the point.
      "no-useless-assignment": "off",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    rules: {
      // One concept per file: a file past 400 lines holds more than one.
      "max-lines": ["error", { max: 400, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ["src/routes/**/*.{ts,tsx}"],
    rules: {
      // Routes parse and authorise, then call one feature function: SQL lives in the features' store/.
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='prepare']", message: "No SQL in routes: call the feature's store/ or service." },
        { selector: "CallExpression[callee.property.name='batch']", message: "No SQL in routes: call the feature's store/ or service." },
      ],
    },
  },
  {
    files: ["test/browser/**"],
    languageOptions: { globals: { ...globals.browser } }, // page.evaluate callbacks run in the page
  },
  {
    files: ["**/*.mjs", "**/*.js", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
