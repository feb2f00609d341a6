import { describe, expect, it } from "vitest";
import { matchPayments } from "../../../src/recon/core/match";
import { decideWriteOff, writeOffEntryKey, writeOffWireId } from "../../../src/recon/core/write-off";
import type { Invoice, Link } from "../../../src/recon/core/types";

const invoice = { invoice_id: "INV-1", amount_minor: 100_000, currency: "EUR" };
const pay = (m: number) => ({ reason: "INVOICE_REF", wire_id: "W1", allocated_minor: m });
const limits = { max_minor: 5000, max_pct: 2 };
const req = (amount_minor: number, over = {}) => ({ kind: "bank_fee" as const, amount_minor, currency: "EUR", reason: "fee", ...over });
const code = (d: ReturnType<typeof decideWriteOff>) => (d.ok ? (d.replay ? "replay" : "ok") : d.code);

describe("write-off decision", () => {
  it("accepts exactly the open amount within both limits", () => {
    expect(decideWriteOff({ invoice, links: [pay(98_500)] }, req(1500), limits)).toEqual({ ok: true, replay: false, open_minor: 1500 });
    expect(code(decideWriteOff({ invoice, links: [pay(98_500)] }, req(1499), limits))).toBe("write_off_amount");
  });

  it("refuses beyond WRITE_OFF_MAX_MINOR and WRITE_OFF_MAX_PCT, at the boundary included", () => {
    const large = { ...invoice, amount_minor: 1_000_000 };
    expect(code(decideWriteOff({ invoice: large, links: [pay(995_000)] }, req(5000), limits))).toBe("ok");
    expect(code(decideWriteOff({ invoice: large, links: [pay(994_999)] }, req(5001), limits))).toBe("write_off_over_limit");
    const small = { ...invoice, amount_minor: 10_000 };
    expect(code(decideWriteOff({ invoice: small, links: [pay(9800)] }, req(200), limits))).toBe("ok");
    expect(code(decideWriteOff({ invoice: small, links: [pay(9799)] }, req(201), limits))).toBe("write_off_over_percent");
  });

  it("has nothing to write off on an unpaid, a fully paid or an overpaid invoice, or in another currency", () => {
    expect(code(decideWriteOff({ invoice, links: [] }, req(100_000), limits))).toBe("write_off_unpaid");
    expect(code(decideWriteOff({ invoice, links: [pay(100_000)] }, req(1), limits))).toBe("write_off_not_short");
    expect(code(decideWriteOff({ invoice, links: [pay(120_000)] }, req(1), limits))).toBe("write_off_not_short");
    expect(code(decideWriteOff({ invoice, links: [pay(98_500)] }, req(1500, { currency: "USD" }), limits))).toBe("write_off_currency");
  });

  it("the same write-off again is a replay; another one a conflict", () => {
    const links = [pay(98_500), { reason: "WRITE_OFF", wire_id: writeOffWireId("bank_fee"), allocated_minor: 1500 }];
    expect(code(decideWriteOff({ invoice, links }, req(1500), limits))).toBe("replay");
    expect(code(decideWriteOff({ invoice, links }, req(1500, { kind: "rounding" }), limits))).toBe("write_off_exists");
  });
});

describe("a write-off in the matcher", () => {
  const inv: Invoice = {
    invoice_id: "INV-1",
    customer_tax_id: "DE1",
    customer_name: "Kessler GmbH",
    po_number: null,
    amount_minor: 100_000,
    currency: "EUR",
    issue_date: "2026-03-01",
    due_date: "2026-03-31",
  };
  const link = (over: Partial<Link>): Link => ({
    invoice_id: "INV-1",
    entry_key: "E1",
    wire_id: "W1",
    allocated_minor: 98_500,
    currency: "EUR",
    confidence: 0.9,
    reason: "INVOICE_REF",
    reasons: ["INVOICE_REF"],
    ...over,
  });
  it("counts toward PAID without being money, shown in the reasons; nothing is left open for another payment", () => {
    const wo = link({
      entry_key: writeOffEntryKey("INV-1"),
      wire_id: writeOffWireId("bank_fee"),
      allocated_minor: 1500,
      reason: "WRITE_OFF",
      reasons: ["WRITE_OFF"],
    });
    const r = matchPayments([inv], [], {}, { fixed_links: [link({}), wo] });
    expect(r.outcomes[0]).toMatchObject({ status: "PAID", paid_minor: 100_000 });
    expect(r.outcomes[0].reasons[0]).toBe("paid 985.00 EUR (W1) + bank fee written off 15.00 EUR = 1000.00 EUR");
    const without = matchPayments([inv], [], {}, { fixed_links: [link({})] });
    expect(without.outcomes[0].status).toBe("PARTIAL");
  });
});
