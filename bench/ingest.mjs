#!/usr/bin/env node
// npm run bench:ingest — POST /api/leads under `wrangler dev --local` (port 8811, fresh local D1 in
// /tmp/l2c-ingest-bench, real Durable Objects, AI off), one format at a time, sequentially, N posts
// each (every post made unique so none is answered as a duplicate). Prints per-format median and
// p99 end-to-end time (client-side, HTTP included), the server's own ingestion time, and the routing
// decision's time (qualify → stage → DO hand-off), both read from the Server-Timing header.
// Bounded: at most N posts and BUDGET_S seconds per format. Inputs: test/fixtures/leads-service.
import { readFileSync, rmSync, mkdirSync } from "node:fs";
import path from "node:path";
import { BENCH_RATE_LIMITS, ROOT, applyMigrations, createApiKey, startDevServer } from "../scripts/lib/dev-server.mjs";
import { emitSummary } from "./lib/summary.mjs";

const N = Math.max(5, Math.min(Number(process.env.N ?? 40), 500));
const BUDGET_S = Number(process.env.BUDGET_S ?? 30);
const PORT = Number(process.env.BENCH_PORT ?? 8811);
const PERSIST = process.env.BENCH_PERSIST ?? "/tmp/l2c-ingest-bench";
const FIX = path.join(ROOT, "test/fixtures/leads-service");

const text = (f) => readFileSync(path.join(FIX, f), "utf8");
const pdf = Buffer.from(text("dev-0050.pdf.b64").replace(/\s+/g, ""), "base64");
const stamp = `${process.pid}-${Date.now()}`;
const withMessageId = (raw, i) => raw.replace(/^Message-ID: <([^>]+)>/m, `Message-ID: <bench-${stamp}-${i}.$1>`);

/** Each format: a content type and a body made unique per iteration without changing what it says. */
const FORMATS = [
  { name: "email (one page)", type: "message/rfc822", body: (i) => withMessageId(text("dev-0047.eml"), i) },
  { name: "email (one page, info request)", type: "message/rfc822", body: (i) => withMessageId(text("dev-0004.eml"), `info-${i}`) },
  { name: "email + PDF attachment", type: "message/rfc822", body: (i) => withMessageId(text("dev-0023.eml"), i) },
  { name: "pdf (RFP)", type: "application/pdf", body: (i) => Buffer.concat([pdf, Buffer.from(`\n%bench-${stamp}-${i}\n`)]) },
  {
    name: "chat text/plain",
    type: "text/plain",
    body: (i) => `${text("dev-0001.txt")}\n`.replace("channel: website", `channel: website ${stamp}-${i}`),
  },
  {
    name: "chat JSON",
    type: "application/json",
    body: (i) => JSON.stringify({ ...JSON.parse(text("dev-0005.json")), conversation_id: `bench-${stamp}-${i}` }),
  },
  {
    name: "HubSpot form JSON",
    type: "application/json",
    body: (i) => {
      const j = JSON.parse(text("dev-0045.json"));
      j.context.hutk = `bench-${stamp}-${i}`;
      return JSON.stringify(j);
    },
  },
  {
    name: "Salesforce Lead JSON",
    type: "application/json",
    body: (i) => JSON.stringify({ ...JSON.parse(text("dev-0036.json")), Id: `00Qbench${stamp}${i}` }),
  },
  {
    name: "multipart (email file)",
    type: null,
    body: (i) => {
      const form = new FormData();
      form.append("file", new Blob([withMessageId(text("dev-0047.eml"), `mp-${i}`)], { type: "message/rfc822" }), "lead.eml");
      return form;
    },
  },
];

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const timing = (header, name) => {
  const m = new RegExp(`${name};dur=([\\d.]+)`).exec(header ?? "");
  return m ? Number(m[1]) : NaN;
};

