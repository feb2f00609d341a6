import { Conflict, InvalidInput, NotFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { formatMinor, parseDecimalToMinor } from "../platform/money";
import { recordActivity } from "../platform/activity";
import type { LinkRow } from "./core/types";
import { runMatch } from "./match-run";
import {
  auditStatement,
  manualLinkStatement,
  newManualLinkStatement,
  readLinkHead,
  readResolved,
  rejectLinkStatement,
} from "./store/resolutions";
import { warmLedger } from "./ledger-object";
import { aliasToLearn } from "./core/payer-alias";
import { learnAliasStatement } from "./store/aliases";

export type Resolution = {
  action: "match" | "unmatch";
  reason: string;
  /** Required to match an UNMATCHED entry (which has no invoice yet). */
  invoice_id?: string;
  /** Decimal string; default: what the entry still has, capped at what the invoice still owes. */
  amount?: string;
};

export type ResolveResult = {
  link_id: string;
  status: string;
  invoice: { invoice_id: string; status: string; paid_amount: string; currency: string } | null;
};

/**
 * A person's decision on one link, applied inside a match run (same scope lock, same
 * transaction): `match` turns a REVIEW proposal, a REJECTED or VERIFIED link into MANUAL, or links
 * an UNMATCHED entry to `invoice_id`; `unmatch` turns a link into REJECTED (that pair is never
 * linked automatically again) and frees its money. The run then re-derives invoice statuses; stock
 * moves stay exactly-once (UNIQUE (invoice_id, sku)), and a paid invoice that stops being paid
 * opens a STOCK_REVIEW item rather than silently restocking. Audited in audit_log.
 */
export async function resolveLink(env: Env, linkId: string, r: Resolution, actor: string): Promise<ResolveResult> {
  const row = await readLinkHead(env, linkId);
  if (!row) throw new NotFound(`No reconciliation link ${linkId}`);
  if (r.action === "unmatch" && !["VERIFIED", "MANUAL", "REVIEW"].includes(row.status)) {
    throw new Conflict(`Link ${linkId} is ${row.status}: only VERIFIED, MANUAL or REVIEW links can be unmatched`);
  }
  if (r.action === "match" && row.status === "UNMATCHED" && !r.invoice_id) {
    throw new InvalidInput("Matching an UNMATCHED entry needs invoice_id");
  }

  let resultId = linkId;
  let invoiceId = row.invoice_id;
  const now = new Date().toISOString();
  try {
    await runMatch(env, {
      kind: "full",
      currency: row.currency,
      actor,
      include: { invoiceIds: [row.invoice_id, r.invoice_id].filter((x): x is string => !!x), entryKeys: [row.entry_key] },
      decide: (scope) => {
        const link = scope.links.find((l) => l.id === linkId);
        const fresh = link ?? null;
        if (!fresh && row.status !== "UNMATCHED") throw new Conflict(`Link ${linkId} changed while being resolved; try again`);
        const stmts: D1PreparedStatement[] = [];
        if (r.action === "unmatch" && fresh) {
          fresh.status = "REJECTED";
          stmts.push(rejectLinkStatement(env, linkId, { actor, now, reason: r.reason }));
        } else {
          const target = r.invoice_id ?? fresh?.invoice_id ?? null;
          if (!target) throw new InvalidInput("invoice_id is required");
          const invoice = scope.invoices.find((i) => i.invoice_id === target);
          if (!invoice) throw new InvalidInput(`No ${row.currency} invoice ${target}: a link needs an invoice of the entry's currency`);
          const entry = scope.entries.find((e) => e.natural_key === row.entry_key);
          if (!entry) throw new Conflict(`The entry of link ${linkId} is gone`);
          const live = (l: LinkRow) => (l.status === "VERIFIED" || l.status === "MANUAL") && l.invoice_id;
          const samePair = scope.links.find((l) => live(l) && l.invoice_id === target && l.entry_key === entry.natural_key);
          const spentElsewhere = scope.links
            .filter((l) => live(l) && l.entry_key === entry.natural_key && l !== samePair)
            .reduce((n, l) => n + l.allocated_minor, 0);
          const paidElsewhere = scope.links
            .filter((l) => live(l) && l.invoice_id === target && l !== samePair)
            .reduce((n, l) => n + l.allocated_minor, 0);
          const available = entry.amount_minor - spentElsewhere;
          let amount: number;
          if (r.amount !== undefined) {
            const parsed = parseDecimalToMinor(r.amount, row.currency);
            if (parsed === null || parsed <= 0) throw new InvalidInput(`amount must be a positive decimal in ${row.currency}`);
            amount = parsed;
          } else {
            amount = Math.min(available, Math.max(invoice.amount_minor - paidElsewhere, 0)) || available;
          }
          if (amount <= 0 || amount > available) {
            throw new Conflict(
              `The entry has ${formatMinor(Math.max(available, 0), row.currency)} ${row.currency} left; cannot allocate ${formatMinor(amount, row.currency)}`,
              {
                available: formatMinor(Math.max(available, 0), row.currency),
              },
            );
          }
          // The pair's live or proposed row, if any, becomes the manual link; otherwise a new one.
          const existing =
            (fresh && fresh.invoice_id === target ? fresh : null) ??
            samePair ??
            scope.links.find((l) => l.status === "REVIEW" && l.invoice_id === target && l.entry_key === entry.natural_key) ??
            null;
          if (existing) {
            Object.assign(existing, { status: "MANUAL", allocated_minor: amount });
            resultId = existing.id;
            stmts.push(manualLinkStatement(env, existing.id, amount, { actor, now, reason: r.reason }));
          } else {
            const id = `${newId("run")}_m000000`;
            resultId = id;
            scope.links.push({
              id,
              invoice_id: target,
              entry_key: entry.natural_key,
              wire_id: entry.wire_id,
              allocated_minor: amount,
              currency: row.currency,
              status: "MANUAL",
              confidence: 1,
              reason: "MANUAL",
              reasons_json: '["MANUAL"]',
            });
            stmts.push(
              newManualLinkStatement(
                env,
                {
                  id,
                  invoice_id: target,
                  entry_key: entry.natural_key,
                  wire_id: entry.wire_id,
                  allocated_minor: amount,
                  currency: row.currency,
                },
                { customer_tax_id: invoice.customer_tax_id, booking_date: entry.booking_date },
                { actor, now, reason: r.reason },
              ),
            );
          }
          invoiceId = target;
          // A payer that is not the customer, matched by hand: its next payment resolves to this customer.
          const learn = aliasToLearn(entry, invoice);
          if (learn)
            stmts.push(
              learnAliasStatement(env, learn, { link_id: resultId, invoice_id: target, entry_key: entry.natural_key, actor, now }),
            );
        }
        stmts.push(
          auditStatement(env, {
            actor,
            action: `recon.${r.action}`,
            linkId,
            reason: r.reason,
            now,
            detail: {
              from_status: row.status,
              invoice_id: invoiceId,
              entry_key: row.entry_key,
              amount: r.amount ?? null,
              result_link: resultId,
            },
          }),
        );
        return stmts;
      },
    });
  } catch (err) {
    // The bank_entries CHECK (allocated ≤ amount) is the last line of defence against spending a wire twice.
    if (err instanceof Error && /bank_entries_allocation_bounded|CHECK constraint/i.test(err.message))
      throw new Conflict("That allocation would spend more than the wire holds");
    throw err;
  }

  const { link, invoice: inv } = await readResolved(env, resultId, invoiceId);
  await recordActivity(env, {
    agent: "reconciliation",
    action: `manual_${r.action}`,
    entity: "invoice",
    entity_id: invoiceId ?? row.entry_key,
    detail: { link_id: resultId, actor },
  });
  await warmLedger(env, row.currency);
  return {
    link_id: resultId,
    status: link?.status ?? "UNKNOWN",
    invoice: inv
      ? { invoice_id: inv.id, status: inv.status, paid_amount: formatMinor(inv.paid_minor, inv.currency), currency: inv.currency }
      : null,
  };
}
