import { InvalidInput } from "../../../platform/errors";
import { NaturalKeyer } from "../natural-key";
import type { BankEntry, Direction, ParsedStatement, ParseIssue, StatementFormat } from "../types";
import { checkCurrency, emptyToNull, guardText, issue, normalizeDate, parseAmount, type ParseOptions } from "./common";
import { normalizeHeader, readCsv, sniffDelimiter } from "./csv";

/**
 * Bank CSV exports. Two layouts share this reader through header aliases:
 * - `bankcsv`: the `;`-separated bank export (account_iban;booking_date;value_date;entry_reference;
 *   bank_reference;counterparty_name;counterparty_id;credit_debit;amount;currency;purpose), decimal
 *   point or decimal comma, optional sign instead of a credit/debit column;
 * - `wirecsv`: wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info.
 */
const ALIASES: Record<string, string[]> = {
  account: ["account_iban", "iban", "account", "account_number", "konto", "auftragskonto"],
  booking_date: ["booking_date", "transaction_date", "date", "buchungstag", "entry_date"],
  value_date: ["value_date", "valuta", "valutadatum"],
  entry_ref: ["entry_reference", "wire_id", "reference", "end_to_end_id", "customer_reference"],
  bank_ref: ["bank_reference", "acct_svcr_ref", "bank_ref", "transaction_id"],
  sender_name: ["counterparty_name", "sender_name", "debtor_name", "payer_name", "name", "beguenstigter_zahlungspflichtiger"],
  sender_tax_id: ["counterparty_id", "sender_tax_id", "debtor_id", "tax_id", "vat_id"],
  direction: ["credit_debit", "cdt_dbt_ind", "direction", "dc", "soll_haben"],
  amount: ["amount", "betrag"],
  currency: ["currency", "ccy", "waehrung", "wahrung"],
  remittance: ["purpose", "remittance_info", "remittance", "remittance_information", "verwendungszweck", "description"],
};

export function isBankCsvHeader(firstLine: string): boolean {
  const cols = firstLine.split(sniffDelimiter(firstLine)).map(normalizeHeader);
  const has = (field: string) => cols.some((c) => ALIASES[field].includes(c));
  return has("amount") && has("currency") && has("booking_date");
}

export function parseBankCsv(text: string, opts: ParseOptions = {}): ParsedStatement {
  const body = guardText(text, "bank CSV", opts);
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = sniffDelimiter(firstLine);
  const rows = readCsv(body, delimiter);
  const header = rows[0].cells.map(normalizeHeader);
  const col: Record<string, number> = {};
  for (const [field, names] of Object.entries(ALIASES)) col[field] = header.findIndex((h) => names.includes(h));
  for (const required of ["booking_date", "amount", "currency"]) {
    if (col[required] < 0) throw new InvalidInput(`bank CSV: no ${required} column (header: ${rows[0].cells.join(delimiter)})`);
  }
  const format: StatementFormat = header.includes("wire_id") ? "wirecsv" : "bankcsv";
  // `;`-separated exports come from locales that write decimal commas; `,`-separated files cannot
  // carry an unquoted decimal comma, so their amounts are read with a decimal point.
  const style = delimiter === "," ? "dot" : "auto";
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const entries: BankEntry[] = [];
  const keyer = new NaturalKeyer();
  const seenKeys = new Set<string>();
  const get = (cells: string[], field: string) => (col[field] >= 0 ? (cells[col[field]] ?? "") : "");

  for (const { line, cells } of rows.slice(1)) {
    const at = `line ${line}`;
    if (cells.length !== header.length) {
      errors.push(issue("BAD_ROW", `expected ${header.length} columns, found ${cells.length}`, at));
      continue;
    }
    const currency = checkCurrency(get(cells, "currency"));
    if (!currency) {
      errors.push(issue("UNKNOWN_CURRENCY", `unknown currency "${get(cells, "currency").trim()}"`, at));
      continue;
    }
    const amt = parseAmount(get(cells, "amount"), currency, style);
    if ("error" in amt) {
      errors.push(issue("BAD_AMOUNT", amt.error, at));
      continue;
    }
    let direction: Direction;
    let reversal = false;
    const dc = get(cells, "direction").trim().toUpperCase();
    if (dc === "") direction = amt.minor < 0 ? "debit" : "credit";
    else if (["CRDT", "C", "CR", "CREDIT", "H", "HABEN"].includes(dc)) direction = "credit";
    else if (["DBIT", "D", "DR", "DEBIT", "S", "SOLL"].includes(dc)) direction = "debit";
    else if (dc === "RC" || dc === "RD") {
      direction = dc === "RC" ? "debit" : "credit";
      reversal = true;
    } else {
      errors.push(issue("BAD_DIRECTION", `credit/debit mark "${dc}" is not CRDT/DBIT`, at));
      continue;
    }
    if (dc !== "" && amt.minor < 0) {
      errors.push(issue("NEGATIVE_AMOUNT", `amount ${get(cells, "amount").trim()} is negative while the row has a credit/debit mark`, at));
      continue;
    }
    if (amt.minor === 0) {
      errors.push(issue("ZERO_AMOUNT", "amount is zero", at));
      continue;
    }
    const booking = normalizeDate(get(cells, "booking_date"));
    if (!booking) {
      errors.push(issue("BAD_DATE", `booking date "${get(cells, "booking_date").trim()}" is not a date`, at));
      continue;
    }
    const valueRaw = get(cells, "value_date").trim();
    const value = valueRaw === "" ? null : normalizeDate(valueRaw);
    if (valueRaw !== "" && !value) {
      errors.push(issue("BAD_DATE", `value date "${valueRaw}" is not a date`, at));
      continue;
    }
    const fields = {
      account: emptyToNull(get(cells, "account")),
      bank_ref: emptyToNull(get(cells, "bank_ref")),
      entry_ref: emptyToNull(get(cells, "entry_ref")),
      amount_minor: Math.abs(amt.minor),
      currency,
      direction,
      booking_date: booking,
      value_date: value,
      sender_name: emptyToNull(get(cells, "sender_name")),
      sender_tax_id: emptyToNull(get(cells, "sender_tax_id")),
      remittance: get(cells, "remittance").trim(),
    };
    const natural_key = keyer.key(fields);
    if (seenKeys.has(natural_key)) {
      warnings.push(issue("DUPLICATE_NATURAL_KEY", `bank reference ${fields.bank_ref} repeats an earlier line; kept once`, at));
      continue;
    }
    seenKeys.add(natural_key);
    entries.push({ natural_key, ...fields, ...(reversal ? { reversal } : {}), format });
  }
  const accounts = new Set(entries.map((e) => e.account).filter((a): a is string => a !== null));
  return { format, account: accounts.size > 0 ? [...accounts][0] : null, entries, warnings, errors };
}
