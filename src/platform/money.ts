/** Money is integer minor units plus an ISO 4217 code. Never a float, never a bare number. */
export type Money = { amount_minor: number; currency: string };

/** Minor-unit exponent per currency; anything not listed is refused rather than guessed. */
export const CURRENCY_EXPONENT: Record<string, number> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  JPY: 0,
};

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
