import { InvalidInput } from "../../../platform/errors";
import { NaturalKeyer } from "../natural-key";
import type { BankEntry, Direction, ParsedStatement, ParseIssue, StatementSummary } from "../types";
import { checkCurrency, guardText, issue, newSummary, type ParseOptions } from "./common";
import { isCredit, lineAmount, readLine61 } from "./mt940-line";
import { fieldsOf, swiftAmount, type SwiftField } from "./swift";

/**
 * SWIFT MT940 (and MT942 interim reports), read per the SWIFT field rules: the FIN envelope
 * (blocks 1–5, control bytes, `-}`) in `swift.ts`; each `:20:` starts a statement with
 * :25: account, :28C:/:28: number, :60F:/:60M: opening balance, `:61:` lines (`mt940-line.ts`),
 * each optionally followed by `:86:` information, :62F:/:62M: closing balance, :64:/:65:
 * available balances (and, in MT942, :34F: floor limit, :13D:, :90D:/:90C:). A file may hold
 * several statements of several accounts.
 *
 * :86: may be structured `/ORDP//NAME/<name>/ID/<tax id>/REMI/USTD//<text>`, in numbered
 * subfields (`?20…?29`, `>20…`) or free text; it is wrapped at 65 characters mid-word, so its
 * continuation lines are joined without a space.
 *
 * Every :61: line is accounted for in its statement's summary: read into an entry, skipped as a
 * zero amount (a closing notice's 0,00 line is not a payment), or rejected with a located
 * reason. The statement's balances are checked against all readable lines, rejected ones
 * included, so a rejected line never hides a mismatch.
 */
const TOP_KEYS = [
  "ORDP",
  "BENM",
  "ULTD",
  "ULTC",
  "ULTB",
  "REMI",
  "EREF",
  "PREF",
  "IREF",
  "KREF",
  "MARF",
  "CSID",
  "PURP",
  "RTRN",
  "BUSP",
  "NAME",
  "ID",
  "ADDR",
  "BIC",
  "ACCT",
  "CDTRREFTP",
  "CDTRREF",
  "CD",
  "SCOR",
  "ISSR",
];

export function detectMt940(head: string): boolean {
  return /(^|\n|\{4:\s*)\s*:20:/.test(head) && /:(25|60F|60M|61):/.test(head);
}

export type Info86 = { name: string | null; taxId: string | null; remittance: string };

/** Reads a :86: text in its structured (`/KEY/value`), German (`?NN`) or free form. */
export function parseInfo86(text: string): Info86 {
  // Subfields `?20…` (German banks, DFÜ) or `>20…` (some Dutch banks): the same numbering.
  let t = text.trim();
  if (/^(\d{3})?>\d{2}/.test(t)) t = t.replace(/>(\d{2})/g, "?$1");
  if (/^\d{3}\?/.test(t) || /^\?\d{2}/.test(t)) {
    const parts = new Map<string, string>();
    for (const m of t.matchAll(/\?(\d{2})([^?]*)/g)) parts.set(m[1], (parts.get(m[1]) ?? "") + m[2]);
    const rem = ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "60", "61", "62", "63"]
      .map((k) => parts.get(k) ?? "")
      .join("");
    const name = ((parts.get("32") ?? "") + (parts.get("33") ?? "")).trim();
    return { name: name || null, taxId: null, remittance: rem.trim() };
  }
  if (!t.startsWith("/")) return { name: null, taxId: null, remittance: t };
  // Positions of `/KEY/` markers; the remittance (after REMI) runs to the next top-level key.
  const re = new RegExp(`/(${TOP_KEYS.join("|")})/`, "g");
  const marks: { key: string; start: number; end: number }[] = [];
  for (const m of t.matchAll(re)) marks.push({ key: m[1], start: m.index, end: m.index + m[0].length });
  const value = (key: string, stopAtAny: boolean): string | null => {
    const i = marks.findIndex((m) => m.key === key);
    if (i < 0) return null;
    let next = t.length;
    for (const m of marks.slice(i + 1)) {
      if (m.start < marks[i].end) continue;
      if (
        stopAtAny ||
        ["EREF", "PREF", "PURP", "RTRN", "BUSP", "ORDP", "BENM", "ULTD", "ULTC", "ULTB", "IREF", "KREF", "MARF", "CSID"].includes(m.key)
      ) {
        next = m.start;
        break;
      }
    }
    return t.slice(marks[i].end, next);
  };
  const name = value("NAME", true);
  const id = value("ID", true);
  let rem = value("REMI", false) ?? "";
  rem = rem.replace(/^(USTD|STRD)\/(\/)?/, "").replace(/^(CUR|RF|ISO|SCOR)\//, "");
  return { name: name?.trim() || null, taxId: id?.trim() || null, remittance: rem.trim() };
}

type Balance = { minor: number; currency: string };

const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d+(?:[,.]\d*)?)/;

