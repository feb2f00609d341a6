import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { decodeStatementBytes } from "../../../src/recon/core/parse/decode";
import { parseStatement } from "../../../src/recon/core/parse/detect";
import { apiKey, call, settledJob } from "../../helpers";

/**
 * Every file of ../shared/data/realbank (real banks' statements from public parsers' fixtures),
 * uploaded through the real route and queue into D1, checked against the corpus's own labels:
 * every booked entry stored, per currency the same credit and debit sums, re-import adding
 * nothing. Skipped (and says so) when the corpus is absent: the repo's own synthetic quirk tests
 * (test/recon/core/parse-quirks.test.ts) hold the same cases without it.
 */
type Label = {
  entries: number;
  entries_nonzero: number;
  entries_split: number;
  currencies: Record<string, { credit_minor: number; debit_minor: number }>;
  accept?: string[];
};
const corpus = JSON.parse(env.REALBANK_CORPUS) as { expected?: Record<string, Label>; files?: Record<string, string> };
const files = Object.keys(corpus.expected ?? {}).sort();
const bytesOf = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const typeOf = (file: string) => (file.startsWith("mt940/") ? "text/x-mt940" : "application/xml");

describe.skipIf(files.length === 0)("real bank files (../shared/data/realbank), through the upload route", () => {
  it.each(files)("%s: every booked entry lands in D1 with the labelled sums, and a re-import adds nothing", async (file) => {
    const label = corpus.expected![file];
    const bytes = bytesOf(corpus.files![file]);
    const w = await apiKey("finance:write", "finance:read");
    const res = await call("/api/finance/bank-statements", {
      method: "POST",
      headers: { "content-type": typeOf(file), ...w },
      body: bytes,
    });
    expect(res.status, await res.clone().text()).toBeLessThan(500);
    if (res.status >= 400) {
      expect(label.accept ?? ["full"]).toContain("rejected");
      return;
    }
    const job = (await res.json()) as { job_id: string };
    const settled = await settledJob(job.job_id, w);
    expect(settled.status).not.toBe("failed");
    // The stored rows of this file's entries (another file may have brought the same bank line first).
    const keys = parseStatement(decodeStatementBytes(bytes)).entries.map((e) => e.natural_key);
    const stored: { currency: string; direction: string; amount_minor: number }[] = [];
    for (let i = 0; i < keys.length; i += 50) {
      const part = keys.slice(i, i + 50);
      const rows = await env.DB.prepare(
        `SELECT currency, direction, amount_minor FROM bank_entries WHERE natural_key IN (${part.map(() => "?").join(",")})`,
      )
        .bind(...part)
        .all<{ currency: string; direction: string; amount_minor: number }>();
      stored.push(...rows.results);
    }
    const zeros = label.entries - label.entries_nonzero;
    expect([label.entries, label.entries_nonzero, label.entries_split, label.entries_split - zeros]).toContain(stored.length);
    for (const [ccy, want] of Object.entries(label.currencies)) {
      const sum = (dir: string) => stored.filter((r) => r.currency === ccy && r.direction === dir).reduce((a, r) => a + r.amount_minor, 0);
      expect({ ccy, credit: sum("credit"), debit: sum("debit") }).toEqual({ ccy, credit: want.credit_minor, debit: want.debit_minor });
    }
    const before = (await env.DB.prepare("SELECT COUNT(*) AS n FROM bank_entries").first<{ n: number }>())!.n;
    const again = await call("/api/finance/bank-statements", {
      method: "POST",
      headers: { "content-type": typeOf(file), ...w },
      body: bytes,
    });
    expect(again.status).toBeLessThan(300);
    const againJob = (await again.json()) as { job_id?: string };
    if (againJob.job_id && again.status === 202) {
      await settledJob(againJob.job_id, w);
    }
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM bank_entries").first<{ n: number }>())!.n).toBe(before);
  });
});
