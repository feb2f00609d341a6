import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  cashState,
  daysBetween,
  daysOverdue,
  defaultSchedule,
  invoiceNumber,
  isSettled,
  paymentTerms,
  periodsOf,
  planInvoices,
  reminderText,
  remittanceText,
  seriesPrefix,
  splitEven,
  type DealInvoice,
  type DealLine,
} from "../../../src/recon/core/invoicing";
import { extractRefs, invoiceKeys } from "../../../src/recon/core/normalize";

const line = (over: Partial<DealLine> = {}): DealLine => ({
  sku: "LL-PRO",
  name: "Pro",
  qty: 40,
  unit_price_minor: 10_000,
  discount_minor: 40_001,
  net_minor: 359_999,
  ...over,
});

describe("periodsOf", () => {
  it("bills upfront once, quarterly per started quarter and annually per started year", () => {
    expect(periodsOf("upfront", 36)).toBe(1);
    expect(periodsOf("quarterly", 12)).toBe(4);
    expect(periodsOf("quarterly", 13)).toBe(5);
    expect(periodsOf("quarterly", 3)).toBe(1);
    expect(periodsOf("annual", 12)).toBe(1);
    expect(periodsOf("annual", 13)).toBe(2);
    expect(periodsOf("annual", 36)).toBe(3);
  });
  it("treats a term under one month (or a fraction) as whole months, at least one", () => {
    expect(periodsOf("quarterly", 0)).toBe(1);
    expect(periodsOf("quarterly", 6.9)).toBe(2);
    expect(periodsOf("annual", -4)).toBe(1);
  });
  it("defaults to annual, as the agreement promises", () => {
    expect(defaultSchedule()).toBe("annual");
  });
});

describe("splitEven", () => {
  it("splits into integer parts that sum exactly, the first taking the remainder", () => {
    expect(splitEven(100, 3)).toEqual([34, 33, 33]);
    expect(splitEven(99, 3)).toEqual([33, 33, 33]);
    expect(splitEven(5, 1)).toEqual([5]);
    expect(splitEven(2, 4)).toEqual([2, 0, 0, 0]);
  });
});

describe("dates", () => {
  it("adds days across month and year ends", () => {
    expect(addDays("2026-12-15", 30)).toBe("2027-01-14");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
  it("adds calendar months, clamping the day to the month's end", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
    expect(addMonths("2026-05-10", 0)).toBe("2026-05-10");
  });
  it("measures days between instants to one decimal", () => {
    expect(daysBetween("2026-01-01T00:00:00Z", "2026-01-11T12:00:00Z")).toBe(10.5);
    expect(daysBetween("2026-01-01T00:00:00Z", "2026-01-01T02:24:00Z")).toBe(0.1);
  });
});

describe("planInvoices", () => {
  it("one upfront invoice carries every line whole, due after the terms", () => {
    const plan = planInvoices(
      { term_months: 12, lines: [line(), line({ sku: "LL-ADD", net_minor: 1_000, discount_minor: 0 })] },
      {
        schedule: "upfront",
        issue_date: "2026-12-04",
        terms_days: 30,
      },
    );
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ period: 1, periods: 1, issue_date: "2026-12-04", due_date: "2027-01-03", amount_minor: 360_999 });
    expect(plan[0]?.items.map((i) => [i.sku, i.amount_minor, i.discount_minor])).toEqual([
      ["LL-PRO", 359_999, 40_001],
      ["LL-ADD", 1_000, 0],
    ]);
  });
  it("a quarterly schedule splits each line so the periods sum to the quote, three months apart", () => {
    const plan = planInvoices({ term_months: 12, lines: [line()] }, { schedule: "quarterly", issue_date: "2026-11-30", terms_days: 14 });
    expect(plan.map((p) => p.issue_date)).toEqual(["2026-11-30", "2027-02-28", "2027-05-30", "2027-08-30"]);
    expect(plan.map((p) => p.due_date)).toEqual(["2026-12-14", "2027-03-14", "2027-06-13", "2027-09-13"]);
    expect(plan.map((p) => p.amount_minor)).toEqual([90_002, 89_999, 89_999, 89_999]);
    expect(plan.reduce((s, p) => s + p.amount_minor, 0)).toBe(359_999);
    expect(plan.reduce((s, p) => s + (p.items[0]?.discount_minor ?? 0), 0)).toBe(40_001);
    expect(plan.every((p) => p.periods === 4 && p.items[0]?.qty === 40 && p.items[0]?.unit_price_minor === 10_000)).toBe(true);
    expect(plan.map((p) => p.period)).toEqual([1, 2, 3, 4]);
  });
  it("an annual schedule of a 24-month term issues twice, a year apart", () => {
    const plan = planInvoices({ term_months: 24, lines: [line()] }, { schedule: "annual", issue_date: "2026-02-01", terms_days: 0 });
    expect(plan.map((p) => [p.issue_date, p.due_date])).toEqual([
      ["2026-02-01", "2026-02-01"],
      ["2027-02-01", "2027-02-01"],
    ]);
  });
});