type BalanceError = { error: string; code?: string };

function readBalance(f: SwiftField | undefined): Balance | BalanceError | null {
  if (!f) return null;
  const first = f.value.split("\n")[0].trim();
  const m = BALANCE.exec(first);
  if (!m) return { error: `:${f.tag}: "${first.slice(0, 60)}" is not a valid balance` };
  const currency = checkCurrency(m[3]);
  if (!currency) return { error: `:${f.tag}: unknown currency ${m[3]}`, code: "UNKNOWN_CURRENCY" };
  const minor = swiftAmount(m[4], currency);
  if (minor === null) return { error: `:${f.tag}: "${m[4]}" is not a valid ${currency} amount` };
  return { minor: m[1] === "D" ? -minor : minor, currency };
}

/** The statement's currency: its balances', else MT942's floor limit (:34F: EURD0,), else the account's suffix. */
function currencyOf(fields: SwiftField[], balances: (Balance | BalanceError | null)[], account: string | null): string | null {
  for (const b of balances) if (b && "currency" in b) return b.currency;
  for (const tag of ["34F", "64", "65"]) {
    const v = fields.find((f) => f.tag === tag)?.value.trim() ?? "";
    const m = /^[CD]?\d{0,6}([A-Z]{3})/.exec(v);
    const c = m ? checkCurrency(m[1]) : null;
    if (c) return c;
  }
  const suffix = account ? /([A-Z]{3})$/.exec(account.replace(/\s+/g, "")) : null;
  return suffix ? checkCurrency(suffix[1]) : null;
}

