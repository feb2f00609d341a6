import { describe, expect, it } from "vitest";
import { isOpenCredit, Ledger, type LedgerEntry, type LedgerInvoice, type LedgerRows } from "../../../src/recon/core/ledger";
import { entryMatchKeys, invoiceMatchKeys, payersOf } from "../../../src/recon/core/match-keys";
import type { BankEntry, EntryRow, Invoice, InvoiceRow, LinkRow, Scope } from "../../../src/recon/core/types";

/**
 * The ledger's indexes against a full scan: `scopeFor` must answer what the focused D1 read answers (README: the
 * UNIONs of readFocusedScope over the same keys), here written as plain filters over every row the ledger was
 * given, and must keep answering it after any sequence of `apply` read-backs (rows re-keyed, entries closed or
 * reopened, links replaced). Seeded random books, so a failure names its seed and replays.
 */

const OPEN_INVOICE = new Set(["UNPAID", "PARTIAL", "DISCREPANCY"]);
const LIVE = new Set(["VERIFIED", "MANUAL"]);
const DECIDED = new Set(["VERIFIED", "MANUAL", "REVIEW", "REJECTED", "UNMATCHED"]);

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return { next, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

// Few payers, so tax ids and first name tokens collide and index buckets hold several rows.
const PAYERS: Array<{ tax: string | null; name: string | null }> = [
  { tax: "DE111111111", name: "Atlas Media GmbH" },
  { tax: "DE 111 111 111", name: "ATLAS MEDIA" },
  { tax: "DE222222222", name: "Borealis AG" },
  { tax: "DE999999999", name: "Atlas Logistics" },
  { tax: null, name: "Borealis Logistics" },
  { tax: null, name: "Cedar Systems Corp" },
  { tax: "DE444444444", name: "Cedar Holding SE" },
  { tax: "XX999", name: "Dune Partners" },
  { tax: null, name: null },
];
const INVOICE_IDS = ["INV-100", "INV-101", "INV-200", "INV-201", "INV-300", "INV-301", "INV-400", "INV-500"];
const INVOICE_STATUSES = ["UNPAID", "PARTIAL", "DISCREPANCY", "PAID", "VOID"];
const ENTRY_STATUSES = ["PENDING", "UNMATCHED", "REVIEW", "PARTIAL", "MATCHED", "IGNORED"];
const LINK_STATUSES = ["VERIFIED", "MANUAL", "REVIEW", "REJECTED", "UNMATCHED", "PROPOSED"];
/** Code-unit order, as the ledger and SQLite compare text. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const DATES = ["2026-06-01", "2026-06-15", "2026-07-01"];

function makeInvoice(r: Rng, id: string): LedgerInvoice {
  const payer = r.pick(PAYERS.slice(0, 8));
  const base: Invoice = {
    invoice_id: id,
    customer_tax_id: payer.tax,
    customer_name: payer.name ?? "Unnamed",
    po_number: r.chance(0.3) ? `PO-${id.slice(4)}7` : null,
    amount_minor: 10_000,
    currency: "EUR",
    issue_date: "2026-06-01",
    due_date: "2026-07-01",
  };
  const k = invoiceMatchKeys(base);
  const status = r.pick(INVOICE_STATUSES);
  return {
    ...base,
    status,
    paid_minor: status === "PAID" ? 10_000 : 0,
    status_reason: null,
    has_lines: 0,
    tax_norm: k.tax_norm,
    name_first: k.name_first,
  };
}

function makePayment(r: Rng, key: string): BankEntry {
  const payer = r.pick(PAYERS);
  const names = r.chance(0.5) ? `pays ${r.pick(INVOICE_IDS)}` : r.chance(0.3) ? `PO ${r.pick(INVOICE_IDS).slice(4)}7` : "thanks";
  return {
    natural_key: key,
    account: "DE89",
    bank_ref: null,
    entry_ref: key,
    amount_minor: 10_000,
    currency: r.chance(0.9) ? "EUR" : "USD",
    direction: r.chance(0.9) ? "credit" : "debit",
    booking_date: r.pick(DATES),
    value_date: null,
    sender_name: payer.name,
    sender_tax_id: payer.tax,
    remittance: names,
    format: "camt054",
  };
}

function storedEntry(r: Rng, e: BankEntry): LedgerEntry {
  const k = entryMatchKeys(e);
  const status = r.pick(ENTRY_STATUSES);
  const allocated = r.pick([0, 0, 4_000, 10_000]);
  return { ...e, wire_id: e.natural_key, allocated_minor: allocated, match_status: status, tax_norm: k.tax_norm, name_first: k.name_first };
}

function makeLink(r: Rng, id: string, entryKeys: readonly string[]): LinkRow {
  return {
    id,
    invoice_id: r.chance(0.85) ? r.pick(INVOICE_IDS) : null,
    entry_key: r.pick(entryKeys),
    wire_id: "w",
    allocated_minor: 10_000,
    currency: "EUR",
    status: r.pick(LINK_STATUSES),
    confidence: 1,
    reason: "TAX_ID_EXACT",
    reasons_json: "[]",
  };
}

/** What the ledger should hold: plain maps, no index. */
type Model = {
  version: number;
  invoices: Map<string, LedgerInvoice>;
  invoiceKeys: Map<string, string[]>;
  entries: Map<string, { row: LedgerEntry; keys: string[] }>;
  links: Map<string, LinkRow>;
};

function modelPutEntry(m: Model, e: LedgerEntry, keys: string[]): void {
  m.entries.delete(e.natural_key);
  if (e.currency === "EUR" && isOpenCredit(e)) m.entries.set(e.natural_key, { row: { ...e, reversal: Boolean(e.reversal) }, keys });
}

function modelPutLink(m: Model, l: LinkRow): void {
  if (DECIDED.has(l.status)) m.links.set(l.id, l);
}

/** readFocusedScope as a scan over everything held. */
function scanScope(m: Model, focus: readonly BankEntry[], stored: ReadonlySet<string>): { scope: Scope; fresh: string[] } {
  const payers = payersOf(focus);
  const focusKeys = new Set(focus.map((f) => f.natural_key));
  const held = [...m.entries.values()].filter(
    ({ row }) =>
      focusKeys.has(row.natural_key) ||
      (row.tax_norm !== null && payers.taxes.includes(row.tax_norm)) ||
      (row.name_first !== null && payers.untaxedFirsts.includes(row.name_first)) ||
      (row.name_first !== null && row.tax_norm === null && payers.firsts.includes(row.name_first)),
  );
  const taxes = new Set([...payers.taxes, ...held.flatMap(({ row }) => (row.tax_norm === null ? [] : [row.tax_norm]))]);
  const pairs: Array<[string, string | null]> = [
    ...payers.pairs,
    ...held.flatMap(({ row }): Array<[string, string | null]> => (row.name_first === null ? [] : [[row.name_first, row.tax_norm]])),
  ];
  const keys = new Set([...payers.keys, ...held.flatMap((h) => h.keys)]);
  const knownTax = (tax: string) => [...m.invoices.values()].some((i) => i.tax_norm === tax);
  const reached = [...m.invoices.values()].filter((i) => {
    const byKey = (m.invoiceKeys.get(i.invoice_id) ?? []).some((k) => keys.has(k));
    const byTax = i.tax_norm !== null && taxes.has(i.tax_norm);
    const byName = pairs.some(([first, tax]) => !(tax !== null && knownTax(tax)) && i.name_first === first && OPEN_INVOICE.has(i.status));
    return (byKey || byTax || byName) && (OPEN_INVOICE.has(i.status) || byTax);
  });
  const invoices: InvoiceRow[] = reached.sort((a, b) => cmp(a.invoice_id, b.invoice_id));
  const heldKeys = new Set(held.map((h) => h.row.natural_key));
  const invoiceIds = new Set(invoices.map((i) => i.invoice_id));
  const links = [...m.links.values()]
    .filter((l) => heldKeys.has(l.entry_key) || (l.invoice_id !== null && invoiceIds.has(l.invoice_id) && LIVE.has(l.status)))
    .sort((a, b) => cmp(a.id, b.id));
  const entries: EntryRow[] = held.map((h) => h.row);
  const fresh: string[] = [];
  for (const f of focus) {
    if (m.entries.has(f.natural_key) || stored.has(f.natural_key) || fresh.includes(f.natural_key)) continue;
    fresh.push(f.natural_key);
    entries.push({ ...f, wire_id: f.entry_ref ?? f.natural_key, allocated_minor: 0, match_status: "PENDING" });
  }
  entries.sort((a, b) => cmp(a.booking_date, b.booking_date) || cmp(a.natural_key, b.natural_key));
  return { scope: { currency: "EUR", version: m.version, hasLockRow: true, invoices, entries, links }, fresh };
}

/** Scopes compared as sets of rows in order, with the fields a match run reads. */
function view(s: { scope: Scope; fresh: string[] }) {
  return {
    version: s.scope.version,
    fresh: s.fresh,
    invoices: s.scope.invoices.map((i) => `${i.invoice_id}:${i.status}`),
    entries: s.scope.entries.map((e) => `${e.natural_key}:${e.booking_date}:${e.match_status}:${e.allocated_minor}:${e.reversal === true}`),
    links: s.scope.links.map((l) => `${l.id}:${l.invoice_id}:${l.entry_key}:${l.status}`),
  };
}

function runSeed(seed: number): void {
  const r = rng(seed);
  const invoices = INVOICE_IDS.filter(() => r.chance(0.8)).map((id) => makeInvoice(r, id));
  const entryKeys = Array.from({ length: 10 }, (_, i) => `e${i}`);
  const payments = new Map(entryKeys.map((k) => [k, makePayment(r, k)]));
  const entries = entryKeys.filter(() => r.chance(0.7)).map((k) => storedEntry(r, payments.get(k) as BankEntry));
  // Shuffled: the ledger must sort, not rely on its input's order.
  entries.sort(() => r.next() - 0.5);
  const links = Array.from({ length: 8 }, (_, i) => makeLink(r, `L${(i * 7) % 10}${i}`, entryKeys));
  const rows: LedgerRows = {
    version: 1,
    invoices,
    invoiceKeys: invoices.flatMap((i) => invoiceMatchKeys(i).keys.map((k): [string, string] => [i.invoice_id, k])),
    entries,
    entryKeys: entries.flatMap((e) => entryMatchKeys(e).keys.map((k): [string, string] => [e.natural_key, k])),
    links,
  };
  const ledger = new Ledger("EUR", rows);
  const model: Model = {
    version: 1,
    invoices: new Map(invoices.map((i) => [i.invoice_id, i])),
    invoiceKeys: new Map(invoices.map((i) => [i.invoice_id, invoiceMatchKeys(i).keys])),
    entries: new Map(),
    links: new Map(),
  };
  for (const e of entries) modelPutEntry(model, e, entryMatchKeys(e).keys);
  for (const l of links) modelPutLink(model, l);

  let linkSeq = 0;
  for (let step = 0; step < 12; step++) {
    const focus = Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => payments.get(r.pick(entryKeys)) as BankEntry);
    const stored = new Set(entryKeys.filter(() => r.chance(0.1)));
    const got = ledger.scopeFor(focus, stored);
    const want = scanScope(model, focus, stored);
    expect(view(got), `seed ${seed}, step ${step}`).toEqual(view(want));
    expect(ledger.size).toEqual({ invoices: model.invoices.size, entries: model.entries.size, links: model.links.size });
    for (const k of entryKeys) expect(ledger.hasOpenEntry(k), `seed ${seed}, step ${step}, ${k}`).toBe(model.entries.has(k));

    // A write's read-back over (part of) that scope: invoices change status, entries move, links are replaced.
    const scopeInvoices = got.scope.invoices.map((i) => i.invoice_id);
    const scopeEntries = got.scope.entries.map((e) => e.natural_key);
    const backInvoices = scopeInvoices
      .filter(() => r.chance(0.6))
      .map((id) => {
        const cur = model.invoices.get(id) as LedgerInvoice;
        // Sometimes the customer's tax id or name changes (a corrected master record): the indexes must follow.
        const payer = r.chance(0.2) ? r.pick(PAYERS.slice(0, 8)) : null;
        const k = payer ? invoiceMatchKeys({ ...cur, customer_tax_id: payer.tax, customer_name: payer.name ?? "Unnamed" }) : null;
        return { ...cur, status: r.pick(INVOICE_STATUSES), ...(k ? { tax_norm: k.tax_norm, name_first: k.name_first } : {}) };
      });
    const backEntries = scopeEntries.filter(() => r.chance(0.7)).map((k) => storedEntry(r, payments.get(k) as BankEntry));
    const backLinks = Array.from({ length: Math.floor(r.next() * 3) }, () => makeLink(r, `N${linkSeq++}`, scopeEntries));
    const fresh = got.fresh.map((k) => payments.get(k) as BankEntry);
    const back = {
      version: model.version + 1,
      invoices: backInvoices,
      entries: backEntries,
      links: backLinks,
      invoiceIds: scopeInvoices,
      entryKeys: scopeEntries,
    };
    ledger.apply(back, fresh);

    model.version = back.version;
    for (const i of backInvoices) model.invoices.set(i.invoice_id, i);
    const keyed = new Map(fresh.map((e) => [e.natural_key, entryMatchKeys(e).keys]));
    for (const k of scopeEntries) {
      const was = model.entries.get(k);
      if (was && !keyed.has(k)) keyed.set(k, was.keys);
      model.entries.delete(k);
    }
    for (const e of backEntries) modelPutEntry(model, e, keyed.get(e.natural_key) ?? []);
    for (const [id, l] of [...model.links])
      if ((l.invoice_id !== null && scopeInvoices.includes(l.invoice_id)) || scopeEntries.includes(l.entry_key)) model.links.delete(id);
    for (const l of backLinks) modelPutLink(model, l);
  }
}

