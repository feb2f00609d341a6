import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/worker";
import { parseInvoices } from "../../src/recon/core/parse/invoices";
import type { BankEntry, Invoice } from "../../src/recon/core/types";
import { fixtures } from "../fixtures/recon";

/** Shared by the reconciliation pipeline tests: import through the real queue() entry, fresh books per test. */
let n = 0;
export const uid = (p: string) => `${p}-${Date.now()}-${n++}`;

export async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch(
    "recon-events",
    bodies.map((body) => ({ id: uid("m"), timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const r = await getQueueResult(batch, ctx);
  expect(r.retryMessages).toEqual([]);
}

export async function job(kind: string, chunks: number): Promise<string> {
  const id = uid("imp");
  await env.DB.prepare(
    "INSERT INTO imports (id, kind, format, status, sha256, bytes, total_items, chunks_total, created_at) VALUES (?, ?, 'test', 'queued', 'x', 0, 0, ?, ?)",
  )
    .bind(id, kind, chunks, new Date().toISOString())
    .run();
  return id;
}

export async function importInvoices(invoices: Invoice[]) {
  await deliver([{ kind: "invoices", job_id: await job("invoices", 1), seq: 0, enqueued_at_ms: Date.now(), invoices }]);
}

export const livePairs = async (currency: string) =>
  (
    await env.DB.prepare(
      "SELECT invoice_id, wire_id, allocated_minor FROM recon_links WHERE currency = ? AND status IN ('VERIFIED','MANUAL') ORDER BY invoice_id, wire_id",
    )
      .bind(currency)
      .all<{ invoice_id: string; wire_id: string; allocated_minor: number }>()
  ).results.map((l) => `${l.invoice_id}<-${l.wire_id}:${l.allocated_minor}`);

/** The dev sample's invoices under fresh ids and tax ids, so each test has its own books. */
export function freshBooks(tag: string): { invoices: Invoice[]; rename: (e: BankEntry) => BankEntry; ids: Map<string, string> } {
  const ids = new Map<string, string>();
  const invoices = parseInvoices(fixtures.invoicesCsv, "text/csv").invoices.map((i) => {
    const id = i.invoice_id.replace("INV-2026-", `INV-${tag}-`);
    ids.set(i.invoice_id, id);
    return { ...i, invoice_id: id };
  });
  const rename = (e: BankEntry): BankEntry => ({
    ...e,
    natural_key: `${tag}|${e.natural_key}`,
    remittance: e.remittance.replace(/INV-2026-/g, `INV-${tag}-`).replace(/2026-(\d{6})/g, `${tag}-$1`),
  });
  return { invoices, rename, ids };
}
