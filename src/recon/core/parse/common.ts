import { PayloadTooLarge, InvalidInput } from "../../../platform/errors";
import { isKnownCurrency, parseDecimalToMinor } from "../../../platform/money";
import type { ParseIssue, StatementSummary } from "../types";

/** Default upper bound for one uploaded file (MAX_UPLOAD_BYTES); adapters pass their config. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export type ParseOptions = { maxBytes?: number };

/** Whole-file guards shared by every parser: size first (cheap), then emptiness. */
export function guardText(text: string, what: string, opts: ParseOptions = {}): string {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  // UTF-16 length is a lower bound of UTF-8 bytes; count exactly only when close to the limit.
  if (text.length > max || (text.length * 3 > max && new TextEncoder().encode(text).length > max)) {
    throw new PayloadTooLarge(max);
  }
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") throw new InvalidInput(`${what}: the file is empty`);
  return body;
}

export function issue(code: string, message: string, location?: string): ParseIssue {
  return location ? { code, message, location } : { code, message };
}

export type AmountStyle = "dot" | "comma" | "auto";

/**
 * Decimal text → positive minor units, never through a float. `comma` = European decimal comma
 * ("1.234,56", "1234,56"); `dot` = "1,234.56"; `auto` decides per value: the right-most of `.`/`,`
 * is the decimal separator when followed by 1–2 digits; a lone comma followed by exactly three
 * digits is ambiguous and refused. Returns the signed value; callers decide about signs.
 */
export function parseAmount(text: string, currency: string, style: AmountStyle): { minor: number } | { error: string } {
  const raw = text.trim().replace(/[\s\u00a0']/g, "");
  if (raw === "") return { error: "amount is empty" };
  if (!/^[+-]?[\d.,]+$/.test(raw)) return { error: `amount "${text.trim()}" is not a number` };
  let decimalComma: boolean;
  if (style === "comma") decimalComma = true;
  else if (style === "dot") decimalComma = false;
  else {
    const lastDot = raw.lastIndexOf(".");
    const lastComma = raw.lastIndexOf(",");
    if (lastDot >= 0 && lastComma >= 0) decimalComma = lastComma > lastDot;
    else if (lastComma >= 0) {
      const tail = raw.length - lastComma - 1;
      const commas = raw.split(",").length - 1;
      if (commas === 1 && tail === 3) return { error: `amount "${text.trim()}" is ambiguous (thousands or decimal comma?)` };
      decimalComma = commas === 1;
    } else decimalComma = false;
  }
  const minor = parseDecimalToMinor(raw, currency, { decimalComma });
  if (minor === null) return { error: `amount "${text.trim()}" is not a valid ${currency} amount` };
  return { minor };
}

export function checkCurrency(code: string): string | null {
  const c = code.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(c) && isKnownCurrency(c) ? c : null;
}

/** A real calendar date as YYYY-MM-DD from ISO (date or date-time), DD.MM.YYYY or YYYYMMDD. */
export function normalizeDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let mm: RegExpExecArray | null;
  if ((mm = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t))) [y, m, d] = [+mm[1], +mm[2], +mm[3]];
  else if ((mm = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t))) [y, m, d] = [+mm[3], +mm[2], +mm[1]];
  else if ((mm = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) [y, m, d] = [+mm[1], +mm[2], +mm[3]];
  else return null;
  return ymd(y, m, d);
}

export function ymd(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

export function emptyToNull(v: string | null | undefined): string | null {
  if (v == null) return null;
  const t = v.trim();
  return t === "" ? null : t;
}

/** A statement's accounting before its first line is read (see StatementSummary). */
export function newSummary(
  ref: string,
  account: string | null,
  currency: string | null,
  balances: { opening: number | null; closing: number | null } = { opening: null, closing: null },
): StatementSummary {
  return {
    ref,
    account,
    currency,
    lines: 0,
    entries: 0,
    zero_lines: 0,
    rejected_lines: 0,
    credit_minor: 0,
    debit_minor: 0,
    opening_minor: balances.opening,
    closing_minor: balances.closing,
    balance: "unchecked",
  };
}
