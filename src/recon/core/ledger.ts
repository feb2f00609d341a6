import { entryMatchKeys, payersOf } from "./match-keys";
import { nameTokens, normTaxId } from "./normalize";
import { aliasesOfPayers, indexAliases } from "./payer-alias";
import { wireIdOf } from "./natural-key";
import type { BankEntry, EntryRow, InvoiceRow, LinkRow, PayerAlias, Scope } from "./types";

/**
 * One currency's open ledger in memory — what the real-time path (src/durable/recon-ledger.ts)
 * keeps so that a payment costs one D1 round trip (the write) instead of two (read, then write).
 *
 * It holds, as of one scope version:
 *  - every invoice of the currency with its match keys (settled ones too: a second payment of a
 *    settled invoice must be seen as such, exactly like the focused D1 read sees it);
 *  - the open credits (PENDING, UNMATCHED, REVIEW, PARTIAL with money left) and their keys;
 *  - the live links (VERIFIED, MANUAL) of those invoices and every decided link
 *    (VERIFIED, MANUAL, REVIEW, REJECTED, UNMATCHED) of those credits.
 *
 * `scopeFor` answers, from memory, exactly the scope `readFocusedScope` (store/scope-reads.ts) reads from D1 (the same
 * UNIONs over the same keys; test/recon/core/ledger.test.ts and test/recon/ledger-object.test.ts
 * compare the two). `apply` takes the rows a write read back in its own transaction, so the copy
 * stays what D1 holds. Whether it still is — nobody else wrote since — is the write's own
 * compare-and-swap on the scope version (src/recon/ledger-object.ts), never an assumption.
 */

export type LedgerInvoice = InvoiceRow & { tax_norm: string | null; name_first: string | null };
export type LedgerEntry = EntryRow & { tax_norm: string | null; name_first: string | null };
export type LedgerRows = {
  version: number;
  invoices: LedgerInvoice[];
  /** [invoice id, match key] */
  invoiceKeys: [string, string][];
  entries: LedgerEntry[];
  /** [entry natural key, match key] */
  entryKeys: [string, string][];
  links: LinkRow[];
  /** Live payer aliases (src/recon/core/payer-alias.ts); absent: none. */
  aliases?: PayerAlias[];
};

const OPEN_INVOICE = new Set(["UNPAID", "PARTIAL", "DISCREPANCY"]);
const OPEN_ENTRY = new Set(["PENDING", "UNMATCHED", "REVIEW", "PARTIAL"]);
const LIVE = new Set(["VERIFIED", "MANUAL"]);
const DECIDED = new Set(["VERIFIED", "MANUAL", "REVIEW", "REJECTED", "UNMATCHED"]);

/** The entries a match run may still allocate (readFocusedScope's `se` filter). */
export function isOpenCredit(e: Pick<EntryRow, "match_status" | "direction" | "allocated_minor" | "amount_minor">): boolean {
  return OPEN_ENTRY.has(e.match_status) && e.direction === "credit" && e.allocated_minor < e.amount_minor;
}

/**
 * Index maps hold one id as a bare string and only several as a Set: most match keys (an invoice
 * number, a PO) name one row, and a Set per key would double the ledger's memory.
 */
type Index = Map<string, string | Set<string>>;
const add = (m: Index, k: string, v: string) => {
  const cur = m.get(k);
  if (cur === undefined) m.set(k, v);
  else if (typeof cur === "string") {
    if (cur !== v) m.set(k, new Set([cur, v]));
  } else cur.add(v);
};
const remove = (m: Index, k: string, v: string) => {
  const cur = m.get(k);
  if (cur === undefined) return;
  if (typeof cur === "string") {
    if (cur === v) m.delete(k);
    return;
  }
  cur.delete(v);
  if (cur.size === 1) m.set(k, cur.values().next().value as string);
};
const get = (m: Index, k: string): Iterable<string> => {
  const cur = m.get(k);
  return cur === undefined ? [] : typeof cur === "string" ? [cur] : cur;
};
const byBookingThenKey = (a: EntryRow, b: EntryRow) =>
  a.booking_date < b.booking_date
    ? -1
    : a.booking_date > b.booking_date
      ? 1
      : // Stryker disable next-line EqualityOperator: natural keys are unique (Map keys), so "<" and "<=" order alike
        a.natural_key < b.natural_key
        ? -1
        : // Stryker disable next-line EqualityOperator,ConditionalExpression: natural keys are unique (Map keys), so no tie decides the order
          a.natural_key > b.natural_key
          ? 1
          : 0;
