import { describe, expect, it } from "vitest";
import { isOpenCredit, Ledger, type LedgerEntry, type LedgerInvoice, type LedgerRows } from "../../../src/recon/core/ledger";
import { entryMatchKeys, invoiceMatchKeys } from "../../../src/recon/core/match-keys";
import type { BankEntry, Invoice, LinkRow } from "../../../src/recon/core/types";

/** The in-memory ledger alone: which rows a payment's scope holds, and how a write's read-back moves them. */

function inv(id: string, tax: string | null, name: string, status = "UNPAID", extra: Partial<Invoice> = {}): LedgerInvoice {
  const base: Invoice = {
    invoice_id: id,
    customer_tax_id: tax,
    customer_name: name,
    po_number: null,
    amount_minor: 10_000,
    currency: "EUR",
    issue_date: "2026-06-01",
    due_date: "2026-07-01",
    ...extra,
  };
  const k = invoiceMatchKeys(base);
  return {
    ...base,
    status,
    paid_minor: status === "PAID" ? base.amount_minor : 0,
    status_reason: null,
    has_lines: 0,
    tax_norm: k.tax_norm,
    name_first: k.name_first,
  };
}

function credit(key: string, tax: string | null, name: string | null, remittance = "", extra: Partial<BankEntry> = {}): BankEntry {
  return {
    natural_key: key,
    account: "DE89",
    bank_ref: null,
    entry_ref: key,
    amount_minor: 10_000,
    currency: "EUR",
    direction: "credit",
    booking_date: "2026-07-01",
    value_date: null,
    sender_name: name,
    sender_tax_id: tax,
    remittance,
    format: "camt054",
    ...extra,
  };
}

function stored(e: BankEntry, allocated = 0, status = "PENDING"): LedgerEntry {
  const k = entryMatchKeys(e);
  return {
    ...e,
    wire_id: e.entry_ref ?? e.natural_key,
    allocated_minor: allocated,
    match_status: status,
    tax_norm: k.tax_norm,
    name_first: k.name_first,
  };
}

function link(id: string, invoiceId: string | null, entryKey: string, status = "VERIFIED"): LinkRow {
  return {
    id,
    invoice_id: invoiceId,
    entry_key: entryKey,
    wire_id: entryKey,
    allocated_minor: 10_000,
    currency: "EUR",
    status,
    confidence: 1,
    reason: "TAX_ID_EXACT",
    reasons_json: "[]",
  };
}

function ledgerOf(invoices: LedgerInvoice[], entries: LedgerEntry[] = [], links: LinkRow[] = [], version = 7): Ledger {
  const rows: LedgerRows = {
    version,
    invoices,
    invoiceKeys: invoices.flatMap((i) => invoiceMatchKeys(i).keys.map((k): [string, string] => [i.invoice_id, k])),
    entries,
    entryKeys: entries.flatMap((e) => entryMatchKeys(e).keys.map((k): [string, string] => [e.natural_key, k])),
    links,
  };
  return new Ledger("EUR", rows);
}

const ids = (xs: { invoice_id: string }[]) => xs.map((x) => x.invoice_id);
const keys = (xs: { natural_key: string }[]) => xs.map((x) => x.natural_key);

