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

describe("finance API: one entry allocated by hand across several invoices", () => {
  it("allocates explicit amounts, and refuses sums over the entry or an invoice's open amount with nothing written", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const tag = uid();
    const tax = `DE${tag.slice(-9).padStart(9, "6")}`;
    const name = `Allocation ${tag} GmbH`;
    const [a, b, c] = ["A", "B", "C"].map((k) => `PA-${tag}-${k}`);
    await post(
      "/invoices",
      [
        "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date",
        `${a},${tax},${name},,300.00,EUR,2026-04-01,2026-04-30`,
        `${b},${tax},${name},,500.00,EUR,2026-04-01,2026-04-30`,
        `${c},${tax},${name},,250.00,EUR,2026-04-01,2026-04-30`,
      ].join("\n"),
      w,
    );
    const wire = `PAW${tag}`;
    await post(
      "/bank-statements",
      `wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info\n${wire},${tax},${name},700.00,EUR,2026-04-29,april`,
      w,
    );
    const link = await env.DB.prepare("SELECT id, status FROM recon_links WHERE wire_id = ? LIMIT 1")
      .bind(wire)
      .first<{ id: string; status: string }>();
    expect(link?.status).toBe("UNMATCHED");
    const resolve = (allocations: unknown, extra: Json = {}) =>
      call(`${base}/reconciliations/${link?.id}/resolve`, {
        method: "POST",
        headers: { ...w, "content-type": "application/json" },
        body: JSON.stringify({ action: "match", reason: "split as the customer's e-mail says", allocations, ...extra }),
      });
    const code = async (res: Response) => (await expectProblem(res, 422)).code;
    expect(
      await code(
        await resolve([
          { invoice_id: a, amount: "300.00" },
          { invoice_id: b, amount: "500.00" },
        ]),
      ),
    ).toBe("allocation_over_entry");
    expect(await code(await resolve([{ invoice_id: a, amount: "350.00" }]))).toBe("allocation_over_open");
    expect(
      await code(
        await resolve([
          { invoice_id: a, amount: "100.00" },
          { invoice_id: a, amount: "100.00" },
        ]),
      ),
    ).toBe("allocation_duplicate_invoice");
    expect(await code(await resolve([{ invoice_id: `NOPE-${tag}`, amount: "1.00" }]))).toBe("allocation_unknown_invoice");
    await expectProblem(await resolve([{ invoice_id: a, amount: "1.00" }], { invoice_id: a }), 422);
    const live = () =>
      env.DB.prepare("SELECT COUNT(*) AS n FROM recon_links WHERE wire_id = ? AND status = 'MANUAL'").bind(wire).first<{ n: number }>();
    expect((await live())?.n).toBe(0);

    const res = await resolve([
      { invoice_id: a, amount: "300.00" },
      { invoice_id: b, amount: "400.00" },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { allocations: { status: string; invoice: Json }[] };
    expect(body.allocations.map((x) => [x.status, x.invoice.invoice_id, x.invoice.status, x.invoice.paid_amount])).toEqual([
      ["MANUAL", a, "PAID", "300.00"],
      ["MANUAL", b, "PARTIAL", "400.00"],
    ]);
    expect((await live())?.n).toBe(2);
    expect(
      await env.DB.prepare("SELECT match_status, allocated_minor FROM bank_entries WHERE wire_id = ?").bind(wire).first(),
    ).toMatchObject({
      match_status: "MATCHED",
      allocated_minor: 70_000,
    });
    expect(await env.DB.prepare("SELECT status FROM invoices WHERE id = ?").bind(c).first()).toMatchObject({ status: "UNPAID" });
  });
});
