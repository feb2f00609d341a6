#!/usr/bin/env node
// npm run bench:recon (after the pure matcher bench) — or alone: node bench/recon-e2e.mjs
//
// End to end under `wrangler dev --local` on 127.0.0.1:8831 (fresh local D1 in
// /tmp/l2c-recon-bench, migrations applied, a finance key inserted with the .dev.vars pepper):
//   1. POST ENTRIES + 2 × STREAM invoices (JSON) and wait for their job: all open;
//   2. real-time payments, side by side: STREAM camt.054 notifications of one credit each through
//      POST /api/finance/payments (reconciled in the request), then STREAM more through
//      POST /api/finance/bank-statements (the recon-events queue); open loop, one every
//      STREAM_INTERVAL_MS;
//   3. bulk: one camt.053 with ENTRIES credits paying the other invoices, poll its job until done;
//   4. stop the server and read, per entry, enqueued_at_ms (accepted: the queue send, or the start
//      of the in-request run) and matched_at_ms (SQLite's clock inside the match run's
//      transaction, after its links).
// Prints p50/p90/p99/max per real-time payment for both paths and their ratio, the bulk file's
// total and amortized time, and the backlog wait of its payments.
// Bounded: gives up after TIMEOUT_S. ENTRIES=10000, STREAM=1000, STREAM_INTERVAL_MS=20 by default.
// `--dev-set[=PARTS]` instead scores the dev data set through the service (see devSet below);
// `--dev-set --realtime` sends the bank CSV one line per POST /api/finance/payments.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { BENCH_RATE_LIMITS, ROOT, WRANGLER_ENV, applyMigrations, createApiKey, startDevServer } from "../scripts/lib/dev-server.mjs";
import { camt053, camt054, makeBooks } from "./lib/books.mjs";
import { emitSummary, machineLoad, median, pct } from "./lib/summary.mjs";

const N = Number(process.env.ENTRIES ?? 10_000);
const PORT = Number(process.env.PORT ?? 8831);
const PERSIST = process.env.PERSIST ?? "/tmp/l2c-recon-bench";
const TIMEOUT_S = Number(process.env.TIMEOUT_S ?? 300);
const STREAM = Number(process.env.STREAM ?? 1000);
const STREAM_INTERVAL_MS = Number(process.env.STREAM_INTERVAL_MS ?? 20);
const MIXED = process.env.SEQUENTIAL !== "1";

/**
 * wrangler dev reloads the worker when a source file changes (other people commit while this runs):
 * an upload cut by a reload is simply sent again — uploads are idempotent (natural keys).
 */
