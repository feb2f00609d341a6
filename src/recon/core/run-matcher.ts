import { matchPayments } from "./match";
import type { BankEntry, Invoice, MatchConfig, MatchOverrides, MatchResult } from "./types";

/**
 * The one place the service calls the pure matcher (src/recon/core/match.ts), so the match run and the
 * bench share the exact call shape: every invoice and entry of one currency, the configured
 * tolerances, and the decisions already made (fixed links, forbidden pairs).
 */
export function runMatcher(invoices: Invoice[], entries: BankEntry[], config: MatchConfig, overrides: MatchOverrides): MatchResult {
  return matchPayments(invoices, entries, config, overrides);
}
