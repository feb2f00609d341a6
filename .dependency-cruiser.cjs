/**
 * The house's import rules (see README "Architecture"), checked by `npm run lint`:
 * - no cycles under src/;
 * - core/ is pure: it imports only platform's pure modules and other features' core/;
 * - store/ imports its own core/, the db schema and platform;
 * - a feature reaches another only through that feature's core/ (types and pure functions) or its
 *   queue messages (messages.ts); Durable Object RPC goes through the binding, not an import;
 * - nothing but the adapters (routes/, durable/, queues/, worker.ts, app.ts) imports routes/, durable/ or queues/.
 */
const FEATURES = "(gateway|leads|negotiation|recon|dashboard)";
const IMPURE_PLATFORM = "^src/platform/(activity|ai|api-keys|api-key-lookup|body|idempotency-store)\\.ts$";
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle is a design question: move the shared piece down.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      severity: "error",
      comment: "core/ holds plain functions over plain data: no adapters, storage, bindings or services.",
      from: { path: "^src/[^/]+/core/" },
      to: {
        path: [
          `^src/(routes|durable|queues|db)/`,
          `^src/${FEATURES}/(?!core/)`,
          IMPURE_PLATFORM,
          "^src/(app|worker|config)\\.ts$",
          "^cloudflare:",
        ],
      },
    },
    {
      name: "core-no-bindings-packages",
      severity: "error",
      from: { path: "^src/[^/]+/core/" },
      to: { dependencyTypes: ["core"], path: "^cloudflare:" },
    },
    {
      name: "store-imports-down",
      severity: "error",
      comment: "store/ holds SQL over its own core types; it calls no services and no adapters.",
      from: { path: `^src/${FEATURES}/store/` },
      to: { path: ["^src/(routes|durable|queues)/", `^src/${FEATURES}/(?!core/|store/|messages\\.ts$)`] },
    },
    {
      name: "features-meet-through-core-or-messages",
      severity: "error",
      comment: "A feature reaches another only through its core/ types, its queue messages or its object's RPC.",
      from: { path: `^src/${FEATURES}/` },
      to: { path: `^src/${FEATURES}/`, pathNot: ["^src/$1/", `^src/${FEATURES}/core/`, `^src/${FEATURES}/messages\\.ts$`] },
    },
    {
      name: "only-adapters-import-adapters",
      severity: "error",
      comment: "routes/, durable/ and queues/ are the edges: features and platform never import them.",
      from: { path: ["^src/platform/", `^src/${FEATURES}/`, "^src/db/", "^src/config\\.ts$"] },
      to: { path: "^src/(routes|durable|queues)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|worker-configuration\\.d\\.ts)" },
  },
};
