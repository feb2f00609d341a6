import { formatMinor } from "../../platform/money";
import type { EntryRow, LinkRow, Scope } from "./types";

/**
 * One bank entry allocated by hand across several invoices with explicit amounts (POST
 * …/reconciliations/{id}/resolve with `allocations`): every invoice once, each amount at most what
 * that invoice still owes, their sum at most what the entry has left. Pure; returns the refusal
 * (with a problem code) or null.
 */
export type AllocationRefusal = { code: string; detail: string; status: 409 | 422 };

const live = (l: LinkRow) => (l.status === "VERIFIED" || l.status === "MANUAL") && l.invoice_id;

export function allocationRefusal(
  scope: Pick<Scope, "currency" | "invoices" | "links">,
  entry: Pick<EntryRow, "natural_key" | "amount_minor">,
  allocations: readonly { invoice_id: string; minor: number | undefined }[],
): AllocationRefusal | null {
  const fmt = (m: number) => `${formatMinor(m, scope.currency)} ${scope.currency}`;
  const ids = allocations.map((a) => a.invoice_id);
  if (new Set(ids).size !== ids.length)
    return { status: 422, code: "allocation_duplicate_invoice", detail: "Each invoice may appear once in allocations" };
  const targets = new Set(ids);
  // Money this entry already spends on other invoices stays spent; the pairs being set are replaced.
  const spentElsewhere = scope.links
    .filter((l) => live(l) && l.entry_key === entry.natural_key && !targets.has(l.invoice_id ?? ""))
    .reduce((n, l) => n + l.allocated_minor, 0);
  let sum = 0;
  for (const a of allocations) {
    const inv = scope.invoices.find((i) => i.invoice_id === a.invoice_id);
    if (!inv)
      return {
        status: 422,
        code: "allocation_unknown_invoice",
        detail: `No ${scope.currency} invoice ${a.invoice_id} is open to this entry`,
      };
    if (a.minor === undefined || a.minor <= 0)
      return { status: 422, code: "allocation_amount", detail: `Each allocation needs a positive amount (${a.invoice_id})` };
    const paidElsewhere = scope.links
      .filter((l) => live(l) && l.invoice_id === a.invoice_id && l.entry_key !== entry.natural_key)
      .reduce((n, l) => n + l.allocated_minor, 0);
    const open = Math.max(0, inv.amount_minor - paidElsewhere);
    if (a.minor > open)
      return {
        status: 422,
        code: "allocation_over_open",
        detail: `${fmt(a.minor)} is more than the ${fmt(open)} still open on ${a.invoice_id}`,
      };
    sum += a.minor;
  }
  const available = entry.amount_minor - spentElsewhere;
  if (sum > available)
    return {
      status: 422,
      code: "allocation_over_entry",
      detail: `The allocations add up to ${fmt(sum)}; the entry has ${fmt(Math.max(0, available))} to allocate`,
    };
  return null;
}
