import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getJob, insertImport, markImportFailed, type NewImport } from "../../../src/recon/store/imports";
import { flagStatement, listDiscrepancies } from "../../../src/recon/store/discrepancies";

let n = 0;
const uid = (p: string) => `${p}-${Date.now()}-${n++}`;
const meta: NewImport = {
  kind: "bank_statement",
  format: "mt940",
  sha256: "ab".repeat(32),
  bytes: 120,
  actor: "key_test",
  errors: [{ code: "BAD_AMOUNT", message: "line 4: bad amount", location: "line 4" }],
  warnings: [],
};

describe("imports store", () => {
  it("answers a job as the API shows it: progress ratio, counts and parse findings", async () => {
    const id = uid("imp");
    await insertImport(env, id, meta, { total: 3, chunks: 2, status: "queued", now: "2026-04-30T10:00:00.000Z" }).run();
    expect(await getJob(env, id)).toEqual({
      job_id: id,
      kind: "bank_statement",
      format: "mt940",
      status: "queued",
      progress: { chunks_done: 0, chunks_total: 2, ratio: 0 },
      counts: { total_items: 3, inserted: 0, duplicates: 0, links_written: 0, errors: 1 },
      errors: meta.errors,
      warnings: [],
      statement_ids: [],
      bytes: 120,
      sha256: meta.sha256,
      created_at: "2026-04-30T10:00:00.000Z",
      finished_at: null,
      latency_ms: null,
    });
    expect(await getJob(env, uid("imp_none"))).toBeNull();
  });

  it("counts a job with nothing to queue as complete, and stamps a finished one", async () => {
    const id = uid("imp");
    await insertImport(env, id, { ...meta, errors: [] }, { total: 0, chunks: 0, status: "done", now: "2026-04-30T10:00:00.000Z" }).run();
    expect(await getJob(env, id)).toMatchObject({ progress: { ratio: 1 }, finished_at: "2026-04-30T10:00:00.000Z" });
  });

  it("marks a job failed with the reason appended to its errors", async () => {
    const id = uid("imp");
    await insertImport(env, id, meta, { total: 3, chunks: 1, status: "queued", now: new Date().toISOString() }).run();
    await markImportFailed(env, id, { code: "QUEUE_REFUSED", message: "The queue refused the import: down" });
    const job = await getJob(env, id);
    expect(job?.status).toBe("failed");
    expect(job?.finished_at).not.toBeNull();
    expect(job?.errors).toEqual([...meta.errors, { code: "QUEUE_REFUSED", message: "The queue refused the import: down" }]);
  });
});

describe("discrepancies store", () => {
  it("puts a statement's balance mismatches in the review queue once, however often it is flagged", async () => {
    const id = uid("imp");
    const errors = [
      { code: "BALANCE_MISMATCH", message: "opening + entries ≠ closing", location: "statement 1" },
      { code: "BAD_AMOUNT", message: "not a flag" },
    ];
    await flagStatement(env, id, errors);
    await flagStatement(env, id, errors);
    const rows = await env.DB.prepare("SELECT kind, reason, status, invoice_ids_json FROM discrepancies WHERE import_id = ?")
      .bind(id)
      .all();
    expect(rows.results).toEqual([
      { kind: "BALANCE_MISMATCH", reason: "opening + entries ≠ closing (statement 1)", status: "OPEN", invoice_ids_json: "[]" },
    ]);
  });

  it("writes nothing for a statement without flags", async () => {
    const id = uid("imp");
    await flagStatement(env, id, [{ code: "BAD_AMOUNT", message: "x" }]);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM discrepancies WHERE import_id = ?").bind(id).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it("pages the review queue by id with its filters, each item once", async () => {
    for (let i = 0; i < 3; i++) await flagStatement(env, uid("imp-page"), [{ code: "BALANCE_MISMATCH", message: `m${i}` }]);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listDiscrepancies(env, { status: "OPEN", kind: "BALANCE_MISMATCH", after, limit: 2 });
      for (const item of page.items) {
        expect(item).toMatchObject({ kind: "BALANCE_MISMATCH", status: "OPEN", invoice_ids: [] });
        seen.push(item.id);
      }
      if (!page.next) break;
      after = page.next;
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    expect((await listDiscrepancies(env, { kind: "NO_SUCH_KIND", limit: 10 })).items).toEqual([]);
  });
});
