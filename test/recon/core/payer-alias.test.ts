import { describe, expect, it } from "vitest";
import { matchPayments } from "../../../src/recon/core/match";
import { aliasFor, aliasToLearn, indexAliases, payerKeyOf } from "../../../src/recon/core/payer-alias";
import type { BankEntry, Invoice, PayerAlias } from "../../../src/recon/core/types";

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
const credit = (amount: number, over: Partial<BankEntry> = {}): BankEntry => ({
  natural_key: `ACC|${seq++}`,
  account: "ACC",
  bank_ref: null,
  entry_ref: `W${seq}`,
  amount_minor: amount,
  currency: "EUR",
  direction: "credit",
  booking_date: "2026-03-30",
  value_date: null,
  sender_name: "Nordlicht Inkasso AG",
  sender_tax_id: null,
  remittance: "payment",
  format: "camt053",
  ...over,
});
const alias = (over: Partial<PayerAlias> = {}): PayerAlias => ({
  id: "pal_1",
  payer_key: "NORDLICHTINKASSO",
  payer_account: null,
  customer_tax_id: "DE123456789",
  customer_name: "Kessler Logistik GmbH",
  created_by: "key_finance",
  created_at: "2026-03-01T10:00:00.000Z",
  ...over,
});

describe("payer aliases: what a manual match teaches", () => {
  it("learns payer → customer only when the matcher could not already tell", () => {
    const entry = { sender_name: "Nordlicht Inkasso AG", sender_tax_id: null, remittance: "payment" };
    const customer = { customer_tax_id: "DE123456789", customer_name: "Kessler Logistik GmbH" };
    expect(aliasToLearn(entry, customer)).toEqual({
      payer_key: "NORDLICHTINKASSO",
      payer_name: "Nordlicht Inkasso AG",
      customer_tax_id: "DE123456789",
      customer_name: "Kessler Logistik GmbH",
      customer_key: "KESSLERLOGISTIK",
    });
    expect(aliasToLearn({ ...entry, sender_name: "KESSLER LOGISTIK" }, customer)).toBeNull();
    expect(aliasToLearn({ ...entry, sender_tax_id: "de 123456789" }, customer)).toBeNull();
    expect(aliasToLearn({ ...entry, remittance: "im Auftrag von Kessler Logistik GmbH" }, customer)).toBeNull();
    expect(aliasToLearn({ ...entry, sender_name: "AG" }, customer)).toBeNull();
    expect(aliasToLearn({ ...entry, sender_name: null }, customer)).toBeNull();
  });

  it("resolves a payer through exactly one customer; two customers learned for one payer resolve to none", () => {
    expect(payerKeyOf("Nordlicht Inkasso AG")).toBe("NORDLICHTINKASSO");
    expect(aliasFor(indexAliases([alias()]), "NORDLICHT INKASSO")?.id).toBe("pal_1");
    expect(aliasFor(indexAliases([alias()]), "Südwind Inkasso")).toBeNull();
    const two = [alias(), alias({ id: "pal_2", customer_tax_id: "FR111", customer_name: "Moreau SAS" })];
    expect(aliasFor(indexAliases(two), "Nordlicht Inkasso AG")).toBeNull();
  });
});

describe("payer aliases in the matcher", () => {
  it("a payer known only by its alias settles the customer's invoice by amount, with the alias as a reason", () => {
    const invoices = [inv("RE-1", 120_000), inv("RE-2", 80_000)];
    const r = matchPayments(invoices, [credit(80_000)], {}, { payer_aliases: [alias()] });
    expect(r.links.map((l) => [l.invoice_id, l.reasons[0]])).toEqual([["RE-2", "PAYER_ALIAS"]]);
    const o = r.outcomes.find((x) => x.invoice_id === "RE-2");
    expect(o?.status).toBe("PAID");
    expect(o?.reasons).toContain("payer alias learned from a manual match (by key_finance, at 2026-03-01T10:00:00.000Z)");
    // Without the alias the same payment pays nothing.
    expect(matchPayments(invoices, [credit(80_000)]).links).toEqual([]);
  });

  it("a payer that is a customer of its own keeps resolving to itself", () => {
    const own = inv("NL-9", 80_000, { customer_tax_id: null, customer_name: "Nordlicht Inkasso AG" });
    const r = matchPayments([inv("RE-2", 80_000), own], [credit(80_000)], {}, { payer_aliases: [alias()] });
    expect(r.links.map((l) => [l.invoice_id, l.reasons[0]])).toEqual([["NL-9", "NAME_MATCH"]]);
  });

  it("a candidate of a review item shows the alias with who taught it and when", () => {
    const r = matchPayments([inv("RE-1", 80_000), inv("RE-2", 80_000)], [credit(80_000)], {}, { payer_aliases: [alias()] });
    expect(r.review[0]?.kind).toBe("AMBIGUOUS");
    expect(r.review[0]?.candidates?.[0]?.reasons).toContain(
      "payer alias learned from a manual match (by key_finance, at 2026-03-01T10:00:00.000Z)",
    );
  });
});