// Stryker disable next-line EqualityOperator,ConditionalExpression: link ids are unique (Map keys), so no tie decides the order
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class Ledger {
  version: number;
  private readonly invoices = new Map<string, LedgerInvoice>();
  private readonly invoicesByKey: Index = new Map();
  private readonly invoicesByTax: Index = new Map();
  private readonly invoicesByFirst: Index = new Map();
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly keysOfEntry = new Map<string, string[]>();
  private readonly entriesByTax: Index = new Map();
  private readonly entriesByFirst: Index = new Map();
  private readonly links = new Map<string, LinkRow>();
  private readonly linksByInvoice: Index = new Map();
  private readonly linksByEntry: Index = new Map();
  private readonly aliasesByPayer: Map<string, PayerAlias[]>;

  constructor(
    readonly currency: string,
    rows: LedgerRows,
  ) {
    this.version = rows.version;
    for (const i of rows.invoices) this.putInvoice(i);
    for (const [id, key] of rows.invoiceKeys) if (this.invoices.has(id)) add(this.invoicesByKey, key, id);
    const entryKeys = new Map<string, string[]>();
    for (const [k, key] of rows.entryKeys) entryKeys.set(k, [...(entryKeys.get(k) ?? []), key]);
    for (const e of rows.entries) this.putEntry(e, entryKeys.get(e.natural_key) ?? []);
    for (const l of rows.links) this.putLink(l);
    this.aliasesByPayer = indexAliases(rows.aliases ?? []);
  }

  /** Rows held: what the ledger costs in memory, roughly. */
  get size(): { invoices: number; entries: number; links: number } {
    return { invoices: this.invoices.size, entries: this.entries.size, links: this.links.size };
  }

  /** Is this payment stored and open (then it is not new, whatever the caller thinks)? */
  hasOpenEntry(naturalKey: string): boolean {
    return this.entries.has(naturalKey);
  }

  /**
   * The focused scope of `focus` (readFocusedScope, from memory) with the payments not stored yet
   * added as they will be inserted; `stored` names payments known to be stored already though not
   * open (they stay out, as in the D1 read). Returns the scope and the natural keys it treats as new.
   */
  scopeFor(focus: readonly BankEntry[], stored: ReadonlySet<string> = new Set()): { scope: Scope; fresh: string[] } {
    const payers = payersOf(focus);
    const se = new Set<string>();
    for (const f of focus) if (this.entries.has(f.natural_key)) se.add(f.natural_key);
    for (const tax of payers.taxes) for (const k of get(this.entriesByTax, tax)) se.add(k);
    for (const first of payers.untaxedFirsts) for (const k of get(this.entriesByFirst, first)) se.add(k);
    for (const first of payers.firsts)
      for (const k of get(this.entriesByFirst, first)) if (this.entries.get(k)?.tax_norm === null) se.add(k);

    const st = new Set(payers.taxes);
    const sn = new Map(payers.pairs.map(([first, tax]) => [`${first}|${tax ?? ""}`, [first, tax] as const]));
    const keys = new Set(payers.keys);
    for (const k of se) {
      const e = this.entries.get(k);
      if (!e) continue;
      if (e.tax_norm !== null) st.add(e.tax_norm);
      if (e.name_first !== null) sn.set(`${e.name_first}|${e.tax_norm ?? ""}`, [e.name_first, e.tax_norm]);
      for (const key of this.keysOfEntry.get(k) ?? []) keys.add(key);
    }

    const reach = new Set<string>();
    for (const key of keys) for (const id of get(this.invoicesByKey, key)) reach.add(id);
    for (const tax of st) for (const id of get(this.invoicesByTax, tax)) reach.add(id);
    for (const [first, tax] of sn.values()) {
      if (tax !== null && this.invoicesByTax.has(tax)) continue; // a known tax id: the tax branch decides
      for (const id of get(this.invoicesByFirst, first)) if (OPEN_INVOICE.has(this.invoices.get(id)?.status ?? "")) reach.add(id);
    }
    // Customers the payers were matched to by hand (payer aliases): their open invoices, as the D1 read.
    const aliases = this.aliasesByPayer.size ? aliasesOfPayers(this.aliasesByPayer, focus) : [];
    for (const a of aliases) {
      const tax = normTaxId(a.customer_tax_id);
      if (tax) for (const id of get(this.invoicesByTax, tax)) reach.add(id);
      else
        for (const id of get(this.invoicesByFirst, nameTokens(a.customer_name)[0] ?? "")) {
          const i = this.invoices.get(id);
          if (i && i.customer_name === a.customer_name && OPEN_INVOICE.has(i.status)) reach.add(id);
        }
    }
    const invoices: InvoiceRow[] = [];
    for (const id of reach) {
      const i = this.invoices.get(id);
      if (i && (OPEN_INVOICE.has(i.status) || (i.tax_norm !== null && st.has(i.tax_norm)))) invoices.push(i);
    }
    // Stryker disable next-line EqualityOperator,ConditionalExpression: invoice ids are unique (Map keys), so no tie decides the order
    invoices.sort((a, b) => (a.invoice_id < b.invoice_id ? -1 : a.invoice_id > b.invoice_id ? 1 : 0));

    const linkIds = new Set<string>();
    for (const i of invoices)
      for (const id of get(this.linksByInvoice, i.invoice_id)) if (LIVE.has(this.links.get(id)?.status ?? "")) linkIds.add(id);
    for (const k of se) for (const id of get(this.linksByEntry, k)) linkIds.add(id);
    const links = [...linkIds].map((id) => this.links.get(id) as LinkRow).sort(byId);

    const entries: EntryRow[] = [...se].map((k) => this.entries.get(k) as LedgerEntry);
    const fresh: string[] = [];
    for (const f of focus) {
      if (this.entries.has(f.natural_key) || stored.has(f.natural_key) || fresh.includes(f.natural_key)) continue;
      fresh.push(f.natural_key);
      entries.push({ ...f, wire_id: wireIdOf(f), allocated_minor: 0, match_status: "PENDING" });
    }
    entries.sort(byBookingThenKey);
    return { scope: { currency: this.currency, version: this.version, hasLockRow: true, invoices, entries, links, aliases }, fresh };
  }

  /**
   * What a write read back in its own transaction: the rows of the scope it decided (invoices,
   * entries with their keys, and every decided link touching them) and the version it left.
   * Entries no longer open leave the ledger; links of those invoices and entries are replaced.
   */
  apply(
    back: {
      version: number;
      invoices: LedgerInvoice[];
      entries: LedgerEntry[];
      links: LinkRow[];
      invoiceIds: readonly string[];
      entryKeys: readonly string[];
    },
    fresh: readonly BankEntry[] = [],
  ): void {
    this.version = back.version;
    for (const i of back.invoices) this.putInvoice(i);
    const keys = new Map(fresh.map((e) => [e.natural_key, entryMatchKeys(e).keys]));
    for (const k of back.entryKeys) {
      const held = this.keysOfEntry.get(k);
      if (held && !keys.has(k)) keys.set(k, held);
      this.dropEntry(k);
    }
    for (const e of back.entries) this.putEntry(e, keys.get(e.natural_key) ?? []);
    for (const id of back.invoiceIds) for (const l of [...get(this.linksByInvoice, id)]) this.dropLink(l);
    for (const k of back.entryKeys) for (const l of [...get(this.linksByEntry, k)]) this.dropLink(l);
    for (const l of back.links) this.putLink(l);
  }

  private putInvoice(i: LedgerInvoice): void {
    const old = this.invoices.get(i.invoice_id);
    if (old?.tax_norm) remove(this.invoicesByTax, old.tax_norm, i.invoice_id);
    if (old?.name_first) remove(this.invoicesByFirst, old.name_first, i.invoice_id);
    this.invoices.set(i.invoice_id, i);
    if (i.tax_norm) add(this.invoicesByTax, i.tax_norm, i.invoice_id);
    if (i.name_first) add(this.invoicesByFirst, i.name_first, i.invoice_id);
  }

  private putEntry(e: LedgerEntry, keys: string[]): void {
    this.dropEntry(e.natural_key);
    if (e.currency !== this.currency || !isOpenCredit(e)) return;
    this.entries.set(e.natural_key, { ...e, reversal: Boolean(e.reversal) });
    this.keysOfEntry.set(e.natural_key, keys);
    if (e.tax_norm) add(this.entriesByTax, e.tax_norm, e.natural_key);
    if (e.name_first) add(this.entriesByFirst, e.name_first, e.natural_key);
  }

  private dropEntry(k: string): void {
    const old = this.entries.get(k);
    if (!old) return;
    this.entries.delete(k);
    this.keysOfEntry.delete(k);
    if (old.tax_norm) remove(this.entriesByTax, old.tax_norm, k);
    if (old.name_first) remove(this.entriesByFirst, old.name_first, k);
  }

  private putLink(l: LinkRow): void {
    if (!DECIDED.has(l.status)) return;
    this.dropLink(l.id);
    this.links.set(l.id, l);
    if (l.invoice_id) add(this.linksByInvoice, l.invoice_id, l.id);
    add(this.linksByEntry, l.entry_key, l.id);
  }

  private dropLink(id: string): void {
    const old = this.links.get(id);
    if (!old) return;
    this.links.delete(id);
    if (old.invoice_id) remove(this.linksByInvoice, old.invoice_id, id);
    remove(this.linksByEntry, old.entry_key, id);
  }
}
