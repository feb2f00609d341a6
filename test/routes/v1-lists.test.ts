import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKey, call, expectProblem, postJson, settledJob } from "../helpers";
import { negotiationOf, openLead, seedCatalog } from "../durable/support";
import { fixtures as recon } from "../fixtures/recon-service";
import { fixtures as leadInputs } from "../fixtures/leads-service";
import { encodeCursor } from "../../src/platform/cursor";
import { SUCCESSORS } from "../../src/routes/v1/successors";

type Json = Record<string, unknown>;
type Page = { data: Json[]; next_cursor: string | null };

/**
 * Each /v1 list: its D1 truth (every id the list must reach, for the default filters), the key
 * that names a row, the fields that are enums and the fields that are money.
 */
type Spec = { path: string; truth: string; key: string; enums: string[]; money: string[]; arity: number };
const SPECS: Spec[] = [
  {
    path: "/v1/leads",
    truth: "SELECT id AS k FROM leads",
    key: "id",
    enums: ["source", "stage", "intent"],
    money: ["budget", "budget_usd"],
    arity: 2,
  },
  {
    path: "/v1/escalations",
    truth: "SELECT id AS k FROM escalations WHERE status = 'open'",
    key: "id",
    enums: ["status"],
    money: [],
    arity: 2,
  },
  { path: "/v1/products", truth: "SELECT sku AS k FROM products WHERE active = 1", key: "sku", enums: [], money: ["unit_price"], arity: 1 },
  {
    path: "/v1/finance/reconciliations",
    truth: "SELECT id AS k FROM recon_links",
    key: "id",
    enums: ["status"],
    money: ["allocated"],
    arity: 2,
  },
  {
    path: "/v1/finance/invoices",
    truth: "SELECT id AS k FROM invoices",
    key: "invoice_id",
    enums: ["status"],
    money: ["amount", "paid"],
    arity: 1,
  },
  {
    path: "/v1/finance/bank-entries",
    truth: "SELECT natural_key AS k FROM bank_entries",
    key: "entry_key",
    enums: ["match_status", "direction", "format"],
    money: ["amount", "allocated"],
    arity: 2,
  },
  {
    path: "/v1/finance/discrepancies",
    truth: "SELECT id AS k FROM discrepancies WHERE status = 'OPEN'",
    key: "id",
    enums: ["kind", "status"],
    money: ["amount"],
    arity: 1,
  },
  { path: "/v1/finance/purchase-orders", truth: "SELECT id AS k FROM purchase_orders", key: "id", enums: ["status"], money: [], arity: 2 },
  {
    path: "/v1/finance/payment-claims",
    truth: "SELECT id AS k FROM payment_claims",
    key: "id",
    enums: ["status", "source", "event_type"],
    money: ["amount"],
    arity: 2,
  },
];

let reader: Record<string, string>;
const SNAKE = /^[a-z][a-z0-9_]*$/;
const CLAIMS = 57; // more than one default page (50)

