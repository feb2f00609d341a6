// npm run bench:recon:matcher [-- --sizes=10000,50000,100000] [--customers=20]
//
// Times the pure matcher (src/recon/core/match.ts, loaded through tsx) on synthetic books:
// N invoices × N bank credits from a deterministic PRNG with a realistic mix (references in
// several spellings, bank fees, payments without reference, several invoices per wire,
// installments, overpayments and double payments, wrong or missing tax ids, name variants,
// duplicate imports, credits that pay nothing). Prints time, throughput, peak RSS, the growth
// ratio between sizes (linear ≈ size ratio, quadratic ≈ its square) and, as a sanity check,
// link precision/recall against the generator's intended links.
import { matchPayments } from "../src/recon/core/match.ts";
import { mulberry32 } from "../test/fixtures/prng.ts";
import { emitSummary } from "./lib/summary.mjs";

const customersArg = Number(process.argv.find((a) => a.startsWith("--customers="))?.split("=")[1] ?? 0);
const sizes = (process.argv.find((a) => a.startsWith("--sizes="))?.split("=")[1] ?? "10000,50000,100000").split(",").map(Number);

const WORDS = [
  "Atlas",
  "Falcon",
  "Cedar",
  "Polaris",
  "Vertex",
  "Harbor",
  "Granite",
  "Nordlicht",
  "Meridian",
  "Cobalt",
  "Horizon",
  "Sterling",
  "Evergreen",
  "Prairie",
  "Westbrook",
  "Oakridge",
  "Pioneer",
  "Quantum",
  "Rhein",
  "Beacon",
  "Crescent",
  "Ironclad",
  "Maple",
  "Initech",
  "Globex",
  "Stonebridge",
  "Pacific",
  "Eastgate",
  "Bright",
  "Summit",
];
const TRADES = [
  "Media",
  "Systems",
  "Motors",
  "Optics",
  "Robotics",
  "Freight",
  "Logistics",
  "Apparel",
  "Textiles",
  "Chemicals",
  "Energy",
  "Analytics",
  "Software",
  "Hospitality",
  "Retail",
  "Furniture",
  "Metalworks",
  "Agritech",
  "Pharma",
  "Holdings",
];
const FORMS = ["GmbH", "Inc.", "Corp.", "Ltd", "LLC", "S.A.", "B.V.", "AG", "GmbH & Co. KG", "plc", "Corporation", "SAS"];
const DAY = 86_400_000;
const iso = (d) => new Date(d * DAY).toISOString().slice(0, 10);