describe("Ledger indexes against a full scan", () => {
  it("answers every focused scope exactly as a scan of the rows held, before and after read-backs", () => {
    for (let seed = 1; seed <= 150; seed++) runSeed(seed);
  });

  it("holds only open credits of its own currency, and only decided links", () => {
    const r = rng(7);
    const pay = (k: string, extra: Partial<BankEntry>) => ({
      ...makePayment(r, k),
      sender_tax_id: "DE111111111",
      sender_name: "Atlas",
      ...extra,
    });
    const open = (e: BankEntry, status: string, allocated: number) => ({
      ...storedEntry(r, e),
      match_status: status,
      allocated_minor: allocated,
    });
    const rows: LedgerRows = {
      version: 1,
      invoices: [],
      invoiceKeys: [],
      entries: [
        open(pay("a", { currency: "EUR", direction: "credit" }), "PENDING", 9_999),
        open(pay("b", { currency: "EUR", direction: "credit" }), "PARTIAL", 10_000),
        open(pay("c", { currency: "USD", direction: "credit" }), "PENDING", 0),
        open(pay("d", { currency: "EUR", direction: "debit" }), "PENDING", 0),
        open(pay("e", { currency: "EUR", direction: "credit" }), "MATCHED", 0),
      ],
      entryKeys: [],
      links: [
        makeLink(r, "x", ["a"]),
        { ...makeLink(r, "y", ["a"]), status: "PROPOSED" },
        { ...makeLink(r, "z", ["a"]), status: "REJECTED" },
      ],
    };
    rows.links[0] = { ...rows.links[0], status: "MANUAL" } as LinkRow;
    const l = new Ledger("EUR", rows);
    expect(["a", "b", "c", "d", "e"].map((k) => l.hasOpenEntry(k))).toEqual([true, false, false, false, false]);
    expect(l.size).toEqual({ invoices: 0, entries: 1, links: 2 });
    expect(isOpenCredit({ match_status: "REVIEW", direction: "credit", allocated_minor: 0, amount_minor: 1 })).toBe(true);
    expect(isOpenCredit({ match_status: "UNMATCHED", direction: "credit", allocated_minor: 1, amount_minor: 1 })).toBe(false);
  });
});