beforeAll(async () => {
  const admin = await apiKey("admin:pricing");
  await seedCatalog(admin);
  reader = await apiKey("leads:read", "finance:read");
  const sales = await apiKey("sales:write", "leads:read");

  // Leads through the real ingestion (distinct Message-IDs / bodies, so none dedupes another).
  const writer = await apiKey("leads:write");
  const inputs = [0, 1, 2, 3].map((i) => leadInputs.email.replace(/^Message-ID: <([^>]+)>/m, `Message-ID: <v1-${i}.$1>`));
  for (const body of inputs) {
    const res = await call("/api/leads", { method: "POST", headers: { ...writer, "content-type": "message/rfc822" }, body });
    expect(res.status).toBe(201);
  }
  await call("/api/leads", { method: "POST", headers: { ...writer, "content-type": "text/plain" }, body: leadInputs.chatText });

  // Escalations as the deal objects raise them: above the value threshold, and a refused 40 % counter (with options).
  for (let i = 0; i < 3; i++) await openLead({ employees: 5000 });
  const lead = await openLead();
  const draft = (await negotiationOf(lead.id, reader)).drafts.find((d) => d.status === "awaiting_approval")!;
  await postJson(`/api/leads/${lead.id}/proposals/${draft.id}/approve`, {}, sales);
  await postJson(`/api/leads/${lead.id}/messages`, { text: "We can only sign with a 40% discount." }, sales);

  // Invoices, two statements, their links and review items through the real queue.
  const fin = await apiKey("finance:write", "finance:read");
  for (const [path, body, type] of [
    ["/invoices", recon.invoicesCsv, "text/csv"],
    ["/bank-statements", recon.camt053Eur, "application/xml"],
    ["/bank-statements", recon.mt940Usd, "text/x-mt940"],
  ] as const) {
    const res = await call(`/api/finance${path}`, { method: "POST", headers: { ...fin, "content-type": type }, body });
    expect(res.status).toBe(202);
    await settledJob(((await res.json()) as Json).job_id as string, fin);
  }

  // Purchase orders and CRM payment claims, as their writers store them (rows of the real tables).
  const now = Date.now();
  const at = (i: number) => new Date(now - i * 1000).toISOString();
  const pos = Array.from({ length: 5 }, (_, i) =>
    env.DB.prepare(
      "INSERT INTO purchase_orders (id, supplier, sku, qty, status, reason, created_at) VALUES (?, 'Acme Supply', ?, 10, ?, 'below reorder point', ?)",
    ).bind(`po_v1_${i}`, `SKU-V1-${i}`, i % 2 ? "SENT" : "DRAFT", at(i % 3)),
  );
  const claims = Array.from({ length: CLAIMS }, (_, i) =>
    env.DB.prepare(
      "INSERT INTO payment_claims (id, event_id, source, event_type, subject_id, invoice_ref, amount_minor, currency, status, data_json, occurred_at, received_at) VALUES (?, ?, 'hubspot', 'invoice_paid', ?, ?, ?, ?, 'open', '{}', ?, ?)",
    ).bind(`clm_v1_${i}`, `evt_v1_${i}`, `deal_${i}`, `INV-${i}`, i % 7 ? 1000 + i : null, i % 7 ? "EUR" : null, at(i), at(i % 10)),
  );
  await env.DB.batch([...pos, ...claims]);
});

async function truth(spec: Spec): Promise<string[]> {
  return (await env.DB.prepare(spec.truth).all<{ k: string }>()).results.map((r) => r.k);
}

async function page(path: string, headers = reader): Promise<Page> {
  const res = await call(path, { headers });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  expect(res.headers.get("deprecation")).toBeNull();
  const body = (await res.json()) as Page;
  expect(Object.keys(body)).toEqual(["data", "next_cursor"]);
  return body;
}