async function post(base, auth, f, i) {
  const headers = { authorization: `Bearer ${auth}` };
  if (f.type) headers["content-type"] = f.type;
  const t0 = performance.now();
  const res = await fetch(`${base}/api/leads`, { method: "POST", headers, body: f.body(i), signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 201) throw new Error(`${f.name} #${i}: HTTP ${res.status} ${body.slice(0, 300)}`);
  const st = res.headers.get("server-timing");
  const lead = JSON.parse(body).lead;
  return { ms, server: timing(st, "ingest"), route: timing(st, "route"), id: lead.id, stage: lead.stage };
}

rmSync(PERSIST, { recursive: true, force: true });
mkdirSync(PERSIST, { recursive: true });
applyMigrations(PERSIST);
const { key } = createApiKey({ scopes: ["leads:write"], name: "bench-ingest", persistTo: PERSIST });
console.error(`bench:ingest: starting wrangler dev on ${PORT} (persist ${PERSIST})…`);
const server = await startDevServer({ port: PORT, persistTo: PERSIST, vars: { AI_MODE: "off" }, rateLimits: BENCH_RATE_LIMITS });
// Never leave the server behind, also when interrupted.
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => (server.stop(), process.exit(130)));
const rows = [];
let baseline = { p50: NaN, p99: NaN };
try {
  // Warm-up: the first requests compile and open the local D1/DO files.
  for (let i = 0; i < 3; i++) for (const f of FORMATS) await post(server.base, key, f, `warm-${i}`);
  console.error("bench:ingest: warmed up");
  for (const f of FORMATS) {
    const samples = [];
    const deadline = performance.now() + BUDGET_S * 1000;
    for (let i = 0; i < N && performance.now() < deadline; i++) samples.push(await post(server.base, key, f, i));
    console.error(`bench:ingest: ${f.name}: ${samples.length} posts`);
    rows.push({
      name: f.name,
      n: samples.length,
      samples,
      stage: [...new Set(samples.map((s) => s.stage))].join("/"),
      p50: pct(
        samples.map((s) => s.ms),
        50,
      ),
      p99: pct(
        samples.map((s) => s.ms),
        99,
      ),
      s50: pct(
        samples.map((s) => s.server),
        50,
      ),
      s99: pct(
        samples.map((s) => s.server),
        99,
      ),
    });
  }
  // Baseline at the same moment: an HTTP round trip through wrangler dev that does no work (a 404).
  const base = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await (await fetch(`${server.base}/__bench_baseline`)).text();
    base.push(performance.now() - t0);
  }
  baseline = { p50: pct(base, 50), p99: pct(base, 99) };
  // Cross-check: the Worker logs routing_ms in its one `lead.ingested` line per lead (wrangler dev
  // prints those lines); the table reads the Server-Timing header, and counts the log lines found.
  await new Promise((r) => setTimeout(r, 1000));
  const routed = new Map();
  for (const m of server.output().matchAll(/\{[^\n]*"event":"lead\.ingested"[^\n]*\}/g)) {
    try {
      const line = JSON.parse(m[0]);
      routed.set(line.lead_id, line.routing_ms);
    } catch {}
  }
  for (const r of rows) {
    const logged = r.samples.filter((s) => typeof routed.get(s.id) === "number");
    const fromHeader = r.samples.map((s) => s.route);
    Object.assign(r, {
      rn: logged.length,
      logMismatch: logged.filter((s) => Math.abs(routed.get(s.id) - s.route) > 1).length,
      r50: pct(fromHeader, 50),
      r99: pct(fromHeader, 99),
      w50: pct(
        r.samples.map((s) => s.ms - s.route),
        50,
      ),
    });
  }
} finally {
  server.stop();
}

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : "-");
console.log(
  `\nbench:ingest — POST /api/leads, wrangler dev --local on 127.0.0.1:${PORT}, AI off, sequential, up to ${N} posts per format, ${new Date().toISOString()}`,
);
console.log(
  "| format | n | stage | e2e p50 ms | e2e p99 ms | server p50 ms | server p99 ms | routing p50 ms | routing p99 ms | e2e − routing p50 ms |",
);
console.log("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.n} | ${r.stage} | ${f2(r.p50)} | ${f2(r.p99)} | ${f2(r.s50)} | ${f2(r.s99)} | ${f2(r.r50)} | ${f2(r.r99)} | ${f2(r.w50)} |`,
  );
console.log(`| (baseline: HTTP round trip, no work) | ${N} | - | ${f2(baseline.p50)} | ${f2(baseline.p99)} | - | - | - | - | - |`);
console.log("");
for (const email of rows.slice(0, 2)) {
  console.log(
    `Target: one-page email well under 50 ms end to end — ${email.name}: p50 ${f2(email.p50)} ms, p99 ${f2(email.p99)} ms ${email.p50 < 50 ? "(met at p50)" : "(NOT met)"}`,
  );
}
console.log(
  "e2e = client-measured request time until the 201 (HTTP + auth + parse + extract + score + one D1 insert + DO hand-off). server = the Worker's own measure (Server-Timing ingest).",
);
console.log(
  "routing = the qualify decision + the hand-off to the lead's Durable Object (openLead, which also drafts the first proposal; Server-Timing route); 0 for leads that stay in D1.",
);
console.log(
  `lead.ingested log lines found: ${rows.reduce((a, r) => a + (r.rn ?? 0), 0)} of ${rows.reduce((a, r) => a + r.n, 0)}; routing_ms differing from the header by > 1 ms: ${rows.reduce((a, r) => a + (r.logMismatch ?? 0), 0)}.`,
);
console.log(
  `Machine load (1-min average) at the end: ${(await import("node:os")).loadavg()[0].toFixed(2)} on ${(await import("node:os")).cpus().length} CPUs.`,
);
emitSummary(
  "ingest",
  Object.fromEntries(
    rows.flatMap((r) => [
      [`${r.name}: e2e p50 ms`, r.p50],
      [`${r.name}: e2e p99 ms`, r.p99],
    ]),
  ),
);
