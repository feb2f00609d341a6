#!/usr/bin/env bash
# npm run dev: wrangler dev --local without the demo data (npm start loads it).
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
[ -f .dev.vars ] || cp .dev.vars.example .dev.vars
node scripts/build-client.mjs >/dev/null
npx wrangler d1 migrations apply DB --local <<<"y" >/dev/null
exec npx wrangler dev --local --ip 127.0.0.1 --port "${PORT:-8787}"