/** Every page of a list with `limit`, following next_cursor until it is null. */
async function pageAll(path: string, limit: number): Promise<{ rows: Json[]; pages: number }> {
  const rows: Json[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const p = await page(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(p.data.length).toBeLessThanOrEqual(limit);
    if (p.next_cursor) expect(p.data.length).toBe(limit);
    rows.push(...p.data);
    cursor = p.next_cursor;
    pages++;
  } while (cursor && pages < 200);
  return { rows, pages };
}

/** Money is `{ amount_minor, currency }` and nothing else; no `usd`, no decimal `*_amount`, no loose `*_minor`. */
function expectMoneyShapes(value: unknown, where: string): void {
  if (Array.isArray(value)) return value.forEach((v, i) => expectMoneyShapes(v, `${where}[${i}]`));
  if (!value || typeof value !== "object") return;
  const obj = value as Json;
  const keys = Object.keys(obj);
  if ("amount_minor" in obj) {
    expect(keys.sort(), where).toEqual(["amount_minor", "currency"]);
    expect(Number.isInteger(obj.amount_minor), where).toBe(true);
    expect(obj.currency, where).toMatch(/^[A-Z]{3}$/);
    return;
  }
  for (const k of keys) {
    // A name that says a currency or a unit holds money or nothing, never a bare number or decimal string.
    if (/(^usd$|_usd$|_amount$|_minor$)/.test(k) && obj[k] !== null)
      expect(Object.keys(obj[k] as Json).sort(), `${where}.${k}`).toEqual(["amount_minor", "currency"]);
    expectMoneyShapes(obj[k], `${where}.${k}`);
  }
}

describe.each(SPECS)("GET $path", (spec) => {
  it("pages through every row once, in the one envelope, with the same limit rules", async () => {
    const expected = await truth(spec);
    expect(expected.length, "seeded rows").toBeGreaterThanOrEqual(spec.path.endsWith("discrepancies") ? 1 : 3);
    const { rows, pages } = await pageAll(spec.path, 2);
    const keys = rows.map((r) => r[spec.key] as string);
    expect(new Set(keys).size).toBe(keys.length); // no duplicates
    expect([...keys].sort()).toEqual([...expected].sort()); // no gaps
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 2)));

    const first = await page(spec.path);
    expect(first.data.length).toBe(Math.min(50, expected.length)); // default 50
    expect((await page(`${spec.path}?limit=200`)).data.length).toBe(Math.min(200, expected.length));
    for (const bad of ["201", "0", "ten"]) {
      const problem = await expectProblem(await call(`${spec.path}?limit=${bad}`, { headers: reader }), 422);
      expect(problem.code).toBe("invalid_input");
    }
  });

  it("refuses a cursor it did not issue (a raw id, another list's, noise) with 422 invalid_cursor", async () => {
    const [someKey] = await truth(spec);
    const foreign = encodeCursor(spec.arity === 1 ? ["a", "b"] : ["a"]);
    for (const bad of [someKey!, foreign, "%%%"]) {
      const res = await call(`${spec.path}?cursor=${encodeURIComponent(bad)}`, { headers: reader });
      expect((await expectProblem(res, 422)).code, bad).toBe("invalid_cursor");
    }
  });

  it("answers enums in lower snake_case and money as { amount_minor, currency }", async () => {
    const { rows } = await pageAll(spec.path, 200);
    for (const row of rows) {
      for (const f of spec.enums) if (row[f] !== null) expect(row[f], `${spec.path} ${f}`).toMatch(SNAKE);
      for (const f of spec.money) expect(f in row, `${spec.path} ${f}`).toBe(true);
      expectMoneyShapes(row, `${spec.path}#${String(row[spec.key])}`);
    }
    for (const f of spec.money)
      expect(
        rows.some((r) => r[f] !== null),
        `${spec.path}: some ${f} is set`,
      ).toBe(true);
  });

  it("needs its scope like every key-protected route", async () => {
    await expectProblem(await call(spec.path), 401);
    const other = spec.path.startsWith("/v1/finance") ? await apiKey("leads:read") : await apiKey("finance:read");
    expect((await expectProblem(await call(spec.path, { headers: other }), 403)).code).toBe("forbidden");
  });
});

