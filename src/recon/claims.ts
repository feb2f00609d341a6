import { recordActivity } from "../platform/activity";
import { log } from "../platform/log";
import { claimFromEvent, isPaymentClaim, type PaymentClaim } from "./core/claims";
import type { ReconMessage } from "./messages";
import { insertClaim, listClaims } from "./store/claims";

/** A decoded recon queue message, as the batch settler holds it. */
type Queued = { id: string; attempts: number; body: ReconMessage };

/**
 * The reconciliation consumer's first step: each `payment_event` that is only a CRM's claim of a
 * payment (src/recon/core/claims.ts) is recorded as a claim and acked here, so it never reaches
 * the matcher: no bank entry, no link, no PAID invoice, no stock move. Returns the verdict of
 * each message it settled (ack, or retry alone when the claim could not be written); the rest go on as before.
 */
export async function settleClaims<M extends Queued>(env: Env, queue: string, messages: readonly M[]): Promise<Map<M, "ack" | "retry">> {
  const settled = new Map<M, "ack" | "retry">();
  for (const msg of messages) {
    if (msg.body.kind !== "payment_event" || !isPaymentClaim(msg.body.event)) continue;
    const claim = claimFromEvent(msg.body.event);
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
      settled.set(msg, "ack");
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
      settled.set(msg, "retry");
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
