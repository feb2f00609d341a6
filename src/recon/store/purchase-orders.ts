import { and, asc, eq, gt, or } from "drizzle-orm";
import { getDb } from "../../db/client";
import { purchaseOrders } from "../../db/schema";

const COLUMNS = {
  id: purchaseOrders.id,
  supplier: purchaseOrders.supplier,
  sku: purchaseOrders.sku,
  qty: purchaseOrders.qty,
  status: purchaseOrders.status,
  reason: purchaseOrders.reason,
  trigger_invoice_id: purchaseOrders.triggerInvoiceId,
  stock_after: purchaseOrders.stockAfter,
  created_at: purchaseOrders.createdAt,
};

/** Purchase-order drafts, as the finance API lists them: every row, and the same grouped by supplier. */
export async function listPurchaseOrders(env: Env, status?: string) {
  const rows = await getDb(env.DB)
    .select(COLUMNS)
    .from(purchaseOrders)
    .where(status ? eq(purchaseOrders.status, status) : undefined)
    .orderBy(asc(purchaseOrders.supplier), asc(purchaseOrders.createdAt), asc(purchaseOrders.id))
    .limit(1000);
  const bySupplier: Record<string, { sku: string; qty: number; id: string }[]> = {};
  for (const po of rows) (bySupplier[po.supplier] ??= []).push({ sku: po.sku, qty: po.qty, id: po.id });
  return { purchase_orders: rows, by_supplier: bySupplier };
}

export type PurchaseOrderView = Awaited<ReturnType<typeof listPurchaseOrders>>["purchase_orders"][number];

/** One page oldest first in a stable order (created_at, id), for the v1 list; `next` is the last row's key when more follow. */
export async function pagePurchaseOrders(
  env: Env,
  q: { status?: string | undefined; after?: { createdAt: string; id: string } | undefined; limit: number },
): Promise<{ purchase_orders: PurchaseOrderView[]; next: { createdAt: string; id: string } | null }> {
  const after = q.after;
  const rows = await getDb(env.DB)
    .select(COLUMNS)
    .from(purchaseOrders)
    .where(
      and(
        q.status ? eq(purchaseOrders.status, q.status) : undefined,
        after
          ? or(
              gt(purchaseOrders.createdAt, after.createdAt),
              and(eq(purchaseOrders.createdAt, after.createdAt), gt(purchaseOrders.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(purchaseOrders.createdAt), asc(purchaseOrders.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { purchase_orders: page, next: rows.length > q.limit && last ? { createdAt: last.created_at, id: last.id } : null };
}
