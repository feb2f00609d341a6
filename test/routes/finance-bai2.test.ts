import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call, settledJob } from "../helpers";

/** A BAI2 file (US banks) through the upload route and the queue into D1, and the same file again. */
const bai2 = [
  "01,BANKID,CUST,260615,0800,7,,,2/",
  "02,CUST,BANKID,1,260614,2400,USD,2/",
  "03,BAI2-ACC-1,,010,100000,,,015,102500,,/",
  "16,165,5000,S,1000,2000,2000,BAI2-BR1,CR1,INV-2026-000042 ACME/",
  "88,CORP PAID",
  "16,475,2500,V,260614,,BAI2-BR2,,CHECK 1001/",
  "49,210000,4/",
  "98,210000,1,6/",
  "99,210000,1,8/",
].join("\n");

async function upload(w: Record<string, string>): Promise<{ job_id: string; format: string }> {
  const res = await call("/api/finance/bank-statements", { method: "POST", headers: { "content-type": "text/x-bai2", ...w }, body: bai2 });
  expect(res.status).toBe(202);
  const job = (await res.json()) as { job_id: string; format: string };
  await settledJob(job.job_id, w);
  return job;
}

describe("BAI2 uploads", () => {
  it("stores each 16 detail with its direction and amount, and a second upload adds nothing", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const first = await upload(w);
    expect(first.format).toBe("bai2");
    const job = (await (await call(`/api/finance/jobs/${first.job_id}`, { headers: w })).json()) as { status: string };
    expect(job.status).toBe("done");
    const rows = await env.DB.prepare("SELECT direction, amount_minor, currency FROM bank_entries WHERE account = ? ORDER BY amount_minor")
      .bind("BAI2-ACC-1")
      .all<{ direction: string; amount_minor: number; currency: string }>();
    expect(rows.results).toEqual([
      { direction: "debit", amount_minor: 2500, currency: "USD" },
      { direction: "credit", amount_minor: 5000, currency: "USD" },
    ]);
    await upload(w);
    const again = await env.DB.prepare("SELECT COUNT(*) AS n FROM bank_entries WHERE account = ?")
      .bind("BAI2-ACC-1")
      .first<{ n: number }>();
    expect(again?.n).toBe(2);
  });
});