export function parseMt940(text: string, opts: ParseOptions = {}): ParsedStatement {
  const body = guardText(text, "MT940", opts);
  const messages = fieldsOf(body);
  if (!messages.some((m) => m.some((f) => f.tag === "61" || /^6[02][FM]$/.test(f.tag) || f.tag === "34F"))) {
    throw new InvalidInput("MT940: no statement found (expected :20:, :25:, :60F:, :61:, :62F: fields)");
  }
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const entries: BankEntry[] = [];
  const statements: StatementSummary[] = [];
  const keyer = new NaturalKeyer();
  const seenKeys = new Set<string>();
  let firstAccount: string | null = null;

  for (const fields of messages) {
    const ref = fields.find((f) => f.tag === "20")?.value.trim() || "?";
    const seq = fields.find((f) => f.tag === "28C" || f.tag === "28")?.value.trim();
    const where = `statement ${ref}${seq ? ` ${seq}` : ""}`;
    const account =
      fields
        .find((f) => f.tag === "25")
        ?.value.split("\n")[0]
        .trim() || null;
    firstAccount ??= account;
    const openF = fields.find((f) => f.tag === "60F" || f.tag === "60M");
    const closeF = fields.find((f) => f.tag === "62F" || f.tag === "62M");
    const open = readBalance(openF);
    const close = readBalance(closeF);
    // An MT942 interim report (:34F: floor limit) has no balances; an MT940 statement must have both.
    const interim = fields.some((f) => f.tag === "34F" || f.tag === "13D");
    for (const [b, f, name] of [
      [open, openF, "opening (:60F:)"],
      [close, closeF, "closing (:62F:)"],
    ] as const) {
      if (b && "error" in b) errors.push(issue(b.code ?? "BAD_BALANCE", b.error, `line ${f?.line}`));
      if (!b && !interim) errors.push(issue("MISSING_BALANCE", `no ${name} balance`, where));
    }
    const opening = open && "minor" in open ? open : null;
    const closing = close && "minor" in close ? close : null;
    const currency = currencyOf(fields, [open, close], account);
    const sum = newSummary(ref, account, currency, { opening: opening?.minor ?? null, closing: closing?.minor ?? null });
    let net = 0;
    const reject = (code: string, message: string, at: string) => {
      errors.push(issue(code, message, at));
      sum.rejected_lines++;
    };
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f.tag !== "61") continue;
      sum.lines++;
      const at = `${where}, line ${f.line}`;
      const l = readLine61(f.value);
      if ("error" in l) {
        reject(l.code, l.error, at);
        continue;
      }
      if (!currency) {
        reject("UNKNOWN_CURRENCY", "the statement has no readable currency (:60F:/:62F:)", at);
        continue;
      }
      const minor = lineAmount(l, currency);
      if (minor === null) {
        reject("BAD_AMOUNT", `amount "${l.amountText}" is not a valid ${currency} amount`, at);
        continue;
      }
      const direction: Direction = isCredit(l.mark) ? "credit" : "debit";
      net += direction === "credit" ? minor : -minor;
      if (minor === 0) {
        sum.zero_lines++;
        warnings.push(issue("ZERO_AMOUNT", "a 0,00 line moves no money: nothing to import", at));
        continue;
      }
      const next = fields[i + 1];
      const info = next?.tag === "86" ? parseInfo86(next.value.replace(/\n/g, "")) : { name: null, taxId: null, remittance: "" };
      const fieldsE = {
        account,
        bank_ref: l.bankRef && l.bankRef.toUpperCase() !== "NONREF" ? l.bankRef : null,
        entry_ref: l.customerRef && l.customerRef.toUpperCase() !== "NONREF" ? l.customerRef : null,
        amount_minor: minor,
        currency,
        direction,
        booking_date: l.entryDate,
        value_date: l.valueDate,
        sender_name: info.name,
        sender_tax_id: info.taxId,
        remittance: info.remittance || l.details,
      };
      const natural_key = keyer.key(fieldsE);
      if (seenKeys.has(natural_key)) {
        // The same account and bank reference in another statement of the file: the bank reported the line twice.
        warnings.push(issue("DUPLICATE_NATURAL_KEY", `bank reference ${fieldsE.bank_ref} repeats an earlier line; kept once`, at));
        continue;
      }
      seenKeys.add(natural_key);
      sum.entries++;
      if (direction === "credit") sum.credit_minor += minor;
      else sum.debit_minor += minor;
      entries.push({ natural_key, ...fieldsE, ...(l.mark.startsWith("R") ? { reversal: true } : {}), format: "mt940" });
    }
    if (opening && closing && opening.currency !== closing.currency) {
      errors.push(issue("BALANCE_MISMATCH", `opening balance in ${opening.currency} but closing in ${closing.currency}`, where));
      sum.balance = "mismatch";
    } else if (opening && closing) {
      sum.balance = opening.minor + net === closing.minor ? "ok" : "mismatch";
      if (sum.balance === "mismatch") {
        const unread = sum.rejected_lines ? ` (${sum.rejected_lines} line(s) could not be read)` : "";
        errors.push(
          issue(
            "BALANCE_MISMATCH",
            `opening ${opening.minor} + entries ${net} = ${opening.minor + net} ≠ closing ${closing.minor} (minor units ${currency})${unread}`,
            where,
          ),
        );
      }
    }
    statements.push(sum);
  }
  return { format: "mt940", account: firstAccount, entries, warnings, errors, statements };
}
