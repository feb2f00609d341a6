/**
 * npm run gen:recon — the team's own recon generator (independent of the public set's).
 *
 * Writes eval/recon-gen/<split>/ in the public set's file layout (open_invoices.csv,
 * incoming_bank_wires.csv, truth/links.csv, truth/invoice_status.csv, truth/wires.csv) so the same
 * scorer reads it. Deterministic: split "dev" uses seed 1501, split "holdout" seed 9157; tune on dev
 * only, report holdout untouched.
 *
 * Situations (one scenario label per invoice): exact, parent_payer (a parent or subsidiary pays
 * with its own name and tax id and names the invoice), factoring (a factoring or collection company
 * pays "on behalf of" the customer in en/de/fr/nl, with or without the invoice number), late_payment
 * (20–90 days after due, by reference), cent_short (one minor unit short), paid_twice (the same
 * invoice paid again), overpayment, short_payment (3–30 % short, PARTIAL), credit_note (invoice less
 * a credit note named in the remittance, PAID), installments (2–3 wires in date order; all → PAID,
 * some → PARTIAL), ref_spelling (separators dropped or moved, split at a 35-character bank line,
 * wording in four languages), unpaid, and unmatched noise wires.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

type Inv = { id: string; tax: string; name: string; po: string; amount: number; ccy: string; issue: string; due: string };
type Wire = { id: string; tax: string; name: string; amount: number; ccy: string; date: string; rem: string };
type Split = {
  invoices: Inv[];
  wires: Wire[];
  links: [string, string, number][];
  status: [string, string, string][];
  kinds: [string, string][];
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOTS = [
  "Kessler",
  "Nordlicht",
  "Vandermeer",
  "Lefebvre",
  "Brightwater",
  "Oakridge",
  "Hagedorn",
  "Moreau",
  "De Vries",
  "Castellan",
  "Ironbark",
  "Sonnenfeld",
  "Bakker",
  "Duval",
  "Redfern",
  "Aldergrove",
  "Wagner",
  "Rousseau",
  "Jansen",
  "Whitcombe",
  "Falkenberg",
  "Marchetti",
  "Hollander",
  "Beaumont",
  "Thornbury",
  "Lindqvist",
  "Van Dijk",
  "Girard",
  "Ashford",
  "Steinbach",
];
const TRADES = [
  "Logistik",
  "Maschinenbau",
  "Textiles",
  "Food Services",
  "Bouw",
  "Industrie",
  "Medical",
  "Software",
  "Energie",
  "Packaging",
];
const FORMS: Record<string, string[]> = {
  DE: ["GmbH", "AG", "GmbH & Co. KG", "SE"],
  FR: ["SAS", "SARL", "SA"],
  NL: ["B.V.", "N.V."],
  US: ["Inc.", "LLC", "Corp."],
};
const FACTORS: Record<string, { name: string; phrase: (c: string) => string }[]> = {
  en: [{ name: "Sterling Receivables Finance Ltd", phrase: (c) => `on behalf of ${c}` }],
  de: [{ name: "Hanseatische Factoring Bank AG", phrase: (c) => `im Auftrag von ${c}` }],
  fr: [{ name: "Affacturage Lyonnais SA", phrase: (c) => `pour le compte de ${c}` }],
  nl: [{ name: "Noordzee Debiteurenbeheer B.V.", phrase: (c) => `in opdracht van ${c}` }],
};
const WORDS: Record<string, string[]> = {
  en: ["Payment invoice", "Invoice no.", "Settlement of invoice", "Ref"],
  de: ["Zahlung Rechnung", "Rechnungsnr.", "Ausgleich Rechnung", "RG-NR"],
  fr: ["Paiement facture", "Facture n°", "Règlement facture", "Réf. facture"],
  nl: ["Betaling factuur", "Factuurnummer", "Betreft factuur", "Fact. nr"],
};
const CN_WORDS: Record<string, string> = { en: "less credit note", de: "abzgl. Gutschrift", fr: "moins avoir", nl: "minus creditnota" };
const NOISE = ["Salary advance March", "Refund of deposit", "Internal transfer", "Loan repayment", "Interest 2026-Q1", "Rent garage"];

function build(seed: number, nInvoices: number): Split {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const day0 = Date.UTC(2026, 0, 5);
  const iso = (d: number) => new Date(day0 + d * 86_400_000).toISOString().slice(0, 10);
  const taxOf = (country: string) =>
    country === "DE"
      ? `DE${int(100000000, 999999999)}`
      : country === "FR"
        ? `FR${int(10, 99)}${int(100000000, 999999999)}`
        : country === "NL"
          ? `NL${int(100000000, 999999999)}B01`
          : `${int(10, 99)}-${int(1000000, 9999999)}`;
  const langOf: Record<string, string> = { DE: "de", FR: "fr", NL: "nl", US: "en" };

  // Customers, each with a parent company of a different name and tax id.
  type Cust = { name: string; tax: string; country: string; parent: { name: string; tax: string } };
  const custs: Cust[] = [];
  const usedNames = new Set<string>();
  while (custs.length < 36) {
    const country = pick(["DE", "FR", "NL", "US"]);
    const name = `${pick(ROOTS)} ${pick(TRADES)} ${pick(FORMS[country])}`;
    if (usedNames.has(name)) continue;
    usedNames.add(name);
    const parentName = `${pick(ROOTS)} ${pick(["Holding", "Group", "Beteiligungen", "Participations"])} ${pick(FORMS[country])}`;
    custs.push({ name, tax: taxOf(country), country, parent: { name: parentName, tax: taxOf(country) } });
  }
  const out: Split = { invoices: [], wires: [], links: [], status: [], kinds: [] };
  let wireNo = 0;
  const wire = (w: Omit<Wire, "id">, kind = "payment"): string => {
    const id = `BK${String(seed % 100).padStart(2, "0")}${String(++wireNo).padStart(6, "0")}`;
    out.wires.push({ ...w, id });
    out.kinds.push([id, kind]);
    return id;
  };

  /** An invoice number in one of many spellings. */
  const spell = (id: string, lang: string): string => {
    const alnum = id.replace(/[^A-Z0-9]/gi, "");
    const v = int(0, 6);
    const ref =
      v === 0
        ? id
        : v === 1
          ? alnum
          : v === 2
            ? id.replace(/-/g, " ")
            : v === 3
              ? id.replace(/-/g, "/")
              : v === 4
                ? alnum.toLowerCase()
                : v === 5
                  ? id.replace(/-/g, ".")
                  : `${alnum.slice(0, 3)}-${alnum.slice(3)}`;
    return `${pick(WORDS[lang])} ${ref}`;
  };
  /** Breaks remittance text at 35 characters, as a bank's fixed-width lines joined with a space or with nothing. */
  const wrap35 = (text: string): string => {
    if (text.length <= 35) return text;
    const glue = r() < 0.5 ? " " : "";
    return text.match(/.{1,35}/g)?.join(glue) ?? text;
  };

  const scenarios = [
    ["exact", 12],
    ["parent_payer", 9],
    ["factoring", 9],
    ["late_payment", 8],
    ["cent_short", 7],
    ["paid_twice", 6],
    ["overpayment", 6],
    ["short_payment", 7],
    ["credit_note", 8],
    ["installments", 8],
    ["ref_spelling", 12],
    ["unpaid", 8],
  ] as const;
  const total = scenarios.reduce((s, [, w]) => s + w, 0);
  let cnNo = 0;
  for (let k = 0; k < nInvoices; k++) {
    let x = r() * total;
    let scenario: string = scenarios[0][0];
    for (const [s, w] of scenarios)
      if ((x -= w) < 0) {
        scenario = s;
        break;
      }
    const c = pick(custs);
    const lang = r() < 0.75 ? langOf[c.country] : pick(["en", "de", "fr", "nl"]);
    const ccy = c.country === "US" ? "USD" : "EUR";
    const issueDay = int(0, 120);
    const due = issueDay + pick([14, 30, 30, 45, 60]);
    const id =
      r() < 0.6 ? `INV-2026-${String(int(1, 999999)).padStart(6, "0")}` : `RE${int(24, 26)}-${String(int(1, 99999)).padStart(5, "0")}`;
    if (out.invoices.some((i) => i.id === id)) continue;
    const amount = r() < 0.15 ? int(50_00, 900_00) : int(900_00, 250_000_00);
    out.invoices.push({ id, tax: c.tax, name: c.name, po: `PO-${int(100000, 999999)}`, amount, ccy, issue: iso(issueDay), due: iso(due) });
    const onTime = () => due + int(-5, 5);
    const std = () => wrap35(spell(id, lang));
    const payer = r() < 0.85 ? { tax: c.tax, name: c.name } : { tax: "", name: c.name.toUpperCase() };
    const link = (w: string, a: number) => out.links.push([id, w, a]);
    let status = "PAID";
    switch (scenario) {
      case "exact":
        link(wire({ ...payer, amount, ccy, date: iso(onTime()), rem: std() }), amount);
        break;
      case "parent_payer": {
        // Mostly in full or a bank fee short; sometimes a real short payment (PARTIAL) the parent still makes.
        const v = r();
        const amt = v < 0.6 ? amount : v < 0.8 ? amount - Math.floor(amount * 0.004) : amount - Math.floor(amount * 0.2);
        link(wire({ tax: c.parent.tax, name: c.parent.name, amount: amt, ccy, date: iso(onTime()), rem: std() }), amt);
        if (v >= 0.8) status = "PARTIAL";
        break;
      }
      case "factoring": {
        const f = pick(FACTORS[lang]);
        const withRef = r() < 0.6;
        const rem = wrap35(`${withRef ? `${spell(id, lang)} ` : ""}${f.phrase(c.name)}`);
        link(wire({ tax: "", name: f.name, amount, ccy, date: iso(onTime()), rem }), amount);
        break;
      }
      case "late_payment":
        link(wire({ ...payer, amount, ccy, date: iso(due + int(20, 90)), rem: std() }), amount);
        break;
      case "cent_short": {
        const withRef = r() < 0.7;
        link(wire({ ...payer, amount: amount - 1, ccy, date: iso(onTime()), rem: withRef ? std() : "" }), amount - 1);
        break;
      }
      case "paid_twice": {
        link(wire({ ...payer, amount, ccy, date: iso(onTime()), rem: std() }), amount);
        link(wire({ ...payer, amount, ccy, date: iso(due + int(6, 30)), rem: std() }), amount);
        status = "DISCREPANCY";
        break;
      }
      case "overpayment": {
        const amt = amount + Math.max(2, Math.floor(amount * (0.02 + r() * 0.2)));
        link(wire({ ...payer, amount: amt, ccy, date: iso(onTime()), rem: std() }), amt);
        status = "DISCREPANCY";
        break;
      }
      case "short_payment": {
        const amt = amount - Math.floor(amount * (0.03 + r() * 0.27));
        link(wire({ ...payer, amount: amt, ccy, date: iso(onTime()), rem: std() }), amt);
        status = "PARTIAL";
        break;
      }
      case "credit_note": {
        const cn = Math.floor(amount * (0.02 + r() * 0.25));
        const cnId = `CN-2026-${String(++cnNo + (seed % 7) * 1000).padStart(5, "0")}`;
        const rem = wrap35(`${spell(id, lang)} ${CN_WORDS[lang]} ${cnId} ${(cn / 100).toFixed(2)}`);
        link(wire({ ...payer, amount: amount - cn, ccy, date: iso(onTime()), rem }), amount - cn);
        break;
      }
      case "installments": {
        const n = int(2, 3);
        const paidAll = r() < 0.6;
        const parts =
          n === 2
            ? [Math.floor(amount / 2), amount - Math.floor(amount / 2)]
            : [Math.floor(amount / 3), Math.floor(amount / 3), amount - 2 * Math.floor(amount / 3)];
        const pay = paidAll ? parts : parts.slice(0, n - 1);
        pay.forEach((p, j) =>
          link(wire({ ...payer, amount: p, ccy, date: iso(due - 10 + j * int(15, 30)), rem: `${std()} ${j + 1}/${n}` }), p),
        );
        status = paidAll ? "PAID" : "PARTIAL";
        break;
      }
      case "ref_spelling": {
        const alnum = id.replace(/[^A-Z0-9]/gi, "");
        const cut = int(2, alnum.length - 2);
        const word = pick(WORDS[lang]);
        const lead = pick(["Zahlungsavis", "Remittance advice", "Avis de paiement", "Betalingsadvies"]);
        const head = `${lead} ${word} `.padEnd(35 - cut, " ");
        const variants = [
          // the bank's 35-character line break falls inside the number
          `${head}${id.slice(0, cut)} ${id.slice(cut)}`,
          wrap35(`${lead} ${word} ${id}`),
          `${word} ${alnum.slice(0, cut)} ${alnum.slice(cut)}`,
          `${word}${alnum}`,
          `${word} ${id.replace(/-/g, "")}`,
          `${word}: ${alnum.slice(0, cut)}-${alnum.slice(cut)}`,
        ];
        link(wire({ ...payer, amount, ccy, date: iso(onTime()), rem: pick(variants) }), amount);
        break;
      }
      case "unpaid":
        status = "UNPAID";
        break;
    }
    out.status.push([id, status, scenario]);
  }
  for (let k = 0; k < Math.round(nInvoices / 15); k++) {
    const c = pick(custs);
    wire(
      {
        tax: c.tax,
        name: c.name,
        amount: int(10_00, 5000_00),
        ccy: c.country === "US" ? "USD" : "EUR",
        date: iso(int(0, 200)),
        rem: pick(NOISE),
      },
      "unmatched",
    );
  }
  out.wires.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  return out;
}

