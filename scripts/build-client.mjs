#!/usr/bin/env node
// Bundles the dashboards' browser code (src/dashboard/client, TypeScript, DOM types) into the
// Workers static assets directory (wrangler.toml [assets]): build/static/dashboard/assets/app.js
// and app.css, plus a _headers file. Run by npm start, npm run dev, npm test and both vitest configs
// (the vitest plugin and wrangler dev refuse to start without the assets directory).
// esbuild ships with wrangler; it strips types only, so `npm run typecheck` checks them.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ASSETS_DIR = path.join(ROOT, "build/static");

/** Synchronous so a vitest config can call it before the pool reads wrangler.toml. */
export function buildClient({ quiet = true } = {}) {
  const out = path.join(ASSETS_DIR, "dashboard/assets");
  mkdirSync(out, { recursive: true });
  buildSync({
    entryPoints: [path.join(ROOT, "src/dashboard/client/main.ts")],
    outfile: path.join(out, "app.js"),
    bundle: true,
    format: "iife",
    target: "es2020",
    platform: "browser",
    sourcemap: false,
    legalComments: "none",
    logLevel: quiet ? "warning" : "info",
  });
  // One stylesheet request per page; the sources are split only to keep each file small.
  const css = ["base.css", "components.css"].map((f) => readFileSync(path.join(ROOT, "src/dashboard/client/styles", f), "utf8"));
  writeFileSync(path.join(out, "app.css"), css.join("\n"));
  // Static assets are answered before the Worker runs, so the headers the Worker used to set on
  // them come from here (Workers static assets read _headers from the assets directory).
  writeFileSync(path.join(ASSETS_DIR, "_headers"), "/dashboard/assets/*\n  X-Content-Type-Options: nosniff\n  Cache-Control: no-cache\n");
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = buildClient({ quiet: false });
  console.log(`dashboard client built into ${path.relative(ROOT, out)}`);
}
