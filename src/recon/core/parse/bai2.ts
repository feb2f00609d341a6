import { InvalidInput } from "../../../platform/errors";
import { NaturalKeyer } from "../natural-key";
import type { BankEntry, Direction, ParsedStatement, ParseIssue, StatementSummary } from "../types";
import { checkCurrency, guardText, issue, newSummary, type ParseOptions } from "./common";
import { swiftDate } from "./swift";

/**
 * BAI2 (BAI Cash Management Balance Reporting Specifications, version 2), the US banks' format:
 * comma-separated records ending in `/`, `01` file header, `02` group header (as-of date, group
 * currency), `03` account with summary amounts (010 opening ledger, 015 closing ledger …), `16`
 * transaction detail, `88` continuation of the record before, `49` account trailer (control
 * total = every amount of the account's 03 and 16 records), `98` / `99` trailers.
 *
 * Amounts are written in the currency's minor units without a decimal point; a 16 record's sign
 * is its type code (100–399 credit, 400–699 debit). Funds type `S` takes three more fields, `V` a
 * value date and time, `D` a count and that many day/amount pairs. A 16 record's text runs to the
 * end of the record (it may contain commas and slashes) and continues in 88 records.
 *
 * Physical lines are not records: a record may be wrapped onto the next line (with or without an
 * 88) and several records may share a line, so records are cut at `/` before a record code.
 */
const RECORD = /^(01|02|03|16|88|49|98|99),/;

function records(text: string): { code: string; fields: string[]; line: number }[] {
  const out: { code: string; fields: string[]; line: number; raw: string }[] = [];
  text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .forEach((physical, i) => {
      // Several records on one line: cut after a `/` that is followed by a record code.
      for (const part of physical.split(/\/(?=\s*(?:01|02|03|16|88|49|98|99),)/)) {
        const t = part.trim();
        if (!t) continue;
        if (RECORD.test(t)) out.push({ code: t.slice(0, 2), fields: [], line: i + 1, raw: t.slice(3) });
        else if (out.length) out[out.length - 1].raw += t; // a record wrapped onto the next line without 88
      }
    });
  // 88 continues the record before it: its fields follow on (a 16's text goes on with a space).
  const merged: typeof out = [];
  for (const r of out) {
    const prev = merged[merged.length - 1];
    if (r.code === "88" && prev) prev.raw = prev.raw.replace(/\/\s*$/, "") + (prev.code === "16" ? " " : ",") + r.raw;
    else merged.push(r);
  }
  return merged.map((r) => ({ code: r.code, line: r.line, fields: r.code === "16" ? [r.raw] : r.raw.replace(/\/\s*$/, "").split(",") }));
}

/** Field count taken by a funds type and its extra fields (after the type itself). */
function fundsExtra(type: string, next: (i: number) => string): number {
  switch (type.trim().toUpperCase()) {
    case "S":
      return 3;
    case "V":
      return 2;
    case "D":
      return 1 + 2 * (Number(next(0)) || 0);
    default:
      return 0;
  }
}

export function detectBai2(head: string): boolean {
  return /^\s*01,[^\n]*\n?[\s\S]*?^\s*0[23],/m.test(head) || /^\s*01,.*\/\s*$/m.test(head.split("\n", 1)[0] ?? "");
}

const amountOf = (t: string): number | null => (/^[+-]?\d+$/.test(t.trim()) ? Number(t.trim()) : null);

