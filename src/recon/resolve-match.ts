import { Conflict, InvalidInput } from "../platform/errors";
import { newId } from "../platform/ids";
import { formatMinor } from "../platform/money";
import { aliasToLearn } from "./core/payer-alias";
import type { EntryRow, LinkRow, Scope } from "./core/types";
import { learnAliasStatement } from "./store/aliases";
import { manualLinkStatement, newManualLinkStatement } from "./store/resolutions";

/**
 * One manual allocation of a resolution (src/recon/resolve.ts): entry → invoice for an amount (by
 * default what the wire has left, capped at what the invoice owes), edited into the run's scope so
 * the matcher sees it, with the statements that persist it — and the payer alias it teaches.
 */
type Decision = { actor: string; now: string; reason: string };
const live = (l: LinkRow) => (l.status === "VERIFIED" || l.status === "MANUAL") && l.invoice_id;

export function matchOne(
  env: Env,
  scope: Scope,
  entry: EntryRow,
  fresh: LinkRow | null,
  a: { invoice_id: string; minor: number | undefined },
  d: Decision,
): { linkId: string; stmts: D1PreparedStatement[]; learned: boolean } {
  const target = a.invoice_id;
  if (!target) throw new InvalidInput("invoice_id is required");
  const currency = scope.currency;
  const invoice = scope.invoices.find((i) => i.invoice_id === target);
  if (!invoice) throw new InvalidInput(`No ${currency} invoice ${target}: a link needs an invoice of the entry's currency`);
  const samePair = scope.links.find((l) => live(l) && l.invoice_id === target && l.entry_key === entry.natural_key);
  const spentElsewhere = scope.links
    .filter((l) => live(l) && l.entry_key === entry.natural_key && l !== samePair)
    .reduce((n, l) => n + l.allocated_minor, 0);
  const paidElsewhere = scope.links
    .filter((l) => live(l) && l.invoice_id === target && l !== samePair)
    .reduce((n, l) => n + l.allocated_minor, 0);
  const available = entry.amount_minor - spentElsewhere;
  const amount = a.minor ?? (Math.min(available, Math.max(invoice.amount_minor - paidElsewhere, 0)) || available);
  if (amount <= 0 || amount > available) {
    throw new Conflict(
      `The entry has ${formatMinor(Math.max(available, 0), currency)} ${currency} left; cannot allocate ${formatMinor(amount, currency)}`,
      { available: formatMinor(Math.max(available, 0), currency) },
    );
  }
  const stmts: D1PreparedStatement[] = [];
  // The pair's live or proposed row, if any, becomes the manual link; otherwise a new one.
  const existing =
    (fresh && fresh.invoice_id === target ? fresh : null) ??
    samePair ??
    scope.links.find((l) => l.status === "REVIEW" && l.invoice_id === target && l.entry_key === entry.natural_key) ??
    null;
  let linkId: string;
  if (existing) {
    Object.assign(existing, { status: "MANUAL", allocated_minor: amount });
    linkId = existing.id;
    stmts.push(manualLinkStatement(env, existing.id, amount, d));
  } else {
    linkId = `${newId("run")}_m000000`;
    const row = { id: linkId, invoice_id: target, entry_key: entry.natural_key, wire_id: entry.wire_id, allocated_minor: amount, currency };
    scope.links.push({ ...row, status: "MANUAL", confidence: 1, reason: "MANUAL", reasons_json: '["MANUAL"]' });
    stmts.push(newManualLinkStatement(env, row, { customer_tax_id: invoice.customer_tax_id, booking_date: entry.booking_date }, d));
  }
  // A payer that is not the customer, matched by hand: its next payment resolves to this customer.
  const learn = aliasToLearn(entry, invoice);
  if (learn) stmts.push(learnAliasStatement(env, learn, { link_id: linkId, invoice_id: target, entry_key: entry.natural_key, ...d }));
  return { linkId, stmts, learned: learn !== null };
}