function generate(n, seed) {
  const rnd = mulberry32(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  // --customers=N concentrates the books on a few huge customers (skew test); default ~25 invoices each.
  const nCust = customersArg > 0 ? customersArg : Math.max(10, Math.floor(n / 25));
  const customers = [];
  for (let c = 0; c < nCust; c++) {
    // A made-up distinctive word keeps names unique at any size, as real customer lists are.
    const tag = Array.from({ length: 3 }, () => "bcdfghklmnprstvz"[Math.floor(rnd() * 16)] + "aeiou"[Math.floor(rnd() * 5)]).join("");
    const base = `${pick(WORDS)} ${tag[0].toUpperCase()}${tag.slice(1)} ${pick(TRADES)}`;
    const eur = rnd() < 0.2;
    customers.push({
      name: `${base} ${pick(FORMS)}`,
      base,
      tax: eur ? `DE${String(100000000 + c).padStart(9, "0")}` : `${10 + (c % 89)}-${String(1000000 + c).padStart(7, "0")}`,
      ccy: eur ? "EUR" : "USD",
    });
  }
  const start = Math.floor(Date.parse("2026-01-01") / DAY);
  const invoices = [];
  for (let i = 0; i < n; i++) {
    const c = customers[Math.floor(rnd() * nCust)];
    const issue = start + Math.floor(rnd() * 330);
    const amount = Math.round(10 ** (2 + rnd() * 3.4) * 100);
    invoices.push({
      invoice_id: `INV-2026-${String(i + 1).padStart(6, "0")}`,
      customer_tax_id: c.tax,
      customer_name: c.name,
      po_number: rnd() < 0.5 ? `PO-${100000 + i}` : null,
      amount_minor: amount,
      currency: c.ccy,
      issue_date: iso(issue),
      due_date: iso(issue + 30),
      _c: c,
    });
  }
  const refText = (inv) => {
    const num = inv.invoice_id.slice(4);
    return pick([
      `INV-${num}`,
      `Invoice ${inv.invoice_id}`,
      `inv no ${num}`,
      `INV${num.replace("-", "")}`,
      `RE ${inv.invoice_id} THANK YOU`,
      `EREF+${Math.floor(rnd() * 1e10)} SVWZ+${inv.invoice_id}`,
      `/INV/${inv.invoice_id}`,
      `Payment for invoice ${num} dated ${inv.issue_date}`,
    ]);
  };
  const entries = [];
  const truth = [];
  let w = 0;
  const wire = (c, amount, day, remittance, opts = {}) => {
    w++;
    const e = {
      natural_key: `ACC|B${String(w).padStart(8, "0")}`,
      account: "ACC",
      bank_ref: `B${String(w).padStart(8, "0")}`,
      entry_ref: `W${String(w).padStart(7, "0")}`,
      amount_minor: amount,
      currency: opts.ccy ?? c.ccy,
      direction: "credit",
      booking_date: iso(day),
      value_date: iso(day),
      sender_name: opts.name ?? c.name.toUpperCase(),
      sender_tax_id: opts.tax === undefined ? c.tax : opts.tax,
      remittance,
      format: "camt053",
    };
    entries.push(e);
    return e;
  };
  const due = (inv) => Math.floor(Date.parse(inv.due_date) / DAY);
  let i = 0;
  while (entries.length < n && i < invoices.length) {
    const inv = invoices[i++];
    const c = inv._c;
    const r = rnd();
    const d = due(inv) + Math.floor(rnd() * 7) - 3;
    if (r < 0.5) truth.push([inv.invoice_id, wire(c, inv.amount_minor, d, refText(inv)).entry_ref]);
    else if (r < 0.6)
      truth.push([
        inv.invoice_id,
        wire(c, inv.amount_minor - Math.round(inv.amount_minor * (0.001 + rnd() * 0.007)), d, refText(inv)).entry_ref,
      ]);
    else if (r < 0.68) truth.push([inv.invoice_id, wire(c, inv.amount_minor, d, "").entry_ref]);
    else if (r < 0.73 && i < invoices.length) {
      // one wire, two invoices of the same customer (the next invoice of that customer is not known here: use two consecutive of any and re-home the second)
      const other = invoices[i++];
      other.customer_tax_id = c.tax;
      other.customer_name = c.name;
      other.currency = c.ccy;
      other._c = c;
      const e = wire(c, inv.amount_minor + other.amount_minor, d, `Payment of invoices ${inv.invoice_id} and ${other.invoice_id}`);
      truth.push([inv.invoice_id, e.entry_ref], [other.invoice_id, e.entry_ref]);
    } else if (r < 0.78) {
      const first = Math.round(inv.amount_minor * 0.4);
      truth.push([inv.invoice_id, wire(c, first, d, `${inv.invoice_id} installment 1`).entry_ref]);
      truth.push([inv.invoice_id, wire(c, inv.amount_minor - first, d + 20, `Final payment 2/2 ${inv.invoice_id}`).entry_ref]);
    } else if (r < 0.81)
      truth.push([inv.invoice_id, wire(c, Math.round(inv.amount_minor * 1.05), d, `${inv.invoice_id} + credit on account`).entry_ref]);
    else if (r < 0.83) {
      truth.push([inv.invoice_id, wire(c, inv.amount_minor, d, refText(inv)).entry_ref]);
      truth.push([inv.invoice_id, wire(c, inv.amount_minor, d + 9, `PAYMENT ${inv.invoice_id}`).entry_ref]);
    } else if (r < 0.85)
      truth.push([
        inv.invoice_id,
        wire(pick(customers), inv.amount_minor, d, refText(inv), { tax: rnd() < 0.5 ? null : undefined, ccy: c.ccy }).entry_ref,
      ]);
    else if (r < 0.88)
      truth.push([
        inv.invoice_id,
        wire(c, inv.amount_minor, d, refText(inv), { tax: null, name: `${c.base.toUpperCase()} ACCOUNTS PAYABLE` }).entry_ref,
      ]);
    else if (r < 0.9) {
      const e = wire(c, inv.amount_minor, d, refText(inv));
      truth.push([inv.invoice_id, e.entry_ref]);
      // the same bank line imported again from another file: same content, no bank reference
      entries.push({ ...e, natural_key: `h:dup${w}`, bank_ref: null, entry_ref: `${e.entry_ref}D` });
    } else if (r < 0.95)
      wire(
        c,
        Math.round(10 ** (2 + rnd() * 3) * 100) + 1,
        d,
        pick(["PAYMENT ON ACCOUNT", "DEPOSIT", "INTERCOMPANY TRANSFER", "", "CUSTOMER REF 12345"]),
      );
    // else: the invoice stays unpaid
  }
  for (const inv of invoices) delete inv._c;
  return { invoices, entries: entries.slice(0, n), truth };
}

function score(links, truth, entries) {
  const dupOf = new Map(entries.filter((e) => e.entry_ref?.endsWith("D")).map((e) => [e.entry_ref, e.entry_ref.slice(0, -1)]));
  const t = new Set(truth.map(([a, b]) => `${a}|${b}`));
  const seen = new Set();
  let tp = 0;
  for (const l of links) {
    const k = `${l.invoice_id}|${dupOf.get(l.wire_id) ?? l.wire_id}`;
    if (t.has(k) && !seen.has(k)) {
      tp++;
      seen.add(k);
    }
  }
  return { p: tp / Math.max(1, links.length), r: tp / t.size };
}

const rows = [];
for (const n of sizes) {
  const { invoices, entries, truth } = generate(n, 4242 + n);
  if (global.gc) global.gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = matchPayments(invoices, entries, { fee_tolerance_pct: 1, date_window_days: 10 });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (process.env.DEBUG_MISSES) {
    const got = new Set(result.links.map((l) => `${l.invoice_id}|${l.wire_id}`));
    const byRef = new Map(entries.map((e) => [e.entry_ref, e]));
    const inv = new Map(invoices.map((x) => [x.invoice_id, x]));
    const rev = new Map(result.review.map((r) => [r.wire_id, r]));
    truth
      .filter(([a, b]) => !got.has(`${a}|${b}`))
      .slice(0, Number(process.env.DEBUG_MISSES))
      .forEach(([a, b]) => console.log("MISS", JSON.stringify(inv.get(a)), JSON.stringify(byRef.get(b)), JSON.stringify(rev.get(b))));
  }
  const q = score(result.links, truth, entries);
  rows.push({
    n,
    ms,
    cpuMs,
    links: result.links.length,
    review: result.review.length,
    p: q.p,
    r: q.r,
    rss: process.resourceUsage().maxRSS / 1024,
  });
}
console.log("recon matcher (pure, single thread) — synthetic invoices × credits\n");
console.log("invoices  credits  wall ms   CPU ms  credits/s (CPU)   links  review  precision  recall  peak RSS MB");
for (const r of rows) {
  console.log(
    `${String(r.n).padStart(8)} ${String(r.n).padStart(8)} ${r.ms.toFixed(0).padStart(8)} ${r.cpuMs.toFixed(0).padStart(8)} ${Math.round(
      (r.n / r.cpuMs) * 1000,
    )
      .toString()
      .padStart(
        16,
      )} ${String(r.links).padStart(7)} ${String(r.review).padStart(7)} ${r.p.toFixed(4).padStart(10)} ${r.r.toFixed(4).padStart(7)} ${r.rss.toFixed(0).padStart(11)}`,
  );
}
const a = rows[0];
const b = rows[rows.length - 1];
if (rows.length > 1) {
  const sizeRatio = b.n / a.n;
  console.log(
    `\nscaling ${a.n} → ${b.n}: size ×${sizeRatio}, CPU time ×${(b.cpuMs / a.cpuMs).toFixed(1)} (linear ×${sizeRatio}, quadratic ×${sizeRatio ** 2}) — exponent ${(Math.log(b.cpuMs / a.cpuMs) / Math.log(sizeRatio)).toFixed(2)}`,
  );
}
emitSummary(
  "recon-matcher",
  Object.fromEntries([
    ...rows.map((r) => [`${r.n} × ${r.n}: CPU ms`, r.cpuMs]),
    ...(rows.length > 1 ? [["scaling exponent", Math.log(b.cpuMs / a.cpuMs) / Math.log(b.n / a.n)]] : []),
  ]),
);
