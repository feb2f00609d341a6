#!/usr/bin/env node
// npm run bench:negotiation — speed to first response. Under `wrangler dev --local` (port 8821, fresh
// local D1 in /tmp/l2c-nego-bench with the migrations applied, real Durable Objects), it seeds a
// catalog through the admin API, then for N qualified leads measures the time from POST /api/leads
// until the lead's first proposal draft exists in its LeadNegotiation DO (polling
// GET /api/leads/:id/negotiation). Also printed: the POST alone, and the DO's own open → draft time
// (from its history timestamps). Phase 1: AI off (template path). Phase 2 (N_AI leads, 0 to skip):
// AI_MODE=on — locally Workers AI is remote-only, so this measures the fallback path; the AI path's
// budget is reported as AI_TIMEOUT_MS (the worst case a model can add before the template takes over).
// API keys are inserted with `wrangler d1 execute`, hashed like src/platform/api-keys.ts with the
// API_KEY_PEPPER of .dev.vars. Bounded: N leads and BUDGET_S seconds per phase.
import { rmSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { BENCH_RATE_LIMITS, ROOT, applyMigrations, createApiKey, startDevServer } from "../scripts/lib/dev-server.mjs";
import { emitSummary } from "./lib/summary.mjs";

const N = Math.max(5, Math.min(Number(process.env.N ?? 50), 500));
const N_AI = Math.max(0, Math.min(Number(process.env.N_AI ?? 10), 100));
const BUDGET_S = Number(process.env.BUDGET_S ?? 60);
const PORT = Number(process.env.BENCH_PORT ?? 8821);
const PERSIST = process.env.BENCH_PERSIST ?? "/tmp/l2c-nego-bench";
const stamp = `${process.pid}-${Date.now()}`;

const wranglerToml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
const AI_TIMEOUT_MS = Number(process.env.AI_TIMEOUT_MS ?? /AI_TIMEOUT_MS\s*=\s*"?(\d+)/.exec(wranglerToml)?.[1] ?? 8000);

const CATALOG = {
  products: [
    {
      sku: "LL-PRO",
      name: "Ledgerline Pro",
      description: "Automated reconciliation for finance teams",
      unit_price_minor: 12_000,
      currency: "USD",
      unit: "seat/year",
    },
    {
      sku: "LL-STD",
      name: "Ledgerline Standard",
      description: "Reconciliation essentials",
      unit_price_minor: 8_000,
      currency: "USD",
      unit: "seat/year",
    },
    {
      sku: "LL-ONB",
      name: "Onboarding package",
      description: "Implementation and training",
      unit_price_minor: 500_000,
      currency: "USD",
      unit: "package",
    },
  ],
  tiers: {
    "LL-PRO": [
      { min_qty: 50, unit_price_minor: 11_000 },
      { min_qty: 200, unit_price_minor: 10_000 },
    ],
    "LL-STD": [{ min_qty: 100, unit_price_minor: 7_000 }],
  },
  rules: {
    "base-all": { segment: "*", max_discount_bps: 500, approval_above_bps: 500 },
    "mid-annual": { segment: "mid", min_deal_usd_minor: 1_000_000, min_term_months: 12, max_discount_bps: 1500, approval_above_bps: 1000 },
    "ent-annual": {
      segment: "enterprise",
      min_deal_usd_minor: 5_000_000,
      min_term_months: 12,
      max_discount_bps: 2000,
      approval_above_bps: 1500,
    },
  },
};

const pct = (xs, p) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function api(base, key, method, route, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": typeof body === "string" ? "text/plain" : "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text, timing: res.headers.get("server-timing") ?? "" };
}

async function seed(base, key) {
  for (const p of CATALOG.products) {
    const { sku, ...rest } = p;
    const r = await api(base, key, "PUT", `/api/admin/pricing/products/${sku}`, rest);
    if (r.status !== 200) throw new Error(`seed ${sku}: ${r.status} ${r.text}`);
  }
  for (const [sku, tiers] of Object.entries(CATALOG.tiers)) {
    const r = await api(base, key, "PUT", `/api/admin/pricing/products/${sku}/tiers`, { tiers });
    if (r.status !== 200) throw new Error(`seed tiers ${sku}: ${r.status} ${r.text}`);
  }
  for (const [id, rule] of Object.entries(CATALOG.rules)) {
    const r = await api(base, key, "PUT", `/api/admin/pricing/discount-rules/${id}`, rule);
    if (r.status !== 200) throw new Error(`seed rule ${id}: ${r.status} ${r.text}`);
  }
}

/** A qualified chat lead, unique per i (so ingestion never answers it as a duplicate). */
let seq = 0;
function chat() {
  const i = seq++;
  const employees = 120 + (i % 7) * 60;
  const uniq = `${stamp.replace(/\D/g, "")}${i}`;
  return [
    `[2026-11-20 10:00:00] Maria Lopez: Hi, I'm Maria Lopez from Initech (maria.lopez.${uniq}@initech.example).`,
    `[2026-11-20 10:01:00] Maria Lopez: We are ${employees} employees and want to buy Ledgerline Pro for our finance team.`,
    "[2026-11-20 10:02:00] Maria Lopez: Our budget is $80,000 and we need to go live within 2 weeks.",
  ].join("\n");
}

async function oneLead(base, key, i) {
  const t0 = performance.now();
  const created = await api(base, key, "POST", "/api/leads", chat());
  const tPost = performance.now() - t0;
  if (created.status !== 201) throw new Error(`lead #${i}: ${created.status} ${created.text.slice(0, 300)}`);
  const { id, qualified } = created.json.lead;
  const dur = (name) => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(created.timing)?.[1] ?? NaN);
  if (!qualified) throw new Error(`lead #${i} not qualified: ${created.text.slice(0, 300)}`);
  let polls = 0;
  for (;;) {
    polls++;
    const r = await api(base, key, "GET", `/api/leads/${id}/negotiation`);
    const n = r.status === 200 ? r.json.negotiation : null;
    if (n && n.drafts.length > 0) {
      const opened = n.history.find((h) => h.kind === "lead_opened");
      const drafted = n.history.find((h) => h.kind === "draft_created");
      return {
        first: performance.now() - t0,
        post: tPost,
        server: dur("ingest"),
        handoff: dur("route"),
        inDo: Date.parse(drafted.at) - Date.parse(opened.at),
        polls,
        author: n.drafts[0].author,
        stage: n.stage,
      };
    }
    if (performance.now() - t0 > 30_000) throw new Error(`lead ${id}: no draft after 30 s (last ${r.status})`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

async function phase(name, vars, count) {
  rmSync(PERSIST, { recursive: true, force: true });
  mkdirSync(PERSIST, { recursive: true });
  applyMigrations(PERSIST);
  const { key } = createApiKey({
    scopes: ["admin:pricing", "leads:write", "leads:read", "sales:write"],
    name: "bench-negotiation",
    persistTo: PERSIST,
  });
  console.error(`bench:negotiation [${name}]: starting wrangler dev on ${PORT} (persist ${PERSIST})…`);
  const server = await startDevServer({ port: PORT, persistTo: PERSIST, vars, rateLimits: BENCH_RATE_LIMITS });
  const stop = () => (server.stop(), process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await seed(server.base, key);
    for (let i = 0; i < 3; i++) await oneLead(server.base, key, `warm-${name}-${i}`);
    const samples = [];
    const deadline = performance.now() + BUDGET_S * 1000;
    for (let i = 0; i < count && performance.now() < deadline; i++) samples.push(await oneLead(server.base, key, `${name}-${i}`));
    console.error(`bench:negotiation [${name}]: ${samples.length} leads`);
    return { name, samples };
  } finally {
    server.stop();
    process.removeListener("SIGINT", stop);
    process.removeListener("SIGTERM", stop);
  }
}

const phases = [await phase("template (AI off)", { AI_MODE: "off" }, N)];
if (N_AI > 0) phases.push(await phase("AI on, model unavailable locally → template", { AI_MODE: "on" }, N_AI));

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");
console.log(
  `\nbench:negotiation — POST /api/leads (qualified chat lead) → first proposal draft in its DO, wrangler dev --local 127.0.0.1:${PORT}, sequential, ${new Date().toISOString()}`,
);
console.log(
  "| path | n | first draft p50 ms | first draft p99 ms | POST p50 ms | POST p99 ms | server ingest p50 ms | DO hand-off (openLead) p50 ms | p99 ms | in-DO open→draft p50 ms | polls p50 | author | stage |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
for (const { name, samples } of phases) {
  const col = (k) => samples.map((s) => s[k]);
  console.log(
    `| ${name} | ${samples.length} | ${f(pct(col("first"), 50))} | ${f(pct(col("first"), 99))} | ${f(pct(col("post"), 50))} | ${f(pct(col("post"), 99))} | ${f(pct(col("server"), 50))} | ${f(pct(col("handoff"), 50))} | ${f(pct(col("handoff"), 99))} | ${f(pct(col("inDo"), 50))} | ${pct(col("polls"), 50)} | ${[...new Set(col("author"))].join("/")} | ${[...new Set(col("stage"))].join("/")} |`,
  );
}
const t = phases[0].samples.map((s) => s.first);
console.log(`\nTemplate path: p99 ${f(pct(t, 99))} ms to the first draft (target: well under 1 s; the reference promises < 10 s).`);
console.log(
  `AI path budget: the model call is bounded by AI_TIMEOUT_MS = ${AI_TIMEOUT_MS} ms, so the worst case to a first draft is about ${f(pct(t, 99) + AI_TIMEOUT_MS)} ms (template p99 + timeout); a model draft that fails the amount check costs its own latency and falls back to the template.`,
);
console.log(
  "openLead drafts synchronously inside the ingestion request, so the first poll usually finds the draft: 'first draft' ≈ POST + one GET.",
);
emitSummary("negotiation", {
  "template path: first draft p50 ms": pct(t, 50),
  "template path: first draft p99 ms": pct(t, 99),
});
