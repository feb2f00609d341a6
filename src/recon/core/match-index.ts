import { invoiceKeys, invoiceSerial, namesMatch, nameTokens, nearTaxId, normTaxId, poKeys } from "./normalize";
import { compactMatch, compactPrefix } from "./payer";
import { aliasCustomer, aliasFits, type PayerAlias } from "./payer-alias";
import type { BankEntry, Invoice, ReasonCode } from "./types";

/**
 * The matcher's indexes over one run's invoices (src/recon/core/match.ts): by invoice and PO
 * key, by customer bucket (tax id, else name), amount- and due-date-sorted, and the pure searches
 * over a bucket. Candidates come from these, never from all pairs.
 */

export type Inv = {
  idx: number;
  inv: Invoice;
  tax: string | null;
  names: string[];
  /** The name's distinctive tokens joined ("KESSLERLOGISTIK"), for parties named in remittance text. */
  compact: string;
  due: number;
  issue: number;
  remaining: number;
  /** Every bucket holding this invoice (its tax-id bucket and its name bucket). */
  buckets: Bucket[];
};

export type Ent = {
  e: BankEntry;
  wire: string;
  day: number;
  left: number;
  tax: string | null;
  names: string[];
  /** The customer a third party (factor, collection agency) says it pays for, compact; null if none. */
  behalf: string | null;
  /** Credit notes the remittance nets against the invoice. */
  credit: { ids: string[]; amount_minor: number | null } | null;
  /** A payer alias a person taught (src/recon/core/payer-alias.ts); null if none applies. */
  alias: PayerAlias | null;
  handled: boolean;
};

/** One customer's invoices in one currency. */
export type Bucket = {
  byAmount: Inv[];
  byDue: Inv[];
  /** Partially paid invoices (remaining amount > 0 but no longer the invoice amount). */
  touched: Set<Inv>;
  serials?: Map<number, Inv[]>;
};

const DAY = 86_400_000;
/** Days since the epoch from "YYYY-MM-DD…" (hot path: no string building, no Date.parse). */
export function dayOf(iso: string): number {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7);
  const d = +iso.slice(8, 10);
  return Number.isFinite(y + m + d) ? Date.UTC(y, m - 1, d) / DAY : Math.floor(Date.parse(iso) / DAY);
}

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export type InvoiceIndex = {
  invs: Inv[];
  byId: Map<string, Inv>;
  invByAlnum: Map<string, Inv[]>;
  invByDigits: Map<string, Inv[]>;
  poByAlnum: Map<string, Inv[]>;
  poByDigits: Map<string, Inv[]>;
  /** "T:<tax>|CCY" or "N:<name tokens>|CCY". */
  buckets: Map<string, Bucket>;
  /** First name token → name key → tokens. */
  nameFirst: Map<string, Map<string, string[]>>;
  /** First five letters of a compact name → name key → compact name. */
  compactFirst: Map<string, Map<string, string>>;
};

export function indexInvoices(invoices: readonly Invoice[]): InvoiceIndex {
  const invs: Inv[] = [];
  const byId = new Map<string, Inv>();
  const invByAlnum = new Map<string, Inv[]>();
  const invByDigits = new Map<string, Inv[]>();
  const poByAlnum = new Map<string, Inv[]>();
  const poByDigits = new Map<string, Inv[]>();
  const buckets = new Map<string, Bucket>(); // "T:<tax>|CCY" or "N:<name tokens>|CCY"
  const nameFirst = new Map<string, Map<string, string[]>>(); // first token → name key → tokens
  const compactFirst = new Map<string, Map<string, string>>();
  const bucketFor = (key: string): Bucket => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { byAmount: [], byDue: [], touched: new Set() }));
    return b;
  };
  invoices.forEach((inv, idx) => {
    if (byId.has(inv.invoice_id)) return; // first wins; parsers already refuse duplicates
    const tax = normTaxId(inv.customer_tax_id);
    const names = nameTokens(inv.customer_name);
    const nameKey = names.join(" ");
    const bucket = bucketFor(tax ? `T:${tax}|${inv.currency}` : `N:${nameKey}|${inv.currency}`);
    const it: Inv = {
      idx,
      inv,
      tax,
      names,
      compact: names.join(""),
      due: dayOf(inv.due_date),
      issue: dayOf(inv.issue_date),
      remaining: inv.amount_minor,
      buckets: [bucket],
    };
    invs.push(it);
    byId.set(inv.invoice_id, it);
    bucket.byAmount.push(it);
    bucket.byDue.push(it);
    // Invoices of customers with a tax id are also reachable by name (payer without/with a wrong tax id).
    if (tax && names.length > 0) {
      const nb = bucketFor(`N:${nameKey}|${inv.currency}`);
      nb.byAmount.push(it);
      nb.byDue.push(it);
      it.buckets.push(nb);
    }
    if (names.length > 0) {
      let m = nameFirst.get(names[0]);
      if (!m) nameFirst.set(names[0], (m = new Map()));
      m.set(nameKey, names);
      const pre = compactPrefix(it.compact);
      let c = compactFirst.get(pre);
      if (!c) compactFirst.set(pre, (c = new Map()));
      c.set(nameKey, it.compact);
    }
    const k = invoiceKeys(inv.invoice_id);
    push(invByAlnum, k.alnum, it);
    if (k.digits && k.digits !== k.alnum) push(invByDigits, k.digits, it);
    if (inv.po_number) {
      const p = poKeys(inv.po_number);
      if (p.alnum.length >= 3) push(poByAlnum, p.alnum, it);
      if (p.digits && p.digits !== p.alnum) push(poByDigits, p.digits, it);
    }
  });
  for (const b of buckets.values()) {
    b.byAmount.sort((a, c) => a.inv.amount_minor - c.inv.amount_minor || a.idx - c.idx);
    b.byDue.sort((a, c) => a.due - c.due || a.idx - c.idx);
  }
  return { invs, byId, invByAlnum, invByDigits, poByAlnum, poByDigits, buckets, nameFirst, compactFirst };
}

