import { data as iso4217 } from "currency-codes";
/** Money is integer minor units plus an ISO 4217 code. Never a float, never a bare number. */
export type Money = { amount_minor: number; currency: string };

/**
 * Minor-unit exponent per currency, from ISO 4217 list one (the maintained `currency-codes`
 * package, regenerated from the ISO list). Not the runtime's Intl data: CLDR's display digits
 * differ from ISO 4217 for 29 codes (HUF, IDR, COP, PKR, IQD … show 0 decimals), and a bank file
 * writes amounts in ISO minor units. Precious metals, funds and test codes (XAU, XDR, XTS, XXX …)
 * are no money a customer pays in and are refused; the CFA, CFP and East Caribbean francs are kept.
 */
const NOT_MONEY = /^X(?!AF$|CD$|OF$|PF$)/;
export const CURRENCY_EXPONENT: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(iso4217.filter((c) => Number.isInteger(c.digits) && !NOT_MONEY.test(c.code)).map((c) => [c.code, c.digits])),
);

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENT, code);
}

/**
 * Parses a decimal string ("1234.5", "1,234.50", "1.234,50" with decimalComma) into minor units
 * without going through a float. Returns null when the text is not a plain decimal amount.
 */
export function parseDecimalToMinor(text: string, currency: string, opts: { decimalComma?: boolean } = {}): number | null {
  const exp = CURRENCY_EXPONENT[currency];
  if (exp === undefined) return null;
  let s = text.trim().replace(/\s/g, "");
  if (opts.decimalComma) s = s.replace(/\./g, "").replace(",", ".");
  else s = s.replace(/,/g, "");
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const frac = (m[3] ?? "").padEnd(exp, "0");
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) return null; // more precision than the currency has
  const minor = Number(m[2]) * 10 ** exp + Number(frac.slice(0, exp) || "0");
  if (!Number.isSafeInteger(minor)) return null;
  return m[1] === "-" ? -minor : minor;
}

/** Minor units → decimal string ("1234.50"), for CSV exports and APIs that want decimals. */
export function formatMinor(amountMinor: number, currency: string): string {
  const exp = CURRENCY_EXPONENT[currency] ?? 2;
  const neg = amountMinor < 0;
  const abs = Math.abs(amountMinor);
  if (exp === 0) return `${neg ? "-" : ""}${abs}`;
  const unit = 10 ** exp;
  return `${neg ? "-" : ""}${Math.floor(abs / unit)}.${String(abs % unit).padStart(exp, "0")}`;
}

/** Converts with a rate expressed in parts-per-million to stay integer: usd = amount × rate. */
export function convertMinor(amountMinor: number, ratePpm: number): number {
  return Math.round((amountMinor * ratePpm) / 1_000_000);
}
