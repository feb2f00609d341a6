import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { leaseScope } from "../../src/recon/match-run";
import { apiKey, call, expectProblem, settledJob, waitFor } from "../helpers";

/** POST /api/finance/payments: real-time notifications reconciled in the request, the queue as fallback. */
const base = "/api/finance";
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, asserted field by field
type Json = Record<string, any>;
let n = 0;
// Decimal, so every id carries digits: the matcher reads only references with a digit in them.
const uid = (p: string) => `${p}-${Date.now()}-${n++}`;

type Credit = { ref: string; amount: string; tax: string; name: string; remittance: string; date?: string; ccy?: string };

function camt054(credits: Credit[]): string {
  const ntry = credits
    .map(
      (c) => `<Ntry><NtryRef>${c.ref}</NtryRef><Amt Ccy="${c.ccy ?? "EUR"}">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>${c.date ?? "2026-07-01"}</Dt></BookgDt><ValDt><Dt>${c.date ?? "2026-07-01"}</Dt></ValDt><AcctSvcrRef>BANK-${c.ref}</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${c.name}</Nm><Id><OrgId><Othr><Id>${c.tax}</Id></Othr></OrgId></Id></Dbtr></RltdPties>
<RmtInf><Ustrd>${c.remittance}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>${uid("MSG")}</MsgId><CreDtTm>2026-07-01T10:00:00</CreDtTm></GrpHdr>
<Ntfctn><Id>${uid("NTF")}</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
${ntry}
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
}

async function openInvoices(headers: Record<string, string>, invoices: Json[]): Promise<void> {
  const res = await call(`${base}/invoices`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(invoices),
  });
  expect(res.status).toBe(202);
  const { job_id } = (await res.json()) as Json;
  await settledJob(job_id, headers, 50);
}

const pay = (headers: Record<string, string>, body: string) =>
  call(`${base}/payments`, { method: "POST", headers: { ...headers, "content-type": "application/xml" }, body });

function customer() {
  const tax = `DE${String(100_000_000 + Math.floor(Math.random() * 899_999_999))}`;
  return { tax, name: `${uid("Realtime").replace(/[^A-Za-z0-9]/g, "")} GmbH` };
}

function invoice(id: string, amount: string, c: { tax: string; name: string }, extra: Json = {}): Json {
  return {
    invoice_id: id,
    customer_tax_id: c.tax,
    customer_name: c.name,
    po_number: null,
    amount,
    currency: "EUR",
    issue_date: "2026-06-01",
    due_date: "2026-07-01",
    ...extra,
  };
}

afterEach(async () => {
  await leaseScope(env, "EUR", null);
  await env.DB.exec("DROP TRIGGER IF EXISTS test_fail_inline_import");
});

describe("POST /api/finance/payments", () => {
  it("reconciles a camt.054 credit inside the request and answers with its links", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const id = uid("INV-RT");
    await openInvoices(w, [invoice(id, "700.00", c)]);

    const res = await pay(w, camt054([{ ref: uid("N54"), amount: "700.00", tax: c.tax, name: c.name, remittance: `Invoice ${id}` }]));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: "done", format: "camt054", inserted: 1, duplicates: 0 });
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ amount: "700.00", amount_minor: 70_000, currency: "EUR", match_status: "MATCHED" });
    expect(body.entries[0].links).toEqual([
      expect.objectContaining({ invoice_id: id, allocated_amount: "700.00", allocated_minor: 70_000, status: "VERIFIED" }),
    ]);
    expect(body.entries[0].links[0].reason).toBe("INVOICE_REF");
    expect(typeof body.latency_ms).toBe("number");

    // Already in D1 when the answer arrives: no polling needed.
    const detail = (await (await call(`${base}/invoices/${id}`, { headers: w })).json()) as Json;
    expect(detail.invoice).toMatchObject({ status: "PAID", paid_amount: "700.00" });
    expect((await (await call(`${base}/jobs/${body.job_id}`, { headers: w })).json()) as Json).toMatchObject({
      status: "done",
      counts: { inserted: 1, links_written: 1 },
    });
  });

  it("decides a one-currency notification in that currency's ledger object, whose state finance can read", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const id = uid("INV-RT");
    await openInvoices(w, [invoice(id, "42.00", c)]);
    const ledger = async () => (await (await call(`${base}/ledgers/EUR`, { headers: w })).json()) as Json;
    const before = await ledger();
    expect(
      (await pay(w, camt054([{ ref: uid("N54"), amount: "42.00", tax: c.tax, name: c.name, remittance: `Invoice ${id}` }]))).status,
    ).toBe(201);
    const after = await ledger();
    expect(after).toMatchObject({ currency: "EUR", stale: false, too_large: false });
    // With nobody else writing the currency, the next payment is decided from memory: no reload, no wait.
    const id2 = uid("INV-RT");
    await openInvoices(w, [invoice(id2, "43.00", c)]);
    await pay(w, camt054([{ ref: uid("N54"), amount: "43.00", tax: c.tax, name: c.name, remittance: `Invoice ${id2}` }]));
    const next = await pay(w, camt054([{ ref: uid("N54"), amount: "1.00", tax: c.tax, name: c.name, remittance: "prepayment" }]));
    const spans = ((await next.json()) as Json).spans;
    expect(spans).toMatchObject({ path: "ledger", reload_ms: 0, group: 1 });
    expect(spans.wait_ms).toBeGreaterThanOrEqual(0);
    expect(spans.write_ms).toBeGreaterThanOrEqual(0);
    expect(after.ledger_runs).toBe(before.ledger_runs + 1);
    expect(after.version).toBeGreaterThan(0);
    expect(after.size.invoices).toBeGreaterThan(0);
    await expectProblem(await call(`${base}/ledgers/eur`, { headers: w }), 422);
    await expectProblem(await call(`${base}/ledgers/EUR`), 401);
  });

  it("reconciles a notification with credits in two currencies, each against its own invoices", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const [eur, usd] = [uid("INV-RT-EUR"), uid("INV-RT-USD")];
    await openInvoices(w, [invoice(eur, "120.00", c), invoice(usd, "80.00", c, { currency: "USD" })]);
    const res = await pay(
      w,
      camt054([
        { ref: uid("N54"), amount: "120.00", tax: c.tax, name: c.name, remittance: `Invoice ${eur}` },
        { ref: uid("N54"), amount: "80.00", tax: c.tax, name: c.name, remittance: `Invoice ${usd}`, ccy: "USD" },
      ]),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: "done", inserted: 2 });
    const byCcy = Object.fromEntries(body.entries.map((e: Json) => [e.currency, e]));
    expect(byCcy.EUR).toMatchObject({
      match_status: "MATCHED",
      links: [expect.objectContaining({ invoice_id: eur, allocated_amount: "120.00" })],
    });
    expect(byCcy.USD).toMatchObject({
      match_status: "MATCHED",
      links: [expect.objectContaining({ invoice_id: usd, allocated_amount: "80.00" })],
    });
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM invoices WHERE id IN (?, ?) AND status = 'PAID'").bind(eur, usd).first(),
    ).toEqual({ n: 2 });
  });

  it("answers the same notification again with 200 and changes nothing", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const id = uid("INV-RT");
    await openInvoices(w, [invoice(id, "1250.50", c)]);
    const note = camt054([{ ref: uid("N54"), amount: "1250.50", tax: c.tax, name: c.name, remittance: `RE ${id}` }]);
    expect((await pay(w, note)).status).toBe(201);

    const again = await pay(w, note);
    expect(again.status).toBe(200);
    const body = (await again.json()) as Json;
    expect(body).toMatchObject({ status: "done", inserted: 0, duplicates: 1 });
    expect(body.entries[0]).toMatchObject({
      match_status: "MATCHED",
      links: [expect.objectContaining({ invoice_id: id, allocated_minor: 125_050 })],
    });
    const links = await env.DB.prepare(
      "SELECT count(*) AS n, sum(allocated_minor) AS s FROM recon_links WHERE invoice_id = ? AND status = 'VERIFIED'",
    )
      .bind(id)
      .first<{ n: number; s: number }>();
    expect(links).toEqual({ n: 1, s: 125_050 });
    expect(await env.DB.prepare("SELECT paid_minor FROM invoices WHERE id = ?").bind(id).first()).toEqual({ paid_minor: 125_050 });
  });

  it("proposes an ambiguous payment for review instead of guessing", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const [a, b] = [uid("INV-RT-A"), uid("INV-RT-B")];
    await openInvoices(w, [invoice(a, "500.00", c), invoice(b, "500.00", c)]);
    const res = await pay(w, camt054([{ ref: uid("N54"), amount: "500.00", tax: c.tax, name: c.name, remittance: "payment" }]));
    expect(res.status).toBe(201);
    const entry = ((await res.json()) as Json).entries[0];
    expect(entry.match_status).toBe("REVIEW");
    expect(entry.links.map((l: Json) => [l.invoice_id, l.status]).sort()).toEqual(
      [
        [a, "REVIEW"],
        [b, "REVIEW"],
      ].sort(),
    );
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(a).first()).toEqual({ status: "UNPAID" });
  });

  it("keeps the ledger consistent when three payments of one invoice are sent at once", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const id = uid("INV-RT");
    await openInvoices(w, [invoice(id, "300.00", c)]);
    const note = () => camt054([{ ref: uid("N54"), amount: "300.00", tax: c.tax, name: c.name, remittance: `Invoice ${id}` }]);
    const answers = await Promise.all([pay(w, note()), pay(w, note()), pay(w, note())]);
    for (const a of answers) expect([201, 202]).toContain(a.status);
    await waitFor(
      async () =>
        (
          await env.DB.prepare("SELECT count(*) AS n FROM bank_entries WHERE sender_tax_id = ? AND match_status = 'PENDING'")
            .bind(c.tax)
            .first<{ n: number }>()
        )?.n === 0,
    );
    // Whatever order the runs committed in: the invoice's paid amount is exactly the money linked
    // to it, no wire is spent beyond its amount, and the double payments are flagged for review.
    const row = await env.DB.prepare(
      "SELECT i.status, i.paid_minor, (SELECT sum(allocated_minor) FROM recon_links l WHERE l.invoice_id = i.id AND l.status IN ('VERIFIED','MANUAL')) AS linked FROM invoices i WHERE id = ?",
    )
      .bind(id)
      .first<{ status: string; paid_minor: number; linked: number }>();
    expect(row?.paid_minor).toBe(row?.linked);
    expect(row?.paid_minor).toBe(90_000);
    expect(["OVERPAID", "DISCREPANCY"]).toContain(row?.status);
    const over = await env.DB.prepare("SELECT count(*) AS n FROM bank_entries WHERE sender_tax_id = ? AND allocated_minor > amount_minor")
      .bind(c.tax)
      .first<{ n: number }>();
    expect(over?.n).toBe(0);
    const flagged = await env.DB.prepare("SELECT count(*) AS n FROM discrepancies WHERE kind = 'OVERPAYMENT' AND invoice_ids_json LIKE ?")
      .bind(`%${id}%`)
      .first<{ n: number }>();
    expect(flagged?.n).toBeGreaterThanOrEqual(2);
  });

  it("queues the payment behind a bulk run of its currency, and the consumer settles it", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const id = uid("INV-RT");
    await openInvoices(w, [invoice(id, "99.99", c)]);
    await leaseScope(env, "EUR", 60_000);

    const res = await pay(w, camt054([{ ref: uid("N54"), amount: "99.99", tax: c.tax, name: c.name, remittance: id }]));
    expect(res.status).toBe(202);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: "queued", queued_because: "bulk_run_in_progress", entries: [] });
    expect(body.spans).toMatchObject({ path: "queued", group: 1 });
    // Nothing was written in the request: the whole notification went the bulk way.
    expect(await env.DB.prepare("SELECT status FROM imports WHERE id = ?").bind(body.job_id).first()).toMatchObject({
      status: expect.stringMatching(/queued|processing|done/),
    });
    expect(await settledJob(body.job_id, w, 50)).toMatchObject({
      status: "done",
      counts: { inserted: 1, duplicates: 0, links_written: 1 },
    });
    expect(await env.DB.prepare("SELECT status, paid_minor FROM invoices WHERE id = ?").bind(id).first()).toEqual({
      status: "PAID",
      paid_minor: 9_999,
    });
  });

  it("hands the whole upload to the queue when the inline write fails, losing nothing", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const id = uid("INV-RT");
    await openInvoices(w, [invoice(id, "42.00", c)]);
    // Fault injection in the real database: the inline path's first transaction is refused.
    await env.DB.exec(
      "CREATE TRIGGER test_fail_inline_import BEFORE INSERT ON imports WHEN NEW.status = 'processing' BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
    );

    const res = await pay(w, camt054([{ ref: uid("N54"), amount: "42.00", tax: c.tax, name: c.name, remittance: id }]));
    expect(res.status).toBe(202);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: "queued", queued_because: "error" });
    expect(await settledJob(body.job_id, w, 50)).toMatchObject({ status: "done", counts: { inserted: 1, links_written: 1 } });
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(id).first()).toEqual({ status: "PAID" });
    // The refused transaction left nothing behind: one job for this payment, not two.
    const jobs = await env.DB.prepare("SELECT count(*) AS n FROM bank_entries WHERE import_id = ?")
      .bind(body.job_id)
      .first<{ n: number }>();
    expect(jobs?.n).toBe(1);
  });

  it("refuses more entries than RECON_INLINE_MAX_ENTRIES with a 413 problem, writing nothing", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const c = customer();
    const before = await env.DB.prepare("SELECT (SELECT count(*) FROM bank_entries) AS e, (SELECT count(*) FROM imports) AS i").first();
    const many = Array.from({ length: 51 }, (_, k) => ({
      ref: uid(`N54-${k}`),
      amount: `${10 + k}.00`,
      tax: c.tax,
      name: c.name,
      remittance: "x",
    }));
    const problem = await expectProblem(await pay(w, camt054(many)), 413);
    expect(problem).toMatchObject({ entries: 51, max_entries: 50 });
    expect(String(problem.detail)).toMatch(/bank-statements/);
    expect(await env.DB.prepare("SELECT (SELECT count(*) FROM bank_entries) AS e, (SELECT count(*) FROM imports) AS i").first()).toEqual(
      before,
    );
  });

  it("answers an unreadable notification with a 422 problem and an unauthenticated one with 401", async () => {
    const w = await apiKey("finance:write");
    await expectProblem(await pay(w, "<Document><BkToCstmrDbtCdtNtfctn><Ntfctn>"), 422);
    await expectProblem(await pay({}, camt054([{ ref: "X", amount: "1.00", tax: "DE1", name: "A", remittance: "" }])), 401);
    await expectProblem(
      await pay(await apiKey("finance:read"), camt054([{ ref: "X", amount: "1.00", tax: "DE1", name: "A", remittance: "" }])),
      403,
    );
  });
});
