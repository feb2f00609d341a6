import { describe, expect, it } from "vitest";
import { claimFromEvent } from "../../../src/recon/core/claims";

/** What a CRM's "invoice paid" claim records from loosely typed event data: only well-formed amounts, codes and references. */

const claim = (data: Record<string, unknown>) =>
  claimFromEvent({
    source: "hubspot",
    vendor_event_id: "v9",
    event_type: "invoice_paid",
    subject_id: "deal-1",
    occurred_at: "2026-12-01T00:00:00.000Z",
    data,
  });

describe("claimFromEvent fields", () => {
  it("keeps an amount only when it is a safe integer number, a currency only when it is three letters", () => {
    expect(claim({ amount_minor: "500", currency: 978 })).toMatchObject({ amount_minor: null, currency: null });
    expect(claim({ amount_minor: 2 ** 60, currency: "EURO" })).toMatchObject({ amount_minor: null, currency: null });
    expect(claim({ amount_minor: -300, currency: "usd" })).toMatchObject({ amount_minor: -300, currency: "USD" });
  });

  it("takes the invoice number, else its id, else its number field, trimmed and cut to 256 characters, else the subject", () => {
    expect(claim({ invoice_id: "  ID-3  ", number: "N-4" }).invoice_ref).toBe("ID-3");
    expect(claim({ invoice_number: "   ", number: " N-4 " }).invoice_ref).toBe("N-4");
    expect(claim({ invoice_number: 42 }).invoice_ref).toBe("deal-1");
    expect(claim({ invoice_number: ` ${"x".repeat(300)} ` }).invoice_ref).toBe("x".repeat(256));
    expect(claim({ a: 1 })).toMatchObject({ event_id: "hubspot:v9", data_json: '{"a":1}', occurred_at: "2026-12-01T00:00:00.000Z" });
  });
});
