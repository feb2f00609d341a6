import { z } from "@hono/zod-openapi";

/** A deal's cash (src/recon/core/invoicing.ts cashState): on the negotiation, the lead and the dashboards. */
export const CashStateSchema = z
  .object({
    status: z.enum(["not_invoiced", "invoiced", "partial", "paid", "overpaid"]),
    currency: z.string().nullable(),
    invoice_count: z.number().int(),
    invoiced_minor: z.number().int().openapi({ description: "issued so far (issue date today or earlier)" }),
    scheduled_minor: z.number().int().openapi({ description: "later periods of the schedule, not issued yet" }),
    paid_minor: z.number().int(),
    open_minor: z.number().int(),
    overdue_minor: z.number().int(),
    cash_at: z.string().nullable(),
    days_to_cash: z.number().nullable().openapi({ description: "days from the lead's first contact to the last payment; null until paid" }),
  })
  .openapi("CashState");