describe("Ledger.scopeFor", () => {
  const books = [
    inv("INV-100", "DE111111111", "Atlas Media GmbH"),
    inv("INV-101", "DE111111111", "Atlas Media GmbH", "PAID"),
    inv("INV-200", "DE222222222", "Borealis AG"),
    inv("INV-201", "DE222222222", "Borealis AG", "PAID"),
    inv("INV-300", null, "Cedar Systems Corp"),
    inv("INV-301", null, "Cedar Systems Corp", "PAID"),
    inv("INV-400", "DE444444444", "Cedar Holding SE"),
  ];

  it("reaches every invoice of the payer's tax id (settled ones too), and the invoices its remittance names", () => {
    const l = ledgerOf(books);
    const { scope, fresh } = l.scopeFor([credit("n1", "DE 111 111 111", "ATLAS MEDIA", "pays INV-200")]);
    // Tax id: both Atlas invoices (a second payment of INV-101 must be seen as such); by reference:
    // the open INV-200 — but not Borealis' settled INV-201 (reached by neither).
    expect(ids(scope.invoices)).toEqual(["INV-100", "INV-101", "INV-200"]);
    expect(fresh).toEqual(["n1"]);
    expect(scope.entries).toEqual([
      expect.objectContaining({ natural_key: "n1", allocated_minor: 0, match_status: "PENDING", wire_id: "n1" }),
    ]);
    expect(scope).toMatchObject({ currency: "EUR", version: 7, hasLockRow: true });
  });

  it("looks by name only where the tax id is missing or unknown, and then only at open invoices", () => {
    const l = ledgerOf(books);
    expect(ids(l.scopeFor([credit("n2", null, "CEDAR SYSTEMS")]).scope.invoices)).toEqual(["INV-300", "INV-400"]);
    // An unknown tax id: the name still counts; a known one decides alone.
    expect(ids(l.scopeFor([credit("n3", "XX999", "CEDAR SYSTEMS")]).scope.invoices)).toEqual(["INV-300", "INV-400"]);
    expect(ids(l.scopeFor([credit("n4", "DE444444444", "CEDAR HOLDING")]).scope.invoices)).toEqual(["INV-400"]);
  });

  it("brings the payer's other open credits and their links, and the fixed money on the invoices it reaches", () => {
    const waiting = stored(credit("old", "DE222222222", "BOREALIS AG", "", { booking_date: "2026-06-20" }), 4_000, "PARTIAL");
    const settled = stored(credit("done", "DE222222222", "BOREALIS AG"), 10_000, "MATCHED");
    const other = stored(credit("else", "DE111111111", "ATLAS MEDIA"));
    const l = ledgerOf(
      books,
      [waiting, settled, other],
      [
        link("L1", "INV-201", "done"),
        link("L2", "INV-200", "old"),
        link("L3", "INV-200", "zzz", "REVIEW"), // a proposal for an entry out of scope: not fixed money
        link("L4", null, "old", "UNMATCHED"),
      ],
    );
    const { scope } = l.scopeFor([credit("n5", "DE222222222", "BOREALIS AG")]);
    expect(keys(scope.entries)).toEqual(["old", "n5"]); // sorted by booking date; the settled one is not held
    expect(scope.links.map((x) => x.id)).toEqual(["L1", "L2", "L4"]);
    expect(isOpenCredit(settled)).toBe(false);
    expect(l.size).toEqual({ invoices: 7, entries: 2, links: 4 });
  });

  it("treats a payment it holds, or one named as stored, as not new", () => {
    const pending = stored(credit("p1", "DE111111111", "ATLAS"));
    const l = ledgerOf(books, [pending]);
    expect(l.scopeFor([credit("p1", "DE111111111", "ATLAS")]).fresh).toEqual([]);
    expect(l.scopeFor([credit("p2", "DE111111111", "ATLAS")], new Set(["p2"])).fresh).toEqual([]);
    expect(keys(l.scopeFor([credit("p2", "DE111111111", "ATLAS")], new Set(["p2"])).scope.entries)).toEqual(["p1"]);
    expect(l.hasOpenEntry("p1")).toBe(true);
  });
});

