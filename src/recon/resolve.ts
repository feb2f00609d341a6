import { Conflict, InvalidInput, NotFound } from "../platform/errors";
import { formatMinor, parseDecimalToMinor } from "../platform/money";
import { recordActivity } from "../platform/activity";
import { log } from "../platform/log";
import { runMatch } from "./match-run";
import { auditStatement, readLinkHead, readResolved, rejectLinkStatement } from "./store/resolutions";
import { warmLedger } from "./ledger-object";
import { allocationRefusal } from "./core/manual-allocation";
import { matchOne } from "./resolve-match";

export type Resolution = {
  action: "match" | "unmatch";
  reason: string;
  /** Required to match an UNMATCHED entry (which has no invoice yet). */
  invoice_id?: string;
  /** Decimal string; default: what the entry still has, capped at what the invoice still owes. */
  amount?: string;
  /** One entry allocated by hand across several invoices (instead of invoice_id + amount). */
  allocations?: { invoice_id: string; amount: string }[];
};

type InvoiceNow = { invoice_id: string; status: string; paid_amount: string; currency: string };
export type ResolveResult = {
  link_id: string;
  status: string;
  invoice: InvoiceNow | null;
  /** With `allocations`: each allocation's link and invoice as they are now. */
  allocations?: { link_id: string; status: string; invoice: InvoiceNow | null }[];
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
  if (r.action === "match" && row.status === "UNMATCHED" && !r.invoice_id && !r.allocations) {
    throw new InvalidInput("Matching an UNMATCHED entry needs invoice_id");
  }

  let resultId = linkId;
  let invoiceId = row.invoice_id;
  const made: { link_id: string; invoice_id: string; learned: boolean }[] = [];
  const minorOf = (amount: string): number => {
    const parsed = parseDecimalToMinor(amount, row.currency);
    if (parsed === null || parsed <= 0) throw new InvalidInput(`amount must be a positive decimal in ${row.currency}`);
    return parsed;
  };
  const now = new Date().toISOString();
  try {
    await runMatch(env, {
      kind: "full",
      currency: row.currency,
      actor,
      include: {
        invoiceIds: [row.invoice_id, r.invoice_id, ...(r.allocations ?? []).map((a) => a.invoice_id)].filter((x): x is string => !!x),
        entryKeys: [row.entry_key],
      },
      decide: (scope) => {
        const link = scope.links.find((l) => l.id === linkId);
        const fresh = link ?? null;
        if (!fresh && row.status !== "UNMATCHED") throw new Conflict(`Link ${linkId} changed while being resolved; try again`);
        const stmts: D1PreparedStatement[] = [];
        if (r.action === "unmatch" && fresh) {
          fresh.status = "REJECTED";
          stmts.push(rejectLinkStatement(env, linkId, { actor, now, reason: r.reason }));
        } else {
          const entry = scope.entries.find((e) => e.natural_key === row.entry_key);
          if (!entry) throw new Conflict(`The entry of link ${linkId} is gone`);
          const wanted = r.allocations ?? [{ invoice_id: r.invoice_id ?? fresh?.invoice_id ?? "", amount: r.amount }];
          const parsed = wanted.map((a) => ({ invoice_id: a.invoice_id, minor: a.amount === undefined ? undefined : minorOf(a.amount) }));
          const refused = r.allocations ? allocationRefusal(scope, entry, parsed) : null;
          if (refused) throw new InvalidInput(refused.detail, { code: refused.code });
          for (const a of parsed) {
            const one = matchOne(env, scope, entry, fresh, a, { actor, now, reason: r.reason });
            stmts.push(...one.stmts);
            made.push({ link_id: one.linkId, invoice_id: a.invoice_id, learned: one.learned });
          }
          resultId = made[0].link_id;
          invoiceId = made[0].invoice_id;
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
              allocations: r.allocations ?? null,
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

  const now_ = async (linkId: string, id: string | null) => {
    const { link, invoice: inv } = await readResolved(env, linkId, id);
    const invoice = inv
      ? { invoice_id: inv.id, status: inv.status, paid_amount: formatMinor(inv.paid_minor, inv.currency), currency: inv.currency }
      : null;
    return { link_id: linkId, status: link?.status ?? "UNKNOWN", invoice };
  };
  const first = await now_(resultId, invoiceId);
  await recordActivity(env, {
    agent: "reconciliation",
    action: `manual_${r.action}`,
    entity: "invoice",
    entity_id: invoiceId ?? row.entry_key,
    detail: { link_id: resultId, actor },
  });
  for (const m of made.filter((x) => x.learned))
    log({ event: "recon.alias_learned", link_id: m.link_id, invoice_id: m.invoice_id, actor, outcome: "recorded" });
  await warmLedger(env, row.currency);
  if (!r.allocations) return first;
  return { ...first, allocations: await Promise.all(made.map((m) => now_(m.link_id, m.invoice_id))) };
}
