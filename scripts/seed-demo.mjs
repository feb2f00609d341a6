#!/usr/bin/env node
// Loads the committed demo (demo/) into a running Lead-to-Cash server through its PUBLIC API only:
// catalog and discount rules, leads in every input format, a webhook lead, invoices, and two bank
// statements (camt.053 and MT940). Idempotent: the API dedupes leads (Message-ID / CRM id / content
// hash), webhook events (source + event id), bank entries (natural key), and catalog writes are PUTs,
// so running it twice changes nothing.
//
//   node scripts/seed-demo.mjs --base http://127.0.0.1:8787 --key <admin key with scope "*">
//   (or L2C_BASE / L2C_KEY in the environment)   options: --dir demo  --wait-server 60  --quiet
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

function parseArgs(argv) {
  const out = {
    base: process.env.L2C_BASE ?? "http://127.0.0.1:8787",
    key: process.env.L2C_KEY ?? "",
    dir: null,
    waitServer: 60,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--base") out.base = next();
    else if (a === "--key") out.key = next();
    else if (a === "--dir") out.dir = next();
    else if (a === "--wait-server") out.waitServer = Number(next());
    else if (a === "--quiet") out.quiet = true;
    else if (a === "-h" || a === "--help") {
      console.log(
        "usage: node scripts/seed-demo.mjs --base http://127.0.0.1:8787 --key <admin key> [--dir demo] [--wait-server 60] [--quiet]",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  out.base = out.base.replace(/\/+$/, "");
  out.dir ??= path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "demo");
  if (!out.key) throw new Error("an admin API key is required: --key <key> or L2C_KEY");
  return out;
}

const opts = parseArgs(process.argv.slice(2));
const rows = [];
const log = (...a) => {
  if (!opts.quiet) console.log(...a);
};

async function api(method, p, body, contentType) {
  const headers = { authorization: `Bearer ${opts.key}`, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = contentType ?? "application/json";
  const res = await fetch(`${opts.base}${p}`, {
    method,
    headers,
    body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

function record(kind, name, res, note = "") {
  const ok = res.status >= 200 && res.status < 300;
  const detail = ok ? note : (res.json?.detail ?? res.text ?? "").toString().slice(0, 120);
  rows.push({ kind, name, status: res.status, ok, detail });
  log(`${ok ? "ok " : "ERR"} ${String(res.status).padEnd(4)} ${kind.padEnd(10)} ${name}${detail ? `  ${detail}` : ""}`);
  return ok;
}

async function waitForServer() {
  const deadline = Date.now() + opts.waitServer * 1000;
  for (;;) {
    try {
      const res = await fetch(`${opts.base}/openapi.json`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${opts.base} did not answer within ${opts.waitServer} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const CONTENT_TYPES = {
  ".eml": "message/rfc822",
  ".pdf": "application/pdf",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
};

async function seedCatalog() {
  const catalog = JSON.parse(await readFile(path.join(opts.dir, "catalog.json"), "utf8"));
  for (const { sku, tiers, ...product } of catalog.products) {
    const res = await api("PUT", `/api/admin/pricing/products/${encodeURIComponent(sku)}`, product);
    if (record("product", sku, res, res.json?.created ? "created" : "unchanged/updated") && tiers) {
      record("tiers", sku, await api("PUT", `/api/admin/pricing/products/${encodeURIComponent(sku)}/tiers`, { tiers }));
    }
  }
  for (const { id, ...rule } of catalog.discount_rules ?? []) {
    record("rule", id, await api("PUT", `/api/admin/pricing/discount-rules/${encodeURIComponent(id)}`, rule));
  }
}

async function seedLeads() {
  const dir = path.join(opts.dir, "leads");
  const files = (await readdir(dir)).filter((f) => CONTENT_TYPES[path.extname(f)]).sort();
  for (const f of files) {
    const bytes = await readFile(path.join(dir, f));
    const res = await api("POST", "/api/leads", bytes, CONTENT_TYPES[path.extname(f)]);
    const lead = res.json?.lead;
    record("lead", f, res, lead ? `${res.status === 201 ? "new" : "existing"} ${lead.id} score ${lead.score} → ${lead.stage}` : "");
  }
  // A lead arriving as a CRM webhook (the seed-compatible router): deduped by event type + record id.
  const hook = {
    event_type: "lead_create",
    payload: {
      id: "DEMO-WEBHOOK-1",
      value: 64000,
      email: "maria.lopez@harborfreight-demo.example",
      company: "Harbor Freight Demo Co",
      employees: 320,
    },
  };
  record("webhook", "lead_create DEMO-WEBHOOK-1", await api("POST", "/api/crm/webhook-router", hook));
}

async function seedFinance() {
  const dir = path.join(opts.dir, "finance");
  const inv = await readFile(path.join(dir, "invoices.csv"), "utf8");
  const r = await api("POST", "/api/finance/invoices", inv, "text/csv");
  record("invoices", "invoices.csv", r, r.json ? summarize(r.json) : "");
  // Invoices first, so the statements' wires find them on their first match run.
  if (r.json?.job_id) await waitJob("invoices.csv", r.json.job_id);
  const statements = [
    ["statement-camt053-eur.xml", "application/xml"],
    ["statement-mt940-usd.sta", "text/x-mt940"],
  ];
  const jobs = [];
  for (const [f, ct] of statements) {
    const res = await api("POST", "/api/finance/bank-statements", await readFile(path.join(dir, f)), ct);
    const job = res.json?.job_id ?? res.json?.id ?? res.json?.job?.id;
    record("statement", f, res, job ? `job ${job}` : "");
    if (job) jobs.push([f, job]);
  }
  // Entries go through the queue: wait (bounded) for each import job to finish, for the summary.
  for (const [f, job] of jobs) await waitJob(f, job);
}

async function waitJob(f, job) {
  {
    // Bounded: the summary is informative, the data lands either way.
    const deadline = Date.now() + 120_000;
    let last = null;
    while (Date.now() < deadline) {
      last = await api("GET", `/api/finance/jobs/${encodeURIComponent(job)}`);
      const status = String(last.json?.status ?? last.json?.job?.status ?? "").toUpperCase();
      if (last.status !== 200 || ["DONE", "PARTIAL", "FAILED", "COMPLETED", "ERROR"].includes(status)) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    if (last) record("job", `${f} ${job}`, last, last.json ? summarize(last.json.job ?? last.json) : "");
  }
}

// Lead-to-cash: one deal driven from its inbound e-mail to cash, one won deal with an overdue ERP invoice.
const negotiation = async (id) => (await api("GET", `/api/leads/${encodeURIComponent(id)}/negotiation`)).json?.negotiation ?? null;

async function driveToWon(file, billing) {
  const res = await api("POST", "/api/leads", await readFile(path.join(opts.dir, "loop", file)), "message/rfc822");
  const lead = res.json?.lead;
  record("lead", `loop/${file}`, res, lead ? `${lead.id} → ${lead.stage}` : "");
  if (!lead?.qualified) return null;
  const id = encodeURIComponent(lead.id);
  for (let step = 0; step < 6; step++) {
    const n = await negotiation(lead.id);
    if (!n || n.stage === "won" || n.stage === "lost") break;
    const waiting = n.drafts.find((d) => d.status === "awaiting_approval");
    if (waiting) record("approve", `${file} ${waiting.kind}`, await api("POST", `/api/leads/${id}/proposals/${waiting.id}/approve`, {}));
    else if (n.stage === "proposal_sent")
      record(
        "message",
        `${file} accepts`,
        await api("POST", `/api/leads/${id}/messages`, { text: "Sounds good, let's proceed.", channel: "email" }),
      );
    else if (n.stage === "agreement_drafted")
      record(
        "close",
        `${file} won`,
        await api("POST", `/api/leads/${id}/close`, { outcome: "won", reason: "agreement signed (demo)", billing }),
      );
    else break;
  }
  return lead.id;
}

function camt054(inv, tax) {
  const ref = `DEMO-LOOP-${inv.invoice_id}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>${ref}</MsgId><CreDtTm>${new Date().toISOString().slice(0, 19)}</CreDtTm></GrpHdr>
<Ntfctn><Id>${ref}</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>${inv.currency}</Ccy></Acct>
<Ntry><NtryRef>${ref}</NtryRef><Amt Ccy="${inv.currency}">${inv.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>${new Date().toISOString().slice(0, 10)}</Dt></BookgDt><AcctSvcrRef>${ref}</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${inv.customer_name}</Nm><Id><OrgId><Othr><Id>${tax}</Id></Othr></OrgId></Id></Dbtr></RltdPties>
<RmtInf><Ustrd>${inv.invoice_id}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
}

async function seedLoop() {
  const tax = "DE811234567";
  const paid = await driveToWon("email-lumen-freight-won.eml", { schedule: "upfront", customer_tax_id: tax });
  if (paid) {
    const invoices = (await api("GET", `/api/finance/invoices?lead_id=${encodeURIComponent(paid)}`)).json?.invoices ?? [];
    for (const inv of invoices)
      record("payment", `camt.054 for ${inv.invoice_id}`, await api("POST", "/api/finance/payments", camt054(inv, tax), "application/xml"));
  }
  const overdue = await driveToWon("email-quarry-tools-overdue.eml", {
    schedule: "upfront",
    customer_tax_id: "GB298765432",
    po_number: "PO-QT-2026-118",
  });
  if (overdue) {
    const r = await api(
      "POST",
      "/api/finance/invoices",
      await readFile(path.join(opts.dir, "loop", "erp-invoice-overdue.json"), "utf8"),
      "application/json",
    );
    record("invoices", "loop/erp-invoice-overdue.json", r);
    if (r.json?.job_id) await waitJob("erp-invoice-overdue.json", r.json.job_id);
    record(
      "link",
      "PO-QT-2026-118",
      await api("POST", "/api/finance/invoices/link-deal", { lead_id: overdue, po_number: "PO-QT-2026-118" }),
    );
    // The cron's sweep drafts the reminder; `wrangler dev --test-scheduled` runs it on demand (best effort).
    await fetch(`${opts.base}/__scheduled?cron=*/15+*+*+*+*`).catch(() => undefined);
  }
}

function summarize(obj) {
  const keep = [
    "status",
    "accepted",
    "created",
    "inserted",
    "updated",
    "duplicates",
    "inserted_items",
    "duplicate_items",
    "total_items",
    "links_written",
  ];
  return Object.entries(obj)
    .filter(([k, v]) => keep.includes(k) && (typeof v === "number" || typeof v === "string"))
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

try {
  await waitForServer();
  log(`seeding ${opts.base} from ${opts.dir}`);
  await seedCatalog();
  await seedLeads();
  await seedFinance();
  await seedLoop();
  const failed = rows.filter((r) => !r.ok);
  console.log(
    `seed-demo: ${rows.length - failed.length}/${rows.length} requests succeeded${failed.length ? ` (${failed.length} failed: ${[...new Set(failed.map((f) => `${f.kind} ${f.status}`))].join(", ")})` : ""}`,
  );
  process.exit(failed.length ? 1 : 0);
} catch (err) {
  console.error(`seed-demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
