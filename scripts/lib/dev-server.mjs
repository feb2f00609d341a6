// Shared by npm start, key:create, the benches and the browser tests: run wrangler locally,
// create API keys in local D1, start/stop `wrangler dev --local` as a process group.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildClient } from "../build-client.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** wrangler must never try to reach the internet here. */
export const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/**
 * `wrangler dev` reads its secrets from .dev.vars only, and the worker has no fallback for any of
 * them (a missing API_KEY_PEPPER answers 503): so in a fresh clone every script that starts a
 * server or hashes a key first writes .dev.vars from .dev.vars.example, and both sides use the
 * same values.
 */
export function ensureDevVars(root = ROOT) {
  const target = path.join(root, ".dev.vars");
  const example = path.join(root, ".dev.vars.example");
  if (!existsSync(target) && existsSync(example)) copyFileSync(example, target);
  return target;
}

/** Reads KEY=value lines from .dev.vars (written from .dev.vars.example when missing). */
export function devVars(root = ROOT) {
  const file = ensureDevVars(root);
  const vars = {};
  if (!existsSync(file)) return vars;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

export function wrangler(args, opts = {}) {
  const res = spawnSync("npx", ["wrangler", ...args], { cwd: ROOT, env: WRANGLER_ENV, encoding: "utf8", ...opts });
  if (res.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

export function persistArgs(persistTo) {
  return persistTo ? ["--persist-to", persistTo] : [];
}

export function applyMigrations(persistTo) {
  wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(persistTo)], { input: "y\n" });
}

/** Same as src/platform/api-keys.ts: `l2c_` + base64url(32 random bytes); stored as HMAC-SHA256 hex with the pepper. */
export function newApiKey() {
  return `l2c_${randomBytes(32).toString("base64url")}`;
}
export function hashApiKey(key, pepper) {
  // No default, like the worker: a key hashed with another pepper than the server's never matches.
  if (!pepper) throw new Error("API_KEY_PEPPER is not set (in .dev.vars, or pass pepper)");
  return createHmac("sha256", pepper).update(key).digest("hex");
}

/** Inserts a key with the given scopes into D1 (local by default) and returns the plaintext key. */
export function createApiKey({ scopes, name = "cli", persistTo, remote = false, pepper }) {
  const key = newApiKey();
  const hash = hashApiKey(key, pepper ?? devVars().API_KEY_PEPPER);
  const id = `key_${randomBytes(8).toString("hex")}`;
  const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
  const sql = `INSERT INTO api_keys (id, name, prefix, key_hash, scopes, created_at) VALUES (${q(id)}, ${q(name)}, ${q(key.slice(0, 12))}, ${q(hash)}, ${q(JSON.stringify(scopes))}, ${q(new Date().toISOString())})`;
  wrangler(["d1", "execute", "DB", remote ? "--remote" : "--local", ...(remote ? [] : persistArgs(persistTo)), "--command", sql]);
  return { id, key };
}

/** Starts `wrangler dev --local` in its own process group; resolves once it answers HTTP. */
/**
 * The benches measure throughput, not our limits: a derived config (next to wrangler.toml, so its
 * relative paths hold; gitignored) with the named `[[ratelimits]]` bindings raised, e.g.
 * `{ WRITE_LIMITER: 1_000_000 }`. Throws when a name is not in the config (the toml moved on).
 */
export function withRateLimits(config, limits, tag) {
  let toml = readFileSync(config ?? path.join(ROOT, "wrangler.toml"), "utf8");
  for (const [name, limit] of Object.entries(limits)) {
    const block = new RegExp(String.raw`(\[\[ratelimits\]\]\nname = "${name}"\n(?:[a-z_]+ = .*\n)*?simple = \{ limit = )\d+`);
    if (!block.test(toml)) throw new Error(`no [[ratelimits]] binding ${name} in ${config ?? "wrangler.toml"}`);
    toml = toml.replace(block, `$1${limit}`);
  }
  const file = path.join(ROOT, `.wrangler-bench-limits-${tag}.toml`);
  writeFileSync(file, toml);
  return file;
}

/** What the benches pass as `rateLimits`: high enough that no bench request meets a limit. */
export const BENCH_RATE_LIMITS = { WRITE_LIMITER: 10_000_000, AUTH_FAILURE_LIMITER: 10_000_000 };

export async function startDevServer({ port = 8787, persistTo, vars = {}, log = "pipe", timeoutMs = 90_000, config, rateLimits } = {}) {
  ensureDevVars();
  if (rateLimits) config = withRateLimits(config, rateLimits, port);
  // wrangler dev refuses to start without the static assets directory (the dashboard script).
  buildClient();
  const args = [
    "wrangler",
    "dev",
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    ...persistArgs(persistTo),
    "--show-interactive-dev-session=false",
    // GET /__scheduled runs the cron's sweeps on demand (the demo seed's overdue reminder, the loop browser test).
    "--test-scheduled",
  ];
  if (config) args.push("--config", config);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn("npx", args, { cwd: ROOT, env: WRANGLER_ENV, detached: true, stdio: ["ignore", log, log] });
  let output = "";
  if (log === "pipe") {
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
  }
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
    try {
      const res = await fetch(`${base}/openapi.json`);
      if (res.ok) return { base, child, output: () => output, stop: () => stopGroup(child) };
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  stopGroup(child);
  throw new Error(`wrangler dev did not answer on ${base} within ${timeoutMs} ms:\n${output}`);
}

export function stopGroup(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
}
