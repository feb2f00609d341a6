import { getConfig } from "../config";
import { Conflict, InvalidInput, NotFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { log } from "../platform/log";
import { formatMinor } from "../platform/money";
import { LIVE_LINK } from "./core/match-input";
import { parseCandidates } from "./core/review-view";
import { decideWriteOff, type WriteOffKind, type WriteOffRequest } from "./core/write-off";
import { warmLedger } from "./ledger-object";
import { runMatch } from "./match-run";
import {
  countResolvedBy,
  readInvoiceAfter,
  readInvoiceHead,
  readReviewItem,
  writeOffLinkRow,
  writeOffStatements,
} from "./store/write-offs";

/**
 * Write-off of a small difference (POST /api/finance/invoices/{id}/write-off, or from a review item):
 * checked by core/write-off.ts against WRITE_OFF_MAX_MINOR / WRITE_OFF_MAX_PCT, then written inside a
 * match run (same scope lock, one transaction) with its audit entry and the review items it clears;
 * the run re-derives the invoice's status (PAID, the write-off in its reasons). The same write-off
 * again writes nothing and answers the same.
 */
export type WriteOffResult = {
  write_off: { link_id: string; kind: WriteOffKind; amount: string; amount_minor: number; currency: string; reason: string };
  replayed: boolean;
  review_items_resolved: number;
  invoice: { invoice_id: string; status: string; status_reason: string | null; paid_amount: string; currency: string };
};

export async function writeOff(
  env: Env,
  target: { invoice_id?: string; review_item_id?: string },
  req: WriteOffRequest,
  actor: string,
): Promise<WriteOffResult> {
  let invoiceId = target.invoice_id;
  if (target.review_item_id) {
    const item = await readReviewItem(env, target.review_item_id);
    if (!item) throw new NotFound(`No review item ${target.review_item_id}`);
    const named = [
      ...new Set([
        ...(JSON.parse(item.invoice_ids_json) as string[]),
        ...parseCandidates(item.candidates_json)
          .filter((c) => !invoiceId || c.invoice_id === invoiceId)
          .map((c) => c.invoice_id),
      ]),
    ];
    if (invoiceId && !named.includes(invoiceId))
      throw new InvalidInput(`Review item ${item.id} is not about ${invoiceId}`, { code: "write_off_not_in_item" });
    if (!invoiceId) {
      const own = JSON.parse(item.invoice_ids_json) as string[];
      if (own.length !== 1)
        throw new InvalidInput(`Review item ${item.id} names ${own.length} invoices: pass invoice_id`, { code: "write_off_which_invoice" });
      invoiceId = own[0];
    }
    if (item.status !== "OPEN") throw new Conflict(`Review item ${item.id} is ${item.status}`, { code: "review_item_closed" });
  }
  if (!invoiceId) throw new InvalidInput("invoice_id is required");
  const head = await readInvoiceHead(env, invoiceId);
  if (!head) throw new NotFound(`No invoice ${invoiceId}`);
  const cfg = getConfig(env);
  const limits = { max_minor: cfg.WRITE_OFF_MAX_MINOR, max_pct: cfg.WRITE_OFF_MAX_PCT };
  const now = new Date().toISOString();
  const id = newId("wo");
  let replayed = false;
  let linkId = id;
  const wanted = invoiceId;
  await runMatch(env, {
    kind: "full",
    currency: head.currency,
    actor,
    include: { invoiceIds: [wanted] },
    decide: (scope) => {
      const inv = scope.invoices.find((i) => i.invoice_id === wanted);
      if (!inv) throw new Conflict(`Invoice ${wanted} changed while being written off; try again`);
      const links = scope.links.filter((l) => l.invoice_id === wanted && LIVE_LINK.includes(l.status));
      const d = decideWriteOff({ invoice: inv, links }, req, limits);
      if (!d.ok) {
        if (d.status === 409) throw new Conflict(d.detail, { code: d.code, ...d.extra });
        throw new InvalidInput(d.detail, { code: d.code, ...d.extra });
      }
      if (d.replay) {
        replayed = true;
        linkId = links.find((l) => l.reason === "WRITE_OFF")?.id ?? id;
        return [];
      }
      const row = writeOffLinkRow(id, wanted, req.kind, req.amount_minor, head.currency);
      scope.links.push(row);
      return writeOffStatements(
        env,
        row,
        inv,
        { actor, now, reason: req.reason },
        { kind: req.kind, review_item_id: target.review_item_id ?? null },
      );
    },
  });
  const inv = await readInvoiceAfter(env, wanted);
  if (!inv) throw new NotFound(`No invoice ${wanted}`);
  const resolved = replayed ? 0 : await countResolvedBy(env, wanted, target.review_item_id ?? null, now);
  log({
    event: "recon.write_off",
    invoice_id: wanted,
    kind: req.kind,
    amount_minor: req.amount_minor,
    currency: head.currency,
    status: inv.status,
    actor,
    outcome: replayed ? "replayed" : "written",
  });
  if (!replayed) await warmLedger(env, head.currency);
  return {
    write_off: {
      link_id: linkId,
      kind: req.kind,
      amount: formatMinor(req.amount_minor, head.currency),
      amount_minor: req.amount_minor,
      currency: head.currency,
      reason: req.reason,
    },
    replayed,
    review_items_resolved: resolved,
    invoice: {
      invoice_id: inv.id,
      status: inv.status,
      status_reason: inv.status_reason,
      paid_amount: formatMinor(inv.paid_minor, inv.currency),
      currency: inv.currency,
    },
  };
}
