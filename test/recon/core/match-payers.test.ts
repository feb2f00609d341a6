import { describe, expect, it } from "vitest";
import { matchPayments } from "../../../src/recon/core/match";
import { MAX_CANDIDATES } from "../../../src/recon/core/match-candidates";
import type { BankEntry, Invoice } from "../../../src/recon/core/types";

// Payers who are not the customer, amounts that are not the invoice's, and the review candidates.
const inv = (id: string, amount: number, over: Partial<Invoice> = {}): Invoice => ({
  invoice_id: id,
  customer_tax_id: "DE123456789",
  customer_name: "Kessler Logistik GmbH",
  po_number: null,
  amount_minor: amount,
  currency: "EUR",
  issue_date: "2026-03-01",
  due_date: "2026-03-31",
  ...over,
});
let seq = 0;
const credit = (amount: number, remittance: string, over: Partial<BankEntry> = {}): BankEntry => ({
  natural_key: `ACC|${seq++}`,
  account: "ACC",
  bank_ref: null,
  entry_ref: `W${seq}`,
  amount_minor: amount,
  currency: "EUR",
  direction: "credit",
  booking_date: "2026-03-30",
  value_date: null,
  sender_name: "Kessler Logistik GmbH",
  sender_tax_id: "DE123456789",
  remittance,
  format: "camt053",
  ...over,
});
const factor = { sender_name: "Hanseatische Factoring Bank AG", sender_tax_id: "DE999999999" };
const other = inv("RE-OTHER-77", 50_000, { customer_tax_id: "DE555555555", customer_name: "Moreau Packaging SAS" });
const statusOf = (r: ReturnType<typeof matchPayments>, id: string) => r.outcomes.find((o) => o.invoice_id === id)?.status;

describe("payer resolution", () => {
  it("a factoring company paying 'im Auftrag von' the customer, without a reference, settles the customer's invoice by amount", () => {
    const r = matchPayments(
      [inv("RE-1", 120_000), inv("RE-2", 80_000), other],
      [credit(80_000, "im Auftrag von Kessler Logistik GmbH", factor)],
    );
    expect(r.links.map((l) => [l.invoice_id, l.allocated_minor, l.reasons[0]])).toEqual([["RE-2", 80_000, "ON_BEHALF_OF"]]);
    expect(statusOf(r, "RE-2")).toBe("PAID");
  });

  it("a factoring company naming an unknown customer matches nothing by amount", () => {
    const r = matchPayments([inv("RE-2", 80_000)], [credit(80_000, "on behalf of Nobody Known Ltd", factor)]);
    expect(r.links).toEqual([]);
    expect(r.review.map((x) => x.kind)).toEqual(["UNMATCHED_ENTRY"]);
  });

  it("with a reference, the agreeing customer named on behalf of is a reason of the link", () => {
    const r = matchPayments(
      [inv("RE-2026-00042", 80_000)],
      [credit(80_000, "Rechnung RE-2026-00042 im Auftrag von Kessler Logistik", factor)],
    );
    expect(r.links[0].reasons).toEqual(["INVOICE_REF", "ON_BEHALF_OF", "AMOUNT_EXACT"]);
  });

  it("a parent company with its own name and tax id paying short still settles the invoice it names, and asks a person", () => {
    const parent = { sender_name: "Nordstern Holding SE", sender_tax_id: "DE111111111" };
    const r = matchPayments([inv("INV-2026-000042", 100_000)], [credit(80_000, "Invoice INV-2026-000042", parent)]);
    expect(r.links.map((l) => [l.invoice_id, l.allocated_minor])).toEqual([["INV-2026-000042", 80_000]]);
    expect(statusOf(r, "INV-2026-000042")).toBe("PARTIAL");
    expect(r.review.find((x) => x.kind === "UNDERPAYMENT")?.invoice_ids).toEqual(["INV-2026-000042"]);
  });

  it("a stranger's payment that only a short serial names is not allocated", () => {
    const stranger = { sender_name: "Unrelated Ltd", sender_tax_id: "GB1" };
    const r = matchPayments([inv("INV-2026-000042", 100_000)], [credit(80_000, "Invoice #42", stranger)]);
    expect(r.links).toEqual([]);
  });
});

