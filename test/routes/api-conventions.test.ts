import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKey, call, expectProblem, postJson, settledJob } from "../helpers";
import { negotiationOf, openLead, seedCatalog } from "../durable/support";
import { fixtures } from "../fixtures/recon-service";
import { encodeCursor } from "../../src/platform/cursor";

let sales: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  await seedCatalog(await apiKey("admin:pricing"));
  sales = await apiKey("sales:write", "leads:read");
  reader = await apiKey("leads:read");
});

afterEach(() => vi.restoreAllMocks());

/** Every JSON line the worker logged while `fn` ran. */
async function logged<T>(fn: () => Promise<T>): Promise<{ result: T; lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = [];
  const grab = (...args: unknown[]) => {
    for (const a of args) {
      if (typeof a !== "string" || !a.startsWith("{")) continue;
      try {
        lines.push(JSON.parse(a) as Record<string, unknown>);
      } catch {
        // not one of ours
      }
    }
  };
  vi.spyOn(console, "log").mockImplementation(grab);
  vi.spyOn(console, "warn").mockImplementation(grab);
  vi.spyOn(console, "error").mockImplementation(grab);
  const result = await fn();
  vi.restoreAllMocks();
  return { result, lines };
}

describe("request ids", () => {
  it("answers cf-ray as Request-Id and writes one access line with the route pattern, status and key id", async () => {
    const lead = await openLead();
    const { result: res, lines } = await logged(() =>
      call(`/api/leads/${lead.id}/negotiation`, { headers: { ...reader, "cf-ray": "8f1c2d3e4f5a6b7c-FRA" } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("request-id")).toBe("8f1c2d3e4f5a6b7c-FRA");
    const access = lines.filter((l) => l.event === "http.request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      method: "GET",
      route: "/api/leads/:id/negotiation",
      status: 200,
      request_id: "8f1c2d3e4f5a6b7c-FRA",
    });
    expect(access[0]!.key_id).toMatch(/^key_/);
    expect(typeof access[0]!.latency_ms).toBe("number");
    expect(JSON.stringify(access[0])).not.toContain(lead.id); // the pattern, never the raw path
  });

  it("generates an id without cf-ray, puts it in the problem body and on every line of a 401", async () => {
    const { result: res, lines } = await logged(() => call("/api/leads", { headers: { authorization: "Bearer l2c_not_a_key" } }));
    const id = res.headers.get("request-id");
    expect(id).toMatch(/^req_/);
    const body = await expectProblem(res, 401);
    expect(body).toMatchObject({ code: "unauthorized", request_id: id });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.request_id).toBe(id);
    expect(lines.find((l) => l.event === "http.request")).toMatchObject({ status: 401, route: "/api/leads", key_id: null });
    expect(JSON.stringify(lines)).not.toContain("l2c_not_a_key");
  });

  it("does not trust a cf-ray that is not an id, and gives a 404 for no route an id too", async () => {
    const res = await call("/api/nowhere", { headers: { "cf-ray": "<script>" } });
    const body = await expectProblem(res, 404);
    expect(res.headers.get("request-id")).toMatch(/^req_/);
    expect(body.request_id).toBe(res.headers.get("request-id"));
    expect(body.code).toBe("no_route");
  });
});

