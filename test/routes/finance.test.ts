import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call, expectProblem, settledJob } from "../helpers";
import { fixtures } from "../fixtures/recon-service";

const base = "/api/finance";
type Json = Record<string, unknown>;
let n = 0;
// Decimal, so every id carries digits: the matcher reads only references with a digit in them.
const uid = (p: string) => `${p}-${Date.now()}-${n++}`;

async function upload(path: string, body: string, contentType: string, headers: Record<string, string>): Promise<Response> {
  return call(`${base}${path}`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
}

function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(",");
  return { header, rows: lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i], v]))) };
}

describe("finance API: scopes", () => {
  it("answers 401 without a key and 403 with a key that lacks the finance scope", async () => {
    await expectProblem(await call(`${base}/reconciliations`), 401);
    await expectProblem(await call(`${base}/reconciliations`, { headers: await apiKey("leads:read") }), 403);
    const readOnly = await apiKey("finance:read");
    await expectProblem(await upload("/invoices", fixtures.invoicesCsv, "text/csv", readOnly), 403);
    expect((await call(`${base}/reconciliations`, { headers: readOnly })).status).toBe(200);
  });
});

describe("finance API: uploads through the real queue", () => {
  it("imports invoices and a camt.053 statement, then exports links and invoices as CSV", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const inv = await upload("/invoices", fixtures.invoicesCsv, "text/csv", w);
    expect(inv.status).toBe(202);
    const accepted = (await inv.json()) as Json;
    expect(accepted).toMatchObject({ status: "queued", format: "csv", total_items: 6 });
    expect(inv.headers.get("location")).toBe(`/api/finance/jobs/${accepted.job_id}`);
    expect(await settledJob(accepted.job_id as string, w)).toMatchObject({ status: "done", counts: { inserted: 6, duplicates: 0 } });

    const st = await upload("/bank-statements", fixtures.camt053Eur, "application/xml", w);
    expect(st.status).toBe(202);
    const stJob = (await st.json()) as Json;
    expect(stJob.format).toBe("camt053");
    const done = await settledJob(stJob.job_id as string, w);
    expect(done).toMatchObject({
      status: "done",
      counts: { total_items: 4, inserted: 4, duplicates: 0 },
      progress: { chunks_done: 1, chunks_total: 1, ratio: 1 },
    });
    expect((done.counts as Json).links_written).toBeGreaterThanOrEqual(3);
    expect(typeof done.latency_ms).toBe("number");

    const csv = await call(`${base}/reconciliations?format=csv&status=VERIFIED`, { headers: w });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const { header, rows } = parseCsv(await csv.text());
    expect(header.slice(0, 7)).toEqual(["invoice_id", "wire_id", "allocated_amount", "currency", "status", "confidence", "reason"]);
    expect(rows.find((r) => r.invoice_id === "INV-2026-000003")).toMatchObject({
      wire_id: "W000010",
      allocated_amount: "4800.00",
      currency: "EUR",
      status: "VERIFIED",
    });

    const invCsv = parseCsv(await (await call(`${base}/invoices?format=csv`, { headers: w })).text());
    expect(invCsv.header.slice(0, 3)).toEqual(["invoice_id", "status", "paid_amount"]);
    expect(invCsv.rows.find((r) => r.invoice_id === "INV-2026-000013")).toMatchObject({ status: "PAID", paid_amount: "1741.47" });
    expect(invCsv.rows.find((r) => r.invoice_id === "INV-2026-000039")).toMatchObject({ status: "UNPAID", paid_amount: "0.00" });

    const detail = (await (await call(`${base}/invoices/INV-2026-000003`, { headers: w })).json()) as Json;
    expect((detail.invoice as Json).status).toBe("PAID");
    expect((detail.links as Json[]).map((l) => l.wire_id)).toEqual(["W000010"]);
    expect((detail.history as Json[]).map((h) => h.to_status)).toEqual(["UNPAID", "PAID"]);
    expect(detail.lines).toEqual([
      { sku: "RSVC-GASKET", qty: 10 },
      { sku: "RSVC-WIDGET", qty: 3 },
    ]);

    // The same file again: a new job that inserts nothing and links nothing twice.
    const before = await env.DB.prepare("SELECT count(*) AS n, sum(allocated_minor) AS s FROM recon_links").first();
    const again = (await (await upload("/bank-statements", fixtures.camt053Eur, "application/xml", w)).json()) as Json;
    expect(await settledJob(again.job_id as string, w)).toMatchObject({ status: "done", counts: { inserted: 0, duplicates: 4 } });
    expect(await env.DB.prepare("SELECT count(*) AS n, sum(allocated_minor) AS s FROM recon_links").first()).toEqual(before);

    // The auditors' reference rule over the same data: 4 days late is a flag there, PAID here.
    const ref = (await (await call(`${base}/reconciliations/reference`, { headers: w })).json()) as { rows: Json[] };
    expect(ref.rows).toContainEqual(
      expect.objectContaining({ invoice_id: "INV-2026-000013", wire_id: "W000022", verdict: "VERIFIED_MATCH", day_diff: 1 }),
    );
    expect(ref.rows).toContainEqual(
      expect.objectContaining({ invoice_id: "INV-2026-000003", wire_id: "W000010", verdict: "DISCREPANCY_FLAG", day_diff: 4 }),
    );
    const one = (await (await call(`${base}/reconciliations/reference?customer=DE949167586&format=csv`, { headers: w })).text())
      .trim()
      .split(/\r?\n/);
    expect(one[0]).toBe("invoice_id,wire_id,invoice_amount,wire_amount,currency,day_diff,verdict");
    expect(one.slice(1).every((l) => l.startsWith("INV-2026-000003,") || l.startsWith("INV-2026-000039,"))).toBe(true);
  });

  it("paginates links with a cursor in a stable order, covering every link exactly once", async () => {
    const r = await apiKey("finance:read");
    const all = (await (await call(`${base}/reconciliations?limit=1000`, { headers: r })).json()) as { links: Json[] };
    expect(all.links.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await call(`${base}/reconciliations?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: r });
      const page = (await res.json()) as { links: Json[]; next_cursor: string | null };
      expect(page.links.length).toBeLessThanOrEqual(2);
      seen.push(...page.links.map((l) => l.id as string));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.links.map((l) => l.id));
    await expectProblem(await call(`${base}/reconciliations?cursor=not-a-cursor`, { headers: r }), 422);
    await expectProblem(await call(`${base}/reconciliations?status=MAYBE`, { headers: r }), 422);
  });

  it("resolves links by hand, audits who and why, and moves stock exactly once", async () => {
    const w = await apiKey("finance:write", "finance:read");
    await env.DB.batch(
      ["RSVC-WIDGET", "RSVC-GASKET"].map((sku) =>
        env.DB.prepare(
          "INSERT INTO products (sku, name, unit_price_minor, currency, stock, reorder_point, reorder_qty, supplier) VALUES (?, ?, 100, 'EUR', 100, 1, 10, 'Acme') ON CONFLICT DO NOTHING",
        ).bind(sku, sku),
      ),
    );
    // INV-2026-000003 was paid before the products existed: its stock move exists already, once.
    const moves = await env.DB.prepare("SELECT count(*) AS n FROM stock_moves WHERE invoice_id = 'INV-2026-000003'").first<{ n: number }>();
    expect(moves?.n).toBe(2);

    const link = await env.DB.prepare("SELECT id FROM recon_links WHERE invoice_id = 'INV-2026-000003' AND status = 'VERIFIED'").first<{
      id: string;
    }>();
    const un = await call(`${base}/reconciliations/${link?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "unmatch", reason: "customer says this wire was for another order" }),
    });
    expect(un.status).toBe(200);
    expect(await un.json()).toMatchObject({
      status: "REJECTED",
      invoice: { invoice_id: "INV-2026-000003", status: "UNPAID", paid_amount: "0.00" },
    });
    const audit = await env.DB.prepare("SELECT actor, action, reason FROM audit_log WHERE entity = 'recon_link' AND entity_id = ?")
      .bind(link?.id)
      .first();
    expect(audit).toMatchObject({ action: "recon.unmatch", reason: "customer says this wire was for another order" });
    expect((audit as Json).actor).toMatch(/^key:/);
    const review = await env.DB.prepare(
      "SELECT count(*) AS n FROM discrepancies WHERE kind = 'STOCK_REVIEW' AND invoice_ids_json LIKE '%INV-2026-000003%'",
    ).first<{ n: number }>();
    expect(review?.n).toBe(1);

    // Match it back by hand: MANUAL, PAID again, and still only one stock move per SKU.
    const rematch = await call(`${base}/reconciliations/${link?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "confirmed with the customer" }),
    });
    expect(await rematch.json()).toMatchObject({ status: "MANUAL", invoice: { status: "PAID", paid_amount: "4800.00" } });
    expect(
      (await env.DB.prepare("SELECT count(*) AS n FROM stock_moves WHERE invoice_id = 'INV-2026-000003'").first<{ n: number }>())?.n,
    ).toBe(2);

    // The stray credit (UNMATCHED) matched by hand to an open invoice of the same currency.
    const stray = await env.DB.prepare("SELECT id FROM recon_links WHERE wire_id = 'W000901' AND status = 'UNMATCHED'").first<{
      id: string;
    }>();
    const noInvoice = await call(`${base}/reconciliations/${stray?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "prepayment" }),
    });
    await expectProblem(noInvoice, 422);
    const tooMuch = await call(`${base}/reconciliations/${stray?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "prepayment", invoice_id: "INV-2026-000039", amount: "99999.00" }),
    });
    await expectProblem(tooMuch, 409);
    const manual = await call(`${base}/reconciliations/${stray?.id}/resolve`, {
      method: "POST",
      headers: { ...w, "content-type": "application/json" },
      body: JSON.stringify({ action: "match", reason: "prepayment for INV-2026-000039", invoice_id: "INV-2026-000039" }),
    });
    expect(await manual.json()).toMatchObject({
      status: "MANUAL",
      invoice: { invoice_id: "INV-2026-000039", status: "PARTIAL", paid_amount: "1398.10" },
    });
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM recon_links WHERE wire_id = 'W000901' AND status = 'UNMATCHED'").first(),
    ).toEqual({ n: 0 });

    await expectProblem(
      await call(`${base}/reconciliations/nope/resolve`, {
        method: "POST",
        headers: { ...w, "content-type": "application/json" },
        body: JSON.stringify({ action: "match", reason: "why not" }),
      }),
      404,
    );
    await expectProblem(
      await call(`${base}/reconciliations/${stray?.id}/resolve`, {
        method: "POST",
        headers: { ...w, "content-type": "application/json" },
        body: JSON.stringify({ action: "merge" }),
      }),
      422,
    );
  });

  it("drafts a purchase order when a paid invoice takes a SKU below its reorder point", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const sku = uid("RSVC-LOW");
    await env.DB.prepare(
      "INSERT INTO products (sku, name, unit_price_minor, currency, stock, reorder_point, reorder_qty, supplier) VALUES (?, 'Low', 100, 'USD', 4, 3, 25, 'Globex Supply')",
    )
      .bind(sku)
      .run();
    const id = uid("INV-PO");
    const invoices = [
      {
        invoice_id: id,
        customer_tax_id: "77-1234567",
        customer_name: "PO Test Inc",
        amount: "250.00",
        currency: "USD",
        issue_date: "2026-03-01",
        due_date: "2026-03-31",
        lines: [{ sku, qty: 2 }],
      },
    ];
    const job = (await (await upload("/invoices", JSON.stringify(invoices), "application/json", w)).json()) as Json;
    await settledJob(job.job_id as string, w);
    const csv = `account_iban;booking_date;value_date;entry_reference;bank_reference;counterparty_name;counterparty_id;credit_debit;amount;currency;purpose\nUS00TEST;2026-03-30;2026-03-30;${uid("W")};${uid("B")};PO Test Inc;77-1234567;CRDT;250.00;USD;${id}\n`;
    const st = (await (await upload("/bank-statements", csv, "text/csv", w)).json()) as Json;
    expect(st.format).toBe("bankcsv");
    await settledJob(st.job_id as string, w);
    const pos = (await (await call(`${base}/purchase-orders`, { headers: w })).json()) as {
      purchase_orders: Json[];
      by_supplier: Record<string, Json[]>;
    };
    expect(pos.purchase_orders).toContainEqual(
      expect.objectContaining({ sku, supplier: "Globex Supply", qty: 25, status: "DRAFT", trigger_invoice_id: id, stock_after: 2 }),
    );
    expect(pos.by_supplier["Globex Supply"]).toContainEqual(expect.objectContaining({ sku, qty: 25 }));
  });
});

describe("finance API: bad input", () => {
  it("refuses malformed XML with a 422 problem and stores nothing", async () => {
    const w = await apiKey("finance:write");
    const before = await env.DB.prepare("SELECT count(*) AS n FROM imports").first<{ n: number }>();
    const broken = fixtures.camt053Eur.replace("</Stmt>", "</Stm>");
    const p = await expectProblem(await upload("/bank-statements", broken, "application/xml", w), 422);
    expect(String(p.detail)).toMatch(/malformed/i);
    await expectProblem(await upload("/bank-statements", "hello, world\nthis is not a statement", "text/x-mt940", w), 422);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM imports").first()).toEqual(before);
  });

  it("imports an MT940 whose balances do not add up but flags it in the job and the review queue", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const off = fixtures.mt940Usd.replace(":62F:C260213USD12278,39", ":62F:C260213USD12378,39").replace(/UH5TYTS2R2XPXB9/g, "MISMATCHREF");
    const res = await upload("/bank-statements", off, "text/x-mt940", w);
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as Json;
    expect(accepted.errors).toContainEqual(expect.objectContaining({ code: "BALANCE_MISMATCH" }));
    const job = await settledJob(accepted.job_id as string, w);
    expect(job.status).toBe("partial");
    expect(job.errors).toContainEqual(expect.objectContaining({ code: "BALANCE_MISMATCH" }));
    const queue = (await (await call(`${base}/discrepancies?kind=BALANCE_MISMATCH`, { headers: w })).json()) as { items: Json[] };
    expect(queue.items.some((d) => d.import_id === accepted.job_id)).toBe(true);
  });

  it("reads decimal commas and reports unknown currencies and negative amounts per row, never hiding them", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const header =
      "account_iban;booking_date;value_date;entry_reference;bank_reference;counterparty_name;counterparty_id;credit_debit;amount;currency;purpose";
    const comma = `${header}\nDE00TEST;2026-03-01;2026-03-01;${uid("W")};${uid("B")};Comma GmbH;DE123;CRDT;1.018,01;EUR;hello\nDE00TEST;2026-03-01;2026-03-01;${uid("W")};${uid("B")};Bad Co;DE124;CRDT;10,00;XYZ;hello\n`;
    const res = await upload("/bank-statements", comma, "text/csv", w);
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as Json;
    expect(accepted.total_items).toBe(1);
    expect(JSON.stringify(accepted.errors)).toMatch(/XYZ|currency/i);
    const job = await settledJob(accepted.job_id as string, w);
    expect(job.status).toBe("partial");
    const row = await env.DB.prepare("SELECT amount_minor FROM bank_entries WHERE sender_name = 'Comma GmbH'").first<{
      amount_minor: number;
    }>();
    expect(row?.amount_minor).toBe(101801);

    const invoices = [
      {
        invoice_id: uid("INV-NEG"),
        customer_name: "Neg",
        amount: "-10.00",
        currency: "EUR",
        issue_date: "2026-01-01",
        due_date: "2026-02-01",
      },
      {
        invoice_id: uid("INV-CCY"),
        customer_name: "Ccy",
        amount: "10.00",
        currency: "ABC",
        issue_date: "2026-01-01",
        due_date: "2026-02-01",
      },
    ];
    const p = await expectProblem(await upload("/invoices", JSON.stringify(invoices), "application/json", w), 422);
    expect((p.errors as unknown[]).length).toBe(2);
  });

  it("refuses an oversized upload with 413 before reading it and a wrong media type with 415", async () => {
    const w = await apiKey("finance:write");
    const big = "x".repeat(10_485_761);
    await expectProblem(await upload("/bank-statements", big, "text/x-mt940", w), 413);
    await expectProblem(await upload("/invoices", "<a/>", "application/pdf", w), 415);
    await expectProblem(await upload("/invoices", "{not json", "application/json", w), 422);
  });

  it("takes uploads only in their declared media types: a form post, text/plain or no type is a 415 and stores nothing", async () => {
    const w = await apiKey("finance:write");
    const before = await env.DB.prepare("SELECT count(*) AS n FROM imports").first<{ n: number }>();
    const refused = ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"];
    for (const type of refused) {
      for (const [path, body] of [
        ["/bank-statements", fixtures.camt053Eur],
        ["/bank-statements", fixtures.mt940Usd],
        ["/payments", fixtures.camt053Eur],
        ["/invoices", fixtures.invoicesCsv],
      ]) {
        const p = await expectProblem(await upload(path, body, type, w), 415);
        expect(p.code, `${path} as ${type}`).toBe("unsupported_media_type");
      }
    }
    // No Content-Type at all is not a declaration either.
    const bare = await call(`${base}/bank-statements`, { method: "POST", headers: w, body: new TextEncoder().encode(fixtures.camt053Eur) });
    expect((await expectProblem(bare, 415)).code).toBe("unsupported_media_type");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM imports").first()).toEqual(before);
  });

  it("takes each statement format in its declared media types", async () => {
    const w = await apiKey("finance:write");
    const camt = (ref: string) =>
      `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>${ref}</Id><Acct><Id><IBAN>DE00MEDIA</IBAN></Id></Acct><Ntry><NtryRef>${ref}</NtryRef><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-02</Dt></BookgDt><AcctSvcrRef>${ref}</AcctSvcrRef></Ntry></Stmt></BkToCstmrStmt></Document>`;
    const mt940 = (ref: string) =>
      `:20:${ref}\n:25:DE00MEDIA\n:28C:1/1\n:60F:C260101EUR100,00\n:61:2601020102C1,00NTRF${ref}//${ref}\n:86:/ORDP//NAME/MEDIA/REMI/USTD//NONE\n:62F:C260102EUR101,00\n`;
    for (const [body, type, format] of [
      [camt(uid("MT-XML")), "text/xml", "camt053"],
      [mt940(uid("MT-A")), "application/x-mt940", "mt940"],
      [mt940(uid("MT-B")), "text/x-mt940; charset=utf-8", "mt940"],
    ]) {
      const res = await upload("/bank-statements", body, type, w);
      expect(res.status, type).toBe(202);
      expect(((await res.json()) as Json).format).toBe(format);
    }
    const inv = await upload(
      "/invoices",
      `invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date\n${uid("INV-MEDIA")},DE0MEDIA,Media GmbH,,1.00,EUR,2026-01-01,2026-01-31\n`,
      "application/csv",
      w,
    );
    expect(inv.status).toBe(202);
    await inv.arrayBuffer();
  });

  it("answers 404 problems for unknown jobs and invoices", async () => {
    const r = await apiKey("finance:read");
    await expectProblem(await call(`${base}/jobs/imp_nope`, { headers: r }), 404);
    await expectProblem(await call(`${base}/invoices/INV-NOPE`, { headers: r }), 404);
  });

  it("documents every finance route in the OpenAPI document", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const p of [
      "/api/finance/invoices",
      "/api/finance/bank-statements",
      "/api/finance/jobs/{id}",
      "/api/finance/reconciliations",
      "/api/finance/reconciliations/reference",
      "/api/finance/reconciliations/{id}/resolve",
      "/api/finance/invoices/{id}",
      "/api/finance/purchase-orders",
      "/api/finance/discrepancies",
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});