describe("amount reasoning", () => {
  it("a credit note named in the remittance makes the invoice PAID and is recorded in its reason", () => {
    const invoices = [inv("RE25-01234", 100_000)];
    const r = matchPayments(invoices, [credit(85_000, "Rechnung RE25-01234 abzgl. Gutschrift GS-2026-7 150,00")]);
    expect(r.links[0]).toMatchObject({ invoice_id: "RE25-01234", allocated_minor: 85_000 });
    expect(r.links[0].reasons).toContain("CREDIT_NOTE");
    const o = r.outcomes[0];
    expect(o).toMatchObject({ status: "PAID", paid_minor: 85_000 });
    expect(o.reasons[0]).toContain("GS-2026-7");
    expect(o.reasons[0]).toContain("150.00");
    // A rerun that keeps the link as given still counts the credit note.
    const again = matchPayments(
      invoices,
      [credit(85_000, "Rechnung RE25-01234 abzgl. Gutschrift GS-2026-7 150,00", { natural_key: r.links[0].entry_key })],
      {},
      {
        fixed_links: r.links,
      },
    );
    expect(again.outcomes[0].status).toBe("PAID");
  });

  it("a credit note that does not make up the difference leaves the invoice PARTIAL", () => {
    const r = matchPayments([inv("RE25-01234", 100_000)], [credit(60_000, "RE25-01234 less credit note CN-9 100.00")]);
    expect(r.outcomes[0].status).toBe("PARTIAL");
    expect(r.links[0].reasons).not.toContain("CREDIT_NOTE");
  });

  it("a credit note larger than the difference is not netted (the invoice would be overpaid)", () => {
    const r = matchPayments([inv("RE25-01234", 100_000)], [credit(90_000, "RE25-01234 less credit note CN-9 500.00")]);
    expect(r.links[0].reasons).not.toContain("CREDIT_NOTE");
    expect(r.outcomes[0].status).toBe("PARTIAL");
  });

  it("a credit note without a stated amount nets what is left open", () => {
    const r = matchPayments([inv("RE25-01234", 100_000)], [credit(70_000, "RE25-01234 credit memo CM-12")]);
    expect(r.outcomes[0].status).toBe("PAID");
  });

  it("a credit note's own number is not read as an invoice number", () => {
    const r = matchPayments(
      [inv("RE25-01234", 100_000), inv("CN-2026-7", 15_000)],
      [credit(85_000, "RE25-01234 less credit note CN-2026-7 150.00")],
    );
    expect(r.links.map((l) => l.invoice_id)).toEqual(["RE25-01234"]);
  });

  it("a wire one cent short is PAID; a late payment matches by reference whatever the date", () => {
    const r = matchPayments(
      [inv("RE-2026-00001", 100_000), inv("RE-2026-00002", 50_000)],
      [credit(99_999, "RE-2026-00001"), credit(50_000, "RE-2026-00002", { booking_date: "2026-07-15" })],
    );
    expect([statusOf(r, "RE-2026-00001"), statusOf(r, "RE-2026-00002")]).toEqual(["PAID", "PAID"]);
  });
});

describe("review candidates", () => {
  it("ranks the invoices that fit an ambiguous payment, best first, with evidence", () => {
    const invoices = [inv("RE-1", 80_000), inv("RE-2", 80_000), inv("RE-3", 30_000, { due_date: "2026-06-30" }), other];
    const r = matchPayments(invoices, [credit(80_000, "thanks")]);
    const item = r.review.find((x) => x.kind === "AMBIGUOUS");
    const c = item?.candidates ?? [];
    expect(c.slice(0, 2).map((x) => x.invoice_id)).toEqual(["RE-1", "RE-2"]);
    expect(c[0]).toMatchObject({ open_minor: 80_000, currency: "EUR" });
    expect(c[0].reasons).toEqual(["payer tax id is the customer's", "amount equals the open amount", "booked 1 day from the due date"]);
    expect(c[0].score).toBeCloseTo(0.25 + 0.25 + 0.05 * (1 - 1 / 11), 2);
    expect(c.find((x) => x.invoice_id === "RE-3")?.score).toBeLessThan(c[0].score);
    expect(c.map((x) => x.invoice_id)).not.toContain("RE-OTHER-77");
  });

  it("puts the invoice the remittance names first, even when paid already, and caps the list", () => {
    const invoices = Array.from({ length: 10 }, (_, k) => inv(`RE-2026-0010${k}`, 10_000 + k));
    const r = matchPayments(invoices, [
      credit(10_003, "RE-2026-00103"),
      credit(10_003, "RE-2026-00103 second time", { booking_date: "2026-04-02" }),
    ]);
    const item = r.review.find((x) => x.kind === "OVERPAYMENT");
    expect(item?.candidates?.[0]).toMatchObject({ invoice_id: "RE-2026-00103", open_minor: 0 });
    expect(item?.candidates?.[0].reasons).toContain("remittance names the invoice");
    expect(item?.candidates?.[0].reasons).toContain("already paid");
    expect(item?.candidates?.length).toBe(MAX_CANDIDATES);
  });

  it("explains a shortfall within the tolerance and a payment beyond the open amount", () => {
    const r = matchPayments([inv("RE-1", 100_000), inv("RE-2", 99_950)], [credit(99_900, "")]);
    const all = r.review.flatMap((x) => x.candidates ?? []);
    const reasons = all.flatMap((c) => c.reasons).join(" | ");
    expect(reasons).toMatch(/short: within the 1 % fee tolerance/);
    const big = matchPayments([inv("RE-1", 10_000)], [credit(90_000, "no ref")]);
    expect((big.review[0].candidates ?? [])[0].reasons).toContain("pays 800.00 EUR more than is open");
  });

  it("duplicate imports and items without a payment get no candidates", () => {
    const e = credit(80_000, "RE-1");
    const r = matchPayments([inv("RE-1", 80_000)], [e, { ...e, natural_key: "OTHER|1", entry_ref: "COPY" }]);
    const dup = r.review.find((x) => x.kind === "DUPLICATE_ENTRY");
    expect(dup).toBeTruthy();
    expect(dup?.candidates).toBeUndefined();
  });
});
