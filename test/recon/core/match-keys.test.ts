import { describe, expect, it } from "vitest";
import { matchPayments } from "../../../src/recon/core/match";
import { entryMatchKeys, invoiceMatchKeys } from "../../../src/recon/core/match-keys";
import { parseInvoices } from "../../../src/recon/core/parse/invoices";
import { parseStatement } from "../../../src/recon/core/parse/detect";
import { fixtures } from "../../fixtures/recon";

describe("match keys", () => {
  it("index an invoice by its number and its PO, in the matcher's alphanumeric and digit forms", () => {
    const k = invoiceMatchKeys({
      invoice_id: "INV-2026-000042",
      po_number: "PO-474166",
      customer_tax_id: "de 123.456.789",
      customer_name: "Atlas Media GmbH & Co. KG",
    });
    expect(k.keys.sort()).toEqual(["A:INV2026000042", "A:PO474166", "D:2026000042", "D:474166"].sort());
    expect(k.tax_norm).toBe("DE123456789");
    expect(k.name_first).toBe("ATLAS");
  });

  it("leave out what the matcher never looks up: a short PO, a supplier-style PO's bare digits, a missing tax id or name", () => {
    expect(invoiceMatchKeys({ invoice_id: "A-1", po_number: "P1", customer_tax_id: null, customer_name: "" })).toEqual({
      tax_norm: null,
      name_first: null,
      keys: ["A:A1"],
    });
    expect(invoiceMatchKeys({ invoice_id: "X", po_number: "FAL-25495", customer_tax_id: null, customer_name: "GmbH" }).keys).toEqual([
      "A:X",
      "A:FAL25495",
    ]);
  });

  it("look a payment up by every reference in its remittance and by its payer", () => {
    const k = entryMatchKeys({
      remittance: "EREF+123 SVWZ+INV-2026-000042 / PO 4507579121",
      sender_tax_id: "DE123456789",
      sender_name: "ATLAS MEDIA GMBH",
    });
    expect(k.keys).toEqual(expect.arrayContaining(["A:INV2026000042", "D:2026000042", "A:4507579121", "D:4507579121"]));
    expect(k).toMatchObject({ tax_norm: "DE123456789", name_first: "ATLAS" });
  });

  // The property focused match runs rely on: every link the matcher makes is reachable through a
  // shared key, the payer's tax id or the payer's first name token — so loading only those rows
  // loses no link.
  it("reach every invoice the matcher links a payment to, over the dev sample in every statement format", () => {
    const invoices = parseInvoices(fixtures.invoicesCsv, "text/csv").invoices;
    const byId = new Map(invoices.map((i) => [i.invoice_id, invoiceMatchKeys(i)]));
    let checked = 0;
    for (const text of [fixtures.camt053Usd, fixtures.mt940Usd, fixtures.bankCsv, fixtures.camt054]) {
      const entries = parseStatement(text).entries;
      const byKey = new Map(entries.map((e) => [e.natural_key, entryMatchKeys(e)]));
      for (const link of matchPayments(invoices, entries).links) {
        const i = byId.get(link.invoice_id);
        const e = byKey.get(link.entry_key);
        if (!i || !e) throw new Error(`link ${link.invoice_id} ← ${link.entry_key} outside the inputs`);
        const reachable =
          e.keys.some((k) => i.keys.includes(k)) ||
          (e.tax_norm !== null && e.tax_norm === i.tax_norm) ||
          (e.name_first !== null && e.name_first === i.name_first);
        expect(reachable, `${link.invoice_id} ← ${link.wire_id} (${link.reasons.join(",")})`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
