import { describe, expect, it } from "vitest";
import {
  dealCashAt,
  dealFlow,
  leadTimeline,
  medianOf,
  moneyByStage,
  TIMELINE_STEPS,
  type DealFacts,
  type DealInvoiceFacts,
} from "../../../src/dashboard/core/lead-to-cash";

const inv = (over: Partial<DealInvoiceFacts> = {}): DealInvoiceFacts => ({
  invoice_id: "L2C-2026-0000001",
  amount_minor: 10_000,
  paid_minor: 0,
  currency: "USD",
  status: "UNPAID",
  issue_date: "2026-12-01",
  created_at: "2026-12-01T10:00:00.000Z",
  paid_at: null,
  linked: false,
  first_link_at: null,
  ...over,
});
const paidInv = (over: Partial<DealInvoiceFacts> = {}) =>
  inv({
    status: "PAID",
    paid_minor: 10_000,
    paid_at: "2026-12-11T00:00:00.000Z",
    linked: true,
    first_link_at: "2026-12-11T00:00:00.000Z",
    ...over,
  });
const deal = (over: Partial<DealFacts> = {}): DealFacts => ({
  lead_id: "L1",
  stage: "won",
  received_at: "2026-12-01T00:00:00.000Z",
  quote_total_minor: 10_000,
  quote_currency: "USD",
  invoices: [],
  ...over,
});

