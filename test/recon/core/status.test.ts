import { describe, expect, it } from "vitest";
import { deriveOutcomes } from "../../../src/recon/core/status";
import type { Invoice, Link } from "../../../src/recon/core/types";

const invoice: Invoice = {
  invoice_id: "I",
  customer_tax_id: null,
  customer_name: "Acme",
  po_number: null,
  amount_minor: 100_000,
  currency: "EUR",
  issue_date: "2026-01-01",
  due_date: "2026-01-31",
};
const link = (amount: number, wire = "W1"): Link => ({
  invoice_id: "I",
  entry_key: wire,
  wire_id: wire,
  allocated_minor: amount,
  currency: "EUR",
  confidence: 0.9,
  reason: "INVOICE_REF",
  reasons: ["INVOICE_REF"],
});
const statusOf = (links: Link[], tol = 1) => deriveOutcomes([invoice], links, { fee_tolerance_pct: tol })[0];

describe("invoice status", () => {
  it("is UNPAID with nothing allocated", () => {
    expect(statusOf([])).toMatchObject({ status: "UNPAID", paid_minor: 0 });
  });
  it("is PAID from (100 − tolerance) % up to one minor unit over, with the shortfall spelled out", () => {
    expect(statusOf([link(99_000)]).status).toBe("PAID");
    expect(statusOf([link(99_000)]).reasons[0]).toMatch(/10\.00 EUR short \(1\.00 %\) within the 1 % fee tolerance/);
    expect(statusOf([link(100_001)]).status).toBe("PAID");
    expect(statusOf([link(98_999)]).status).toBe("PARTIAL");
    expect(statusOf([link(99_500)], 0.5).status).toBe("PAID");
    expect(statusOf([link(99_499)], 0.5).status).toBe("PARTIAL");
  });
  it("is PARTIAL for installments that do not yet add up", () => {
    expect(statusOf([link(40_000, "W1"), link(30_000, "W2")])).toMatchObject({ status: "PARTIAL", paid_minor: 70_000 });
  });
  it("is OVERPAID for one payment above the amount and DISCREPANCY when paid twice", () => {
    expect(statusOf([link(100_002)]).status).toBe("OVERPAID");
    expect(statusOf([link(60_000, "W1"), link(50_000, "W2")]).status).toBe("OVERPAID");
    const twice = statusOf([link(100_000, "W1"), link(100_000, "W2")]);
    expect(twice.status).toBe("DISCREPANCY");
    expect(twice.reasons[0]).toMatch(/paid more than once \(W1, W2\)/);
  });
});
