import { referenceHmac } from "./hmac";
import { describe, expect, it } from "vitest";
import { normalizeStripe, parseStripeSignatureHeader, signStripe, verifyStripe } from "../../../src/gateway/core/stripe";
import { stripeChargeRefunded, stripeCustomerCreated, stripeInvoiceEvent } from "../../fixtures/webhooks/stripe";

const SECRET = "whsec_unit_secret";
const NOW = 1_764_000_000;
const enc = (s: string) => new TextEncoder().encode(s);

function headers(value: string) {
  return new Headers({ "stripe-signature": value });
}

describe("Stripe signature verification", () => {
  it("signs hex HMAC-SHA256 over `${t}.${body}` like Stripe does", async () => {
    const body = '{"id":"evt_1"}';
    expect(await signStripe(SECRET, body, NOW)).toBe(await referenceHmac(SECRET, `${NOW}.${body}`, "hex"));
  });

  it("accepts when any of several v1 signatures matches, and ignores v0", async () => {
    const body = '{"id":"evt_2"}';
    const good = await signStripe(SECRET, body, NOW);
    const header = `t=${NOW},v1=${"0".repeat(64)},v1=${good},v0=${"f".repeat(64)}`;
    expect(await verifyStripe({ body: enc(body), headers: headers(header), secrets: [SECRET], nowSeconds: NOW })).toEqual({ ok: true });
  });

  it("rejects a tampered body, a wrong secret and a header with only v0", async () => {
    const body = '{"id":"evt_3"}';
    const sig = await signStripe(SECRET, body, NOW);
    const h = headers(`t=${NOW},v1=${sig}`);
    expect((await verifyStripe({ body: enc('{"id":"evt_4"}'), headers: h, secrets: [SECRET], nowSeconds: NOW })).ok).toBe(false);
    expect((await verifyStripe({ body: enc(body), headers: h, secrets: ["whsec_other"], nowSeconds: NOW })).ok).toBe(false);
    expect((await verifyStripe({ body: enc(body), headers: headers(`t=${NOW},v0=${sig}`), secrets: [SECRET], nowSeconds: NOW })).ok).toBe(
      false,
    );
  });

  it("rejects a timestamp outside the tolerance, which is configurable", async () => {
    const body = "{}";
    const t = NOW - 301;
    const h = headers(`t=${t},v1=${await signStripe(SECRET, body, t)}`);
    expect(await verifyStripe({ body: enc(body), headers: h, secrets: [SECRET], nowSeconds: NOW })).toEqual({
      ok: false,
      reason: "timestamp outside the tolerance window",
    });
    expect((await verifyStripe({ body: enc(body), headers: h, secrets: [SECRET], nowSeconds: NOW, toleranceSeconds: 600 })).ok).toBe(true);
  });

  it("does not let the signed timestamp be swapped for a fresh one", async () => {
    const body = "{}";
    const sig = await signStripe(SECRET, body, NOW - 1000);
    expect((await verifyStripe({ body: enc(body), headers: headers(`t=${NOW},v1=${sig}`), secrets: [SECRET], nowSeconds: NOW })).ok).toBe(
      false,
    );
  });

  it("parses messy headers without throwing", () => {
    expect(parseStripeSignatureHeader("t=1, v1=ab ,junk,=x,v1=cd")).toEqual({ t: "1", v1: ["ab", "cd"] });
    expect(parseStripeSignatureHeader("")).toEqual({ t: null, v1: [] });
  });
});

describe("Stripe normalization", () => {
  it("maps invoice.paid to invoice_paid with amounts in minor units and an upper-case currency", () => {
    const [item] = normalizeStripe(JSON.stringify(stripeInvoiceEvent("evt_1NG8Du2eZvKYlo2CUI79vXWy", "invoice.paid", 1686089970)));
    expect(item.kind).toBe("event");
    if (item.kind !== "event") return;
    expect(item.event).toMatchObject({
      source: "stripe",
      vendor_event_id: "evt_1NG8Du2eZvKYlo2CUI79vXWy",
      event_type: "invoice_paid",
      subject_id: "in_1NG8Du2eZvKYlo2CUI79vXWy",
      occurred_at: "2023-06-06T22:19:30.000Z",
      data: {
        amount_minor: 1500000,
        currency: "USD",
        invoice_number: "2F1A7C3D-0007",
        customer: "cus_NeZwdNtLEOXuvB",
        customer_email: "jennyrosen@example.com",
        customer_name: "Jenny Rosen",
        metadata: { crm_deal_id: "D-7781", po_number: "PO-2291" },
      },
    });
  });

  it("takes the amount due for a failed payment and the refunded amount for a refund", () => {
    const [failed] = normalizeStripe(JSON.stringify(stripeInvoiceEvent("evt_fail_1", "invoice.payment_failed")));
    expect(failed.kind === "event" && failed.event).toMatchObject({
      event_type: "invoice_payment_failed",
      data: { amount_minor: 1500000 },
    });
    const [refund] = normalizeStripe(JSON.stringify(stripeChargeRefunded("evt_refund_1")));
    expect(refund.kind === "event" && refund.event).toMatchObject({
      event_type: "charge_refunded",
      subject_id: "ch_refund_1",
      data: {
        amount_minor: 50000,
        currency: "EUR",
        invoice_id: "in_1AcmeInvoice",
        customer_email: "billing@acme.example",
        customer_name: "Acme GmbH",
      },
    });
  });

  it("accepts but ignores event types it does not route", () => {
    expect(normalizeStripe(JSON.stringify(stripeCustomerCreated("evt_cust_1")))).toEqual([
      { kind: "ignored", vendor_event_id: "evt_cust_1", vendor_type: "customer.created", reason: "event type not routed" },
    ]);
  });

  it("refuses a routed event whose object lacks amounts, and a float amount", () => {
    const e = stripeInvoiceEvent("evt_bad_1", "invoice.paid");
    const { amount_paid: _drop, ...noAmount } = e.data.object;
    expect(() => normalizeStripe(JSON.stringify({ ...e, data: { object: noAmount } }))).toThrowError(
      expect.objectContaining({ kind: "invalid_input" }),
    );
    expect(() => normalizeStripe(JSON.stringify({ ...e, data: { object: { ...e.data.object, amount_paid: 10.5 } } }))).toThrowError(
      expect.objectContaining({ kind: "invalid_input" }),
    );
  });

  it("keeps only flat scalar metadata", () => {
    const e = stripeInvoiceEvent("evt_meta_1", "invoice.paid");
    const body = { ...e, data: { object: { ...e.data.object, metadata: { a: "1", deep: { x: { y: 1 } }, list: [1, 2] } } } };
    const [item] = normalizeStripe(JSON.stringify(body));
    expect(item.kind === "event" && item.event.data.metadata).toEqual({ a: "1" });
  });
});