async function post(url, init) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (attempt >= 3) throw err;
      console.warn(`upload interrupted (${err.cause?.code ?? err.message}); sending again`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function waitJob(base, key, jobId) {
  const deadline = Date.now() + TIMEOUT_S * 1000;
  for (;;) {
    const job = await fetch(`${base}/api/finance/jobs/${jobId}`, { headers: { authorization: `Bearer ${key}` } }).then(
      (res) => res.json(),
      () => ({ status: "unreachable" }), // a reload in progress: poll again
    );
    if (["done", "partial", "failed"].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} not finished after ${TIMEOUT_S} s: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function d1Json(sql) {
  const res = spawnSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", PERSIST, "--json", "--command", sql], {
    cwd: ROOT,
    env: WRANGLER_ENV,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`d1 execute failed: ${res.stderr}`);
  return JSON.parse(res.stdout)[0].results;
}

async function main() {
  rmSync(PERSIST, { recursive: true, force: true });
  mkdirSync(PERSIST, { recursive: true });
  applyMigrations(PERSIST);
  const { key } = createApiKey({ scopes: ["finance:read", "finance:write"], name: "bench", persistTo: PERSIST });
  // Invoices for the bulk statement and for both real-time streams, all open at the start.
  const { invoices, entries } = makeBooks(N + 2 * STREAM);
  const bulk = entries.slice(0, N);
  const streams = [
    {
      name: "inline",
      path: "/api/finance/payments",
      label: "POST /payments (in the request)",
      entries: entries.slice(N, N + STREAM),
      sent: [],
    },
    {
      name: "queue",
      path: "/api/finance/bank-statements",
      label: "POST /bank-statements (through the queue)",
      entries: entries.slice(N + STREAM),
      sent: [],
    },
  ];
  const xml = camt053(bulk);
  console.log(
    `recon e2e: ${invoices.length} open invoices; 2 × ${STREAM} real-time payments (one camt.054 each, one every ${STREAM_INTERVAL_MS} ms, ` +
      `in the request and through the queue); then a camt.053 with ${N} entries (${(xml.length / 1e6).toFixed(1)} MB); wrangler dev --local :${PORT}`,
  );

  // LOG_LEVEL=warn drops the per-event info lines (wrangler dev relays every console line; the
  // bulk and queue-delivery rows below then read n/a).
  const server = await startDevServer({
    port: PORT,
    persistTo: PERSIST,
    rateLimits: BENCH_RATE_LIMITS,
    vars: process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : undefined,
  });
  let jobInv, jobSt, tUpload, tJob, tInvoices;
  let serverLog = "";
  try {
    const auth = { authorization: `Bearer ${key}` };
    const t0 = performance.now();
    const r1 = await post(`${server.base}/api/finance/invoices`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify(invoices),
    });
    if (r1.status !== 202) throw new Error(`invoice upload: ${r1.status} ${await r1.text()}`);
    jobInv = await waitJob(server.base, key, (await r1.json()).job_id);
    tInvoices = performance.now() - t0;

    // Real-time payments, open loop at a fixed rate (a send never waits for the previous answer).
    // MIXED (the default): both streams at once and the bulk statement uploaded a third of the way
    // through them, so the in-request path meets the queue and a bulk match run of its currency, as
    // it would in production; SEQUENTIAL=1: one stream after the other, then the bulk file alone.
    const runStream = async (st) => {
      const start = Date.now() + 200;
      await Promise.all(
        st.entries.map(async (e, k) => {
          await new Promise((r) => setTimeout(r, Math.max(0, start + k * STREAM_INTERVAL_MS - Date.now())));
          const sentAt = Date.now();
          const res = await post(`${server.base}${st.path}`, {
            method: "POST",
            headers: { ...auth, "content-type": "application/xml" },
            body: camt054([e]),
          });
          const ack = Date.now() - sentAt;
          if (![201, 202].includes(res.status))
            throw new Error(`real-time payment ${e.ref} (${st.path}): ${res.status} ${await res.text()}`);
          const body = await res.json();
          st.sent.push({
            ref: e.ref,
            sentAt,
            ack,
            job: body.job_id,
            status: body.status,
            spans: body.spans,
            queuedBecause: body.queued_because,
          });
        }),
      );
      for (const x of st.sent) if (x.status !== "done") await waitJob(server.base, key, x.job);
    };
    const runBulk = async () => {
      const t = performance.now();
      const r2 = await post(`${server.base}/api/finance/bank-statements`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/xml" },
        body: xml,
      });
      tUpload = performance.now() - t;
      if (r2.status !== 202) throw new Error(`statement upload: ${r2.status} ${await r2.text()}`);
      jobSt = await waitJob(server.base, key, (await r2.json()).job_id);
      tJob = performance.now() - t;
    };
    if (MIXED) {
      const bulkAt = Math.round((STREAM * STREAM_INTERVAL_MS) / 3);
      await Promise.all([...streams.map(runStream), new Promise((r) => setTimeout(r, bulkAt + 200)).then(runBulk)]);
    } else {
      for (const st of streams) await runStream(st);
      await runBulk();
    }
    serverLog = server.output();
    if (process.env.SERVER_LOG) writeFileSync(process.env.SERVER_LOG, serverLog);
  } catch (err) {
    console.error(
      server
        .output()
        .split("\n")
        .filter((l) => !l.includes("GET /api/finance/jobs") && !l.includes("Environment Variable"))
        .slice(-60)
        .join("\n"),
    );
    throw err;
  } finally {
    server.stop();
    await new Promise((r) => setTimeout(r, 1500));
  }

  // The floor: a bare worker making the same D1 round trips per payment (bench/d1-floor), nothing
  // else, paced like the stream.
  const floorPersist = `${PERSIST}-floor`;
  rmSync(floorPersist, { recursive: true, force: true });
  const floor = await startDevServer({ port: PORT + 1, persistTo: floorPersist, config: `${ROOT}/bench/d1-floor/wrangler.toml` });
  let bare;
  let bareTwo;
  try {
    bare = await (await fetch(`${floor.base}/run?n=${STREAM}&mode=ledger&interval=${STREAM_INTERVAL_MS}`)).json();
    bareTwo = await (await fetch(`${floor.base}/run?n=${STREAM}&mode=two&interval=${STREAM_INTERVAL_MS}`)).json();
  } finally {
    floor.stop();
    await new Promise((r) => setTimeout(r, 1000));
  }

  const rows = d1Json(
    `SELECT matched_at_ms - enqueued_at_ms AS ms, enqueued_at_ms AS e, matched_at_ms AS m FROM bank_entries WHERE import_id = '${jobSt.job_id}' AND matched_at_ms IS NOT NULL`,
  );
  const per = rows.map((r) => r.ms).sort((a, b) => a - b);
  const runs = new Map();
  for (const r of rows) runs.set(r.m, (runs.get(r.m) ?? 0) + 1);
  const firstEnq = Math.min(...rows.map((r) => r.e));
  const lastMatch = Math.max(...rows.map((r) => r.m));
  const links = d1Json(`SELECT status, count(*) AS n FROM recon_links GROUP BY status ORDER BY status`);
  const statuses = d1Json(`SELECT status, count(*) AS n FROM invoices GROUP BY status ORDER BY status`);

  // Per real-time payment: accepted (the queue send, or the in-request start) → link written
  // (SQLite's clock in the match run's transaction), and the client's POST → link written.
  for (const st of streams) {
    const rt = d1Json(
      `SELECT wire_id AS ref, enqueued_at_ms AS e, matched_at_ms AS m FROM bank_entries WHERE import_id IN (${st.sent.map((x) => `'${x.job}'`).join(",")})`,
    );
    const byRef = new Map(st.sent.map((x) => [x.ref, x]));
    const done = rt.filter((r) => r.m !== null);
    st.linked = done.length;
    st.inline = st.sent.filter((x) => x.status === "done").length;
    st.accepted = done.map((r) => r.m - r.e).sort((a, b) => a - b);
    st.post = done
      .map((r) => r.m - byRef.get(r.ref)?.sentAt)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    st.ack = st.sent.map((x) => x.ack).sort((a, b) => a - b);
  }

  // The consumer's own log lines: what each match run and chunk write cost inside the worker.
  const lines = serverLog.split("\n").flatMap((l) => {
    const i = l.indexOf('{"level"');
    if (i < 0) return [];
    try {
      return [JSON.parse(l.slice(i))];
    } catch {
      return [];
    }
  });
  const bulkRuns = lines.filter((l) => l.event === "recon.match_run" && l.import_id === jobSt.job_id);
  const chunkMs = lines.filter((l) => l.event === "recon.chunk_applied" && l.job_id === jobSt.job_id).map((l) => l.latency_ms);
  const queueWait = lines
    .filter((l) => l.event === "recon.chunk_applied" && l.items === 1)
    .map((l) => l.queue_wait_ms)
    .sort((a, b) => a - b);
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
  const dist = (xs) => `${f(pct(xs, 50))} / ${f(pct(xs, 90))} / ${f(pct(xs, 99))} / ${f(xs.at(-1))}`;
  const [inline, queued] = streams;
  console.log("");
  console.log(
    "| per real-time payment, p50 / p90 / p99 / max (ms) | in the request (/payments: ledger object, 1 D1 round trip) | through the queue (/bank-statements) | bare worker: object call + the same 1 write | bare worker: read + write (2 round trips) | queue ÷ inline, inline ÷ bare object (p99) |",
  );
  console.log("|---|---|---|---|---|---|");
  console.log(
    `| accepted → link written                            | ${dist(inline.accepted)} | ${dist(queued.accepted)} | ${dist(bare)} | ${dist(bareTwo)} | ${f(pct(queued.accepted, 99) / pct(inline.accepted, 99))}×, ${f(pct(inline.accepted, 99) / pct(bare, 99))}× |`,
  );
  console.log(
    `| client POST sent → link written                    | ${dist(inline.post)} | ${dist(queued.post)} | — | — | ${f(pct(queued.post, 99) / pct(inline.post, 99))}× |`,
  );
  console.log(`| client POST → response                            | ${dist(inline.ack)} | ${dist(queued.ack)} | — | — | |`);
  console.log(
    `| linked / reconciled in the request                 | ${inline.linked}/${STREAM}, ${inline.inline} | ${queued.linked}/${STREAM}, ${queued.inline} | ${bare.length} | ${bareTwo.length} | |`,
  );
  console.log(`| queue delivery (send → consumer start)             | — | ${dist(queueWait)} | — | — | |`);
  // Where the in-request tail comes from: the ledger object's own spans per payment (RealtimeSpans),
  // for all payments and for the slowest tenth by client POST → response.
  const withSpans = inline.sent.filter((x) => x.spans);
  const ackP90 = pct(inline.ack, 90);
  const spanRow = (label, xs) => {
    const by = (k) => median(xs.map((x) => x.spans[k]));
    const top = (k) =>
      pct(
        xs.map((x) => x.spans[k]).sort((a, b) => a - b),
        99,
      );
    const counts = new Map();
    for (const x of xs) counts.set(x.spans.path, (counts.get(x.spans.path) ?? 0) + 1);
    const paths = [...counts].map(([k, n]) => `${k} ${n}`).join(", ");
    const busy = xs.filter((x) => x.queuedBecause === "bulk_run_in_progress").length;
    console.log(
      `| ${label} | ${xs.length} | ${f(median(xs.map((x) => x.ack)))} | ${f(by("wait_ms"))} / ${f(top("wait_ms"))} | ${f(by("reload_ms"))} / ${f(top("reload_ms"))} | ${f(by("write_ms"))} / ${f(top("write_ms"))} | ${f(by("group"))} | ${paths} | ${busy} |`,
    );
  };
  console.log("");
  console.log(
    "| in-request stage spans (ledger object) | n | POST → response p50 ms | wait for the object p50 / p99 ms | ledger reload p50 / p99 ms | match + write p50 / p99 ms | group size p50 | path | queued behind bulk run |",
  );
  console.log("|---|---:|---:|---|---|---|---:|---|---:|");
  if (withSpans.length) {
    spanRow("all payments", withSpans);
    spanRow(
      `slowest tenth (POST → response > ${f(ackP90)} ms)`,
      withSpans.filter((x) => x.ack > ackP90),
    );
  }
  const load = machineLoad();
  const summary = emitSummary("recon-e2e", {
    "in request: accepted → link p99 ms": pct(inline.accepted, 99),
    "in request: client POST → response p99 ms": pct(inline.ack, 99),
    "queue: client POST → link p99 ms": pct(queued.post, 99),
    "in request: client POST → link p99 ms": pct(inline.post, 99),
    "bare floor: object call + write p99 ms": pct(bare, 99),
    "in request ÷ bare floor (accepted → link p99)": pct(inline.accepted, 99) / pct(bare, 99),
    "bulk 10k statement POST → done ms": tJob,
    "in request: ledger reloads": withSpans.filter((x) => x.spans.path === "reload").length,
    "in request: queued behind a bulk run": inline.sent.filter((x) => x.queuedBecause === "bulk_run_in_progress").length,
  });
  console.log(
    `\nmode: ${MIXED ? "mixed (both streams and the bulk file at once)" : "sequential"}; machine load ${load.load1} on ${load.cpus} CPUs`,
  );
  console.log(`summary: ${JSON.stringify(summary.figures)}`);
  console.log("");
  console.log("| bulk camt.053 through the queue                   | value |");
  console.log("|---|---|");
  console.log(
    `| invoices upload → job done (ms)                    | ${f(tInvoices)} (${jobInv.status}, ${jobInv.counts.inserted} inserted) |`,
  );
  console.log(`| statement POST → 202 (parse + enqueue, ms)         | ${f(tUpload)} |`);
  console.log(
    `| statement POST → job done (ms)                     | ${f(tJob)} (${jobSt.status}, ${jobSt.counts.inserted} inserted, ${jobSt.progress.chunks_total} chunks) |`,
  );
  console.log(`| first enqueue → last link written (ms)             | ${f(lastMatch - firstEnq)} |`);
  console.log(`| amortized per payment (ms)                         | ${f((lastMatch - firstEnq) / Math.max(rows.length, 1))} |`);
  console.log(`| per payment enqueue → link incl. backlog, p50/p90/p99/max (ms) | ${dist(per)} |`);
  console.log(
    `| match runs (entries decided: ms)                   | ${bulkRuns.map((r) => `${r.entries_decided}: ${f(r.latency_ms)} (load ${r.load_ms} / match+write ${r.write_ms}; ${r.rows_loaded} rows)`).join("; ") || "n/a"} |`,
  );
  console.log(
    `| chunk writes: n, mean ms, max ms                   | ${chunkMs.length}, ${f(chunkMs.reduce((a, b) => a + b, 0) / Math.max(chunkMs.length, 1))}, ${f(Math.max(...chunkMs, 0))} |`,
  );
  console.log(`| entries timed                                      | ${rows.length} / ${N} |`);
  console.log(`| links by status                                    | ${links.map((l) => `${l.status} ${l.n}`).join(", ")} |`);
  console.log(`| invoices by status                                 | ${statuses.map((s) => `${s.status} ${s.n}`).join(", ")} |`);
  console.log("");
  const p99 = pct(inline.accepted, 99);
  console.log(
    inline.linked === STREAM && p99 < 10
      ? `Real-time payments: p99 accepted → link written ${f(p99)} ms — under 10 ms end to end (client POST → link: p99 ${f(pct(inline.post, 99))} ms, including HTTP, auth and parsing).`
      : `Real-time payments: p99 accepted → link written ${f(p99)} ms — NOT under 10 ms (${inline.linked}/${STREAM} linked); ` +
          `an object call and the same write from a bare worker: p99 ${f(pct(bare, 99))} ms, ${bare.filter((t) => t >= 10).length} of ${bare.length} at 10 ms or more.`,
  );
  console.log(
    `Through the queue the same payment takes p99 ${f(pct(queued.accepted, 99))} ms, of which the queue's delivery alone is p50 ${f(pct(queueWait, 50))} ms. ` +
      `Bulk statement: ${N} payments in ${f(lastMatch - firstEnq)} ms (${f((lastMatch - firstEnq) / Math.max(rows.length, 1))} ms each, amortized); ` +
      "a payment of a bulk file waits behind the ones before it, so its enqueue → link time is the backlog.",
  );
}