describe("medianOf", () => {
  it("is the middle value, the mean of the two middles, or null", () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([5])).toBe(5);
    expect(medianOf([9, 1, 5])).toBe(5);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("dealCashAt", () => {
  it("paid needs invoices, all settled; reconciled needs each linked too; cash at the last payment", () => {
    expect(dealCashAt(deal())).toEqual({ paid: false, reconciled: false, cash_at: null });
    expect(dealCashAt(deal({ invoices: [paidInv(), inv({ invoice_id: "B" })] }))).toEqual({
      paid: false,
      reconciled: false,
      cash_at: null,
    });
    expect(
      dealCashAt(
        deal({
          invoices: [paidInv(), paidInv({ invoice_id: "B", status: "OVERPAID", paid_at: "2026-12-20T00:00:00.000Z", linked: false })],
        }),
      ),
    ).toEqual({ paid: true, reconciled: false, cash_at: "2026-12-20T00:00:00.000Z" });
    expect(dealCashAt(deal({ invoices: [paidInv()] }))).toEqual({ paid: true, reconciled: true, cash_at: "2026-12-11T00:00:00.000Z" });
  });
});

describe("dealFlow", () => {
  it("counts the same deals through won → invoiced → paid → reconciled and shows each gap", () => {
    const f = dealFlow([
      deal({ lead_id: "won-no-invoice" }),
      deal({ lead_id: "invoiced", invoices: [inv({ paid_minor: 2_500, status: "PARTIAL" })] }),
      deal({ lead_id: "paid-unlinked", invoices: [paidInv({ linked: false, first_link_at: null })] }),
      deal({ lead_id: "done", invoices: [paidInv({ paid_at: "2026-12-21T00:00:00.000Z" })] }),
      deal({ lead_id: "open", stage: "proposal_sent", quote_total_minor: 7_000 }),
      deal({ lead_id: "lost", stage: "lost", quote_total_minor: 99_000 }),
      deal({ lead_id: "eur", stage: "countered", quote_total_minor: 3_000, quote_currency: "EUR" }),
      deal({ lead_id: "noquote", stage: "qualified", quote_total_minor: null, quote_currency: null }),
    ]);
    expect(f).toMatchObject({ won: 4, invoiced: 3, paid: 2, reconciled: 1 });
    expect(f.gaps).toEqual({ won_not_invoiced: 1, invoiced_not_paid: 1, paid_not_reconciled: 1 });
    expect(f.money).toEqual({
      USD: { pipeline_minor: 7_000, won_minor: 40_000, invoiced_minor: 30_000, collected_minor: 22_500, open_minor: 7_500 },
      EUR: { pipeline_minor: 3_000, won_minor: 0, invoiced_minor: 0, collected_minor: 0, open_minor: 0 },
    });
    // 10 days and 20 days from first contact to cash.
    expect(f.median_days_to_cash).toBe(15);
  });
  it("an invoice linked to a deal that is not won yet still counts as invoiced, never as a won gap", () => {
    const f = dealFlow([deal({ stage: "agreement_drafted", invoices: [inv()] })]);
    expect(f).toMatchObject({ won: 0, invoiced: 1, paid: 0, gaps: { won_not_invoiced: 0, invoiced_not_paid: 1, paid_not_reconciled: 0 } });
    expect(f.money.USD).toMatchObject({ pipeline_minor: 10_000, won_minor: 0, invoiced_minor: 10_000, open_minor: 10_000 });
  });
  it("an overpaid invoice has nothing open", () => {
    const f = dealFlow([deal({ invoices: [paidInv({ status: "OVERPAID", paid_minor: 12_000 })] })]);
    expect(f.money.USD).toMatchObject({ invoiced_minor: 10_000, collected_minor: 12_000, open_minor: 0 });
  });
  it("cash is at the latest payment whatever the invoice order; a quote without a total adds no money", () => {
    const f = dealFlow([
      deal({
        received_at: "2026-12-01T00:00:00.000Z",
        invoices: [paidInv({ paid_at: "2026-12-21T00:00:00.000Z" }), paidInv({ invoice_id: "B", paid_at: "2026-12-06T00:00:00.000Z" })],
      }),
      deal({ lead_id: "no-total", stage: "proposal_sent", quote_total_minor: null, quote_currency: "USD" }),
    ]);
    expect(f.median_days_to_cash).toBe(20);
    expect(f.money.USD?.pipeline_minor).toBe(0);
  });
  it("is empty without deals", () => {
    expect(dealFlow([])).toEqual({
      won: 0,
      invoiced: 0,
      paid: 0,
      reconciled: 0,
      gaps: { won_not_invoiced: 0, invoiced_not_paid: 0, paid_not_reconciled: 0 },
      money: {},
      median_days_to_cash: null,
    });
  });
});

describe("leadTimeline", () => {
  it("a finished deal: every step with its time and amount", () => {
    const t = leadTimeline({
      received_at: "2026-12-01T00:00:00.000Z",
      proposal: { at: "2026-12-01T00:01:00.000Z", total_minor: 12_000, currency: "USD" },
      agreement_at: "2026-12-02T00:00:00.000Z",
      won: { at: "2026-12-03T00:00:00.000Z", total_minor: 10_000, currency: "USD" },
      invoices: [
        paidInv({ first_link_at: "2026-12-12T00:00:00.000Z", created_at: "2026-12-03T00:00:01.000Z" }),
        paidInv({ invoice_id: "B", created_at: "2026-12-03T00:00:00.000Z", paid_at: "2026-12-15T00:00:00.000Z" }),
      ],
    });
    expect(t.map((s) => s.step)).toEqual([...TIMELINE_STEPS]);
    expect(t).toEqual([
      { step: "lead", at: "2026-12-01T00:00:00.000Z", amount_minor: null, currency: null, detail: "first contact" },
      { step: "proposal", at: "2026-12-01T00:01:00.000Z", amount_minor: 12_000, currency: "USD", detail: "first proposal drafted" },
      {
        step: "agreement",
        at: "2026-12-02T00:00:00.000Z",
        amount_minor: null,
        currency: null,
        detail: "customer accepted: agreement drafted",
      },
      { step: "won", at: "2026-12-03T00:00:00.000Z", amount_minor: 10_000, currency: "USD", detail: "closed won by a person" },
      {
        step: "invoice",
        at: "2026-12-03T00:00:00.000Z",
        amount_minor: 20_000,
        currency: "USD",
        detail: "2 invoice(s): L2C-2026-0000001, B",
      },
      { step: "payment", at: "2026-12-11T00:00:00.000Z", amount_minor: 20_000, currency: "USD", detail: "paid in full" },
      {
        step: "reconciled",
        at: "2026-12-15T00:00:00.000Z",
        amount_minor: 20_000,
        currency: "USD",
        detail: "every invoice paid and tied to a bank entry",
      },
    ]);
  });
  it("a deal won but not invoiced: the cash steps are pending, without amounts", () => {
    const t = leadTimeline({
      received_at: "2026-12-01T00:00:00.000Z",
      proposal: null,
      agreement_at: null,
      won: { at: "2026-12-03T00:00:00.000Z", total_minor: 10_000, currency: "EUR" },
      invoices: [],
    });
    expect(t.slice(1, 3).map((s) => [s.at, s.amount_minor, s.currency])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(t.slice(4)).toEqual([
      { step: "invoice", at: null, amount_minor: null, currency: null, detail: "not invoiced" },
      { step: "payment", at: null, amount_minor: null, currency: null, detail: "no payment yet" },
      { step: "reconciled", at: null, amount_minor: null, currency: null, detail: "open" },
    ]);
  });
  it("a partly paid invoice: payment reached, reconciled still open", () => {
    const t = leadTimeline({
      received_at: null,
      proposal: null,
      agreement_at: null,
      won: null,
      invoices: [inv({ paid_minor: 4_000, status: "PARTIAL", first_link_at: "2026-12-05T00:00:00.000Z", linked: true })],
    });
    expect(t[0]).toMatchObject({ at: null });
    expect(t[5]).toEqual({ step: "payment", at: "2026-12-05T00:00:00.000Z", amount_minor: 4_000, currency: "USD", detail: "partly paid" });
    expect(t[6]).toMatchObject({ at: null, amount_minor: null, detail: "open" });
  });
  it("an invoice never linked leaves payment pending even when another one was; the won currency is used before any invoice", () => {
    const t = leadTimeline({
      received_at: "2026-12-01T00:00:00.000Z",
      proposal: { at: "2026-12-01T00:01:00.000Z", total_minor: null, currency: "USD" },
      agreement_at: null,
      won: { at: "2026-12-03T00:00:00.000Z", total_minor: 5_000, currency: "EUR" },
      invoices: [
        inv({ created_at: "2026-12-04T00:00:00.000Z", first_link_at: null }),
        inv({ invoice_id: "B", created_at: "2026-12-03T12:00:00.000Z", first_link_at: "2026-12-09T00:00:00.000Z", paid_minor: 1 }),
      ],
    });
    expect(t[1]).toMatchObject({ amount_minor: null, currency: null });
    expect(t[4]).toMatchObject({ at: "2026-12-03T12:00:00.000Z", currency: "USD" });
    expect(t[5]).toMatchObject({ at: "2026-12-09T00:00:00.000Z", amount_minor: 1 });
    const w = leadTimeline({
      received_at: null,
      proposal: null,
      agreement_at: null,
      won: { at: "2026-12-03T00:00:00.000Z", total_minor: 5_000, currency: "EUR" },
      invoices: [],
    });
    expect(w[3]).toMatchObject({ amount_minor: 5_000, currency: "EUR" });
  });
});

describe("moneyByStage", () => {
  it("sums quote values per stage and currency, skipping deals without a quote", () => {
    expect(
      moneyByStage([
        { stage: "won", currency: "USD", total_minor: 100 },
        { stage: "won", currency: "USD", total_minor: 50 },
        { stage: "won", currency: "EUR", total_minor: 7 },
        { stage: "proposal_sent", currency: "USD", total_minor: 3 },
        { stage: "qualified", currency: null, total_minor: null },
        { stage: "qualified", currency: "USD", total_minor: null },
      ]),
    ).toEqual({ won: { USD: 150, EUR: 7 }, proposal_sent: { USD: 3 } });
  });
});
