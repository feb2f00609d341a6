import { z } from "@hono/zod-openapi";
import { requireScope } from "./auth";
import { ProblemSchema } from "./schemas";

/** What the finance route files share: scopes, tags and the schemas more than one of them answers with. */
export const read = requireScope("finance:read");
export const write = requireScope("finance:write");
export const tags = ["Finance"];
export const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });
export const csvContent = { "text/csv": { schema: { type: "string" as const } } };

export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
export const LinkStatus = z.enum(["VERIFIED", "REVIEW", "MANUAL", "UNMATCHED", "REJECTED"]);
export const InvoiceStatus = z.enum(["PAID", "PARTIAL", "UNPAID", "OVERPAID", "DISCREPANCY"]);
export const Format = z.enum(["json", "csv"]).default("json");

export const Issue = z.object({ code: z.string(), message: z.string(), location: z.string().optional() }).openapi("ParseIssue");
export const LinkSchema = z
  .object({
    id: z.string(),
    invoice_id: z.string().nullable(),
    wire_id: z
      .string()
      .openapi({ description: "The bank's entry reference: camt NtryRef, MT940 :61: customer reference, CSV reference column" }),
    entry_key: z.string(),
    allocated_amount: z.string().openapi({ example: "1018.01" }),
    allocated_minor: z.number().int(),
    currency: z.string(),
    status: z.string(),
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
  .openapi("ReconLink");
export const InvoiceSchema = z
  .object({
    invoice_id: z.string(),
    customer_tax_id: z.string().nullable(),
    customer_name: z.string(),
    po_number: z.string().nullable(),
    amount: z.string(),
    amount_minor: z.number().int(),
    currency: z.string(),
    issue_date: z.string(),
    due_date: z.string(),
    status: z.string(),
    status_reason: z.string().nullable(),
    paid_amount: z.string(),
    paid_minor: z.number().int(),
    lead_id: z.string().nullable().openapi({ description: "The deal (lead) this invoice bills: issued when it was won, or linked" }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Invoice");
