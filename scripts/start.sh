#!/usr/bin/env bash
# npm start: local D1 migrations, a dev API key, demo data, and the API + dashboard on 127.0.0.1:8787.
# No Cloudflare account needed: everything runs in `wrangler dev --local`.
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
PORT="${PORT:-8787}"
[ -f .dev.vars ] || cp .dev.vars.example .dev.vars
node scripts/build-client.mjs >/dev/null
npx wrangler d1 migrations apply DB --local <<<"y" >/dev/null
exec node scripts/start-dev.mjs --port "$PORT"