describe("Ledger.apply", () => {
  it("takes over what a write read back: new statuses, settled entries out, links replaced, the new version", () => {
    const books = [inv("INV-1", "DE111111111", "Atlas"), inv("INV-2", "DE111111111", "Atlas")];
    const old = stored(credit("old", "DE111111111", "ATLAS"), 0, "REVIEW");
    const l = ledgerOf(books, [old], [link("R1", "INV-1", "old", "REVIEW"), link("R2", "INV-2", "old", "REVIEW")], 3);
    const pay = credit("new", "DE111111111", "ATLAS", "INV-1");
    const { scope, fresh } = l.scopeFor([pay]);
    expect(fresh).toEqual(["new"]);

    l.apply(
      {
        version: 5,
        invoices: [{ ...books[0], status: "PAID", paid_minor: 10_000 }, books[1]],
        entries: [stored(pay, 10_000, "MATCHED"), stored(old, 0, "REVIEW")],
        links: [link("V1", "INV-1", "new"), link("R2", "INV-2", "old", "REVIEW")],
        invoiceIds: scope.invoices.map((i) => i.invoice_id),
        entryKeys: scope.entries.map((e) => e.natural_key),
      },
      [pay],
    );
    expect(l.version).toBe(5);
    expect(l.hasOpenEntry("new")).toBe(false); // matched in full: no longer open
    const next = l.scopeFor([credit("third", "DE111111111", "ATLAS")]);
    expect(next.scope.version).toBe(5);
    expect(next.scope.invoices.map((i) => [i.invoice_id, i.status])).toEqual([
      ["INV-1", "PAID"],
      ["INV-2", "UNPAID"],
    ]);
    // R1 is gone (the proposal was withdrawn), V1 is fixed money on INV-1, R2 stays with "old".
    expect(next.scope.links.map((x) => x.id)).toEqual(["R2", "V1"]);
    expect(l.size).toEqual({ invoices: 2, entries: 1, links: 2 });
  });

  it("keeps a partly paid payment open with its remittance keys, so a later payment naming the same invoice finds it", () => {
    const l = ledgerOf([inv("INV-9", null, "Quill")]);
    const pay = credit("half", null, null, "INV-9", { amount_minor: 20_000 });
    l.apply({ version: 2, invoices: [], entries: [stored(pay, 10_000, "PARTIAL")], links: [], invoiceIds: [], entryKeys: ["half"] }, [pay]);
    expect(l.hasOpenEntry("half")).toBe(true);
    // Nothing links "half" to a payer; it is in scope only as the focus itself.
    expect(keys(l.scopeFor([credit("half", null, null, "INV-9")]).scope.entries)).toEqual(["half"]);
    expect(ids(l.scopeFor([credit("half", null, null, "INV-9")]).scope.invoices)).toEqual(["INV-9"]);
  });
});

describe("Ledger.scopeFor with payer aliases", () => {
  const alias = (id: string, tax: string | null, name: string) => ({
    id,
    payer_key: "NORDLICHTINKASSO",
    payer_account: null,
    customer_tax_id: tax,
    customer_name: name,
    created_by: "key_1",
    created_at: "2026-06-01T00:00:00.000Z",
  });
  const books = [
    inv("INV-100", "DE111111111", "Atlas Media GmbH"),
    inv("INV-101", "DE111111111", "Atlas Media GmbH", "PAID"),
    inv("INV-300", null, "Cedar Systems Corp"),
    inv("INV-301", null, "Cedar Systems Corp", "PAID"),
    inv("INV-302", null, "Cedar Labs"),
  ];
  const withAliases = (aliases: ReturnType<typeof alias>[]) =>
    new Ledger("EUR", { version: 1, invoices: books, invoiceKeys: [], entries: [], entryKeys: [], links: [], aliases });
  const pay = credit("N1", null, "Nordlicht Inkasso AG");

  it("adds the open invoices of the customer a payer was matched to by hand, by tax id or by exact name", () => {
    const byTax = withAliases([alias("pal_1", "de 111 111 111", "Atlas Media GmbH")]).scopeFor([pay]).scope;
    expect(ids(byTax.invoices)).toEqual(["INV-100"]);
    expect(byTax.aliases?.map((a) => a.id)).toEqual(["pal_1"]);
    const byName = withAliases([alias("pal_2", null, "Cedar Systems Corp")]).scopeFor([pay]).scope;
    expect(ids(byName.invoices)).toEqual(["INV-300"]);
  });

  it("adds nothing for a payer without an alias", () => {
    const s = withAliases([alias("pal_1", "DE111111111", "Atlas Media GmbH")]).scopeFor([credit("S1", null, "Südwind Inkasso")]).scope;
    expect(s.invoices).toEqual([]);
    expect(s.aliases).toEqual([]);
  });
});
