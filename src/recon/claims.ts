import { recordActivity } from "../platform/activity";
import { log } from "../platform/log";
import { claimFromEvent, isPaymentClaim, type PaymentClaim } from "./core/claims";
import type { ReconMessage } from "./messages";
import { insertClaim, listClaims } from "./store/claims";

type Parsed = { success: true; data: ReconMessage } | { success: false };

/**
 * The reconciliation consumer's first step: each `payment_event` that is only a CRM's claim of a
 * payment (src/recon/core/claims.ts) is recorded as a claim and acked here, so it never reaches
 * the matcher: no bank entry, no link, no PAID invoice, no stock move. Returns the messages it
 * settled (acked, or retried alone when the claim could not be written); the rest go on as before.
 */
export async function settleClaims(
  env: Env,
  queue: string,
  messages: ReadonlyArray<{ msg: Message<unknown>; parsed: Parsed }>,
): Promise<Set<Message<unknown>>> {
  const settled = new Set<Message<unknown>>();
  for (const { msg, parsed } of messages) {
    if (!parsed.success || parsed.data.kind !== "payment_event" || !isPaymentClaim(parsed.data.event)) continue;
    settled.add(msg);
    const claim = claimFromEvent(parsed.data.event);
    try {
      const fresh = await insertClaim(env, claim, new Date().toISOString());
      if (fresh) await surface(env, claim);
      log({
        event: "recon.payment_claim",
        queue,
        message_id: msg.id,
        source: claim.source,
        invoice_ref: claim.invoice_ref,
        fresh,
        outcome: "ack",
      });
      msg.ack();
    } catch (err) {
      log(
        {
          event: "queue.message_failed",
          queue,
          kind: "payment_claim",
          message_id: msg.id,
          error: err instanceof Error ? err.message : String(err),
          outcome: "retry",
        },
        "error",
      );
      msg.retry();
    }
  }
  return settled;
}

/** Finance sees a claim in the activity feed (and the dashboard's live view) as soon as it arrives. */
async function surface(env: Env, claim: PaymentClaim): Promise<void> {
  await recordActivity(env, {
    agent: "reconciliation",
    action: "payment_claim_recorded",
    entity: "invoice",
    entity_id: claim.invoice_ref ?? claim.subject_id,
    outcome: "ok",
    detail: { source: claim.source, amount_minor: claim.amount_minor, currency: claim.currency, note: "a CRM claim, not a payment" },
  }).catch(() => undefined);
}

export { listClaims };
