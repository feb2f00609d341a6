/**
 * Normalisation shared by the matcher's indexes: tax ids, company names and the references
 * found in free remittance text. Derived from the forms banks actually produce ("INV-2026-000042",
 * "INV2026000042", "inv no 2026-000042", "INVOICES 2026-000041 / 2026-000042",
 * "EREF+… SVWZ+INV-…", "/INV/INV-…", "PO PO-474166", "PO 4507579121"), generalised: any
 * invoice or PO number is matched through its alphanumeric form or its digit sequence, whatever
 * the separators.
 */

export function normTaxId(v: string | null | undefined): string | null {
  if (!v) return null;
  const t = v.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return t.length >= 4 ? t : null;
}

/** Damerau–Levenshtein distance ≤ 1 (one typo or one swap of neighbours), for tax ids typed by hand. */
export function nearTaxId(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

// --- company names ----------------------------------------------------------------------------

/** Legal forms and filler dropped from names (after upper-casing, stripping marks and dots). */
const LEGAL = new Set([
  "GMBH",
  "MBH",
  "AG",
  "KG",
  "KGAA",
  "OHG",
  "UG",
  "EV",
  "SE",
  "CO",
  "COMPANY",
  "CORP",
  "CORPORATION",
  "INC",
  "INCORPORATED",
  "LTD",
  "LIMITED",
  "LLC",
  "LLP",
  "LP",
  "PLC",
  "SA",
  "SAS",
  "SARL",
  "SRL",
  "SPA",
  "SL",
  "BV",
  "NV",
  "AB",
  "AS",
  "ASA",
  "OY",
  "OYJ",
  "APS",
  "PTY",
  "PTE",
  "KK",
  "SCA",
  "SNC",
  "THE",
  "AND",
  "UND",
  "ET",
  "Y",
  "HOLDING",
]);
/** Words a bank appends to the payer's name that say nothing about who it is. */
const FILLER = new Set(["ACCOUNTS", "PAYABLE", "AP", "DEPT", "DEPARTMENT", "TREASURY", "FINANCE"]);

/** Folds marks and German transliterations to one form on both sides (Ä, AE → A). */
function fold(s: string): string {
  return s
    .toUpperCase()
    .replace(/ß/g, "SS")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/AE/g, "A")
    .replace(/OE/g, "O")
    .replace(/UE/g, "U");
}

/**
 * Distinctive name tokens: "Atlas Media GmbH & Co. KG" → [ATLAS, MEDIA]; "L.L.C." and "S.A."
 * collapse before legal forms are dropped. A trailing fragment that is the start of a legal form
 * ("NORDLICHT MOTORS C", "WESTBROOK MEDIA IN": names cut at the bank's field width) is dropped too.
 */
export function nameTokens(name: string | null | undefined): string[] {
  if (!name) return [];
  const collapsed = fold(name)
    .replace(/\b([A-Z])\.(?=[A-Z]\.?)/g, "$1")
    .replace(/([A-Z])\.(?=\s|$)/g, "$1");
  const raw = collapsed.split(/[^A-Z0-9]+/).filter(Boolean);
  const out = raw.filter((t) => !LEGAL.has(t) && !FILLER.has(t));
  if (out.length > 1) {
    const last = out[out.length - 1];
    if (last.length <= 3 && [...LEGAL].some((l) => l.length > last.length && l.startsWith(last))) out.pop();
  }
  return out;
}

/**
 * Does a payer name (possibly truncated or abbreviated: "CEDAR SYS CORP", "PACIFIC HANDELSGES",
 * "BLUE HARBOR ROBOTI") denote the customer? Token by token: equal, or the payer's token is an
 * abbreviation (a prefix of ≥ 3 letters) of the customer's. The first token must be equal, all the
 * customer's tokens must be covered unless the payer's name ends early because it was cut
 * (its last token is a prefix), and the payer may not add distinctive tokens.
 */
export function namesMatch(payer: readonly string[], customer: readonly string[]): boolean {
  if (payer.length === 0 || customer.length === 0) return false;
  if (payer.length > customer.length) return false;
  if (payer[0] !== customer[0]) return false;
  for (let i = 1; i < payer.length; i++) {
    const p = payer[i];
    const c = customer[i];
    if (p !== c && !(p.length >= 3 && c.startsWith(p))) return false;
  }
  if (payer.length < customer.length) {
    // Only a name cut at a field width may stop early, and it must keep most of the name.
    const last = payer[payer.length - 1];
    const truncated = last !== customer[payer.length - 1];
    return truncated && payer.length >= 2 && payer.length * 2 >= customer.length;
  }
  return true;
}

