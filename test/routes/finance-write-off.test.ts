import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { apiKey, call, expectProblem, settledJob } from "../helpers";

const base = "/api/finance";
type Json = Record<string, unknown>;
let n = 0;
const uid = () => `${Date.now() % 1_000_000_000}${n++}`;

async function post(path: string, body: string, headers: Record<string, string>): Promise<Json> {
  const res = await call(`${base}${path}`, { method: "POST", headers: { "content-type": "text/csv", ...headers }, body });
  expect(res.status).toBe(202);
  return settledJob(((await res.json()) as Json).job_id as string, headers);
}
const json = (path: string, body: unknown, headers: Record<string, string>) =>
  call(`${base}${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
const invoice = (id: string) =>
  env.DB.prepare("SELECT status, paid_minor, status_reason FROM invoices WHERE id = ?")
    .bind(id)
    .first<{ status: string; paid_minor: number; status_reason: string | null }>();
const count = async (sql: string, ...binds: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...binds)
      .first<{ n: number }>()
  )?.n;

const INVOICES = "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date";
const WIRES = "wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info";

describe("finance API: writing off a small difference", () => {
  it("settles an invoice paid short by a bank fee, once; refuses other amounts, limits and overpayments with a code", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const tag = uid();
    const tax = `DE${tag.slice(-9).padStart(9, "4")}`;
    const name = `Writeoff ${tag} GmbH`;
    const [short, big, pct, over] = ["S", "B", "P", "O"].map((k) => `WO-${tag}-${k}`);
    await post(
      "/invoices",
      [
        INVOICES,
        `${short},${tax},${name},,1000.00,EUR,2026-04-01,2026-04-30`,
        `${big},${tax},${name},,10000.00,EUR,2026-04-01,2026-04-30`,
        `${pct},${tax},${name},,100.00,EUR,2026-04-01,2026-04-30`,
        `${over},${tax},${name},,100.00,EUR,2026-04-01,2026-04-30`,
      ].join("\n"),
      w,
    );
    await post(
      "/bank-statements",
      [
        WIRES,
        `WOS${tag},${tax},${name},985.00,EUR,2026-04-29,${short}`,
        `WOB${tag},${tax},${name},9900.00,EUR,2026-04-29,${big}`,
        `WOP${tag},${tax},${name},95.00,EUR,2026-04-29,${pct}`,
        `WOO${tag},${tax},${name},120.00,EUR,2026-04-29,${over}`,
      ].join("\n"),
      w,
    );
    expect(await invoice(short)).toMatchObject({ status: "PARTIAL", paid_minor: 98_500 });

    const fee = { kind: "bank_fee", amount_minor: 1500, currency: "EUR", reason: "correspondent bank fee" };
    const wrong = await expectProblem(await json(`/invoices/${short}/write-off`, { ...fee, amount_minor: 1000 }, w), 422);
    expect(wrong).toMatchObject({ code: "write_off_amount", open_minor: 1500 });
    expect((await expectProblem(await json(`/invoices/${short}/write-off`, { ...fee, currency: "USD" }, w), 422)).code).toBe(
      "write_off_currency",
    );
    await expectProblem(await json(`/invoices/${short}/write-off`, { ...fee, kind: "gift" }, w), 422);

    const res = await json(`/invoices/${short}/write-off`, fee, w);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { replayed: boolean; write_off: Json; invoice: Json };
    expect(body).toMatchObject({ replayed: false, write_off: { kind: "bank_fee", amount: "15.00" }, invoice: { status: "PAID" } });
    const after = await invoice(short);
    expect(after).toMatchObject({ status: "PAID", paid_minor: 100_000 });
    expect(after?.status_reason).toContain("bank fee written off 15.00 EUR");

    // The same write-off again changes nothing; another one is a conflict.
    const again = await json(`/invoices/${short}/write-off`, fee, w);
    expect(await again.json()).toMatchObject({
      replayed: true,
      write_off: { link_id: body.write_off.link_id },
      invoice: { status: "PAID" },
    });
    expect(await count("SELECT COUNT(*) AS n FROM recon_links WHERE invoice_id = ? AND reason = 'WRITE_OFF'", short)).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'recon.write_off' AND entity_id = ?", short)).toBe(1);
    const audit = await env.DB.prepare(
      "SELECT actor, reason, detail_json FROM audit_log WHERE action = 'recon.write_off' AND entity_id = ?",
    )
      .bind(short)
      .first<{ actor: string; reason: string; detail_json: string }>();
    expect(audit?.reason).toBe("correspondent bank fee");
    expect(JSON.parse(audit?.detail_json ?? "{}")).toMatchObject({ kind: "bank_fee", amount_minor: 1500 });
    expect((await expectProblem(await json(`/invoices/${short}/write-off`, { ...fee, kind: "rounding" }, w), 409)).code).toBe(
      "write_off_exists",
    );

    // Limits: 100.00 is over WRITE_OFF_MAX_MINOR; 5.00 of 100.00 is over WRITE_OFF_MAX_PCT; an overpayment is no write-off.
    expect((await expectProblem(await json(`/invoices/${big}/write-off`, { ...fee, amount_minor: 10_000 }, w), 422)).code).toBe(
      "write_off_over_limit",
    );
    expect((await expectProblem(await json(`/invoices/${pct}/write-off`, { ...fee, amount_minor: 500 }, w), 422)).code).toBe(
      "write_off_over_percent",
    );
    expect((await expectProblem(await json(`/invoices/${over}/write-off`, { ...fee, amount_minor: 100 }, w), 422)).code).toBe(
      "write_off_not_short",
    );
    expect(
      await count("SELECT COUNT(*) AS n FROM recon_links WHERE invoice_id IN (?, ?, ?) AND reason = 'WRITE_OFF'", big, pct, over),
    ).toBe(0);
    expect(await invoice(pct)).toMatchObject({ status: "PARTIAL" });
  });

  it("clears a review item: a third party's short payment written off as a discount from the item", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const r = await apiKey("finance:read");
    const tag = uid();
    const inv = `WOR-${tag}`;
    await post(
      "/invoices",
      `${INVOICES}\n${inv},DE${tag.slice(-9).padStart(9, "5")},Skonto ${tag} GmbH,,400.00,EUR,2026-04-01,2026-04-30`,
      w,
    );
    await post("/bank-statements", `${WIRES}\nWOR${tag},,Fremdzahler ${tag} AG,395.00,EUR,2026-04-20,Rechnung ${inv} abzgl. Skonto`, w);
    expect(await invoice(inv)).toMatchObject({ status: "PARTIAL", paid_minor: 39_500 });
    const item = await env.DB.prepare("SELECT id FROM discrepancies WHERE status = 'OPEN' AND invoice_ids_json = json_array(?)")
      .bind(inv)
      .first<{ id: string }>();
    expect(item).not.toBeNull();
    const disc = { kind: "discount", amount_minor: 500, currency: "EUR", reason: "early-payment discount taken" };
    await expectProblem(await json(`/discrepancies/${item?.id}/write-off`, disc, r), 403);
    const res = await json(`/discrepancies/${item?.id}/write-off`, disc, w);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ review_items_resolved: 1, invoice: { status: "PAID" } });
    expect(await env.DB.prepare("SELECT status, resolved_by FROM discrepancies WHERE id = ?").bind(item?.id).first()).toMatchObject({
      status: "RESOLVED",
    });
    expect((await invoice(inv))?.status_reason).toContain("discount written off 5.00 EUR");
    // The item is closed now: a second write-off from it is refused, nothing written twice.
    await expectProblem(await json(`/discrepancies/${item?.id}/write-off`, disc, w), 409);
  });
});
