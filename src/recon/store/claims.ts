import { and, desc, eq, lt, or } from "drizzle-orm";
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

/** One page, newest first in a stable order (received_at, id), for the v1 list; `next` is the last row's key when more follow. */
export async function pageClaims(
  env: Env,
  q: { status?: string | undefined; after?: { receivedAt: string; id: string } | undefined; limit: number },
): Promise<{ claims: PaymentClaimRow[]; next: { receivedAt: string; id: string } | null }> {
  const after = q.after;
  const rows = await getDb(env.DB)
    .select()
    .from(paymentClaims)
    .where(
      and(
        q.status ? eq(paymentClaims.status, q.status) : undefined,
        after
          ? or(
              lt(paymentClaims.receivedAt, after.receivedAt),
              and(eq(paymentClaims.receivedAt, after.receivedAt), lt(paymentClaims.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(paymentClaims.receivedAt), desc(paymentClaims.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { claims: page, next: rows.length > q.limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
}
