import { describe, expect, it } from "vitest";
import type { InternalEvent } from "../../../src/gateway/core/internal-event";
import { paymentEventToEntry } from "../../../src/recon/core/stripe-payment";

const event = (data: Record<string, unknown>, over: Partial<InternalEvent> = {}): InternalEvent => ({
  source: "stripe",
  vendor_event_id: "evt_1",
  event_type: "invoice_paid",
  subject_id: "in_1",
  occurred_at: "2026-03-05T10:00:00.000Z",
  data,
  ...over,
});

describe("a paid billing invoice as a bank entry", () => {
  it("becomes one credit of format stripe, keyed by the billing object, naming our invoice in the remittance", () => {
    const e = paymentEventToEntry(
      event({
        amount_minor: 12_345,
        currency: "usd",
        customer_name: " Acme Inc. ",
        customer_tax_id: "11-1111111",
        metadata: { invoice_id: "INV-2026-000042", invoice_number: "INV-2026-000042", tax_id: "99" },
        number: "A1B2-0001",
      }),
    );
    expect(e).toEqual({
      natural_key: "stripe|in_1",
      account: "stripe",
      bank_ref: "evt_1",
      entry_ref: "in_1",
      amount_minor: 12_345,
      currency: "USD",
      direction: "credit",
      booking_date: "2026-03-05",
      value_date: "2026-03-05",
      sender_name: "Acme Inc.",
      sender_tax_id: "11-1111111",
      remittance: "INV-2026-000042 A1B2-0001 in_1",
      format: "stripe",
    });
  });

  it("falls back to the company name, the metadata's tax id and the invoice_number field", () => {
    const e = paymentEventToEntry(
      event({
        amount_minor: 100,
        currency: "EUR",
        company: "Globex",
        metadata: { tax_id: "DE1", invoice_number: " " },
        invoice_number: "N-7",
      }),
    );
    expect(e).toMatchObject({ sender_name: "Globex", sender_tax_id: "DE1", remittance: "N-7 in_1" });
    const bare = paymentEventToEntry(event({ amount_minor: 100, currency: "EUR", metadata: ["not", "a", "map"] }));
    expect(bare).toMatchObject({ sender_name: null, sender_tax_id: null, remittance: "in_1" });
  });

  it("takes the date of occurrence, or today when it has none", () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(paymentEventToEntry(event({ amount_minor: 1, currency: "USD" }, { occurred_at: "yesterday" }))?.booking_date).toBe(today);
  });

  it.each([
    [{ amount_minor: 0, currency: "USD" }],
    [{ amount_minor: -5, currency: "USD" }],
    [{ amount_minor: 1.5, currency: "USD" }],
    [{ amount_minor: "100", currency: "USD" }],
    [{ amount_minor: 2 ** 60, currency: "USD" }],
    [{ amount_minor: 100 }],
    [{ amount_minor: 100, currency: 840 }],
    [{ amount_minor: 100, currency: "XYZ" }],
  ])("is null without a usable amount and currency: %j", (data) => {
    expect(paymentEventToEntry(event(data))).toBeNull();
  });

  it("is null for another event type", () => {
    expect(paymentEventToEntry(event({ amount_minor: 100, currency: "USD" }, { event_type: "invoice_payment_failed" }))).toBeNull();
    expect(paymentEventToEntry(event({ amount_minor: 1, currency: "USD" }))).not.toBeNull();
  });
});