const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const money = (m: number) => (m / 100).toFixed(2);

export function writeSplit(dir: string, seed: number, n: number): void {
  const s = build(seed, n);
  mkdirSync(path.join(dir, "truth"), { recursive: true });
  const lines = (head: string, rows: string[][]) => `${[head, ...rows.map((r) => r.map(q).join(","))].join("\n")}\n`;
  writeFileSync(
    path.join(dir, "open_invoices.csv"),
    lines(
      "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date",
      s.invoices.map((i) => [i.id, i.tax, i.name, i.po, money(i.amount), i.ccy, i.issue, i.due]),
    ),
  );
  writeFileSync(
    path.join(dir, "incoming_bank_wires.csv"),
    lines(
      "wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info",
      s.wires.map((w) => [w.id, w.tax, w.name, money(w.amount), w.ccy, w.date, w.rem]),
    ),
  );
  writeFileSync(
    path.join(dir, "truth/links.csv"),
    lines(
      "invoice_id,wire_id,allocated_amount",
      s.links.map(([i, w, a]) => [i, w, money(a)]),
    ),
  );
  writeFileSync(path.join(dir, "truth/invoice_status.csv"), lines("invoice_id,status,scenario", s.status));
  writeFileSync(
    path.join(dir, "truth/wires.csv"),
    lines(
      "wire_id,kind,duplicate_of",
      s.kinds.map(([w, k]) => [w, k, ""]),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, "../eval/recon-gen");
  writeSplit(path.join(root, "dev"), 1501, 600);
  writeSplit(path.join(root, "holdout"), 9157, 600);
  // Generated after the matcher work, never inspected: the unseen check (the first holdout was read once, see README).
  writeSplit(path.join(root, "fresh"), 31337, 1000);
  console.log(`wrote ${root}/{dev,holdout,fresh}`);
}