describe("Idempotency-Key", () => {
  async function sentDeal() {
    const lead = await openLead();
    const n = await negotiationOf(lead.id, reader);
    const draft = n.drafts.find((d) => d.status === "awaiting_approval")!;
    await postJson(`/api/leads/${lead.id}/proposals/${draft.id}/approve`, {}, sales);
    return lead;
  }
  const drafts = async (leadId: string) => (await negotiationOf(leadId, reader)).drafts.length;

  it("replays the stored response of a repeated message, which makes one draft, not two", async () => {
    const lead = await sentDeal();
    const before = await drafts(lead.id);
    const headers = { ...sales, "idempotency-key": `msg-${crypto.randomUUID()}` };
    const text = { text: "Looks good overall. Could you do 10% off?" };
    const first = await postJson(`/api/leads/${lead.id}/messages`, text, headers);
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody = await first.text();
    expect(await drafts(lead.id)).toBe(before + 1);

    const again = await postJson(`/api/leads/${lead.id}/messages`, text, headers);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get("request-id")).not.toBe(first.headers.get("request-id"));
    expect(await drafts(lead.id)).toBe(before + 1);

    // Without the key the same message is a new request: the CRM asked for it twice on purpose.
    await postJson(`/api/leads/${lead.id}/messages`, text, sales);
    expect(await drafts(lead.id)).toBe(before + 2);
  });

  it("refuses the same key with a different body (422 idempotency_mismatch) and changes nothing", async () => {
    const lead = await sentDeal();
    const headers = { ...sales, "idempotency-key": `msg-${crypto.randomUUID()}` };
    await postJson(`/api/leads/${lead.id}/messages`, { text: "Could you do 10% off?" }, headers);
    const after = await drafts(lead.id);
    const res = await postJson(`/api/leads/${lead.id}/messages`, { text: "Could you do 5% off?" }, headers);
    expect((await expectProblem(res, 422)).code).toBe("idempotency_mismatch");
    expect(await drafts(lead.id)).toBe(after);
  });

  it("keeps keys apart per API key: another key's request with the same Idempotency-Key runs", async () => {
    const lead = await sentDeal();
    const otherSales = await apiKey("sales:write", "leads:read");
    const key = `msg-${crypto.randomUUID()}`;
    const text = { text: "Could you do 10% off?" };
    await postJson(`/api/leads/${lead.id}/messages`, text, { ...sales, "idempotency-key": key });
    const other = await postJson(`/api/leads/${lead.id}/messages`, text, { ...otherSales, "idempotency-key": key });
    expect(other.headers.get("idempotent-replayed")).toBeNull();
  });

  it("lets one of two concurrent requests with one key run; the other gets 409 idempotency_in_flight", async () => {
    const lead = await sentDeal();
    const before = await drafts(lead.id);
    const headers = { ...sales, "idempotency-key": `msg-${crypto.randomUUID()}` };
    const text = { text: "Looks good overall. Could you do 10% off?" };
    const [a, b] = await Promise.all([
      postJson(`/api/leads/${lead.id}/messages`, text, headers),
      postJson(`/api/leads/${lead.id}/messages`, text, headers),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const problem = await expectProblem(loser, 409);
    expect(problem.code).toBe("idempotency_in_flight");
    expect(Number(loser.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await drafts(lead.id)).toBe(before + 1);
    // Once the first finished, the same request is a replay.
    const replay = await postJson(`/api/leads/${lead.id}/messages`, text, headers);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });

  it("refuses a malformed key with 400 before anything runs", async () => {
    const lead = await sentDeal();
    const before = await drafts(lead.id);
    const res = await postJson(
      `/api/leads/${lead.id}/messages`,
      { text: "10% off?" },
      { ...sales, "idempotency-key": "a key with spaces" },
    );
    expect((await expectProblem(res, 400)).code).toBe("invalid_idempotency_key");
    expect(await drafts(lead.id)).toBe(before);
  });

  it("does not store a refused request's 5xx-free answer twice: a 4xx is replayed as it was", async () => {
    const headers = { ...sales, "idempotency-key": `bad-${crypto.randomUUID()}` };
    const first = await postJson(`/api/leads/lead_nope/messages`, { text: "hello" }, headers);
    const second = await postJson(`/api/leads/lead_nope/messages`, { text: "hello" }, headers);
    expect(second.status).toBe(first.status);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const row = await env.DB.prepare("SELECT status, response_status FROM idempotency_keys WHERE idem_key = ?")
      .bind(headers["idempotency-key"])
      .first<{ status: string; response_status: number }>();
    expect(row).toEqual({ status: "done", response_status: first.status });
  });
});

describe("rate limits", () => {
  /** Spends the real binding's counter for `key` until it refuses (the limit is the binding's, not the test's). */
  async function exhaust(limiter: RateLimit, key: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const outcomes = await Promise.all(Array.from({ length: 50 }, () => limiter.limit({ key })));
      if (outcomes.some((o) => !o.success)) return;
    }
    throw new Error("the limiter never refused");
  }

  it("answers 429 rate_limited with Retry-After once an address failed authentication too often", async () => {
    const ip = "203.0.113.77";
    const before = await call("/api/leads", { headers: { authorization: "Bearer l2c_wrong", "cf-connecting-ip": ip } });
    await expectProblem(before, 401);
    await exhaust(env.AUTH_FAILURE_LIMITER, `ip:${ip}`);
    const res = await call("/api/leads", { headers: { authorization: "Bearer l2c_wrong", "cf-connecting-ip": ip } });
    const body = await expectProblem(res, 429);
    expect(body).toMatchObject({ code: "rate_limited", limit: "auth_failures", retry_after: 60 });
    expect(res.headers.get("retry-after")).toBe("60");
    // A valid key from the same address still works: only failures are limited per address.
    expect((await call("/api/leads", { headers: { ...reader, "cf-connecting-ip": ip } })).status).toBe(200);
    // Another address is not affected.
    await expectProblem(
      await call("/api/leads", { headers: { authorization: "Bearer l2c_wrong", "cf-connecting-ip": "203.0.113.78" } }),
      401,
    );
  });

  it("limits a key's writes, not its reads", async () => {
    const writer = await apiKey("sales:write", "leads:read");
    const row = await env.DB.prepare("SELECT id FROM api_keys WHERE prefix = ?")
      .bind(writer.authorization!.slice("Bearer ".length, "Bearer ".length + 12))
      .first<{ id: string }>();
    await exhaust(env.WRITE_LIMITER, `key:${row!.id}`);
    const res = await postJson("/api/leads/lead_x/messages", { text: "hi" }, writer);
    expect(await expectProblem(res, 429)).toMatchObject({ code: "rate_limited", limit: "writes" });
    expect((await call("/api/escalations", { headers: writer })).status).toBe(200);
  });
});

describe("opaque cursors", () => {
  it("pages invoices with opaque cursors (JSON and CSV header) and still reads a raw id from before", async () => {
    const w = await apiKey("finance:write", "finance:read");
    const job = (await (
      await call("/api/finance/invoices", { method: "POST", headers: { "content-type": "text/csv", ...w }, body: fixtures.invoicesCsv })
    ).json()) as { job_id: string };
    await settledJob(job.job_id, w);
    const seen: string[] = [];
    let cursor: string | null = null;
    let raw: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res = await call(`/api/finance/invoices?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: w });
      const page = (await res.json()) as { invoices: Array<{ invoice_id: string }>; next_cursor: string | null };
      seen.push(...page.invoices.map((x) => x.invoice_id));
      if (page.next_cursor) expect(page.next_cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      if (page.next_cursor && !raw) raw = page.invoices[page.invoices.length - 1]!.invoice_id;
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(new Set(seen).size).toBe(seen.length);
    const csv = await call(`/api/finance/invoices?format=csv&limit=2`, { headers: w });
    const next = csv.headers.get("x-next-cursor");
    expect(next).toMatch(/^[A-Za-z0-9_-]+$/);
    // The cursor is the opaque form of the last row's key: the raw key (what the list answered before) reads the same page.
    const byOpaque = await (await call(`/api/finance/invoices?limit=2&cursor=${encodeCursor([raw!])}`, { headers: w })).text();
    const byRaw = await (await call(`/api/finance/invoices?limit=2&cursor=${encodeURIComponent(raw!)}`, { headers: w })).text();
    expect(byRaw).toBe(byOpaque);
  });
});

describe("escalation pages", () => {
  it("pages escalations newest first with an opaque cursor, each exactly once, and refuses a forged cursor", async () => {
    const lead = await openLead();
    const n = await negotiationOf(lead.id, reader);
    const draft = n.drafts.find((d) => d.status === "awaiting_approval")!;
    await postJson(`/api/leads/${lead.id}/proposals/${draft.id}/approve`, {}, sales);
    for (let i = 0; i < 3; i++) await postJson(`/api/leads/${lead.id}/messages`, { text: "We can only sign with a 40% discount." }, sales);
    const all = (await (await call(`/api/escalations?lead_id=${lead.id}&status=all`, { headers: reader })).json()) as {
      escalations: Array<{ id: string }>;
      next_cursor: string | null;
    };
    expect(all.escalations.length).toBeGreaterThanOrEqual(2);
    expect(all.next_cursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/escalations?lead_id=${lead.id}&status=all&limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (await call(url, { headers: reader })).json()) as {
        escalations: Array<{ id: string }>;
        next_cursor: string | null;
      };
      expect(page.escalations).toHaveLength(1);
      seen.push(page.escalations[0]!.id);
      cursor = page.next_cursor;
    } while (cursor && seen.length < 20);
    expect(seen).toEqual(all.escalations.map((e) => e.id));
    const forged = await call(`/api/escalations?cursor=${encodeCursor(["only-one-part"])}`, { headers: reader });
    expect((await expectProblem(forged, 422)).code).toBe("invalid_input");
  });
});

describe("GET /", () => {
  it("sends a visitor to the API docs and a signed-in person to the dashboard", async () => {
    const anon = await call("/", { redirect: "manual" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/docs");
    const signedIn = await call("/", { redirect: "manual", headers: { cookie: "l2c_session=abc" } });
    expect(signedIn.headers.get("location")).toBe("/dashboard");
  });
});
