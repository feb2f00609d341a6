import { desc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { paymentClaims, type PaymentClaimRow } from "../../db/schema/claims";
import { newId } from "../../platform/ids";
import type { PaymentClaim } from "../core/claims";

/** Records a claim once per event (a redelivery is the same claim); true when it is new. */
export async function insertClaim(env: Env, claim: PaymentClaim, receivedAt: string): Promise<boolean> {
  const rows = await getDb(env.DB)
    .insert(paymentClaims)
    .values({
      id: newId("clm"),
      eventId: claim.event_id,
      source: claim.source,
      eventType: claim.event_type,
      subjectId: claim.subject_id,
      invoiceRef: claim.invoice_ref,
      amountMinor: claim.amount_minor,
      currency: claim.currency,
      dataJson: claim.data_json,
      occurredAt: claim.occurred_at,
      receivedAt,
    })
    .onConflictDoNothing({ target: paymentClaims.eventId })
    .returning({ id: paymentClaims.id });
  return rows.length > 0;
}

/** Newest first, optionally one status, for finance. */
export async function listClaims(env: Env, opts: { status?: string; limit: number }): Promise<PaymentClaimRow[]> {
  const db = getDb(env.DB);
  const q = db.select().from(paymentClaims);
  const filtered = opts.status ? q.where(eq(paymentClaims.status, opts.status)) : q;
  return filtered.orderBy(desc(paymentClaims.receivedAt)).limit(opts.limit);
}
