import { describe, expect, it } from "vitest";
import { normalizeStripe } from "../../../src/gateway/core/stripe";
import { stripeChargeRefunded, stripeInvoiceEvent } from "../../fixtures/webhooks/stripe";

type Json = Record<string, unknown> & { data: { object: Record<string, unknown> } };
const dataOf = (body: unknown) => {
  const [item] = normalizeStripe(JSON.stringify(body));
  if (item.kind !== "event") throw new Error("expected an event");
  return item.event.data;
};
const refusal = (body: unknown) => {
  try {
    normalizeStripe(JSON.stringify(body));
  } catch (err) {
    return err as { kind: string; message: string; extra: { errors?: unknown[] } };
  }
  throw new Error("expected a refusal");
};

describe("Stripe normalization details", () => {
  it("carries a failed invoice's attempted amount and a paid one's collected amount, a null number and livemode", () => {
    const failed = stripeInvoiceEvent("evt_f", "invoice.payment_failed", 1_764_000_000) as Json;
    failed.data.object.amount_due = 700;
    failed.data.object.amount_paid = 0;
    expect(dataOf(failed)).toMatchObject({ amount_minor: 700, amount_due_minor: 700 });
    const paid = stripeInvoiceEvent("evt_p", "invoice.paid", 1_764_000_000) as Json;
    paid.data.object.amount_paid = 900;
    paid.data.object.amount_due = 1000;
    paid.data.object.number = null;
    paid.livemode = true;
    expect(dataOf(paid)).toMatchObject({ amount_minor: 900, amount_due_minor: 1000, invoice_number: null, livemode: true });
    const { livemode: _l, ...noMode } = paid;
    expect(dataOf(noMode)).toMatchObject({ livemode: null });
    paid.data.object.number = "N".repeat(150);
    expect((dataOf(paid).invoice_number as string).length).toBe(100);
  });

  it("reads an expanded customer reference by its id", () => {
    const paid = stripeInvoiceEvent("evt_x", "invoice.paid", 1_764_000_000) as Json;
    paid.data.object.customer = { id: "cus_expanded", object: "customer" };
    expect(dataOf(paid)).toMatchObject({ customer: "cus_expanded" });
    paid.data.object.customer = null;
    expect(dataOf(paid)).toMatchObject({ customer: null });
  });

  it("takes a refund's e-mail and name from the billing details, else the receipt e-mail", () => {
    const ch = stripeChargeRefunded("evt_r", 1_764_000_000) as Json;
    ch.data.object.billing_details = { email: "bill@x.example", name: "Bill" };
    ch.data.object.receipt_email = "receipt@x.example";
    expect(dataOf(ch)).toMatchObject({ customer_email: "bill@x.example", customer_name: "Bill", livemode: false });
    ch.data.object.billing_details = null;
    expect(dataOf(ch)).toMatchObject({ customer_email: "receipt@x.example", customer_name: null });
  });

  it("names each refusal", () => {
    expect(refusal({ id: "evt" })).toMatchObject({ kind: "invalid_input", message: "Stripe body is not an event object" });
    expect(refusal({ id: "evt" }).extra.errors?.length).toBeGreaterThan(0);
    const ch = stripeChargeRefunded("evt_r", 1_764_000_000) as Json;
    ch.data.object = { id: "ch_1" };
    expect(refusal(ch)).toMatchObject({ kind: "invalid_input", message: "charge.refunded without a valid charge object" });
    const inv = stripeInvoiceEvent("evt_i", "invoice.payment_failed", 1_764_000_000) as Json;
    inv.data.object = { id: "in_1" };
    expect(refusal(inv)).toMatchObject({ message: "invoice.payment_failed without a valid invoice object" });
    expect(refusal(inv).extra.errors?.length).toBeGreaterThan(0);
    expect(() => normalizeStripe("{")).toThrowError(expect.objectContaining({ message: "Stripe body is not valid JSON" }));
  });

  it("says why an unrouted event is ignored", () => {
    expect(normalizeStripe(JSON.stringify({ id: "evt_c", type: "customer.created", created: 1, data: { object: {} } }))).toEqual([
      { kind: "ignored", vendor_event_id: "evt_c", vendor_type: "customer.created", reason: "event type not routed" },
    ]);
  });
});