describe("numbers and remittance", () => {
  it("numbers a series with the issue year and seven digits", () => {
    expect(seriesPrefix("L2C-{YYYY}-", "2026-12-04")).toBe("L2C-2026-");
    expect(seriesPrefix("{YYYY}/{YYYY}-", "2027-01-01")).toBe("2027/2027-");
    expect(seriesPrefix("FIXED-", "2027-01-01")).toBe("FIXED-");
    expect(invoiceNumber("L2C-2026-", 42)).toBe("L2C-2026-0000042");
    expect(invoiceNumber("X", 12_345_678)).toBe("X12345678");
  });
  it("never shares the digit key of an imported six-digit invoice of the same year", () => {
    expect(invoiceKeys(invoiceNumber("L2C-2026-", 42)).digits).not.toBe(invoiceKeys("INV-2026-000042").digits);
  });
  it("writes payment terms", () => {
    expect(paymentTerms(30)).toBe("net 30 days");
    expect(paymentTerms(0)).toBe("due on receipt");
  });
  it("remittance text names the invoice number so the matcher reads it back, and the account when there is one", () => {
    const text = remittanceText(
      { invoice_id: "L2C-2026-0000042", amount_minor: 123_450, currency: "EUR", due_date: "2027-01-03" },
      " DE89 3704 ",
    );
    expect(text).toBe("Please pay 1234.50 EUR to DE89 3704 by 2027-01-03, quoting L2C-2026-0000042 as the payment reference.");
    expect(extractRefs(text).alnum).toContain(invoiceKeys("L2C-2026-0000042").alnum);
    expect(remittanceText({ invoice_id: "A1", amount_minor: 100, currency: "USD", due_date: "2027-01-03" }, "  ")).toBe(
      "Please pay 1.00 USD by 2027-01-03, quoting A1 as the payment reference.",
    );
  });
});

const inv = (over: Partial<DealInvoice> = {}): DealInvoice => ({
  invoice_id: "L2C-2026-0000001",
  amount_minor: 10_000,
  paid_minor: 0,
  currency: "USD",
  status: "UNPAID",
  issue_date: "2026-12-01",
  due_date: "2026-12-31",
  paid_at: null,
  ...over,
});