// --- references in remittance text -----------------------------------------------------------

export type RemittanceRefs = {
  /** Alphanumeric compounds upper-cased without separators ("INV-2026-000042" → INV2026000042). */
  alnum: string[];
  /** Digit strings of ≥ 5 digits formed by 1–4 neighbouring digit groups ("2026-000042" → 2026000042). */
  digits: string[];
};

const MAX_TEXT = 1000;

export function extractRefs(remittance: string): RemittanceRefs {
  const text = remittance.slice(0, MAX_TEXT).toUpperCase();
  const alnum = new Set<string>();
  for (const m of text.matchAll(/[A-Z0-9]+(?:[-_.:#][A-Z0-9]+)*/g)) {
    const a = m[0].replace(/[^A-Z0-9]/g, "");
    if (a.length >= 3 && /\d/.test(a)) alnum.add(a);
  }
  const digits = new Set<string>();
  for (const m of text.matchAll(/\d+(?:[-./ ]\d+)*/g)) {
    const groups = m[0].split(/[-./ ]/).slice(0, 40);
    for (let i = 0; i < groups.length; i++) {
      let acc = "";
      for (let j = i; j < Math.min(groups.length, i + 4); j++) {
        acc += groups[j];
        if (acc.length >= 5) digits.add(acc);
      }
    }
  }
  return { alnum: [...alnum], digits: [...digits] };
}

/** Keys under which an invoice id is indexed: its alphanumeric form and, when long enough, its digits. */
export function invoiceKeys(invoiceId: string): { alnum: string; digits: string | null } {
  const alnum = invoiceId.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const digits = alnum.replace(/\D/g, "");
  return { alnum, digits: digits.length >= 5 ? digits : null };
}

/**
 * Keys of a PO number. Its bare digits count only when the PO is numeric or prefixed "PO"
 * ("PO-490071", "PO33541"); a supplier-style prefix ("FAL-25495") must be quoted with it, so that
 * a stray customer number in the text does not pass for a PO.
 */
export function poKeys(po: string): { alnum: string; digits: string | null } {
  const alnum = po.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const prefix = alnum.replace(/\d.*$/, "");
  const digits = alnum.slice(prefix.length);
  const ok = /^\d+$/.test(digits) && digits.length >= 5 && (prefix === "" || prefix === "PO");
  return { alnum, digits: ok ? digits : null };
}

/**
 * Words that say a credit is not the payment of an invoice (refunds, deposits, transfers between
 * group companies): such a credit is never matched on amount alone.
 */
export function looksLikeNonInvoicePayment(remittance: string): boolean {
  return /\b(REFUND|RETURN(ED)?|REVERSAL|DEPOSIT|ON ACCOUNT|ADVANCE PAYMENT|PREPAYMENT|INTERCOMPANY|INTER-COMPANY|REIMBURSEMENT|CHARGEBACK|SALARY|LOAN|INTEREST|DIVIDEND|CREDIT NOTE|GUTSCHRIFT|RUECKUEBERWEISUNG|RÜCKÜBERWEISUNG|KAUTION|ANZAHLUNG AUF)\b/i.test(
    remittance,
  );
}

/**
 * Short invoice numbers a customer writes by hand ("Invoice #42", "Rechnung Nr. 42", "inv 0042"):
 * only behind an invoice keyword and only as a whole number, never part of a longer reference.
 * The matcher looks them up among the identified customer's own invoices (by their serial).
 */
export function shortInvoiceNumbers(remittance: string): number[] {
  const out = new Set<number>();
  const re =
    /\b(?:INV(?:OICE)?|RECHNUNG|RG|FACTURE|FACTURA|FATTURA|FAKTURA|BILL)\.?\s*(?:NO\.?|NR\.?|NUMBER|NUM\.?|N°|#)?\s*[:#]?\s*(\d{1,7})(?![-/.,]?\d)(?![A-Z])/gi;
  for (const m of remittance.slice(0, MAX_TEXT).matchAll(re)) out.add(Number(m[1]));
  return [...out];
}

/** The serial of an invoice id: its last digit group as a number ("INV-2026-000042" → 42). */
export function invoiceSerial(invoiceId: string): number | null {
  const m = /(\d+)\D*$/.exec(invoiceId);
  return m ? Number(m[1]) : null;
}
