import { convertMinor, CURRENCY_EXPONENT } from "../../platform/money";
import type { Budget } from "./types";

/** Rates to USD in parts per million (EUR 1.08 → 1_080_000); the fixed dev rates of ../shared/data/rates.json. */
export const DEFAULT_USD_RATES_PPM: Readonly<Record<string, number>> = { USD: 1_000_000, EUR: 1_080_000, GBP: 1_270_000 };

/** Budget → USD minor units (cents), integer; null when the currency has no rate. */
export function toUsdMinor(budget: Budget, ratesPpm: Readonly<Record<string, number>> = DEFAULT_USD_RATES_PPM): number | null {
  const cur = budget.currency.toUpperCase();
  const rate = ratesPpm[cur];
  if (rate === undefined) return null;
  // Currencies with other exponents (JPY: 0) are first brought to 2-decimal minor units.
  const exp = CURRENCY_EXPONENT[cur] ?? 2;
  const asCents = exp === 2 ? budget.amount_minor : Math.round(budget.amount_minor * 10 ** (2 - exp));
  return convertMinor(asCents, rate);
}

/** Whole-dollar figure for the scoring formula (which is defined in USD units). */
export function usdUnits(usdMinor: number | null): number | null {
  return usdMinor === null ? null : usdMinor / 100;
}

/** Parses "1.08" style decimal rates (rates.json) into ppm without float drift. */
export function rateToPpm(rate: number): number {
  return Math.round(rate * 1_000_000);
}