describe("finance API: CSV exports are safe to open in a spreadsheet", () => {
  it("neutralises formula-like text from uploads in the invoices, reconciliations and reference exports", async () => {
    const w = await apiKey("finance:write", "finance:read");
    // Starts with a sign then a digit: the old rule took it for a number and let it through.
    const tax = `-2+3+cmd|' /C calc'!A0${n++}`;
    const invoiceId = uid("INV-CSV");
    const invoices = [
      {
        invoice_id: invoiceId,
        customer_tax_id: tax,
        customer_name: '=HYPERLINK("http://evil.example";"click")',
        amount: "50.00",
        currency: "EUR",
        issue_date: "2026-04-01",
        due_date: "2026-04-30",
      },
    ];
    const job = (await (await upload("/invoices", JSON.stringify(invoices), "application/json", w)).json()) as Json;
    await settledJob(job.job_id as string, w);
    const wire = `@SUM(1+1)${uid("W")}`;
    const statement = `account_iban;booking_date;value_date;entry_reference;bank_reference;counterparty_name;counterparty_id;credit_debit;amount;currency;purpose\nDE00CSV;2026-04-30;2026-04-30;${wire};${uid("B")};+Evil Co;${tax};CRDT;50.00;EUR;=cmd|' /C calc'!A0 ${invoiceId}\n`;
    const st = (await (await upload("/bank-statements", statement, "text/csv", w)).json()) as Json;
    await settledJob(st.job_id as string, w);

    const q = `customer=${encodeURIComponent(tax)}&format=csv`;
    const invoicesCsv = await (await call(`${base}/invoices?${q}`, { headers: w })).text();
    expect(invoicesCsv).toContain(`${invoiceId},`);
    expect(invoicesCsv).toContain(`,'${tax},`);
    expect(invoicesCsv).not.toMatch(/(^|,)-2\+3/m);

    const linksCsv = await (await call(`${base}/reconciliations?${q}`, { headers: w })).text();
    const links = parseCsv(linksCsv);
    expect(links.rows.length).toBeGreaterThan(0);
    for (const row of links.rows) {
      expect(row.wire_id).toBe(`'${wire}`);
      expect(row.customer_tax_id).toBe(`'${tax}`);
      // Numbers the API computed stay numbers.
      expect(row.confidence).toMatch(/^\d/);
    }

    const referenceCsv = await (await call(`${base}/reconciliations/reference?${q}`, { headers: w })).text();
    const reference = parseCsv(referenceCsv);
    expect(reference.rows).toContainEqual(expect.objectContaining({ invoice_id: invoiceId, wire_id: `'${wire}` }));
    for (const text of [invoicesCsv, linksCsv, referenceCsv]) {
      for (const line of text.trim().split(/\r\n/)) {
        for (const cell of line.split(",")) expect(cell, line).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
      }
    }
  });
});