/** Invoices of a bucket by serial ("INV-2026-000042" → 42), built on first use. */
export function bySerial(b: Bucket): Map<number, Inv[]> {
  if (!b.serials) {
    b.serials = new Map();
    for (const i of b.byDue) {
      const s = invoiceSerial(i.inv.invoice_id);
      if (s !== null) push(b.serials, s, i);
    }
  }
  return b.serials;
}

/** Splits `amount` over invoices in proportion to `weights` (largest remainder, sums exactly). */
export function split(amount: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const shares = weights.map((w) => Math.floor((w * amount) / total));
  let rest = amount - shares.reduce((s, x) => s + x, 0);
  const order = weights.map((w, i) => ({ i, frac: (w * amount) / total - shares[i] })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) shares[order[k].i]++;
  return shares;
}

/** Subsets (size 2..max) of `pool` whose open amounts sum exactly to `amount`; stops at 2 found. */
export function exactSubset(pool: Inv[], amount: number, maxSize: number): Inv[][] {
  const items = pool.filter((i) => i.remaining > 0 && i.remaining < amount).sort((a, b) => a.remaining - b.remaining || a.idx - b.idx);
  const found: Inv[][] = [];
  const pick: Inv[] = [];
  const walk = (start: number, sum: number): void => {
    if (found.length >= 2) return;
    for (let k = start; k < items.length; k++) {
      const s = sum + items[k].remaining;
      if (s > amount) break;
      pick.push(items[k]);
      if (s === amount && pick.length >= 2) found.push([...pick]);
      else if (pick.length < maxSize) walk(k + 1, s);
      pick.pop();
      if (found.length >= 2) return;
    }
  };
  walk(0, 0);
  return found;
}

/** The customer's invoices in the credit's currency: by tax id, else by an unambiguous name. */
export function customerOf({ buckets, nameFirst, compactFirst }: InvoiceIndex, ent: Ent): { bucket: Bucket; via: ReasonCode } | null {
  if (ent.behalf) {
    // A third party paying for a named customer: the customer it names, if exactly one.
    const found: Bucket[] = [];
    for (const [key, compact] of compactFirst.get(compactPrefix(ent.behalf)) ?? []) {
      const b = compactMatch(ent.behalf, compact) ? buckets.get(`N:${key}|${ent.e.currency}`) : undefined;
      if (b) found.push(b);
    }
    if (found.length === 1) return { bucket: found[0], via: "ON_BEHALF_OF" };
  }
  if (ent.tax) {
    const b = buckets.get(`T:${ent.tax}|${ent.e.currency}`);
    if (b) return { bucket: b, via: "TAX_ID_EXACT" };
  }
  if (ent.names.length === 0) return null;
  const found: Bucket[] = [];
  for (const [key, tokens] of nameFirst.get(ent.names[0]) ?? []) {
    if (!namesMatch(ent.names, tokens)) continue;
    const b = buckets.get(`N:${key}|${ent.e.currency}`);
    if (b) found.push(b);
  }
  if (found.length === 1) return { bucket: found[0], via: "NAME_MATCH" };
  // Last: a payer that is no customer of its own, which a person matched to a customer before.
  const aliased = ent.alias ? buckets.get(`${aliasCustomer(ent.alias)}|${ent.e.currency}`) : undefined;
  return aliased ? { bucket: aliased, via: "PAYER_ALIAS" } : null;
}

/** Up to `limit` open invoices of a bucket, nearest to `day` by due date (two pointers outward). */
export function nearestOpen(bucket: Bucket, day: number, limit: number, keep: (i: Inv) => boolean): Inv[] {
  const arr = bucket.byDue;
  let lo = 0;
  let up = arr.length;
  while (lo < up) {
    const mid = (lo + up) >> 1;
    if (arr[mid].due < day) lo = mid + 1;
    else up = mid;
  }
  const out: Inv[] = [];
  let l = lo - 1;
  let r = lo;
  let scanned = 0;
  while (out.length < limit && (l >= 0 || r < arr.length) && scanned < limit * 8) {
    const takeLeft = r >= arr.length || (l >= 0 && day - arr[l].due <= arr[r].due - day);
    const it = takeLeft ? arr[l--] : arr[r++];
    scanned++;
    if (it.remaining > 0 && keep(it)) out.push(it);
  }
  return out;
}

/** Keeps `touched` to the partially paid invoices only, so scanning it stays cheap. */
export function touch(inv: Inv): void {
  for (const b of inv.buckets) {
    if (inv.remaining > 0) b.touched.add(inv);
    else b.touched.delete(inv);
  }
}

/** Who the payer is, as seen from one invoice. */
export function agreement(inv: Inv, ent: Ent): ReasonCode | null {
  if (ent.behalf && compactMatch(ent.behalf, inv.compact)) return "ON_BEHALF_OF";
  if (ent.tax && inv.tax) {
    if (ent.tax === inv.tax) return "TAX_ID_EXACT";
    if (nearTaxId(ent.tax, inv.tax) && namesMatch(ent.names, inv.names)) return "TAX_ID_NEAR";
  }
  if (namesMatch(ent.names, inv.names)) return "NAME_MATCH";
  if (ent.alias && aliasFits(ent.alias, inv.tax, inv.names)) return "PAYER_ALIAS";
  return null;
}
