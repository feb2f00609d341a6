/* The one money and percentage format the templates and descriptions use (re-exported by pricing.ts). */

/** 1500 → "15%", 1250 → "12.5%", 1234 → "12.34%". */
export function formatBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = Math.abs(bps % 100);
  if (frac === 0) return `${whole}%`;
  return `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}%`;
}

/** Minor units → "$45,000.00" / "€1,234.50" / "CHF 1,234.50": the one money format the templates use. */
export function formatMoney(amountMinor: number, currency: string): string {
  const exp = currency === "JPY" ? 0 : 2;
  const neg = amountMinor < 0;
  const abs = Math.abs(amountMinor);
  const unit = 10 ** exp;
  const whole = Math.floor(abs / unit)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = exp ? `.${String(abs % unit).padStart(exp, "0")}` : "";
  const sym: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" };
  const s = sym[currency] ? `${sym[currency]}${whole}${frac}` : `${currency} ${whole}${frac}`;
  return neg ? `-${s}` : s;
}
