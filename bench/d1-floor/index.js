// GET /run?n=1000&mode=two&interval=20: n sequential "payments", each one read batch (7 indexed SELECTs, like a
// focused scope read) then one write transaction (an insert into each of four indexed tables plus
// three updates, like storing a payment and its link) — the read-then-write path.
// mode=ledger: the worker calls a Durable Object (RPC) that makes only the write transaction — the
// shape of the real-time ledger path (src/durable/recon-ledger.ts). Answers the times in ms, sorted.
import { DurableObject } from "cloudflare:workers";

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS entries (k TEXT PRIMARY KEY, tax TEXT, name TEXT, status TEXT, amount INTEGER, alloc INTEGER, at INTEGER, body TEXT)",
  "CREATE INDEX IF NOT EXISTS entries_tax ON entries (tax, status)",
  "CREATE INDEX IF NOT EXISTS entries_name ON entries (name, status)",
  "CREATE TABLE IF NOT EXISTS invoices (id TEXT PRIMARY KEY, tax TEXT, status TEXT, paid INTEGER, amount INTEGER)",
  "CREATE INDEX IF NOT EXISTS invoices_tax ON invoices (tax)",
  "CREATE INDEX IF NOT EXISTS invoices_status ON invoices (status)",
  "CREATE TABLE IF NOT EXISTS links (id TEXT PRIMARY KEY, invoice_id TEXT, entry_key TEXT, amount INTEGER, status TEXT, at TEXT)",
  "CREATE INDEX IF NOT EXISTS links_invoice ON links (invoice_id)",
  "CREATE INDEX IF NOT EXISTS links_entry ON links (entry_key)",
  "CREATE INDEX IF NOT EXISTS links_status ON links (status, id)",
  "CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, status TEXT, at TEXT)",
];

function writePayment(env, key, tax, inv) {
  const now = new Date().toISOString();
  return env.DB.batch([
    env.DB.prepare("INSERT INTO jobs VALUES (?, 'processing', ?)").bind(key, now),
    env.DB.prepare("INSERT INTO entries VALUES (?, ?, ?, 'PENDING', 1000, 0, NULL, ?)").bind(key, tax, tax, "x".repeat(200)),
    env.DB.prepare("INSERT INTO links VALUES (?, ?, ?, 1000, 'VERIFIED', ?)").bind(`l-${key}`, inv, key, now),
    env.DB.prepare("UPDATE entries SET status = 'MATCHED', alloc = 1000, at = ? WHERE k = ?").bind(Date.now(), key),
    env.DB.prepare("UPDATE invoices SET status = 'PAID', paid = 1000 WHERE id = ?").bind(inv),
    env.DB.prepare("UPDATE jobs SET status = 'done' WHERE id = ?").bind(key),
  ]);
}

export class FloorLedger extends DurableObject {
  async pay(key, tax, inv) {
    await writePayment(this.env, key, tax, inv);
  }
}

export default {
  async fetch(req, env) {
    const url = new URL(req.url);
    if (url.pathname !== "/run") return new Response("ok"); // readiness probe
    const n = Math.min(Number(url.searchParams.get("n") ?? 1000), 20_000);
    const mode = url.searchParams.get("mode") === "ledger" ? "ledger" : "two";
    // Paced like the measured stream (one payment every `interval` ms), so both meet the runtime's
    // periodic stalls equally often; 0 = back to back.
    const interval = Math.min(Number(url.searchParams.get("interval") ?? 0), 1000);
    for (const sql of SCHEMA) await env.DB.prepare(sql).run();
    const owner = env.LEDGER.get(env.LEDGER.idFromName("EUR"));
    const times = [];
    const start = Date.now();
    for (let i = 0; i < n; i++) {
      if (interval > 0) await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - Date.now())));
      const key = crypto.randomUUID();
      const tax = `T${i % 400}`;
      const inv = `INV-${mode}-${i}`;
      await env.DB.prepare("INSERT INTO invoices VALUES (?, ?, 'UNPAID', 0, 1000) ON CONFLICT DO NOTHING").bind(inv, tax).run();
      const t0 = Date.now();
      if (mode === "ledger") await owner.pay(key, tax, inv);
      else {
        await env.DB.batch([
          env.DB.prepare("SELECT count(*) FROM entries WHERE k = ?").bind(key),
          env.DB.prepare("SELECT * FROM entries WHERE tax = ? AND status IN ('PENDING','REVIEW')").bind(tax),
          env.DB.prepare("SELECT * FROM entries WHERE name = ? AND status IN ('PENDING','REVIEW')").bind(tax),
          env.DB.prepare("SELECT * FROM invoices WHERE id = ?").bind(inv),
          env.DB.prepare("SELECT * FROM invoices WHERE tax = ?").bind(tax),
          env.DB.prepare("SELECT * FROM links WHERE invoice_id = ?").bind(inv),
          env.DB.prepare("SELECT * FROM links WHERE entry_key = ?").bind(key),
        ]);
        await writePayment(env, key, tax, inv);
      }
      times.push(Date.now() - t0);
    }
    return Response.json(times.sort((a, b) => a - b));
  },
};
