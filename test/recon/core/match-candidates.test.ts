import { describe, expect, it } from "vitest";
import { candidatePool, MAX_CANDIDATES, rankCandidates, scoreCandidate } from "../../../src/recon/core/match-candidates";
import { dayOf, indexInvoices, touch, type Ent } from "../../../src/recon/core/match-index";
import { nameTokens, normTaxId } from "../../../src/recon/core/normalize";
import { onBehalfOf } from "../../../src/recon/core/payer";
import type { BankEntry, Invoice, ReviewItem } from "../../../src/recon/core/types";

const cfg = { fee_tolerance_pct: 1, date_window_days: 10 };
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
function ent(amount: number, remittance = "", over: Partial<BankEntry> = {}): Ent {
  const e: BankEntry = {
    natural_key: `K${amount}${remittance}`,
    account: null,
    bank_ref: null,
    entry_ref: "W1",
    amount_minor: amount,
    currency: "EUR",
    direction: "credit",
    booking_date: "2026-03-31",
    value_date: null,
    sender_name: "Kessler Logistik GmbH",
    sender_tax_id: "DE123456789",
    remittance,
    format: "camt053",
    ...over,
  };
  return {
    e,
    wire: "W1",
    day: dayOf(e.booking_date),
    left: amount,
    tax: normTaxId(e.sender_tax_id),
    names: nameTokens(e.sender_name),
    behalf: onBehalfOf(remittance),
    credit: null,
    alias: null,
    handled: false,
  };
}
const stranger = { sender_name: "Someone Else Ltd", sender_tax_id: "GB999" };

describe("scoreCandidate", () => {
  const idx = indexInvoices([inv("A", 100_000)]);
  const a = idx.byId.get("A")!;
  it("adds up reference, payer, amount and date with their evidence", () => {
    expect(scoreCandidate(a, ent(100_000), true, cfg)).toEqual({
      invoice_id: "A",
      open_minor: 100_000,
      currency: "EUR",
      score: 1,
      reasons: [
        "remittance names the invoice",
        "payer tax id is the customer's",
        "amount equals the open amount",
        "booked on the due date",
      ],
    });
  });
  it("a name-only payer scores 0.2, a tax id 0.25, a stranger nothing", () => {
    expect(scoreCandidate(a, ent(100_000, "", { sender_tax_id: null }), false, cfg).score).toBe(0.5);
    expect(scoreCandidate(a, ent(100_000), false, cfg).score).toBe(0.55);
    const s = scoreCandidate(a, ent(100_000, "", stranger), false, cfg);
    expect(s.score).toBe(0.3);
    expect(s.reasons).toEqual(["amount equals the open amount", "booked on the due date"]);
  });
  it("a shortfall within the tolerance scores 0.2; beyond it the ratio counts", () => {
    const fee = scoreCandidate(a, ent(99_500, "", stranger), false, cfg);
    expect(fee.score).toBe(0.25);
    expect(fee.reasons[0]).toBe("5.00 EUR short: within the 1 % fee tolerance");
    const half = scoreCandidate(a, ent(50_000, "", stranger), false, cfg);
    expect(half.score).toBe(0.13);
    expect(half.reasons[0]).toBe("pays 500.00 EUR less than is open");
    const dbl = scoreCandidate(a, ent(200_000, "", stranger), false, cfg);
    expect(dbl.score).toBe(0.13);
    expect(dbl.reasons[0]).toBe("pays 1000.00 EUR more than is open");
  });
  it("the date counts less the farther, and not beyond the window", () => {
    expect(scoreCandidate(a, ent(1, "", { ...stranger, booking_date: "2026-04-01" }), false, cfg).reasons.at(-1)).toBe(
      "booked 1 day from the due date",
    );
    const d10 = scoreCandidate(a, ent(100_000, "", { ...stranger, booking_date: "2026-04-10" }), false, cfg);
    expect(d10.reasons.at(-1)).toBe("booked 10 days from the due date");
    expect(d10.score).toBe(Math.round((0.25 + 0.05 * (1 - 10 / 11)) * 100) / 100);
    const d11 = scoreCandidate(a, ent(100_000, "", { ...stranger, booking_date: "2026-04-11" }), false, cfg);
    expect(d11.reasons).toEqual(["amount equals the open amount"]);
    expect(d11.score).toBe(0.25);
  });
  it("an invoice already paid says so and scores no amount", () => {
    const i2 = indexInvoices([inv("B", 100_000)]);
    const b = i2.byId.get("B")!;
    b.remaining = 0;
    const s = scoreCandidate(b, ent(100_000, "", stranger), true, cfg);
    expect(s).toMatchObject({ open_minor: 0, score: 0.5 });
    expect(s.reasons).toEqual(["remittance names the invoice", "already paid", "booked on the due date"]);
    b.remaining = -5;
    expect(scoreCandidate(b, ent(100_000, "", stranger), false, cfg).open_minor).toBe(0);
  });
});