export function parseBai2(text: string, opts: ParseOptions = {}): ParsedStatement {
  const body = guardText(text, "BAI2", opts);
  const recs = records(body);
  if (!recs.length || recs[0].code !== "01") throw new InvalidInput("BAI2: the file does not start with an 01 file header");
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const entries: BankEntry[] = [];
  const statements: StatementSummary[] = [];
  const keyer = new NaturalKeyer();
  let groupDate: string | null = null;
  let groupCcy = "USD";
  let acct: { sum: StatementSummary; control: number; date: string | null; line: number } | null = null;
  let firstAccount: string | null = null;

  const closeAccount = (trailer: string[] | null, line: number) => {
    if (!acct) return;
    const s = acct.sum;
    if (s.opening_minor !== null && s.closing_minor !== null) {
      s.balance = s.opening_minor + s.credit_minor - s.debit_minor === s.closing_minor ? "ok" : "mismatch";
      if (s.balance === "mismatch")
        errors.push(
          issue(
            "BALANCE_MISMATCH",
            `opening ${s.opening_minor} + lines ≠ closing ${s.closing_minor} (minor units ${s.currency})`,
            `account ${s.ref}`,
          ),
        );
    }
    const total = trailer ? amountOf(trailer[0] ?? "") : null;
    if (total !== null && total !== acct.control) {
      errors.push(
        issue("CONTROL_TOTAL_MISMATCH", `account trailer total ${total} ≠ the account's amounts ${acct.control}`, `line ${line}`),
      );
    }
    statements.push(s);
    acct = null;
  };

  for (const r of recs) {
    const f = r.fields;
    const at = `line ${r.line}`;
    if (r.code === "02") {
      groupDate = swiftDate(f[3]?.trim() ?? "");
      groupCcy = checkCurrency(f[5] ?? "") ?? "USD";
    } else if (r.code === "03") {
      closeAccount(null, r.line);
      const currency = f[1]?.trim() ? checkCurrency(f[1]) : groupCcy;
      const account = f[0]?.trim() || null;
      firstAccount ??= account;
      const sum = newSummary(account ?? "?", account, currency);
      acct = { sum, control: 0, date: groupDate, line: r.line };
      if (!currency) errors.push(issue("UNKNOWN_CURRENCY", `unknown currency "${f[1]}"`, at));
      // Summary groups: type code, amount, item count, funds type (+ its extra fields).
      for (let i = 2; i < f.length;) {
        const type = f[i]?.trim() ?? "";
        const amount = amountOf(f[i + 1] ?? "");
        if (amount !== null) acct.control += amount;
        if (type === "010" && amount !== null) sum.opening_minor = amount;
        if (type === "015" && amount !== null) sum.closing_minor = amount;
        i += 4 + fundsExtra(f[i + 3] ?? "", (k) => f[i + 4 + k] ?? "");
      }
    } else if (r.code === "16") {
      if (!acct) {
        errors.push(issue("BAD_LINE", "a 16 transaction outside an 03 account", at));
        continue;
      }
      acct.sum.lines++;
      // Split the fixed fields off the front; the text is the rest of the record, commas and all.
      const raw = f[0];
      const parts = raw.split(",");
      const type = parts[0]?.trim() ?? "";
      const amount = amountOf(parts[1] ?? "");
      let i = 3 + fundsExtra(parts[2] ?? "", (k) => parts[3 + k] ?? "");
      const valueDate = (parts[2] ?? "").trim().toUpperCase() === "V" ? swiftDate(parts[3]?.trim() ?? "") : null;
      const bankRef = parts[i]?.trim() || null;
      const custRef = parts[i + 1]?.trim() || null;
      i += 2;
      const remittance = parts
        .slice(i)
        .join(",")
        .replace(/\/\s*$/, "")
        .trim();
      const code = Number(type);
      const currency = acct.sum.currency;
      if (amount === null || amount < 0 || !/^\d{3}$/.test(type)) {
        acct.sum.rejected_lines++;
        errors.push(issue("BAD_LINE", `16 record: type "${type}" or amount "${parts[1] ?? ""}" is not readable`, at));
        continue;
      }
      acct.control += amount;
      const direction: Direction | null = code >= 100 && code < 400 ? "credit" : code >= 400 && code < 700 ? "debit" : null;
      if (!direction || !currency) {
        acct.sum.rejected_lines++;
        errors.push(
          issue(
            direction ? "UNKNOWN_CURRENCY" : "BAD_TYPE",
            direction ? "the account has no readable currency" : `type code ${type} is neither a credit (100–399) nor a debit (400–699)`,
            at,
          ),
        );
        continue;
      }
      if (amount === 0) {
        acct.sum.zero_lines++;
        warnings.push(issue("ZERO_AMOUNT", "a zero amount moves no money: nothing to import", at));
        continue;
      }
      const booking = acct.date ?? valueDate;
      if (!booking) {
        acct.sum.rejected_lines++;
        errors.push(issue("BAD_DATE", "no as-of date in the 02 group header", at));
        continue;
      }
      const fields = {
        account: acct.sum.account,
        bank_ref: bankRef,
        entry_ref: custRef,
        amount_minor: amount,
        currency,
        direction,
        booking_date: booking,
        value_date: valueDate,
        sender_name: null,
        sender_tax_id: null,
        remittance,
      };
      acct.sum.entries++;
      if (direction === "credit") acct.sum.credit_minor += amount;
      else acct.sum.debit_minor += amount;
      entries.push({ natural_key: keyer.key(fields), ...fields, format: "bai2" });
    } else if (r.code === "49") {
      closeAccount(f, r.line);
    }
  }
  closeAccount(null, 0);
  if (statements.length === 0) throw new InvalidInput("BAI2: no 03 account record found");
  return { format: "bai2", account: firstAccount, entries, warnings, errors, statements };
}
