import { touch, type Ent, type Inv } from "./match-index";
import { creditNotes } from "./payer";
import type { CreditApplied } from "./status";
import type { Link } from "./types";

/**
 * Phase 0 of the matcher (src/recon/core/match.ts): decisions already made — manual links, links of
 * earlier runs, write-offs — kept exactly as given (reason, confidence); their money is spent before
 * anything automatic. A link that would spend a wire twice is refused.
 */
export function applyFixedLinks(
  fixed: readonly Link[],
  byId: ReadonlyMap<string, Inv>,
  byKey: ReadonlyMap<string, Ent>,
  links: Link[],
  credits: Map<string, CreditApplied>,
): void {
  for (const l of fixed) {
    if (l.allocated_minor <= 0) continue;
    const inv = byId.get(l.invoice_id);
    const ent = byKey.get(l.entry_key);
    if (ent && l.allocated_minor > ent.left) continue; // would spend the wire twice: refuse
    links.push({ ...l, reasons: [...l.reasons] });
    if (inv && ent && l.reasons.includes("CREDIT_NOTE")) {
      const cn = creditNotes(ent.e.remittance);
      credits.set(l.invoice_id, { ids: cn.ids, minor: Math.max(0, inv.remaining - l.allocated_minor) });
    }
    if (inv) {
      inv.remaining -= l.allocated_minor;
      touch(inv);
    }
    if (ent) {
      ent.left -= l.allocated_minor;
      if (ent.left === 0) ent.handled = true;
    }
  }
}
