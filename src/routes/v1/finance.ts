import { z } from "@hono/zod-openapi";
import { InvalidInput } from "../../platform/errors";
import { money, moneyOrNull, snakeEnum } from "../../platform/list-page";
import { listBankEntries } from "../../recon/store/bank-entries";
import { pageClaims } from "../../recon/store/claims";
import { listDiscrepancies } from "../../recon/store/discrepancies";
import { listInvoices } from "../../recon/store/invoices";
import { listLinks } from "../../recon/store/links";
import { pagePurchaseOrders } from "../../recon/store/purchase-orders";
import { IsoDay, InvoiceStatus, LinkStatus } from "../finance-schemas";
import { createRouter } from "../router";
import { addList, MoneySchema, v1Enum } from "./list";

/**
 * /v1/finance lists: reconciliation links, invoices, bank entries, the review queue, purchase
 * orders and payment claims, each mapped once (`present*`): enums lower snake_case (`verified`,
 * `unmatched_entry`), money as `{ amount_minor, currency }` (no decimal strings beside minor units).
 * Scope finance:read. The CSV exports stay on /api/finance (`format=csv`), unchanged.
 */
type Row<F extends (...a: never[]) => Promise<unknown>, K extends string> =
  Awaited<ReturnType<F>> extends Record<K, Array<infer R>> ? R : never;
const tags = ["Finance"];
const Customer = z.string().min(1).max(200).optional().openapi({ description: "A tax id or an exact (case-insensitive) customer name" });
const LeadId = z.string().min(1).max(200).optional().openapi({ description: "Only the deal's (lead's) invoices" });

const V1Link = z
  .object({
    id: z.string(),
    invoice_id: z.string().nullable(),
    wire_id: z.string(),
    entry_key: z.string(),
    allocated: MoneySchema,
    status: v1Enum(LinkStatus.options),
    confidence: z.number(),
    reason: z.string(),
    reasons: z.array(z.string()),
    customer_tax_id: z.string().nullable(),
    booking_date: z.string(),
    created_at: z.string(),
    resolved_by: z.string().nullable(),
    resolved_at: z.string().nullable(),
    resolution_reason: z.string().nullable(),
  })
  .openapi("V1ReconLink");

export function presentLink(l: Row<typeof listLinks, "links">) {
  const { allocated_amount: _a, allocated_minor, currency, status, ...rest } = l;
  return { ...rest, allocated: money(allocated_minor, currency), status: snakeEnum(status) as z.infer<typeof V1Link>["status"] };
}

