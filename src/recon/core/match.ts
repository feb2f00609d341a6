import { liveCredits, unmatchedCredits } from "./match-entries";
import { applyFixedLinks } from "./match-fixed";
import { agreement, bySerial, customerOf, exactSubset, indexInvoices, nearestOpen, split, touch, type Ent, type Inv } from "./match-index";
import { aliasFor, aliasReason, indexAliases } from "./payer-alias";
import { rankCandidates } from "./match-candidates";
import { extractRefs, invoiceSerial, looksLikeNonInvoicePayment, shortInvoiceNumbers } from "./normalize";
import { creditNotes } from "./payer";
import { deriveOutcomes, isFullyPaid, type CreditApplied } from "./status";
import {
  DEFAULT_MATCH_CONFIG,
  type BankEntry,
  type Invoice,
  type Link,
  type MatchConfig,
  type MatchOverrides,
  type MatchResult,
  type ReasonCode,
  type ReviewItem,
  type ReviewKind,
} from "./types";

/**
 * The product's matcher: bank credits → open invoices, allocated globally and one-to-one in money.
 * Candidates come from indexes, never from all pairs (invoice/PO keys in the remittance, tax id,
 * folded payer name, a customer named "on behalf of", per-customer amount-sorted lists): O((I + E) log I).
 * Order: manual links; credits naming invoices or POs in booking order (a full invoice number
 * settles whoever paid; a credit note named nets the difference); credits without a reference by
 * payer + amount within the fee tolerance and date window (ties → review); an exact-sum subset.
 * Money is allocated at most once; excess shows as overpayment; review items carry ranked candidates.
 */
export function wireIdOf(e: BankEntry): string {
  return e.entry_ref ?? e.bank_ref ?? e.natural_key;
}

