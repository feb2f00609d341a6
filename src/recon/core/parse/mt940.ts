import { InvalidInput } from "../../../platform/errors";
import { NaturalKeyer } from "../natural-key";
import type { BankEntry, Direction, ParsedStatement, ParseIssue } from "../types";
import { checkCurrency, guardText, issue, parseAmount, ymd, type ParseOptions } from "./common";

/**
 * SWIFT MT940. A file holds one or more messages ({1:…}{2:…}{4: … -}), each with
 * :20: reference, :25: account, :28C: statement number, :60F:/:60M: opening balance, pairs of
 * :61: statement line + :86: information, and :62F:/:62M: closing balance.
 *
 * :61: = value date YYMMDD, optional entry date MMDD, mark C | D | RC | RD, optional funds code,
 * amount with a decimal comma, transaction type (N/S/F + 3), customer reference (= wire_id),
 * optional `//` bank reference, optional supplementary details on the next line.
 * :86: may be structured `/ORDP//NAME/<name>/ID/<tax id>/REMI/USTD//<text>` or German `?20…?29`;
 * it is wrapped at 65 characters mid-word, so continuation lines are joined without a space.
 *
 * Each message's opening balance + credits − debits must equal its closing balance; otherwise a
 * BALANCE_MISMATCH error flags the statement (its entries are still returned, never silently
 * accepted as a clean import).
 */
type Field = { tag: string; value: string; line: number };

const LINE61 = /^(\d{2})(\d{2})(\d{2})(\d{4})?(RC|RD|C|D)([A-Z])?(\d[\d,]*)([NSF][A-Z0-9]{3})(.*?)(?:\/\/(.*))?$/;
const BALANCE = /^([CD])(\d{2})(\d{2})(\d{2})([A-Z]{3})(\d[\d,]*)$/;
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

function splitFields(body: string): Field[][] {
  const messages: Field[][] = [];
  let cur: Field[] = [];
  let last: Field | null = null;
  const lines = body.split(/\r?\n/);
  lines.forEach((raw, i) => {
    // Keep trailing spaces: a :86: wrapped at 65 characters may end a line on the space between words.
    const line = raw.replace(/\r$/, "");
    if (/^-\}?$/.test(line.trim()) || /^\{1:/.test(line) || line.trim() === "}") {
      last = null;
      return;
    }
    const m = /^:(\d{2}[A-Z]?):(.*)$/.exec(line);
    if (m) {
      if (m[1] === "20" && cur.length > 0) {
        messages.push(cur);
        cur = [];
      }
      last = { tag: m[1], value: m[2], line: i + 1 };
      cur.push(last);
    } else if (last && line.trim() !== "") {
      // :86: is wrapped at a fixed width mid-word: join as is. :61: supplementary details are a new line.
      last.value += last.tag === "61" ? `\n${line}` : line;
    }
  });
  if (cur.length > 0) messages.push(cur);
  return messages;
}

function yymmdd(yy: string, mm: string, dd: string): string | null {
  const y = Number(yy);
  return ymd(y < 80 ? 2000 + y : 1900 + y, Number(mm), Number(dd));
}

export type Info86 = { name: string | null; taxId: string | null; remittance: string };