const V1Invoice = z
  .object({
    invoice_id: z.string(),
    customer_tax_id: z.string().nullable(),
    customer_name: z.string(),
    po_number: z.string().nullable(),
    amount: MoneySchema,
    paid: MoneySchema,
    issue_date: z.string(),
    due_date: z.string(),
    status: v1Enum(InvoiceStatus.options),
    status_reason: z.string().nullable(),
    lead_id: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("V1Invoice");

export function presentInvoice(i: Row<typeof listInvoices, "invoices">) {
  const { amount: _a, amount_minor, paid_amount: _p, paid_minor, currency, status, ...rest } = i;
  return {
    ...rest,
    amount: money(amount_minor, currency),
    paid: money(paid_minor, currency),
    status: snakeEnum(status) as z.infer<typeof V1Invoice>["status"],
  };
}

const V1BankEntry = z
  .object({
    entry_key: z.string(),
    wire_id: z.string(),
    entry_ref: z.string().nullable(),
    bank_ref: z.string().nullable(),
    account: z.string().nullable(),
    amount: MoneySchema,
    allocated: MoneySchema,
    direction: z.string().openapi({ description: "credit | debit" }),
    reversal: z.boolean(),
    booking_date: z.string(),
    value_date: z.string().nullable(),
    sender_name: z.string().nullable(),
    sender_tax_id: z.string().nullable(),
    remittance: z.string(),
    format: z.string(),
    import_id: z.string().nullable(),
    match_status: z.string().openapi({ description: "pending | matched | partial | unmatched | review | duplicate" }),
    created_at: z.string(),
  })
  .openapi("V1BankEntry");

export function presentBankEntry(e: Row<typeof listBankEntries, "entries">): z.infer<typeof V1BankEntry> {
  return { ...e, direction: snakeEnum(e.direction), format: snakeEnum(e.format), match_status: snakeEnum(e.match_status) };
}

const V1Discrepancy = z
  .object({
    id: z.string(),
    kind: z
      .string()
      .openapi({ description: "unmatched_entry | duplicate_entry | balance_mismatch | stock_review | …", example: "unmatched_entry" }),
    status: z.enum(["open", "resolved"]),
    entry_key: z.string().nullable(),
    wire_id: z.string().nullable(),
    invoice_ids: z.array(z.string()),
    import_id: z.string().nullable(),
    reason: z.string(),
    amount: MoneySchema.nullable().openapi({ description: "The payment's amount; null when the item has no payment" }),
    booking_date: z.string().nullable(),
    payer_name: z.string().nullable(),
    remittance: z.string().nullable(),
    candidates: z.array(
      z.object({
        invoice_id: z.string(),
        open: MoneySchema.openapi({ description: "What the invoice still owes now" }),
        score: z.number(),
        reasons: z.array(z.string()),
      }),
    ),
    created_at: z.string(),
    resolved_at: z.string().nullable(),
    resolved_by: z.string().nullable(),
  })
  .openapi("V1Discrepancy");

export function presentDiscrepancy(d: Row<typeof listDiscrepancies, "items">): z.infer<typeof V1Discrepancy> {
  const { amount: _a, amount_minor, currency, candidates, kind, status, ...rest } = d;
  return {
    ...rest,
    kind: snakeEnum(kind),
    status: status === "RESOLVED" ? "resolved" : "open",
    amount: moneyOrNull(amount_minor, currency),
    candidates: candidates.map((c) => ({
      invoice_id: c.invoice_id,
      open: money(c.open_minor, c.currency),
      score: c.score,
      reasons: c.reasons,
    })),
  };
}

const V1PurchaseOrder = z
  .object({
    id: z.string(),
    supplier: z.string(),
    sku: z.string(),
    qty: z.number(),
    status: z.enum(["draft", "sent", "cancelled"]),
    reason: z.string(),
    trigger_invoice_id: z.string().nullable(),
    stock_after: z.number().nullable(),
    created_at: z.string(),
  })
  .openapi("V1PurchaseOrder");

export const presentPurchaseOrder = (p: Row<typeof pagePurchaseOrders, "purchase_orders">): z.infer<typeof V1PurchaseOrder> => ({
  ...p,
  status: snakeEnum(p.status) as z.infer<typeof V1PurchaseOrder>["status"],
});

const V1PaymentClaim = z
  .object({
    id: z.string(),
    event_id: z.string(),
    source: z.string(),
    event_type: z.string(),
    subject_id: z.string().nullable(),
    invoice_ref: z.string().nullable(),
    amount: MoneySchema.nullable(),
    status: z.string().openapi({ description: "open | confirmed | disputed" }),
    occurred_at: z.string(),
    received_at: z.string(),
  })
  .openapi("V1PaymentClaim");

export const presentClaim = (r: Row<typeof pageClaims, "claims">): z.infer<typeof V1PaymentClaim> => ({
  id: r.id,
  event_id: r.eventId,
  source: snakeEnum(r.source),
  event_type: snakeEnum(r.eventType),
  subject_id: r.subjectId,
  invoice_ref: r.invoiceRef,
  amount: moneyOrNull(r.amountMinor, r.currency),
  status: snakeEnum(r.status),
  occurred_at: r.occurredAt,
  received_at: r.receivedAt,
});

const upper = (v: string | undefined) => v?.toUpperCase();
const atId = (after: string[] | undefined) => (after ? { at: after[0]!, id: after[1]! } : undefined);
const dayRange = (f: { from?: string | undefined; to?: string | undefined }) => {
  if (f.from && f.to && f.from > f.to) throw new InvalidInput("from is after to", { errors: [{ path: "from", message: "after to" }] });
};

export const v1Finance = createRouter();

addList(v1Finance, {
  path: "/finance/reconciliations",
  name: "V1ReconLink",
  summary: "Reconciliation links",
  order: "In a stable order (created_at, id); `from`/`to` filter the bank booking date",
  tags,
  scope: "finance:read",
  filters: {
    status: v1Enum(LinkStatus.options).optional(),
    customer: Customer,
    lead_id: LeadId,
    from: IsoDay.optional(),
    to: IsoDay.optional(),
  },
  item: V1Link,
  arity: 2,
  check: dayRange,
  read: async (env, f, after, limit) => {
    const page = await listLinks(env, { ...f, status: upper(f.status), leadId: f.lead_id, after: atId(after), limit });
    return { rows: page.links, next: page.next ? [page.next.at, page.next.id] : null };
  },
  present: presentLink,
});

addList(v1Finance, {
  path: "/finance/invoices",
  name: "V1Invoice",
  summary: "Invoices with status and paid amount",
  order: "In invoice-number order",
  tags,
  scope: "finance:read",
  filters: { status: v1Enum(InvoiceStatus.options).optional(), customer: Customer, lead_id: LeadId },
  item: V1Invoice,
  arity: 1,
  read: async (env, f, after, limit) => {
    const page = await listInvoices(env, { status: upper(f.status), customer: f.customer, leadId: f.lead_id, after: after?.[0], limit });
    return { rows: page.invoices, next: page.next ? [page.next] : null };
  },
  present: presentInvoice,
});

addList(v1Finance, {
  path: "/finance/bank-entries",
  name: "V1BankEntry",
  summary: "Bank entries as stored",
  order: "In a stable order (created_at, entry_key); `status=matched` is fully allocated, `unmatched` every other entry",
  tags,
  scope: "finance:read",
  filters: {
    account: z.string().min(1).max(200).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR")
      .optional(),
    from: IsoDay.optional(),
    to: IsoDay.optional(),
    status: z.enum(["matched", "unmatched"]).optional(),
    import_id: z.string().min(1).max(64).optional(),
    statement_id: z.string().min(1).max(64).optional(),
  },
  item: V1BankEntry,
  arity: 2,
  check: dayRange,
  read: async (env, f, after, limit) => {
    const { import_id, statement_id, ...rest } = f;
    const page = await listBankEntries(env, { ...rest, importId: import_id, statementId: statement_id, after: atId(after), limit });
    return { rows: page.entries, next: page.next ? [page.next.at, page.next.id] : null };
  },
  present: presentBankEntry,
});

addList(v1Finance, {
  path: "/finance/discrepancies",
  name: "V1Discrepancy",
  summary: "The review queue: what a person must look at, with the reason",
  order: "In id order (ids are time-ordered ULIDs)",
  tags,
  scope: "finance:read",
  filters: {
    status: z.enum(["open", "resolved"]).default("open"),
    kind: z.string().min(1).max(40).optional().openapi({ description: "e.g. unmatched_entry" }),
  },
  item: V1Discrepancy,
  arity: 1,
  read: async (env, f, after, limit) => {
    const page = await listDiscrepancies(env, { status: upper(f.status), kind: upper(f.kind), after: after?.[0], limit });
    return { rows: page.items, next: page.next ? [page.next] : null };
  },
  present: presentDiscrepancy,
});

addList(v1Finance, {
  path: "/finance/purchase-orders",
  name: "V1PurchaseOrder",
  summary: "Purchase-order drafts created when paid invoices took a SKU below its reorder point",
  order: "Oldest first, in a stable order (created_at, id)",
  tags,
  scope: "finance:read",
  filters: { status: z.enum(["draft", "sent", "cancelled"]).optional() },
  item: V1PurchaseOrder,
  arity: 2,
  read: async (env, f, after, limit) => {
    const page = await pagePurchaseOrders(env, {
      status: upper(f.status),
      after: after ? { createdAt: after[0]!, id: after[1]! } : undefined,
      limit,
    });
    return { rows: page.purchase_orders, next: page.next ? [page.next.createdAt, page.next.id] : null };
  },
  present: presentPurchaseOrder,
});

addList(v1Finance, {
  path: "/finance/payment-claims",
  name: "V1PaymentClaim",
  summary: "Payment claims from CRM events (recorded, never settling an invoice)",
  order: "Newest first, in a stable order (received_at, id)",
  tags,
  scope: "finance:read",
  filters: { status: z.enum(["open", "confirmed", "disputed"]).optional() },
  item: V1PaymentClaim,
  arity: 2,
  read: async (env, f, after, limit) => {
    const page = await pageClaims(env, { status: f.status, after: after ? { receivedAt: after[0]!, id: after[1]! } : undefined, limit });
    return { rows: page.claims, next: page.next ? [page.next.receivedAt, page.next.id] : null };
  },
  present: presentClaim,
});