describe("cashState", () => {
  const opened = "2026-11-01T00:00:00.000Z";
  it("is not_invoiced without invoices", () => {
    expect(cashState([], opened, "2026-12-10")).toEqual({
      status: "not_invoiced",
      currency: null,
      invoice_count: 0,
      invoiced_minor: 0,
      scheduled_minor: 0,
      paid_minor: 0,
      open_minor: 0,
      overdue_minor: 0,
      cash_at: null,
      days_to_cash: null,
    });
  });
  it("counts issued invoices as invoiced and later periods as scheduled", () => {
    const s = cashState([inv(), inv({ invoice_id: "B", issue_date: "2027-03-01", due_date: "2027-03-31" })], opened, "2026-12-10");
    expect(s).toMatchObject({
      status: "invoiced",
      currency: "USD",
      invoice_count: 2,
      invoiced_minor: 10_000,
      scheduled_minor: 10_000,
      open_minor: 10_000,
    });
    expect(s.overdue_minor).toBe(0);
  });
  it("an invoice issued today counts as issued; one due today is not overdue yet", () => {
    const s = cashState([inv({ issue_date: "2026-12-10", due_date: "2026-12-10" })], opened, "2026-12-10");
    expect(s).toMatchObject({ invoiced_minor: 10_000, scheduled_minor: 0, overdue_minor: 0 });
  });
  it("a partly paid, overdue invoice is partial with its open part overdue", () => {
    const s = cashState([inv({ paid_minor: 4_000, status: "PARTIAL" })], opened, "2027-01-05");
    expect(s).toMatchObject({
      status: "partial",
      paid_minor: 4_000,
      open_minor: 6_000,
      overdue_minor: 6_000,
      cash_at: null,
      days_to_cash: null,
    });
  });
  it("paid when every issued invoice is settled: cash at the last payment, days from first contact", () => {
    const s = cashState(
      [
        inv({ status: "PAID", paid_minor: 10_000, paid_at: "2026-12-11T00:00:00.000Z" }),
        inv({ invoice_id: "B", status: "PAID", paid_minor: 10_000, paid_at: "2026-12-21T12:00:00.000Z" }),
      ],
      opened,
      "2026-12-25",
    );
    expect(s).toMatchObject({
      status: "paid",
      paid_minor: 20_000,
      open_minor: 0,
      overdue_minor: 0,
      cash_at: "2026-12-21T12:00:00.000Z",
      days_to_cash: 50.5,
    });
  });
  it("cash is at the latest payment, whichever invoice comes first", () => {
    const s = cashState(
      [
        inv({ status: "PAID", paid_minor: 10_000, paid_at: "2026-12-21T00:00:00.000Z" }),
        inv({ invoice_id: "B", status: "PAID", paid_minor: 10_000, paid_at: "2026-12-11T00:00:00.000Z" }),
      ],
      opened,
      "2026-12-25",
    );
    expect(s).toMatchObject({ cash_at: "2026-12-21T00:00:00.000Z", days_to_cash: 50 });
  });
  it("overpaid when more came in than was invoiced", () => {
    const s = cashState([inv({ status: "OVERPAID", paid_minor: 12_000, paid_at: "2026-12-02T00:00:00.000Z" })], opened, "2026-12-10");
    expect(s).toMatchObject({ status: "overpaid", open_minor: 0, days_to_cash: 31 });
  });
  it("one open invoice keeps a paid sibling from making the deal paid", () => {
    const s = cashState(
      [inv({ status: "PAID", paid_minor: 10_000, paid_at: "2026-12-02T00:00:00.000Z" }), inv({ invoice_id: "B" })],
      opened,
      "2026-12-10",
    );
    expect(s).toMatchObject({ status: "partial", cash_at: null });
  });
});

describe("overdue and reminders", () => {
  it("counts whole days past due for open invoices only", () => {
    expect(daysOverdue(inv(), "2027-01-07")).toBe(7);
    expect(daysOverdue(inv(), "2026-12-31")).toBe(0);
    expect(daysOverdue(inv(), "2026-12-01")).toBe(0);
    expect(daysOverdue(inv({ status: "PAID" }), "2027-02-01")).toBe(0);
    expect(daysOverdue(inv({ status: "PARTIAL" }), "2027-01-01")).toBe(1);
  });
  it("settled means PAID or OVERPAID", () => {
    expect(isSettled("PAID")).toBe(true);
    expect(isSettled("OVERPAID")).toBe(true);
    expect(isSettled("PARTIAL")).toBe(false);
    expect(isSettled("UNPAID")).toBe(false);
  });
  it("a reminder names the invoice, the open amount, the days and the remittance", () => {
    const r = reminderText(
      { invoice_id: "L2C-2026-0000009", amount_minor: 10_000, paid_minor: 2_500, currency: "EUR", due_date: "2026-12-31" },
      "Acme",
      8,
      "Please pay quoting L2C-2026-0000009.",
    );
    expect(r.subject).toBe("Payment reminder: invoice L2C-2026-0000009 (75.00 EUR open)");
    expect(r.body.split("\n")).toEqual([
      "Hello Acme,",
      "",
      "our invoice L2C-2026-0000009 was due on 2026-12-31, 8 days ago; 75.00 EUR is still open.",
      "Please pay quoting L2C-2026-0000009.",
      "",
      "If you have already paid, please ignore this reminder.",
    ]);
    const one = reminderText(
      { invoice_id: "X1", amount_minor: 100, paid_minor: 500, currency: "USD", due_date: "2026-12-31" },
      null,
      1,
      "",
    );
    expect(one.body).toContain("Hello,\n");
    expect(one.body).toContain("1 day ago; 0.00 USD is still open.");
  });
});