/** Reads a :86: text in its structured (`/KEY/value`), German (`?NN`) or free form. */
export function parseInfo86(text: string): Info86 {
  const t = text.trim();
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

export function parseMt940(text: string, opts: ParseOptions = {}): ParsedStatement {
  const body = guardText(text, "MT940", opts);
  const messages = splitFields(body);
  if (messages.length === 0 || !messages.some((m) => m.some((f) => f.tag === "61" || f.tag.startsWith("60")))) {
    throw new InvalidInput("MT940: no statement found (expected :20:, :25:, :60F:, :61:, :62F: fields)");
  }
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const entries: BankEntry[] = [];
  const keyer = new NaturalKeyer();
  const seenKeys = new Set<string>();
  let firstAccount: string | null = null;

  for (const fields of messages) {
    const ref = fields.find((f) => f.tag === "20")?.value.trim() ?? "?";
    const seq = fields.find((f) => f.tag === "28C" || f.tag === "28")?.value.trim();
    const where = `statement ${ref}${seq ? ` ${seq}` : ""}`;
    const account = fields.find((f) => f.tag === "25")?.value.trim() || null;
    firstAccount ??= account;
    const open = fields.find((f) => f.tag === "60F" || f.tag === "60M");
    const close = fields.find((f) => f.tag === "62F" || f.tag === "62M");
    const readBalance = (f: Field | undefined, name: string): { minor: number; currency: string } | null => {
      if (!f) {
        errors.push(issue("MISSING_BALANCE", `no ${name} balance`, where));
        return null;
      }
      const m = BALANCE.exec(f.value.trim());
      const currency = m ? checkCurrency(m[5]) : null;
      const amt = m && currency ? parseAmount(m[6], currency, "comma") : null;
      if (!m || !currency || !amt || "error" in amt) {
        errors.push(
          issue(
            m && !currency ? "UNKNOWN_CURRENCY" : "BAD_BALANCE",
            `:${f.tag}: "${f.value.trim()}" is not a valid balance`,
            `line ${f.line}`,
          ),
        );
        return null;
      }
      return { minor: m[1] === "D" ? -amt.minor : amt.minor, currency };
    };
    const opening = readBalance(open, "opening (:60F:)");
    const closing = readBalance(close, "closing (:62F:)");
    const currency = opening?.currency ?? closing?.currency ?? null;
    let net = 0;
    let complete = true;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f.tag !== "61") continue;
      const at = `line ${f.line}`;
      const [first, ...supplementary] = f.value.split("\n");
      const m = LINE61.exec(first.trim());
      if (!m) {
        errors.push(issue("BAD_LINE", `:61: "${first.trim()}" is not a statement line`, at));
        complete = false;
        continue;
      }
      if (!currency) {
        errors.push(issue("UNKNOWN_CURRENCY", "the statement has no readable currency (:60F:/:62F:)", at));
        complete = false;
        continue;
      }
      const amt = parseAmount(m[7], currency, "comma");
      if ("error" in amt || amt.minor <= 0) {
        errors.push(issue("error" in amt ? "BAD_AMOUNT" : "ZERO_AMOUNT", "error" in amt ? amt.error : "amount is zero", at));
        complete = false;
        continue;
      }
      const valueDate = yymmdd(m[1], m[2], m[3]);
      if (!valueDate) {
        errors.push(issue("BAD_DATE", `value date ${m[1]}${m[2]}${m[3]} is not a date`, at));
        complete = false;
        continue;
      }
      let booking = valueDate;
      if (m[4]) {
        // The entry date has no year: take the value date's, moved across a year end if needed.
        let y = Number(valueDate.slice(0, 4));
        const vm = Number(m[2]);
        const em = Number(m[4].slice(0, 2));
        if (vm === 12 && em === 1) y++;
        if (vm === 1 && em === 12) y--;
        booking = ymd(y, em, Number(m[4].slice(2))) ?? valueDate;
      }
      const mark = m[5];
      const direction: Direction = mark === "C" || mark === "RD" ? "credit" : "debit";
      net += direction === "credit" ? amt.minor : -amt.minor;
      const info = fields[i + 1]?.tag === "86" ? parseInfo86(fields[i + 1].value) : { name: null, taxId: null, remittance: "" };
      const custRef = m[9].trim();
      const bankRef = (m[10] ?? "").trim() || null;
      const fieldsE = {
        account,
        bank_ref: bankRef,
        entry_ref: custRef && custRef !== "NONREF" ? custRef : null,
        amount_minor: amt.minor,
        currency,
        direction,
        booking_date: booking,
        value_date: valueDate,
        sender_name: info.name,
        sender_tax_id: info.taxId,
        remittance: info.remittance || supplementary.join(" ").trim(),
      };
      const natural_key = keyer.key(fieldsE);
      if (seenKeys.has(natural_key)) {
        warnings.push(issue("DUPLICATE_NATURAL_KEY", `bank reference ${bankRef} repeats an earlier line; kept once`, at));
        continue;
      }
      seenKeys.add(natural_key);
      entries.push({ natural_key, ...fieldsE, ...(mark.startsWith("R") ? { reversal: true } : {}), format: "mt940" });
    }
    if (opening && closing && opening.currency !== closing.currency) {
      errors.push(issue("BALANCE_MISMATCH", `opening balance in ${opening.currency} but closing in ${closing.currency}`, where));
    } else if (opening && closing && complete && opening.minor + net !== closing.minor) {
      errors.push(
        issue(
          "BALANCE_MISMATCH",
          `opening ${opening.minor} + entries ${net} = ${opening.minor + net} ≠ closing ${closing.minor} (minor units ${currency})`,
          where,
        ),
      );
    }
  }
  return { format: "mt940", account: firstAccount, entries, warnings, errors };
}
