// Global setup for the browser tests: a fresh local D1 in /tmp/l2c-browser, three API keys, and
// `wrangler dev --local` on 127.0.0.1:8841 (setsid via detached spawn, stopped by process group).
import { mkdirSync, rmSync } from "node:fs";
import { applyMigrations, createApiKey, devVars, startDevServer } from "../../scripts/lib/dev-server.mjs";

export const PORT = Number(process.env.L2C_BROWSER_PORT ?? 8841);
export const PERSIST = process.env.L2C_BROWSER_PERSIST ?? "/tmp/l2c-browser";

export default async function setup({ provide }) {
  rmSync(PERSIST, { recursive: true, force: true });
  mkdirSync(PERSIST, { recursive: true });
  applyMigrations(PERSIST);
  const keys = {
    admin: createApiKey({ scopes: ["*"], name: "browser-admin", persistTo: PERSIST }).key,
    reader: createApiKey({ scopes: ["dashboard:read"], name: "browser-reader", persistTo: PERSIST }).key,
    operator: createApiKey({ scopes: ["dashboard:read", "sales:write", "finance:write"], name: "browser-operator", persistTo: PERSIST })
      .key,
    noscope: createApiKey({ scopes: ["leads:read"], name: "browser-noscope", persistTo: PERSIST }).key,
  };
  // The worker must hash keys with the same pepper the keys were created with, whether or not
  // .dev.vars exists (devVars falls back to .dev.vars.example).
  const server = await startDevServer({
    port: PORT,
    persistTo: PERSIST,
    vars: { API_KEY_PEPPER: devVars().API_KEY_PEPPER ?? "" },
    timeoutMs: 150_000,
  });
  provide("base", server.base);
  provide("keys", keys);
  return async () => {
    server.stop();
    await new Promise((r) => setTimeout(r, 500));
    try {
      process.kill(-server.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
}
