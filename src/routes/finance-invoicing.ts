import { createRoute, z } from "@hono/zod-openapi";
import { linkInvoicesToDeal } from "../recon/invoicing";
import { tags, write } from "./finance-schemas";
import { createRouter } from "./router";
import { problemResponses } from "./schemas";

/**
 * Lead-to-cash on the finance side (/api/finance): an invoice imported from an ERP is linked to the
 * deal it bills, by its number or by PO number (audited; scope finance:write). Invoices issued on
 * won carry their lead_id already (POST /api/leads/{id}/close).
 */
const LinkDeal = z
  .object({
    lead_id: z.string().min(1).max(200),
    invoice_id: z.string().min(1).max(200).optional(),
    po_number: z.string().trim().min(1).max(60).optional(),
  })
  .strict()
  .refine((b) => (b.invoice_id === undefined) !== (b.po_number === undefined), { message: "give exactly one of invoice_id and po_number" })
  .openapi("InvoiceDealLink");

const linkRoute = createRoute({
  method: "post",
  path: "/invoices/link-deal",
  summary: "Link imported invoices to a deal (by invoice number or PO number)",
  description:
    "Scope finance:write; audited. Sets `lead_id` on the invoice (or on every invoice with the PO number) unless it already bills another deal (then listed in `taken`). Linking twice changes nothing; the deal's negotiation hears the invoice's status at once.",
  tags,
  middleware: [write] as const,
  request: { body: { required: true, content: { "application/json": { schema: LinkDeal } } } },
  responses: {
    200: {
      description: "What was linked",
      content: {
        "application/json": {
          schema: z.object({ lead_id: z.string(), linked: z.array(z.string()), taken: z.array(z.string()) }).openapi("InvoiceDealLinked"),
        },
      },
    },
    ...problemResponses,
  },
});

export const financeInvoicing = createRouter().openapi(linkRoute, async (c) => {
  const { lead_id, invoice_id, po_number } = c.req.valid("json");
  return c.json(await linkInvoicesToDeal(c.env, lead_id, { invoice_id, po_number }, c.get("actor") ?? "unknown"), 200);
});