describe("candidatePool", () => {
  it("takes the invoices and POs the remittance names (same currency), and the item's own", () => {
    const idx = indexInvoices([
      inv("RE-2026-00001", 1_000, stranger2()),
      inv("RE-2026-00002", 2_000, { ...stranger2(), po_number: "PO-777111" }),
      inv("RE-2026-00003", 3_000, { ...stranger2(), currency: "USD" }),
      inv("X-9", 9_000, stranger2()),
    ]);
    const { pool, named } = candidatePool(idx, ent(5, "RE-2026-00001 PO-777111 RE-2026-00003 2026-00001", stranger), ["X-9", "nope"]);
    expect(pool.map((i) => i.inv.invoice_id).sort()).toEqual(["RE-2026-00001", "RE-2026-00002", "X-9"]);
    expect([...named].map((i) => i.inv.invoice_id).sort()).toEqual(["RE-2026-00001", "RE-2026-00002", "RE-2026-00003"]);
    const digitsOnly = candidatePool(idx, ent(5, "payment 202600001", stranger), []);
    expect(digitsOnly.pool.map((i) => i.inv.invoice_id)).toEqual(["RE-2026-00001"]);
  });
  it("adds the payer's open invoices nearest by due date and nearest by amount, bounded", () => {
    // 40 invoices, due one day apart, amounts rising: the pool holds those near the payment's date and amount.
    const invoices = Array.from({ length: 40 }, (_, k) =>
      inv(`A-${k}`, 1_000 * (k + 1), { due_date: new Date(Date.UTC(2026, 0, 1 + k)).toISOString().slice(0, 10) }),
    );
    const idx = indexInvoices(invoices);
    idx.byId.get("A-20")!.remaining = 0; // paid: not offered by amount
    const { pool } = candidatePool(idx, ent(36_000, "", { booking_date: "2026-01-05" }), []);
    const ids = pool.map((i) => Number(i.inv.invoice_id.slice(2))).sort((x, y) => x - y);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    const low = candidatePool(idx, ent(3_000, "", { booking_date: "2026-02-09" }), []);
    const lowIds = low.pool.map((i) => Number(i.inv.invoice_id.slice(2))).sort((x, y) => x - y);
    expect(lowIds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
  });
  it("adds partially paid invoices, up to a bound", () => {
    const invoices = Array.from({ length: 60 }, (_, k) => inv(`T-${k}`, 100_000 + k, { due_date: "2026-12-31" }));
    const idx = indexInvoices(invoices);
    for (const i of idx.invs) {
      i.remaining -= 10;
      touch(i);
    }
    const { pool } = candidatePool(idx, ent(5, "", { booking_date: "2026-01-01" }), []);
    expect(pool.length).toBe(36);
  });
  it("without a known payer, only what is named", () => {
    const idx = indexInvoices([inv("A-1", 1_000), inv("A-2", 2_000)]);
    expect(candidatePool(idx, ent(1_000, "", stranger), []).pool).toEqual([]);
  });
});

function stranger2(): Partial<Invoice> {
  return { customer_tax_id: "FR111", customer_name: "Moreau SA" };
}

describe("rankCandidates", () => {
  const item = (over: Partial<ReviewItem>): ReviewItem => ({
    kind: "AMBIGUOUS",
    entry_key: "K1000",
    wire_id: "W1",
    invoice_ids: [],
    reason: "r",
    ...over,
  });
  it("orders by score, then earlier due date, then input order, and keeps at most five", () => {
    const invoices = [
      inv("L", 1_000, { due_date: "2026-04-05" }),
      inv("E", 1_000, { due_date: "2026-03-20" }),
      inv("S1", 1_000, { due_date: "2026-03-31" }),
      inv("S2", 1_000, { due_date: "2026-03-31" }),
      inv("F", 5_000, { due_date: "2026-03-31" }),
      inv("G", 9_000, { due_date: "2026-03-31" }),
      inv("H", 9_500, { due_date: "2026-03-31" }),
    ];
    const idx = indexInvoices(invoices);
    const e = ent(1_000);
    const out = rankCandidates(idx, new Map([[e.e.natural_key, e]]), [item({})], cfg);
    expect(out[0].candidates?.map((c) => c.invoice_id)).toEqual(["S1", "S2", "L", "E", "F"]);
    expect(out[0].candidates).toHaveLength(MAX_CANDIDATES);
    expect(out[0]).toMatchObject({ kind: "AMBIGUOUS", reason: "r" });
  });
  it("equal scores: earlier due first, then input order", () => {
    const idx = indexInvoices([inv("Z", 1_000, { due_date: "2026-04-02" }), inv("Y", 1_000, { due_date: "2026-03-29" })]);
    const e = ent(1_000, "", stranger);
    e.day = dayOf("2026-03-31") + 0;
    const out = rankCandidates(idx, new Map([[e.e.natural_key, e]]), [item({ invoice_ids: ["Z", "Y"] })], cfg);
    expect(out[0].candidates?.map((c) => c.invoice_id)).toEqual(["Y", "Z"]);
  });
  it("leaves items without a known payment and duplicate imports as they are", () => {
    const idx = indexInvoices([inv("A", 1_000)]);
    const e = ent(1_000);
    const map = new Map([[e.e.natural_key, e]]);
    const none = item({ entry_key: null });
    const dup = item({ kind: "DUPLICATE_ENTRY" });
    const gone = item({ entry_key: "missing" });
    const out = rankCandidates(idx, map, [none, dup, gone], cfg);
    expect(out[0]).toBe(none);
    expect(out[1]).toBe(dup);
    expect(out[2]).toBe(gone);
  });
});
