import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { purchaseOrders } from "../../db/schema";

/** Purchase-order drafts, as the finance API lists them: every row, and the same grouped by supplier. */
export async function listPurchaseOrders(env: Env, status?: string) {
  const rows = await getDb(env.DB)
    .select({
      id: purchaseOrders.id,
      supplier: purchaseOrders.supplier,
      sku: purchaseOrders.sku,
      qty: purchaseOrders.qty,
      status: purchaseOrders.status,
      reason: purchaseOrders.reason,
      trigger_invoice_id: purchaseOrders.triggerInvoiceId,
      stock_after: purchaseOrders.stockAfter,
      created_at: purchaseOrders.createdAt,
    })
    .from(purchaseOrders)
    .where(status ? eq(purchaseOrders.status, status) : undefined)
    .orderBy(asc(purchaseOrders.supplier), asc(purchaseOrders.createdAt), asc(purchaseOrders.id))
    .limit(1000);
  const bySupplier: Record<string, { sku: string; qty: number; id: string }[]> = {};
  for (const po of rows) (bySupplier[po.supplier] ??= []).push({ sku: po.sku, qty: po.qty, id: po.id });
  return { purchase_orders: rows, by_supplier: bySupplier };
}
