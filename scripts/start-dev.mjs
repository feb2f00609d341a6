// Second half of `npm start`: create a dev key, start wrangler dev, load the demo once it answers.
import { existsSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { ROOT, createApiKey, startDevServer } from "./lib/dev-server.mjs";

const { values } = parseArgs({ options: { port: { type: "string", default: "8787" } } });
const { key } = createApiKey({ scopes: ["*"], name: "local-dev" });
const server = await startDevServer({ port: Number(values.port), log: "inherit", timeoutMs: 120_000 });
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const seed = path.join(ROOT, "scripts/seed-demo.mjs");
if (existsSync(seed)) {
  const res = spawnSync(process.execPath, [seed, "--base", server.base, "--key", key], { stdio: "inherit" });
  if (res.status !== 0) console.error("demo data did not load completely (see above); the server keeps running");
}
console.log(`
  Lead-to-Cash Mesh is running (local, no Cloudflare account):
    API        ${server.base}/api  (docs ${server.base}/docs, OpenAPI ${server.base}/openapi.json)
    Dashboard  ${server.base}/dashboard
    Dev key    ${key}   (scope "*"; paste it on the dashboard login)
  Ctrl-C stops it.
`);
await new Promise(() => {});