export function matchPayments(
  invoices: readonly Invoice[],
  entries: readonly BankEntry[],
  config: Partial<MatchConfig> = {},
  overrides: MatchOverrides = {},
): MatchResult {
  const cfg: MatchConfig = { ...DEFAULT_MATCH_CONFIG, ...config };
  const tol = cfg.fee_tolerance_pct;
  const links: Link[] = [];
  const review: ReviewItem[] = [];
  const credits = new Map<string, CreditApplied>();
  /** Per invoice, what its status reasons add (the alias a payment resolved through). */
  const notes = new Map<string, string>();
  const forbidden = new Set((overrides.forbidden_pairs ?? []).map((p) => `${p.invoice_id}\u0000${p.entry_key}`));
  const allowed = (inv: Inv, ent: Ent) => forbidden.size === 0 || !forbidden.has(`${inv.inv.invoice_id}\u0000${ent.e.natural_key}`);

  const index = indexInvoices(invoices);
  const { byId, invByAlnum, invByDigits, poByAlnum, poByDigits } = index;
  const liveSet = liveCredits(entries);
  const { live, byKey, duplicates } = liveSet;
  review.push(...liveSet.review);

  // ---- helpers ----------------------------------------------------------------------------------
  function addReview(kind: ReviewKind, ent: Ent | null, invIds: string[], reason: string): void {
    review.push({ kind, entry_key: ent?.e.natural_key ?? null, wire_id: ent?.wire ?? null, invoice_ids: invIds, reason });
  }

  function allocate(inv: Inv, ent: Ent, amount: number, confidence: number, reasons: ReasonCode[]): void {
    if (amount <= 0) return;
    const uniq = [...new Set(reasons)];
    links.push({
      invoice_id: inv.inv.invoice_id,
      entry_key: ent.e.natural_key,
      wire_id: ent.wire,
      allocated_minor: amount,
      currency: ent.e.currency,
      confidence: Math.round(Math.min(0.99, Math.max(0.05, confidence)) * 100) / 100,
      reason: uniq[0],
      reasons: uniq,
    });
    inv.remaining -= amount;
    touch(inv);
    ent.left -= amount;
    if (ent.alias && uniq.includes("PAYER_ALIAS")) notes.set(inv.inv.invoice_id, aliasReason(ent.alias));
  }

  const fitsFull = (amount: number, open: number) => open > 0 && amount <= open + 1 && isFullyPaid(amount, open, tol);

  /** A credit that names exactly one invoice (by number or PO). */
  function payOne(inv: Inv, ent: Ent, via: ReasonCode, strength: number): boolean {
    const amt = ent.left;
    const open = inv.remaining;
    const who = agreement(inv, ent);
    const exact = amt === open || amt === inv.inv.amount_minor;
    const full = fitsFull(amt, open);
    const alreadyPaid = open <= 0 || isFullyPaid(inv.inv.amount_minor - open, inv.inv.amount_minor, tol);
    // A credit note named in the remittance makes up the difference (stated, else what is left open).
    const cn = ent.credit && amt < open && !alreadyPaid ? (ent.credit.amount_minor ?? open - amt) : 0;
    const netted = cn > 0 && amt + cn <= open + 1 && isFullyPaid(amt + cn, open, tol);
    // A full invoice number settles whoever paid (a parent, a factor); a weaker key needs payer or amount.
    const named = via === "INVOICE_REF" && strength >= 0.9;
    if (!who && !full && !exact && !netted && !named) {
      addReview(
        amt < open ? "UNDERPAYMENT" : "AMBIGUOUS",
        ent,
        [inv.inv.invoice_id],
        `remittance names ${inv.inv.invoice_id} but neither the payer nor the amount agree with it`,
      );
      return false;
    }
    const reasons: ReasonCode[] = [via];
    let conf = strength;
    if (who) {
      reasons.push(who);
      conf += who === "TAX_ID_EXACT" ? 0.04 : 0.02;
    } else conf -= 0.15;
    if (alreadyPaid) {
      reasons.unshift("OVERPAYMENT");
      conf -= 0.1;
      addReview("OVERPAYMENT", ent, [inv.inv.invoice_id], `${inv.inv.invoice_id} was already paid; this payment makes it paid twice`);
    } else if (netted && ent.credit) {
      reasons.push("CREDIT_NOTE");
      credits.set(inv.inv.invoice_id, { ids: ent.credit.ids, minor: open - amt });
    } else if (full) {
      if (amt === open) reasons.push("AMOUNT_EXACT");
      else reasons.push("FEE_SHORTFALL");
      if (open !== inv.inv.amount_minor) reasons.push("INSTALLMENT");
      conf += amt === open ? 0.01 : 0;
    } else if (amt > open) {
      reasons.unshift("OVERPAYMENT");
      conf -= 0.05;
    } else {
      reasons.unshift("INSTALLMENT");
      conf -= 0.05;
      if (!who)
        addReview("UNDERPAYMENT", ent, [inv.inv.invoice_id], `a third party pays part of ${inv.inv.invoice_id} (${amt} of ${open})`);
    }
    allocate(inv, ent, amt, conf, reasons);
    return true;
  }

  /** A credit that names several invoices: split over their open amounts. */
  function payMany(list: Inv[], ent: Ent, via: ReasonCode, strength: number): boolean {
    const amt = ent.left;
    const open = list.filter((i) => i.remaining > 0);
    const whoAny = list.some((i) => agreement(i, ent) !== null);
    const sum = open.reduce((s, i) => s + i.remaining, 0);
    const ids = list.map((i) => i.inv.invoice_id);
    if (open.length === 0) {
      addReview("OVERPAYMENT", ent, ids, `all invoices named (${ids.join(", ")}) are already paid`);
      return false;
    }
    const fits = amt <= sum + 1 && isFullyPaid(amt, sum, tol);
    if (!whoAny && !fits) {
      addReview("AMBIGUOUS", ent, ids, `remittance names ${ids.join(", ")} but neither the payer nor the amount agree with them`);
      return false;
    }
    const base: ReasonCode[] = [via, "MULTI_INVOICE"];
    const who = list.map((i) => agreement(i, ent)).find((w) => w !== null);
    if (who) base.push(who);
    const conf = strength + (who ? 0.02 : -0.15);
    if (fits) {
      const shares = split(
        amt,
        open.map((i) => i.remaining),
      );
      open.forEach((inv, k) => allocate(inv, ent, shares[k], conf, amt < sum ? [...base, "FEE_SHORTFALL"] : [...base, "AMOUNT_EXACT"]));
      return true;
    }
    if (amt > sum) {
      // Everything named is paid; the excess stays on the last-due invoice, visibly.
      const sorted = [...open].sort((a, b) => a.due - b.due || a.idx - b.idx);
      sorted.forEach((inv, k) =>
        allocate(
          inv,
          ent,
          k === sorted.length - 1 ? ent.left : inv.remaining,
          conf - 0.05,
          k === sorted.length - 1 ? ["OVERPAYMENT", ...base] : base,
        ),
      );
      addReview("OVERPAYMENT", ent, ids, `pays ${ids.join(", ")} with an excess of ${amt - sum} minor units`);
      return true;
    }
    // Less than the sum: an exact sub-selection of the named invoices, else oldest due first.
    const subset = exactSubset(open, amt, open.length);
    if (subset.length === 1) {
      for (const inv of subset[0]) allocate(inv, ent, inv.remaining, conf - 0.05, base);
      return true;
    }
    const sorted = [...open].sort((a, b) => a.due - b.due || a.idx - b.idx);
    for (const inv of sorted) {
      if (ent.left <= 0) break;
      const part = Math.min(inv.remaining, ent.left);
      allocate(inv, ent, part, conf - 0.1, part < inv.remaining ? ["INSTALLMENT", ...base] : base);
    }
    addReview("UNDERPAYMENT", ent, ids, `pays less than the invoices it names (${amt} of ${sum} minor units); allocated oldest due first`);
    return true;
  }

  // ---- phase 0: decisions already made (manual links, links of earlier runs, write-offs) ---------
  applyFixedLinks(overrides.fixed_links ?? [], byId, byKey, links, credits);
  // Payers a person matched to a customer before (learned aliases): resolved after their own identity.
  const aliases = indexAliases(overrides.payer_aliases ?? []);
  if (aliases.size > 0) for (const ent of live) ent.alias = aliasFor(aliases, ent.e.sender_name);

  // ---- phase 1: credits that name invoices or POs -----------------------------------------------
  for (const ent of live) {
    if (ent.handled || ent.left <= 0 || !ent.e.remittance) continue;
    const cn = creditNotes(ent.e.remittance);
    if (cn.ids.length > 0) ent.credit = { ids: cn.ids, amount_minor: cn.amount_minor };
    const refs = extractRefs(cn.text);
    const named = new Set<Inv>();
    const ambiguous = new Set<Inv>();
    let strongest = 0.85;
    const take = (hits: Inv[] | undefined, strength: number) => {
      if (!hits) return;
      const usable = hits.filter((h) => allowed(h, ent));
      if (usable.length === 1) {
        named.add(usable[0]);
        strongest = Math.max(strongest, strength);
        return;
      }
      // One number, several invoices (e.g. two numbering series): keep the one that fits.
      const fit = usable.filter(
        (h) => h.inv.currency === ent.e.currency && (agreement(h, ent) !== null || fitsFull(ent.left, h.remaining)),
      );
      if (fit.length === 1) named.add(fit[0]);
      else for (const h of usable) ambiguous.add(h);
    };
    for (const a of refs.alnum) take(invByAlnum.get(a), 0.95);
    for (const d of refs.digits) take(invByDigits.get(d), 0.9);
    let via: ReasonCode = "INVOICE_REF";
    if (named.size === 0 && ambiguous.size === 0) {
      const po = new Set<Inv>();
      for (const a of refs.alnum) for (const h of poByAlnum.get(a) ?? []) if (allowed(h, ent)) po.add(h);
      for (const d of refs.digits) for (const h of poByDigits.get(d) ?? []) if (allowed(h, ent)) po.add(h);
      if (po.size > 0) {
        via = "PO_REF";
        strongest = 0.9;
        const same = [...po].filter((h) => h.inv.currency === ent.e.currency);
        const single = same.filter((h) => fitsFull(ent.left, h.remaining) || h.remaining === ent.left);
        if (same.length === 1) named.add(same[0]);
        else if (single.length === 1) named.add(single[0]);
        else if (
          same.length > 1 &&
          fitsFull(
            ent.left,
            same.reduce((s, h) => s + Math.max(0, h.remaining), 0),
          )
        )
          for (const h of same) named.add(h);
        else for (const h of po) ambiguous.add(h);
      }
    }
    if (named.size === 0 && ambiguous.size === 0) continue; // no reference: phase 2
    ent.handled = true;
    if (named.size === 0) {
      addReview(
        "AMBIGUOUS",
        ent,
        [...ambiguous].map((i) => i.inv.invoice_id),
        "the reference in the remittance fits several open invoices",
      );
      continue;
    }
    const list = [...named].sort((a, b) => a.idx - b.idx);
    const same = list.filter((i) => i.inv.currency === ent.e.currency);
    if (same.length === 0) {
      addReview(
        "CURRENCY_MISMATCH",
        ent,
        list.map((i) => i.inv.invoice_id),
        `paid in ${ent.e.currency}; the invoice(s) named are in ${[...new Set(list.map((i) => i.inv.currency))].join("/")}`,
      );
      continue;
    }
    if (same.length === 1) payOne(same[0], ent, via, strongest);
    else payMany(same, ent, via, strongest);
  }

  // ---- phase 2 + 3: credits without a usable reference -------------------------------------------
  const window = cfg.date_window_days;
  for (const ent of live) {
    if (ent.handled || ent.left <= 0) continue;
    ent.handled = true;
    if (looksLikeNonInvoicePayment(ent.e.remittance)) continue;
    const cust = customerOf(index, ent);
    if (!cust) continue;
    // "Invoice #42": a short number the customer wrote, looked up among its own invoices.
    const serials = shortInvoiceNumbers(ent.e.remittance);
    if (serials.length > 0) {
      const index = bySerial(cust.bucket);
      const hits = serials.flatMap((n) => index.get(n) ?? []).filter((i) => allowed(i, ent));
      const distinct = new Set(hits.map((i) => invoiceSerial(i.inv.invoice_id)));
      if (hits.length > 0 && distinct.size === hits.length) {
        if (hits.length === 1) payOne(hits[0], ent, "INVOICE_REF", 0.8);
        else payMany(hits, ent, "INVOICE_REF", 0.8);
        continue;
      }
      if (hits.length > 0) {
        addReview(
          "AMBIGUOUS",
          ent,
          hits.map((i) => i.inv.invoice_id),
          "the short invoice number in the remittance fits several of this customer's invoices",
        );
        continue;
      }
    }
    const amt = ent.left;
    const hi = Math.floor((amt * 100) / (100 - Math.min(tol, 99))) + 1;
    const ok = (i: Inv) =>
      i.remaining > 0 &&
      fitsFull(amt, i.remaining) &&
      Math.abs(ent.day - i.due) <= window &&
      i.issue <= ent.day + window &&
      allowed(i, ent);
    // Untouched invoices by amount (binary search), plus the few partially paid ones.
    const arr = cust.bucket.byAmount;
    let lo = 0;
    let up = arr.length;
    while (lo < up) {
      const mid = (lo + up) >> 1;
      if (arr[mid].inv.amount_minor < amt) lo = mid + 1;
      else up = mid;
    }
    const cands = new Set<Inv>();
    for (let k = lo; k < arr.length && arr[k].inv.amount_minor <= hi; k++) if (ok(arr[k])) cands.add(arr[k]);
    for (const t of cust.bucket.touched) if (ok(t)) cands.add(t);
    const list = [...cands];
    const exact = list.filter((i) => i.remaining === amt);
    const pool = exact.length > 0 ? exact : list;
    const baseConf = cust.via === "TAX_ID_EXACT" ? 0.85 : 0.72;
    if (pool.length >= 1) {
      let chosen: Inv | null = pool.length === 1 ? pool[0] : null;
      let byDate = false;
      if (!chosen) {
        const sorted = [...pool].sort((a, b) => Math.abs(ent.day - a.due) - Math.abs(ent.day - b.due) || a.idx - b.idx);
        if (Math.abs(ent.day - sorted[1].due) - Math.abs(ent.day - sorted[0].due) >= 3) {
          chosen = sorted[0];
          byDate = true;
        } else {
          addReview(
            "AMBIGUOUS",
            ent,
            sorted.map((i) => i.inv.invoice_id),
            `no reference; ${sorted.length} open invoices of this customer fit the amount and date equally well`,
          );
          continue;
        }
      }
      const reasons: ReasonCode[] = [cust.via, chosen.remaining === amt ? "AMOUNT_EXACT" : "FEE_SHORTFALL", "DATE_PROXIMITY"];
      if (chosen.remaining !== chosen.inv.amount_minor) reasons.push("INSTALLMENT");
      allocate(chosen, ent, amt, baseConf - (chosen.remaining === amt ? 0 : 0.1) - (byDate ? 0.1 : 0), reasons);
      continue;
    }
    // Phase 3: one credit paying several of the customer's open invoices, exact sum only (a
    // tolerance would let unrelated subsets fit by chance).
    const near = nearestOpen(cust.bucket, ent.day, cfg.max_subset_pool, (i) => i.issue <= ent.day && allowed(i, ent));
    const subsets = exactSubset(near, amt, cfg.max_subset_size);
    if (subsets.length === 1) {
      for (const inv of subsets[0]) allocate(inv, ent, inv.remaining, baseConf - 0.15, [cust.via, "MULTI_INVOICE", "AMOUNT_EXACT"]);
    } else if (subsets.length > 1) {
      addReview(
        "AMBIGUOUS",
        ent,
        [...new Set(subsets.flat())].map((i) => i.inv.invoice_id),
        "no reference; several combinations of open invoices add up to the amount",
      );
    }
  }

  // ---- leftovers ---------------------------------------------------------------------------------
  const unmatched = unmatchedCredits(live, review);
  return {
    links,
    outcomes: deriveOutcomes(
      invoices,
      links,
      cfg,
      review.filter((r) => r.kind !== "UNMATCHED_ENTRY" && r.kind !== "DUPLICATE_ENTRY"),
      credits,
      notes,
    ),
    review: rankCandidates(index, byKey, review, cfg),
    unmatched,
    duplicates,
  };
}
