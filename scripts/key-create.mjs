#!/usr/bin/env node
// npm run key:create -- --scope finance:read [--scope finance:write] [--name finance-bot] [--remote]
// Creates a scoped API key. Only its HMAC is stored (api_keys.key_hash); the key is printed once.
// Local D1 by default; --remote writes to the production database (needs `wrangler login` and
// API_KEY_PEPPER in the environment, equal to the secret set with `wrangler secret put API_KEY_PEPPER`).
import { parseArgs } from "node:util";
import { createApiKey } from "./lib/dev-server.mjs";

const SCOPES = [
  "leads:write",
  "leads:read",
  "sales:write",
  "admin:pricing",
  "finance:read",
  "finance:write",
  "dashboard:read",
  "webhooks:write",
  "*",
];
const { values } = parseArgs({
  options: {
    scope: { type: "string", multiple: true, default: [] },
    name: { type: "string", default: "cli" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});
const bad = values.scope.filter((s) => !SCOPES.includes(s));
if (!values.scope.length || bad.length) {
  console.error(
    `usage: npm run key:create -- --scope <scope> [--scope ...] [--name N] [--remote]\nscopes: ${SCOPES.join(", ")}${bad.length ? `\nunknown: ${bad.join(", ")}` : ""}`,
  );
  process.exit(2);
}
if (values.remote && !process.env.API_KEY_PEPPER) {
  console.error("--remote needs API_KEY_PEPPER in the environment (the value of the production secret).");
  process.exit(2);
}
const { id, key } = createApiKey({
  scopes: values.scope,
  name: values.name,
  remote: values.remote,
  persistTo: values["persist-to"],
  pepper: values.remote ? process.env.API_KEY_PEPPER : undefined,
});
console.log(JSON.stringify({ id, scopes: values.scope, key }));
console.error("Store this key now: only its hash is kept.");