describe("v1 filters and mappings", () => {
  it("takes lower-case enum filters and maps them to the stored values", async () => {
    const verified = await pageAll("/v1/finance/reconciliations?status=verified", 200);
    expect(verified.rows.length).toBeGreaterThan(0);
    expect(verified.rows.every((r) => r.status === "verified")).toBe(true);
    const links = await env.DB.prepare("SELECT count(*) AS n FROM recon_links WHERE status = 'VERIFIED'").first<{ n: number }>();
    expect(verified.rows).toHaveLength(links!.n);
    await expectProblem(await call("/v1/finance/reconciliations?status=VERIFIED", { headers: reader }), 422);
    for (const list of ["/v1/finance/bank-entries", "/v1/finance/reconciliations"]) {
      const p = await expectProblem(await call(`${list}?from=2026-03-01&to=2026-02-01`, { headers: reader }), 422);
      expect(p.code, list).toBe("invalid_input");
    }
    const inRange = await pageAll("/v1/finance/bank-entries?from=2026-01-01&to=2026-12-31", 200);
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM bank_entries WHERE booking_date BETWEEN '2026-01-01' AND '2026-12-31'",
    ).first<{ n: number }>();
    expect(inRange.rows).toHaveLength(stored!.n);
    const drafts = await pageAll("/v1/finance/purchase-orders?status=draft", 200);
    expect(drafts.rows.map((r) => r.id).sort()).toEqual(["po_v1_0", "po_v1_2", "po_v1_4"]);
  });

  it("gives a lead's budget in its currency and in USD as money objects, from the same stored minor units", async () => {
    const { rows } = await pageAll("/v1/leads", 200);
    const withBudget = rows.filter((r) => r.budget !== null);
    expect(withBudget.length).toBeGreaterThan(0);
    for (const r of withBudget) {
      const old = (await (await call(`/api/leads/${String(r.id)}`, { headers: reader })).json()) as {
        lead: { budget: { amount_minor: number; currency: string; usd: number | null } };
      };
      expect(r.budget).toEqual({ amount_minor: old.lead.budget.amount_minor, currency: old.lead.budget.currency });
      expect(r.budget_usd).toEqual(old.lead.budget.usd === null ? null : { amount_minor: old.lead.budget.usd, currency: "USD" });
    }
  });

  it("gives an escalation's options their totals as money", async () => {
    const { rows } = await pageAll("/v1/escalations", 200);
    const options = rows.flatMap((r) => r.options as Json[]);
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      expect(o.kind).toMatch(SNAKE);
      expect(o.total).toMatchObject({ amount_minor: expect.any(Number), currency: "USD" });
    }
  });
});

describe("the unversioned lists, for one release", () => {
  const OLD_ARRAY: Record<string, string> = {
    "/api/leads": "leads",
    "/api/escalations": "escalations",
    "/api/catalog": "products",
    "/api/finance/reconciliations": "links",
    "/api/finance/invoices": "invoices",
    "/api/finance/bank-entries": "entries",
    "/api/finance/discrepancies": "items",
    "/api/finance/purchase-orders": "purchase_orders",
    "/api/crm/payment-claims": "items",
  };

  it("answer their old shape with Deprecation: true and a Link to the successor", async () => {
    expect(Object.keys(OLD_ARRAY).sort()).toEqual(Object.keys(SUCCESSORS).sort());
    for (const [old, successor] of Object.entries(SUCCESSORS)) {
      const res = await call(old, { headers: reader });
      expect(res.status, old).toBe(200);
      expect(res.headers.get("deprecation"), old).toBe("true");
      expect(res.headers.get("link"), old).toBe(`<${successor}>; rel="successor-version"`);
      const body = (await res.json()) as Json;
      expect(Array.isArray(body[OLD_ARRAY[old]!]), old).toBe(true);
      expect(body.data, old).toBeUndefined();
    }
    // The old money and casing are unchanged there.
    const inv = (await (await call("/api/finance/invoices", { headers: reader })).json()) as { invoices: Json[] };
    expect(inv.invoices[0]).toMatchObject({ amount: expect.stringMatching(/^\d+\.\d{2}$/), amount_minor: expect.any(Number) });
    expect(inv.invoices[0]!.status).toMatch(/^[A-Z_]+$/);
  });

  it("leave CSV exports and ingestion undeprecated, and mark a refusal on an old list path too", async () => {
    const csv = await call("/api/finance/invoices?format=csv", { headers: reader });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("deprecation")).toBeNull();
    const denied = await call("/api/leads");
    await expectProblem(denied, 401);
    expect(denied.headers.get("deprecation")).toBe("true"); // the path is deprecated whatever it answers
    const post = await call("/api/leads", {
      method: "POST",
      headers: { ...(await apiKey("leads:write")), "content-type": "text/plain" },
      body: `${leadInputs.chatText}\n[2026-01-01 10:00:00] Ana: one more line for v1`,
    });
    expect(post.status).toBe(201);
    expect(post.headers.get("deprecation")).toBeNull(); // ingestion is not a list
  });
});
