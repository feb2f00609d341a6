import { describe, expect, it } from "vitest";
import { claimFromEvent, isPaymentClaim } from "../../../src/recon/core/claims";
import type { InternalEvent } from "../../../src/gateway/core/internal-event";

const paid = (source: InternalEvent["source"], data: Record<string, unknown>): InternalEvent => ({
  source,
  vendor_event_id: "e1",
  event_type: "invoice_paid",
  subject_id: "crm-42",
  occurred_at: "2026-12-01T00:00:00.000Z",
  data,
});

describe("payment claims", () => {
  it("takes invoice_paid from a CRM as a claim, from a payment processor as a payment", () => {
    for (const source of ["seed", "hubspot", "salesforce", "generic"] as const) expect(isPaymentClaim(paid(source, {}))).toBe(true);
    expect(isPaymentClaim(paid("stripe", {}))).toBe(false);
    expect(isPaymentClaim({ source: "seed", event_type: "invoice_payment_failed" })).toBe(false);
  });

  it("names the invoice by its number when the event carries one, else by the CRM's id", () => {
    expect(claimFromEvent(paid("generic", { invoice_number: " INV-7 ", amount_minor: 500, currency: "eur" }))).toMatchObject({
      event_id: "generic:e1",
      invoice_ref: "INV-7",
      amount_minor: 500,
      currency: "EUR",
    });
    expect(claimFromEvent(paid("seed", { amount_minor: 1.5, currency: "dollars" }))).toMatchObject({
      invoice_ref: "crm-42",
      amount_minor: null,
      currency: null,
    });
  });
});
