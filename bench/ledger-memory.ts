// npm run bench:recon:ledger-memory — what the real-time ledger (src/recon/core/ledger.ts) costs in
// memory per invoice: builds one from N synthetic invoices (4,000 customers, a PO each, a third
// open) and N/2 live links, and prints the heap it holds after a full GC. This is what
// RECON_LEDGER_MAX_ROWS is sized from (a Durable Object's isolate has 128 MB).
import { Ledger, type LedgerInvoice, type LedgerRows } from "../src/recon/core/ledger";
import { invoiceMatchKeys } from "../src/recon/core/match-keys";
import type { LinkRow } from "../src/recon/core/types";

const N = Number(process.env.INVOICES ?? 50_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc (npm run bench:recon:ledger-memory)");

function rows(): LedgerRows {
  const invoices: LedgerInvoice[] = [];
  const invoiceKeys: [string, string][] = [];
  for (let i = 0; i < N; i++) {
    const base = {
      invoice_id: `INV-2026-${String(i).padStart(7, "0")}`,
      customer_tax_id: `DE${100_000_000 + (i % 4000)}`,
      customer_name: `Customer ${i % 4000} Handels GmbH`,
      po_number: `PO-${400_000 + i}`,
      amount_minor: 10_000 + i,
      currency: "EUR",
      issue_date: "2026-01-01",
      due_date: "2026-02-01",
    };
    const k = invoiceMatchKeys(base);
    invoices.push({
      ...base,
      status: i % 3 ? "PAID" : "UNPAID",
      paid_minor: 0,
      status_reason: i % 3 ? null : "awaiting payment",
      has_lines: 0,
      tax_norm: k.tax_norm,
      name_first: k.name_first,
    });
    for (const key of k.keys) invoiceKeys.push([base.invoice_id, key]);
  }
  const links: LinkRow[] = Array.from({ length: N / 2 }, (_, i) => ({
    id: `run_${i}`,
    invoice_id: invoices[i].invoice_id,
    entry_key: `DE89|REF${i}`,
    wire_id: `W${i}`,
    allocated_minor: 100,
    currency: "EUR",
    status: "VERIFIED",
    confidence: 0.97,
    reason: "INVOICE_REF",
    reasons_json: '["INVOICE_REF","TAX_ID_EXACT"]',
  }));
  return { version: 1, invoices, invoiceKeys, entries: [], entryKeys: [], links };
}

gc();
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
const ledger = new Ledger("EUR", rows());
const built = performance.now() - t0;
gc();
const held = process.memoryUsage().heapUsed - before;
const t1 = performance.now();
let reached = 0;
for (let i = 0; i < 10_000; i++) {
  const j = (i * 7919) % N;
  const { scope } = ledger.scopeFor([
    {
      natural_key: `probe-${i}`,
      account: "DE89",
      bank_ref: null,
      entry_ref: `P${i}`,
      amount_minor: 10_000 + j,
      currency: "EUR",
      direction: "credit",
      booking_date: "2026-02-01",
      value_date: null,
      sender_name: `CUSTOMER ${j % 4000} HANDELS GMBH`,
      sender_tax_id: `DE${100_000_000 + (j % 4000)}`,
      remittance: `INV-2026-${String(j).padStart(7, "0")}`,
      format: "camt054",
    },
  ]);
  reached += scope.invoices.length;
}
const perScope = (performance.now() - t1) / 10_000;
console.log(
  `ledger of ${N.toLocaleString("en")} invoices + ${(N / 2).toLocaleString("en")} links: ${(held / 1e6).toFixed(1)} MB held, ${(held / N).toFixed(0)} B per invoice; built in ${built.toFixed(0)} ms`,
);
console.log(`scopeFor one payment: ${(perScope * 1000).toFixed(0)} µs (${(reached / 10_000).toFixed(1)} invoices in scope on average)`);