/**
 * `--dev-set[=PARTS]`: the dev data set (../shared/data/recon, or RECON_DIR) through the real
 * service — open_invoices.csv, then each statement format split into PARTS sequential uploads
 * (so later match runs build on earlier, fixed links) — and the CSV exports scored like
 * eval:recon (duplicate imports count as their original).
 */
async function devSet(parts) {
  const dir = process.env.RECON_DIR ?? `${ROOT}/../shared/data/recon`;
  const read = (f) => readFileSync(`${dir}/${f}`, "utf8");
  const rows = (f) =>
    read(f)
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(","));
  const canonical = new Map(
    rows("truth/wires.csv")
      .filter((c) => c[2])
      .map((c) => [c[0], c[2]]),
  );
  const truth = new Set(rows("truth/links.csv").map((c) => `${c[0]}|${canonical.get(c[1]) ?? c[1]}`));
  const truthStatus = new Map(rows("truth/invoice_status.csv").map((c) => [c[0], c[1]]));
  const norm = (st) => (st === "OVERPAID" ? "DISCREPANCY" : st);
  const splitLines = (text) => {
    const [head, ...body] = text.trim().split(/\r?\n/);
    return Array.from(
      { length: parts },
      (_, i) => `${[head, ...body.filter((_, j) => Math.floor((j * parts) / body.length) === i)].join("\n")}\n`,
    );
  };
  const splitBlocks = (text, open, close) => {
    const blocks = text
      .split(close)
      .filter((b) => b.includes(open))
      .map((b) => b + close);
    return Array.from({ length: parts }, (_, i) => blocks.filter((_, j) => Math.floor((j * parts) / blocks.length) === i).join("\n"));
  };
  const camtParts = (text) => {
    const head = text.slice(0, text.indexOf("<Stmt>"));
    const tail = "</BkToCstmrStmt>\n</Document>\n";
    return splitBlocks(text.slice(text.indexOf("<Stmt>"), text.lastIndexOf("</Stmt>") + 7), "<Stmt>", "</Stmt>").map(
      (b) => head + b + tail,
    );
  };
  // `--realtime`: the bank CSV one line per POST /api/finance/payments (reconciled in the request).
  const realtime = process.argv.includes("--realtime");
  const csvLines = read("statements/bank_statement.csv").trim().split(/\r?\n/);
  const sources = realtime
    ? { "bankcsv, 1 per POST /payments": csvLines.slice(1).map((line) => `${csvLines[0]}\n${line}\n`) }
    : {
        camt: ["statements/camt053_EUR.xml", "statements/camt053_USD.xml"].flatMap((f) => camtParts(read(f))),
        mt940: ["statements/mt940_EUR.sta", "statements/mt940_USD.sta"].flatMap((f) => splitBlocks(read(f), "{1:", "-}")),
        bankcsv: splitLines(read("statements/bank_statement.csv")),
      };
  const path = realtime ? "/api/finance/payments" : "/api/finance/bank-statements";
  console.log(
    `recon service eval: ${dir}, ${realtime ? "each bank line on its own through POST /api/finance/payments" : `each format in ${parts} upload(s) per file`}, wrangler dev --local :${PORT}\n`,
  );
  console.log("| format  | uploads | P      | R      | F1     | status acc | links |");
  console.log("|---------|---------|--------|--------|--------|------------|-------|");
  for (const [name, bodies] of Object.entries(sources)) {
    const persist = `${PERSIST}-devset`;
    rmSync(persist, { recursive: true, force: true });
    mkdirSync(persist, { recursive: true });
    applyMigrations(persist);
    const { key } = createApiKey({ scopes: ["finance:read", "finance:write"], name: "bench", persistTo: persist });
    const auth = { authorization: `Bearer ${key}` };
    const server = await startDevServer({ port: PORT, persistTo: persist, rateLimits: BENCH_RATE_LIMITS });
    try {
      const r = await post(`${server.base}/api/finance/invoices`, {
        method: "POST",
        headers: { ...auth, "content-type": "text/csv" },
        body: read("open_invoices.csv"),
      });
      await waitJob(server.base, key, (await r.json()).job_id);
      for (const body of bodies.filter((b) => b.trim())) {
        // Uploads must declare their media type (text/plain is refused: a cross-site form can send it).
        const type = name.startsWith("camt") ? "application/xml" : name.startsWith("mt940") ? "text/x-mt940" : "text/csv";
        const s = await post(`${server.base}${path}`, { method: "POST", headers: { ...auth, "content-type": type }, body });
        const accepted = await s.json();
        if (!accepted.job_id) throw new Error(`${name} upload refused: ${JSON.stringify(accepted)}`);
        if (accepted.status !== "done" && accepted.status !== "partial") await waitJob(server.base, key, accepted.job_id);
      }
      const csv = async (path) =>
        (await (await fetch(`${server.base}${path}`, { headers: auth })).text())
          .trim()
          .split(/\r?\n/)
          .slice(1)
          .map((l) => l.split(","));
      const links = (await csv("/api/finance/reconciliations?format=csv&limit=10000")).filter(
        (c) => c[4] === "VERIFIED" || c[4] === "MANUAL",
      );
      const invoices = await csv("/api/finance/invoices?format=csv&limit=10000");
      let tp = 0;
      const seen = new Set();
      for (const c of links) {
        const k = `${c[0]}|${canonical.get(c[1]) ?? c[1]}`;
        if (truth.has(k) && !seen.has(k)) {
          tp++;
          seen.add(k);
        }
      }
      const p = links.length ? tp / links.length : 0;
      const rcl = tp / truth.size;
      const ok = invoices.filter((c) => norm(c[1]) === norm(truthStatus.get(c[0]))).length;
      console.log(
        `| ${name.padEnd(7)} | ${String(bodies.length).padStart(7)} | ${p.toFixed(4)} | ${rcl.toFixed(4)} | ${(p + rcl ? (2 * p * rcl) / (p + rcl) : 0).toFixed(4)} | ${(ok / truthStatus.size).toFixed(4)}     | ${String(links.length).padStart(5)} |`,
      );
    } finally {
      server.stop();
      await new Promise((r) => setTimeout(r, 1500));
    }
  }
}

const devArg = process.argv.find((a) => a.startsWith("--dev-set"));
(devArg ? devSet(Number(devArg.split("=")[1] ?? 1) || 1) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
