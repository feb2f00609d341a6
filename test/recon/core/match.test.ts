import { describe, expect, it } from "vitest";
import { matchPayments } from "../../../src/recon/core/match";
import { parseInvoices } from "../../../src/recon/core/parse/invoices";
import { parseStatement } from "../../../src/recon/core/parse/detect";
import type { BankEntry, Invoice, MatchResult } from "../../../src/recon/core/types";
import { fixtures } from "../../fixtures/recon";

let seq = 0;
function inv(id: string, amount: number, over: Partial<Invoice> = {}): Invoice {
  return {
    invoice_id: id,
    customer_tax_id: "11-1111111",
    customer_name: "Acme Robotics Inc.",
    po_number: null,
    amount_minor: amount,
    currency: "USD",
    issue_date: "2026-03-01",
    due_date: "2026-03-31",
    ...over,
  };
}
function wire(amount: number, remittance: string, over: Partial<BankEntry> = {}): BankEntry {
  seq++;
  return {
    natural_key: `ACC|B${seq}`,
    account: "ACC",
    bank_ref: `B${seq}`,
    entry_ref: `W${seq}`,
    amount_minor: amount,
    currency: "USD",
    direction: "credit",
    booking_date: "2026-03-31",
    value_date: null,
    sender_name: "ACME ROBOTICS INC",
    sender_tax_id: "11-1111111",
    remittance,
    format: "camt053",
    ...over,
  };
}
const pairs = (r: MatchResult) => r.links.map((l) => `${l.invoice_id}<-${l.wire_id}:${l.allocated_minor}`);
const status = (r: MatchResult) => Object.fromEntries(r.outcomes.map((o) => [o.invoice_id, o.status]));
function spentOnce(r: MatchResult, entries: BankEntry[]) {
  const spent = new Map<string, number>();
  for (const l of r.links) spent.set(l.entry_key, (spent.get(l.entry_key) ?? 0) + l.allocated_minor);
  for (const e of entries) expect(spent.get(e.natural_key) ?? 0).toBeLessThanOrEqual(e.amount_minor);
}

