import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call, expectProblem, settledJob, waitFor } from "../helpers";

const base = "/api/finance";
type Json = Record<string, unknown>;
type Entry = {
  entry_key: string;
  account: string | null;
  amount: { amount_minor: number; currency: string };
  direction: string;
  booking_date: string;
  match_status: string;
  import_id: string | null;
};
type Page = { entries: Entry[]; next_cursor: string | null };
let n = 0;
// Decimal, so every id carries digits: the matcher reads only references with a digit in them.
const uid = (p: string) => `${p}-${Date.now()}-${n++}`;
// MT940 references hold at most 16 characters (longer ones are cut, and cut ones would collide).
const shortRef = (p: string) => `${p}${Date.now() % 1e8}${n++}`;

async function upload(path: string, body: string, contentType: string, headers: Record<string, string>): Promise<Json> {
  const res = await call(`${base}${path}`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
  expect(res.status).toBe(202);
  return (await res.json()) as Json;
}

async function list(query: string, headers: Record<string, string>): Promise<Page> {
  const res = await call(`${base}/bank-entries?${query}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

/**
 * An MT940 of two statements: account A in EUR (a credit that pays `invoiceId`, a fee, a 0,00 line
 * and, when `reject`, a line whose value date is no date) and account B in USD (one credit).
 */
function twoStatements(o: { a: string; b: string; refA: string; refB: string; invoiceId: string; payer: string; reject: boolean }): string {
  return [
    `:20:${o.refA}`,
    `:25:${o.a}`,
    ":28C:1/1",
    ":60F:C260101EUR100,00",
    `:61:2601020102C10,00NTRF${o.refA}C1//${o.refA}C1`,
    `:86:/ORDP//NAME/${o.payer}/REMI/USTD//${o.invoiceId}`,
    ...(o.reject ? [`:61:2613020102C4,00NTRF${o.refA}CX//${o.refA}CX`, ":86:a value date that is no date"] : []),
    `:61:2601020102C0,00NTRF${o.refA}C0//${o.refA}C0`,
    ":86:a zero line",
    `:61:2601030103D2,50NTRF${o.refA}D2//${o.refA}D2`,
    ":86:bank fee",
    ":62F:C260103EUR107,50",
    "-",
    `:20:${o.refB}`,
    `:25:${o.b}`,
    ":28C:1/1",
    ":60F:C260101USD0,00",
    `:61:2601050105C7,NTRF${o.refB}C1//${o.refB}C1`,
    ":86:/ORDP//NAME/Zed Corp/REMI/USTD//NONE",
    ":62F:C260105USD7,",
    "-",
    "",
  ].join("\n");
}

describe("finance API: bank entries and statements", () => {
  it("answers 401 without a key and 403 with a key that lacks finance:read", async () => {
    await expectProblem(await call(`${base}/bank-entries`), 401);
    await expectProblem(await call(`${base}/statements/stm_x`), 401);
    const leads = await apiKey("leads:read");
    await expectProblem(await call(`${base}/bank-entries`, { headers: leads }), 403);
    await expectProblem(await call(`${base}/statements/stm_x`, { headers: leads }), 403);
  });

  it("refuses a bad filter with a 422 problem that names its code", async () => {
    const r = await apiKey("finance:read");
    for (const q of [
      "currency=eur",
      "from=2026-1-1",
      "to=yesterday",
      "status=paid",
      "limit=0",
      "format=xml",
      "cursor=not-a-cursor",
      "from=2026-02-01&to=2026-01-01",
    ]) {
      const p = await expectProblem(await call(`${base}/bank-entries?${q}`, { headers: r }), 422);
      expect(p.code, q).toBe("invalid_input");
    }
    await expectProblem(await call(`${base}/statements/stm_unknown`, { headers: r }), 404);
  });

  it("lists what a statement file stored, by each filter, in cursor pages and as CSV, with each statement's totals", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const [a, b] = [uid("DE89ACCTA").replace(/-/g, ""), uid("GB29ACCTB").replace(/-/g, "")];
    const [refA, refB] = [shortRef("A"), shortRef("B")];
    const payer = `${uid("Payer").replace(/[^A-Za-z0-9]/g, "")} GmbH`;
    const invoiceId = uid("INV-BE");
    const invoices = [
      {
        invoice_id: invoiceId,
        customer_tax_id: null,
        customer_name: payer,
        po_number: null,
        amount: "10.00",
        currency: "EUR",
        issue_date: "2025-12-20",
        due_date: "2026-01-02",
      },
    ];
    const inv = await upload("/invoices", JSON.stringify(invoices), "application/json", w);
    await settledJob(inv.job_id as string, w);

    const file = twoStatements({ a, b, refA, refB, invoiceId, payer, reject: true });
    const accepted = await upload("/bank-statements", file, "text/x-mt940", w);
    expect(accepted).toMatchObject({ format: "mt940", total_items: 3 });
    const job = await settledJob(accepted.job_id as string, w);
    expect(job).toMatchObject({ status: "partial", counts: { inserted: 3, duplicates: 0 } });
    const ids = job.statement_ids as string[];
    expect(ids).toHaveLength(2);

    // Filters, one by one.
    const ofA = await list(`account=${a}`, w);
    expect(ofA.entries.map((e) => e.amount.amount_minor).sort((x, y) => x - y)).toEqual([250, 1000]);
    expect(ofA.entries.every((e) => e.account === a && e.amount.currency === "EUR" && e.import_id === accepted.job_id)).toBe(true);
    expect(ofA.entries.find((e) => e.amount.amount_minor === 250)?.direction).toBe("debit");
    expect((await list(`import_id=${accepted.job_id}`, w)).entries).toHaveLength(3);
    const usd = await list(`currency=USD&import_id=${accepted.job_id}`, w);
    expect(usd.entries.map((e) => [e.account, e.amount])).toEqual([[b, { amount_minor: 700, currency: "USD" }]]);
    const jan3 = await list(`from=2026-01-03&to=2026-01-03&import_id=${accepted.job_id}`, w);
    expect(jan3.entries.map((e) => e.booking_date)).toEqual(["2026-01-03"]);
    expect((await list(`from=2026-01-04&import_id=${accepted.job_id}`, w)).entries.map((e) => e.account)).toEqual([b]);
    expect((await list(`statement_id=${ids[1]}`, w)).entries.map((e) => e.account)).toEqual([b]);
    expect((await list(`statement_id=${ids[0]}`, w)).entries).toHaveLength(2);
    expect((await list("statement_id=stm_unknown", w)).entries).toEqual([]);

    const matched = await waitFor(async () => {
      const page = await list(`status=matched&import_id=${accepted.job_id}`, w);
      return page.entries.length > 0 ? page : null;
    });
    expect(matched.entries.map((e) => [e.amount.amount_minor, e.match_status])).toEqual([[1000, "MATCHED"]]);
    const unmatched = await list(`status=unmatched&import_id=${accepted.job_id}`, w);
    expect(unmatched.entries.map((e) => e.amount.amount_minor).sort((x, y) => x - y)).toEqual([250, 700]);

    // Cursor pages: one entry a page, every entry once, then no cursor.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: Page = await list(`import_id=${accepted.job_id}&limit=1${cursor ? `&cursor=${cursor}` : ""}`, w);
      seen.push(...page.entries.map((e) => e.entry_key));
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(new Set(seen).size).toBe(3);
    expect(seen).toHaveLength(3);

    // CSV: a header, one row per entry, amounts as decimal strings; the cursor in a header.
    const csv = await call(`${base}/bank-entries?format=csv&import_id=${accepted.job_id}&limit=2`, { headers: w });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("x-next-cursor")).toBeTruthy();
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0].split(",").slice(0, 9)).toEqual([
      "entry_key",
      "wire_id",
      "booking_date",
      "value_date",
      "account",
      "amount",
      "amount_minor",
      "currency",
      "direction",
    ]);
    expect(lines).toHaveLength(3);

    // Statement A: 4 lines, 2 parsed and stored, 1 zero, 1 rejected with its located reason; balance checked.
    const stA = (await (await call(`${base}/statements/${ids[0]}`, { headers: w })).json()) as Json;
    expect(stA).toMatchObject({
      statement_id: ids[0],
      job_id: accepted.job_id,
      position: 0,
      ref: refA,
      account: a,
      currency: "EUR",
      counts: { lines: 4, parsed: 2, imported: 2, duplicates: 0, zero_lines: 1, rejected_lines: 1 },
      credit: { amount_minor: 1000, currency: "EUR" },
      debit: { amount_minor: 250, currency: "EUR" },
      balance: { opening: { amount_minor: 10000, currency: "EUR" }, closing: { amount_minor: 10750, currency: "EUR" } },
      shares_entries_with: [],
    });
    expect(stA.errors).toContainEqual(expect.objectContaining({ code: "BAD_DATE", location: expect.stringContaining(refA) }));
    const stB = (await (await call(`${base}/statements/${ids[1]}`, { headers: w })).json()) as Json;
    expect(stB).toMatchObject({
      position: 1,
      ref: refB,
      account: b,
      currency: "USD",
      counts: { lines: 1, parsed: 1, imported: 1, duplicates: 0, zero_lines: 0, rejected_lines: 0 },
      balance: { status: "ok", opening: { amount_minor: 0, currency: "USD" }, closing: { amount_minor: 700, currency: "USD" } },
      errors: [],
    });

    // The same file again: nothing new is stored, and each statement says its entries were already known.
    const again = await upload("/bank-statements", file, "text/x-mt940", w);
    const againJob = await settledJob(again.job_id as string, w);
    expect(againJob).toMatchObject({ counts: { inserted: 0, duplicates: 3 } });
    const [againA] = againJob.statement_ids as string[];
    const reA = (await (await call(`${base}/statements/${againA}`, { headers: w })).json()) as Json;
    expect(reA).toMatchObject({ job_id: again.job_id, counts: { parsed: 2, imported: 0, duplicates: 2, rejected_lines: 1 } });
    expect((await list(`import_id=${again.job_id}`, w)).entries).toEqual([]);
    expect((await list(`statement_id=${againA}`, w)).entries).toEqual([]);
    expect((await list(`account=${a}`, w)).entries).toHaveLength(2);
  });

  it("stores a statement's totals with a balance mismatch and keeps each statement's errors to itself", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const [a, b] = [uid("DE00MISA").replace(/-/g, ""), uid("DE00MISB").replace(/-/g, "")];
    const [refA, refB] = [shortRef("M"), shortRef("N")];
    const file = twoStatements({ a, b, refA, refB, invoiceId: uid("INV-NONE"), payer: "Nobody", reject: false }).replace(
      ":62F:C260103EUR107,50",
      ":62F:C260103EUR999,99",
    );
    const accepted = await upload("/bank-statements", file, "text/x-mt940", w);
    const job = await settledJob(accepted.job_id as string, w);
    const [idA, idB] = job.statement_ids as string[];
    const stA = (await (await call(`${base}/statements/${idA}`, { headers: w })).json()) as Json;
    expect(stA).toMatchObject({ balance: { status: "mismatch", closing: { amount_minor: 99999, currency: "EUR" } } });
    expect(stA.errors).toContainEqual(expect.objectContaining({ code: "BALANCE_MISMATCH" }));
    const stB = (await (await call(`${base}/statements/${idB}`, { headers: w })).json()) as Json;
    expect(stB).toMatchObject({ balance: { status: "ok" }, errors: [] });
  });

  it("writes a statement file's job and its statements together or not at all", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM imports").first<{ n: number }>())?.n ?? 0;
    const before = await count();
    await env.DB.exec(
      "CREATE TRIGGER test_fail_statements BEFORE INSERT ON statements BEGIN SELECT RAISE(ABORT, 'statements refused'); END",
    );
    try {
      const file = twoStatements({
        a: shortRef("DE00ATOM"),
        b: shortRef("DE00ATOB"),
        refA: shortRef("T"),
        refB: shortRef("U"),
        invoiceId: uid("INV-NONE"),
        payer: "Nobody",
        reject: false,
      });
      const res = await call(`${base}/bank-statements`, { method: "POST", headers: { "content-type": "text/x-mt940", ...w }, body: file });
      expect(res.status).toBe(500);
    } finally {
      await env.DB.exec("DROP TRIGGER IF EXISTS test_fail_statements");
    }
    expect(await count()).toBe(before);
  });

  it("lists no statements for an invoice import", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const invoices = [
      {
        invoice_id: uid("INV-NS"),
        customer_name: "No Statement",
        amount: "1.00",
        currency: "EUR",
        issue_date: "2026-01-01",
        due_date: "2026-02-01",
      },
    ];
    const accepted = await upload("/invoices", JSON.stringify(invoices), "application/json", w);
    expect(await settledJob(accepted.job_id as string, w)).toMatchObject({ statement_ids: [] });
  });
});