describe("the product matcher", () => {
  it("matches an invoice number in any of the spellings banks use", () => {
    const invoices = ["INV-2026-000041", "INV-2026-000042", "INV-2026-000043", "INV-2026-000044", "INV-2026-000045", "INV-2026-000046"].map(
      (id, k) => inv(id, 1000 + k),
    );
    const entries = [
      wire(1000, "Rechnung INV-2026-000041"),
      wire(1001, "inv no 2026-000042"),
      wire(1002, "Facture INV2026000043"),
      wire(1003, "Payment for invoice 2026-000044 dated 2026-03-06"),
      wire(1004, "EREF+3906030831 SVWZ+INV-2026-000045"),
      wire(1005, "/INV/INV-2026-000046"),
    ];
    const r = matchPayments(invoices, entries);
    expect(r.links.map((l) => [l.invoice_id, l.reason]).sort()).toEqual(invoices.map((i) => [i.invoice_id, "INVOICE_REF"]));
    expect(Object.values(status(r))).toEqual(Array(6).fill("PAID"));
  });

  it("reads a short hand-written invoice number among the paying customer's own invoices only", () => {
    const invoices = [
      inv("INV-2026-000042", 5000),
      inv("INV-2026-000043", 5000),
      inv("INV-2026-000042X", 5000, { customer_tax_id: "99-9999999", customer_name: "Other Co" }),
    ];
    const r = matchPayments(invoices, [wire(5000, "Invoice #42, thanks")]);
    expect(r.links.map((l) => [l.invoice_id, l.reason])).toEqual([["INV-2026-000042", "INVOICE_REF"]]);
    const unknownPayer = matchPayments(invoices, [wire(5000, "Invoice #42", { sender_tax_id: null, sender_name: "Somebody Else" })]);
    expect(unknownPayer.links).toEqual([]);
  });

  it("matches a PO number, with or without its PO- prefix", () => {
    const invoices = [
      inv("I1", 5000, { po_number: "PO-474166" }),
      inv("I2", 7000, { po_number: "4507579121" }),
      inv("I3", 9000, { po_number: "FAL-25495" }),
    ];
    const r = matchPayments(invoices, [
      wire(5000, "PO PO-474166 PAYMENT"),
      wire(7000, "PO 4507579121 PAYMENT"),
      wire(9000, "PO FAL-25495 PAYMENT"),
    ]);
    expect(r.links.map((l) => [l.invoice_id, l.reason]).sort()).toEqual([
      ["I1", "PO_REF"],
      ["I2", "PO_REF"],
      ["I3", "PO_REF"],
    ]);
  });

  it("accepts a bank fee inside the tolerance and not beyond it", () => {
    const fee = matchPayments([inv("FEE", 100_000)], [wire(99_200, "")], { fee_tolerance_pct: 1 });
    expect(status(fee)).toEqual({ FEE: "PAID" });
    expect(fee.links[0].reasons).toEqual(["TAX_ID_EXACT", "FEE_SHORTFALL", "DATE_PROXIMITY"]);
    const named = matchPayments([inv("INV-5", 100_000)], [wire(99_200, "INV-5")], { fee_tolerance_pct: 1 });
    expect(named.links[0].reasons).toContain("FEE_SHORTFALL");
    expect(status(named)).toEqual({ "INV-5": "PAID" });
    const short = matchPayments([inv("INV-5", 100_000)], [wire(98_000, "INV-5")], { fee_tolerance_pct: 1 });
    expect(status(short)).toEqual({ "INV-5": "PARTIAL" });
    const stricter = matchPayments([inv("FEE", 100_000)], [wire(99_200, "")], { fee_tolerance_pct: 0.5 });
    expect(stricter.links).toEqual([]);
  });

  it("splits one wire over the invoices it names, sharing a bank fee in proportion", () => {
    const invoices = [inv("INV-2026-000026", 54_163), inv("INV-2026-000031", 10_905_828)];
    const e = wire(10_927_111, "Payment of invoices INV-2026-000026 and INV-2026-000031");
    const r = matchPayments(invoices, [e]);
    expect(pairs(r)).toEqual([`INV-2026-000026<-${e.entry_ref}:54001`, `INV-2026-000031<-${e.entry_ref}:10873110`]);
    expect(r.links.every((l) => l.reasons.includes("MULTI_INVOICE"))).toBe(true);
    expect(Object.values(status(r))).toEqual(["PAID", "PAID"]);
    spentOnce(r, [e]);
  });

  it("finds a wire paying several invoices without naming them only when exactly one combination adds up", () => {
    const invoices = [inv("A", 30_000), inv("B", 12_345), inv("C", 7_655), inv("D", 99_999)];
    const e = wire(50_000, "");
    const r = matchPayments(invoices, [e]);
    expect(r.links.map((l) => l.invoice_id).sort()).toEqual(["A", "B", "C"]);
    const twoWays = matchPayments([inv("A", 30_000), inv("B", 20_000), inv("C", 25_000), inv("D", 25_000)], [wire(50_000, "")]);
    expect(twoWays.links).toEqual([]);
    expect(twoWays.review.map((x) => x.kind)).toEqual(["AMBIGUOUS"]);
  });

  it("adds installments up until the invoice is paid", () => {
    const invoices = [inv("INV-7", 345_045)];
    const first = wire(238_081, "INV-7 installment 1", { booking_date: "2026-03-20" });
    const second = wire(106_964, "Final payment 2/2 INV-7", { booking_date: "2026-04-14" });
    const only = matchPayments(invoices, [first]);
    expect(status(only)).toEqual({ "INV-7": "PARTIAL" });
    expect(only.links[0].reason).toBe("INSTALLMENT");
    const both = matchPayments(invoices, [second, first]);
    expect(pairs(both)).toEqual([`INV-7<-${first.entry_ref}:238081`, `INV-7<-${second.entry_ref}:106964`]);
    expect(status(both)).toEqual({ "INV-7": "PAID" });
  });

  it("puts an overpayment on the invoice and shows it, and calls paying twice a discrepancy", () => {
    const over = matchPayments([inv("INV-12", 15_839_488)], [wire(16_504_746, "INV-12 incl. advance for next order")]);
    expect(over.links[0]).toMatchObject({ allocated_minor: 16_504_746, reason: "OVERPAYMENT" });
    expect(status(over)).toEqual({ "INV-12": "OVERPAID" });
    const a = wire(3_192_974, "INV-71", { booking_date: "2026-03-20" });
    const b = wire(3_192_974, "INV-71 PO 4569699867", { booking_date: "2026-03-28" });
    const twice = matchPayments([inv("INV-71", 3_192_974)], [a, b]);
    expect(twice.links.map((l) => [l.wire_id, l.reason])).toEqual([
      [a.entry_ref, "INVOICE_REF"],
      [b.entry_ref, "OVERPAYMENT"],
    ]);
    expect(status(twice)).toEqual({ "INV-71": "DISCREPANCY" });
    expect(twice.review.map((x) => x.kind)).toEqual(["OVERPAYMENT"]);
  });

  it("follows the invoice number when the tax id is wrong or belongs to a parent company", () => {
    const invoices = [inv("INV-2026-000021", 506_832, { customer_tax_id: "41-4361945", customer_name: "Falcon Industries Corporation" })];
    const typo = matchPayments(invoices, [
      wire(506_832, "Rechnung INV-2026-000021", { sender_tax_id: "41-4361495", sender_name: "FALCON IND CORP" }),
    ]);
    expect(typo.links[0].reasons).toEqual(["INVOICE_REF", "TAX_ID_NEAR", "AMOUNT_EXACT"]);
    const parent = matchPayments(invoices, [
      wire(506_832, "COBALT PAYMENT INV INV-2026-000021", { sender_tax_id: "27-1634432", sender_name: "Nordlicht Motors Corporation" }),
    ]);
    expect(parent.links).toHaveLength(1);
    expect(parent.links[0].confidence).toBeLessThan(typo.links[0].confidence);
    const stranger = matchPayments(invoices, [
      wire(12_000, "INV-2026-000021", { sender_tax_id: "27-1634432", sender_name: "Nordlicht Motors Corporation" }),
    ]);
    // A full invoice number settles whoever paid (a parent, a factor): the part is allocated, and a
    // person is asked to look at it because neither payer nor amount agree.
    expect(stranger.links.map((l) => [l.invoice_id, l.allocated_minor])).toEqual([["INV-2026-000021", 12_000]]);
    expect(stranger.links[0].confidence).toBeLessThan(parent.links[0].confidence);
    expect(stranger.review[0]).toMatchObject({ kind: "UNDERPAYMENT", invoice_ids: ["INV-2026-000021"] });
  });

  it("recognises the customer by name variants when the tax id is missing", () => {
    const invoices = [inv("I1", 129_700, { customer_tax_id: "33-9901582", customer_name: "Stonebridge Handelsgesellschaft Corp." })];
    for (const name of [
      "STONEBRIDGE HANDELSGES CORP",
      "Stonebridge Handelsgesellschaft Corporation ACCOUNTS PAYABLE",
      "stonebridge handelsgesellschaft",
    ]) {
      const r = matchPayments(invoices, [wire(129_700, "", { sender_tax_id: null, sender_name: name })]);
      expect(r.links.map((l) => [l.invoice_id, l.reason])).toEqual([["I1", "NAME_MATCH"]]);
    }
    const other = matchPayments(invoices, [wire(129_700, "", { sender_tax_id: null, sender_name: "Stonebridge Pharma B.V." })]);
    expect(other.links).toEqual([]);
  });

  it("never links across currencies and sends such a payment to review", () => {
    const r = matchPayments([inv("INV-9", 50_000, { currency: "EUR" })], [wire(50_000, "INV-9")]);
    expect(r.links).toEqual([]);
    expect(r.review.map((x) => x.kind)).toEqual(["CURRENCY_MISMATCH"]);
    expect(status(r)).toEqual({ "INV-9": "UNPAID" });
  });

  it("sends near-identical invoices without a reference to review instead of guessing", () => {
    const jan = { issue_date: "2026-01-08" };
    const invoices = [inv("S1", 7_153_291, { ...jan, due_date: "2026-02-07" }), inv("S2", 7_153_291, { ...jan, due_date: "2026-02-08" })];
    const r = matchPayments(invoices, [wire(7_153_291, "", { booking_date: "2026-02-08" })]);
    expect(r.links).toEqual([]);
    expect(r.review[0]).toMatchObject({ kind: "AMBIGUOUS", invoice_ids: ["S2", "S1"] });
    // …but a clearly nearer due date decides.
    const far = matchPayments(
      [inv("S1", 7_153_291, { ...jan, due_date: "2026-02-01" }), inv("S2", 7_153_291, { ...jan, due_date: "2026-02-09" })],
      [wire(7_153_291, "", { booking_date: "2026-02-09" })],
    );
    expect(far.links.map((l) => l.invoice_id)).toEqual(["S2"]);
  });

  it("never allocates a wire's money twice, even when several invoices fit it", () => {
    const invoices = [inv("A", 10_000), inv("B", 10_000, { due_date: "2026-03-01" }), inv("C", 10_000, { due_date: "2026-05-20" })];
    const entries = [wire(10_000, ""), wire(10_000, "A B C")];
    const r = matchPayments(invoices, entries);
    spentOnce(r, entries);
    const perInvoice = new Map<string, number>();
    for (const l of r.links) perInvoice.set(l.invoice_id, (perInvoice.get(l.invoice_id) ?? 0) + 1);
    expect(Math.max(0, ...perInvoice.values())).toBeLessThanOrEqual(1);
  });

  it("treats the same bank line imported twice as one payment", () => {
    const a = wire(101_801, "INV-2026-000016 INITECH APPAREL", { bank_ref: null, natural_key: "h:1" });
    const b = { ...a, natural_key: "h:2", entry_ref: `${a.entry_ref}-copy` };
    const r = matchPayments([inv("INV-2026-000016", 101_801)], [a, b]);
    expect(r.links).toHaveLength(1);
    expect(r.duplicates).toEqual([
      { entry_key: "h:2", wire_id: `${a.entry_ref}-copy`, duplicate_of_key: "h:1", duplicate_of_wire_id: a.entry_ref },
    ]);
    expect(status(r)).toEqual({ "INV-2026-000016": "PAID" });
    // Two different bank references on one account are two real transactions.
    const c = wire(101_801, "INV-2026-000016", { booking_date: "2026-04-01" });
    const d = { ...c, natural_key: "ACC|other", bank_ref: "other", entry_ref: "W-other" };
    expect(matchPayments([inv("INV-2026-000016", 101_801)], [c, d]).duplicates).toEqual([]);
  });

  it("does not match refunds, deposits or transfers on amount alone", () => {
    const r = matchPayments(
      [inv("I1", 60_000, { due_date: "2026-05-30" })],
      [wire(60_000, "RETURNED ITEM", { booking_date: "2026-05-30" }), wire(60_000, "DEPOSIT", { booking_date: "2026-05-30" })],
    );
    expect(r.links).toEqual([]);
    expect(r.unmatched).toHaveLength(2);
    expect(r.review.every((x) => x.kind === "UNMATCHED_ENTRY")).toBe(true);
  });

  it("respects manual links and manual unmatching", () => {
    const invoices = [inv("I1", 10_000), inv("I2", 10_000, { due_date: "2026-06-30" })];
    const e = wire(10_000, "I1");
    const forbidden = matchPayments(invoices, [e], {}, { forbidden_pairs: [{ invoice_id: "I1", entry_key: e.natural_key }] });
    expect(forbidden.links).toEqual([]);
    const fixed = matchPayments(
      invoices,
      [e],
      {},
      {
        fixed_links: [
          {
            invoice_id: "I2",
            entry_key: e.natural_key,
            wire_id: e.entry_ref ?? "",
            allocated_minor: 10_000,
            currency: "USD",
            confidence: 1,
            reason: "MANUAL",
            reasons: ["MANUAL"],
          },
        ],
      },
    );
    expect(fixed.links.map((l) => [l.invoice_id, l.reason, l.confidence])).toEqual([["I2", "MANUAL", 1]]);
    expect(status(fixed)).toEqual({ I1: "UNPAID", I2: "PAID" });
    // A link of an earlier run is kept as it was; one that would overspend the wire is refused.
    const earlier = {
      invoice_id: "I1",
      entry_key: e.natural_key,
      wire_id: e.entry_ref ?? "",
      allocated_minor: 10_000,
      currency: "USD",
      confidence: 0.95,
      reason: "INVOICE_REF" as const,
      reasons: ["INVOICE_REF" as const],
    };
    const rerun = matchPayments(invoices, [e], {}, { fixed_links: [earlier, { ...earlier, invoice_id: "I2" }] });
    expect(rerun.links).toEqual([earlier]);
  });

  it("ignores debits and reversals", () => {
    const r = matchPayments([inv("I1", 10_000)], [wire(10_000, "I1", { direction: "debit" }), wire(10_000, "I1", { reversal: true })]);
    expect(r.links).toEqual([]);
    expect(r.unmatched).toEqual([]);
  });

  it("reconciles the dev-set slice parsed from camt.053 and MT940 alike", () => {
    const invoices = parseInvoices(fixtures.invoicesCsv, "text/csv").invoices;
    const expected = [
      "INV-2026-000016<-W000013",
      "INV-2026-000048<-W000045",
      "INV-2026-000032<-W000046",
      "INV-2026-000033<-W000046",
      "INV-2026-000034<-W000046",
      "INV-2026-000088<-W000047",
    ];
    for (const text of [fixtures.camt053Usd, fixtures.mt940Usd]) {
      const { entries } = parseStatement(text);
      const r = matchPayments(invoices, entries);
      expect(r.links.map((l) => `${l.invoice_id}<-${l.wire_id}`).sort()).toEqual([...expected].sort());
      expect(r.unmatched.length).toBe(1); // W000001, a prepayment for a quote
      spentOnce(r, entries);
    }
  });

  it("stays one-to-one in money on the whole wires slice, duplicates included", () => {
    const invoices = parseInvoices(fixtures.invoicesCsv, "text/csv").invoices;
    const { entries } = parseStatement(fixtures.wiresCsv);
    const r = matchPayments(invoices, entries);
    spentOnce(r, entries);
    expect(r.duplicates.map((d) => [d.wire_id, d.duplicate_of_wire_id])).toEqual([["W000014", "W000013"]]);
    expect(r.links.filter((l) => l.wire_id === "W000014")).toEqual([]);
  });
});
