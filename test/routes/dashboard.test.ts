import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { generateApiKey, hashApiKey, type Scope } from "../../src/platform/api-keys";
import { clearAccessKeyCache, verifyAccessJwt, type Jwk } from "../../src/dashboard/access-jwt";
import { SafeDb } from "../../src/dashboard/store/safe-db";
import { setAccessJwksFetcher, signIn } from "../../src/dashboard/session";
import { recordActivity } from "../../src/platform/activity";
import { apiKey, call, expectProblem } from "../helpers";

/** A raw key (for the login form and the cookie) with the given scopes. */
async function rawKey(...scopes: Scope[]): Promise<string> {
  const key = generateApiKey();
  await env.DB.prepare("INSERT INTO api_keys (id, name, prefix, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(
      `key_${crypto.randomUUID()}`,
      "dash-test",
      key.slice(0, 12),
      await hashApiKey(key, env.API_KEY_PEPPER),
      JSON.stringify(scopes),
      new Date().toISOString(),
    )
    .run();
  return key;
}

/** The test worker's own origin: browsers send it on every form post. */
const ORIGIN = "https://l2c.test";
const COOKIE = "__Host-l2c_session";

function login(key: string, extra: Record<string, string> = {}): Promise<Response> {
  return call("/dashboard/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...extra },
    body: new URLSearchParams({ key, next: "/dashboard/recon" }).toString(),
    redirect: "manual",
  });
}

async function insertLead(
  id: string,
  fields: { company: string; score: number; stage: string; qualified: boolean; received_at: string },
): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO leads (id, source, content_sha256, company, score, score_breakdown_json, qualified, stage, fields_json, reference_date, received_at, updated_at, routed_at)
     VALUES (?, 'email', ?, ?, ?, '{"size":1,"budget":1,"urgency":1,"score":1}', ?, ?, '{}', ?, ?, ?, ?)`,
  )
    .bind(
      id,
      crypto.randomUUID(),
      fields.company,
      fields.score,
      fields.qualified ? 1 : 0,
      fields.stage,
      fields.received_at,
      fields.received_at,
      fields.received_at,
      fields.received_at,
    )
    .run();
}

describe("dashboard login and session", () => {
  it("redirects a page visit without credentials to the login form, keeping where it was going", async () => {
    const res = await call("/dashboard/flow", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard/login?next=%2Fdashboard%2Fflow");
    const form = await call("/dashboard/login");
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('<label for="key">');
    expect(form.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("answers 401 to an unknown key and 403 to a key without dashboard:read", async () => {
    expect((await login("l2c_not-a-real-key")).status).toBe(401);
    const res = await login(await rawKey("leads:read"));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("dashboard:read");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("sets an HttpOnly SameSite=Strict session cookie that opens the pages, and logout clears it", async () => {
    const key = await rawKey("dashboard:read");
    const res = await login(key);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard/recon");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-l2c_session=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Secure"); // the test origin is https
    // The cookie holds a session token, never the API key.
    expect(cookie).not.toContain(key);
    const session = cookie.split(";")[0];
    const page = await call("/dashboard", { headers: { cookie: session } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Lead pipeline</h1>");
    expect(html).toContain('aria-live="polite"');
    const out = await call("/dashboard/logout", { method: "POST", headers: { cookie: session, origin: ORIGIN }, redirect: "manual" });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/__Host-l2c_session=;.*Max-Age=0/);
  });

  it("refuses a cross-site login post and never redirects outside the dashboard", async () => {
    const key = await rawKey("dashboard:read");
    await expectProblem(await login(key, { origin: "https://evil.example" }), 403);
    const res = await call("/dashboard/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ key, next: "https://evil.example/x" }).toString(),
      redirect: "manual",
    });
    expect(res.headers.get("location")).toBe("/dashboard");
  });

  it("serves its script and stylesheet itself", async () => {
    const js = await call("/dashboard/assets/app.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("new WebSocket");
    const css = await call("/dashboard/assets/app.css");
    expect(css.headers.get("content-type")).toContain("text/css");
  });
});

describe("dashboard snapshots", () => {
  it("requires dashboard:read on the JSON endpoints", async () => {
    await expectProblem(await call("/dashboard/api/pipeline"), 401);
    await expectProblem(await call("/dashboard/api/recon", { headers: await apiKey("finance:read") }), 403);
  });

  it("reports agents, leads by stage, velocity and the activity log linked to its lead", async () => {
    const t0 = new Date(Date.now() - 3 * 3600_000).toISOString();
    await insertLead("lead_dash_a", { company: "Alpha GmbH", score: 7.5, stage: "qualified", qualified: true, received_at: t0 });
    await insertLead("lead_dash_b", {
      company: "Beta Ltd",
      score: 2.1,
      stage: "nurture",
      qualified: false,
      received_at: new Date().toISOString(),
    });
    await recordActivity(env, {
      agent: "ingestion",
      action: "lead_ingested",
      entity: "lead",
      entity_id: "lead_dash_a",
      detail: { company: "Alpha GmbH" },
    });
    await recordActivity(env, {
      agent: "negotiation",
      action: "stage_changed",
      entity: "lead",
      entity_id: "lead_dash_a",
      detail: { from: "qualified", to: "proposal_drafted" },
    });
    await recordActivity(env, {
      agent: "reconciliation",
      action: "import_failed",
      entity: "import",
      entity_id: "imp_x",
      outcome: "error",
      detail: { error: "bad xml" },
    });

    const res = await call("/dashboard/api/pipeline", { headers: await apiKey("dashboard:read") });
    expect(res.status).toBe(200);
    const snap = (await res.json()) as {
      agents: Array<{ agent: string; handled: number; errors: number; last_error: string | null }>;
      activity: Array<{ entity_id: string; href: string | null }>;
      stages: Array<{ stage: string; count: number }>;
      velocity: { steps: Array<{ from: string; to: string; samples: number; median_ms: number }>; leads_per_day: Array<{ count: number }> };
      leads: Array<{ id: string; company: string; score: number }>;
    };
    expect(snap.agents.map((a) => a.agent)).toEqual(["ingestion", "negotiation", "reconciliation"]);
    const recon = snap.agents.find((a) => a.agent === "reconciliation")!;
    expect(recon.errors).toBeGreaterThanOrEqual(1);
    expect(recon.last_error).toContain("bad xml");
    expect(snap.activity.find((a) => a.entity_id === "lead_dash_a")?.href).toBe("/dashboard/leads/lead_dash_a");
    expect(snap.activity.find((a) => a.entity_id === "imp_x")?.href).toBe("/dashboard/recon#import-imp_x");
    expect(snap.stages.find((s) => s.stage === "qualified")?.count).toBeGreaterThanOrEqual(1);
    const step = snap.velocity.steps.find((s) => s.from === "qualified" && s.to === "proposal_drafted");
    expect(step?.samples).toBeGreaterThanOrEqual(1);
    expect(step!.median_ms).toBeGreaterThan(2 * 3600_000);
    expect(snap.velocity.leads_per_day.at(-1)!.count).toBeGreaterThanOrEqual(1);
    expect(snap.leads.map((l) => l.id)).toEqual(expect.arrayContaining(["lead_dash_a", "lead_dash_b"]));
  });

  it("shows a lead's page and 404s an unknown one", async () => {
    await insertLead("lead_dash_c", {
      company: "Gamma <script>alert(1)</script> Inc",
      score: 6,
      stage: "qualified",
      qualified: true,
      received_at: new Date().toISOString(),
    });
    const auth = await apiKey("dashboard:read");
    const res = await call("/dashboard/api/leads/lead_dash_c", { headers: auth });
    expect(res.status).toBe(200);
    const d = (await res.json()) as { lead: { company: string; qualified: boolean }; stage: string };
    expect(d.lead.company).toContain("Gamma");
    expect(d.lead.qualified).toBe(true);
    await expectProblem(await call("/dashboard/api/leads/lead_nope", { headers: auth }), 404);
    const page = await call("/dashboard/leads/lead_dash_c", { headers: auth });
    const html = await page.text();
    // The prospect's text reaches the page only inside the JSON island, with "<" escaped.
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("\\u003cscript>alert(1)");
  });

  it("shows the negotiation agent's draft awaiting approval, and the stage it moves to once approved", async () => {
    const admin = await apiKey("*");
    const put = await call("/api/admin/pricing/products/DASH-PRO", {
      method: "PUT",
      headers: { "content-type": "application/json", ...admin },
      body: JSON.stringify({
        name: "Dashboard Pro",
        description: "Reconciliation seats",
        unit_price_minor: 12_000,
        currency: "USD",
        unit: "per_seat_year",
      }),
    });
    expect(put.status).toBe(200);
    const form = {
      portalId: 1,
      formGuid: "dash-form",
      conversionId: `conv-${crypto.randomUUID()}`,
      submittedAt: Date.now(),
      fields: [
        { name: "firstname", value: "Ada" },
        { name: "lastname", value: "Stone" },
        { name: "email", value: "ada@delta-dash.example" },
        { name: "company", value: "Delta Dash Inc." },
        { name: "message", value: "We want to buy Dashboard Pro. Budget $150,000, we need it within 4 weeks. We have 400 employees." },
      ],
    };
    const created = await call("/api/leads", {
      method: "POST",
      headers: { "content-type": "application/json", ...admin },
      body: JSON.stringify(form),
    });
    expect(created.status).toBe(201);
    const { lead } = (await created.json()) as { lead: { id: string; qualified: boolean } };
    expect(lead.qualified).toBe(true);

    const read = await apiKey("dashboard:read");
    const detail = (await (await call(`/dashboard/api/leads/${lead.id}`, { headers: read })).json()) as {
      stage: string;
      drafts: Array<{ id: string; status: string; total_minor: number | null; verdict: string | null }>;
      history: Array<{ kind: string }>;
    };
    const waiting = detail.drafts.filter((d) => d.status === "awaiting_approval");
    expect(detail.stage).toBe("awaiting_approval");
    expect(waiting).toHaveLength(1);
    expect(waiting[0].total_minor).toBeGreaterThan(0);
    expect(detail.history.map((h) => h.kind)).toContain("draft_created");

    // The page's Approve button posts to the dashboard's own endpoint with the session cookie; the
    // negotiation API takes only a bearer key, so the same cookie there is a 401.
    const writer = await rawKey("dashboard:read", "sales:write");
    const signed = await signIn(env, writer);
    if (!signed.ok) throw new Error(signed.reason);
    const cookie = `${COOKIE}=${signed.token.token}`;
    const apiPath = `/api/leads/${lead.id}/proposals/${waiting[0].id}/approve`;
    const viaApi = await call(apiPath, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: ORIGIN },
      body: "{}",
    });
    await expectProblem(viaApi, 401);
    const approved = await call(`/dashboard/api/leads/${lead.id}/proposals/${waiting[0].id}/approve`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: ORIGIN },
      body: "{}",
    });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ draft_id: waiting[0].id, status: "sent" });
    const audit = await env.DB.prepare("SELECT actor FROM audit_log WHERE action = 'proposal.approve' AND entity_id = ?")
      .bind(waiting[0].id)
      .first<{ actor: string }>();
    expect(audit?.actor).toMatch(/^key:/);
    const after = (await (await call(`/dashboard/api/leads/${lead.id}`, { headers: read })).json()) as {
      stage: string;
      drafts: Array<{ status: string }>;
    };
    expect(after.stage).not.toBe("awaiting_approval");
    expect(after.drafts.filter((d) => d.status === "awaiting_approval")).toHaveLength(0);
    const pipeline = (await (await call("/dashboard/api/pipeline", { headers: read })).json()) as {
      leads: Array<{ id: string; stage: string }>;
    };
    expect(pipeline.leads.find((l) => l.id === lead.id)?.stage).toBe(after.stage);
  });

  it("counts invoice outcomes, draws verified links and resolves a discrepancy once with finance:write", async () => {
    const now = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO invoices (id, customer_name, amount_minor, currency, issue_date, due_date, status, paid_minor, created_at, updated_at) VALUES ('INV-D1', 'Acme', 10000, 'EUR', '2026-01-01', '2026-01-31', 'PAID', 10000, ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "INSERT INTO invoices (id, customer_name, amount_minor, currency, issue_date, due_date, status, paid_minor, created_at, updated_at) VALUES ('INV-D2', 'Acme', 5000, 'EUR', '2026-01-01', '2026-01-31', 'PARTIAL', 2000, ?, ?)",
      ).bind(now, now),
      env.DB.prepare(
        "INSERT INTO bank_entries (natural_key, wire_id, amount_minor, currency, direction, booking_date, format, match_status, created_at, import_id, enqueued_at_ms, matched_at_ms) VALUES ('k1', 'W-1', 12000, 'EUR', 'CRDT', '2026-02-01', 'camt053', 'MATCHED', ?, 'imp_d', 1000, 1004)",
      ).bind(now),
      env.DB.prepare(
        "INSERT INTO recon_links (id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, booking_date, created_at) VALUES ('ln1', 'INV-D1', 'k1', 'W-1', 10000, 'EUR', 'VERIFIED', 0.99, 'INVOICE_REF', '2026-02-01', ?)",
      ).bind(now),
      env.DB.prepare(
        "INSERT INTO recon_links (id, invoice_id, entry_key, wire_id, allocated_minor, currency, status, confidence, reason, booking_date, created_at) VALUES ('ln2', 'INV-D2', 'k1', 'W-1', 2000, 'EUR', 'REVIEW', 0.5, 'NAME_MATCH', '2026-02-01', ?)",
      ).bind(now),
      env.DB.prepare(
        "INSERT INTO imports (id, kind, format, status, sha256, bytes, total_items, chunks_total, created_at, latency_ms) VALUES ('imp_d', 'bank_statement', 'camt053', 'DONE', 'x', 10, 1, 1, ?, 42)",
      ).bind(now),
      env.DB.prepare(
        "INSERT INTO discrepancies (id, kind, dedupe_key, wire_id, invoice_ids_json, reason, created_at) VALUES ('disc_d1', 'UNDERPAYMENT', 'dd1', 'W-1', '[\"INV-D2\"]', 'paid 40 % of INV-D2', ?)",
      ).bind(now),
    ]);
    const read = await apiKey("dashboard:read");
    const snap = (await (await call("/dashboard/api/recon", { headers: read })).json()) as {
      counts: { matched: number; partial: number; open_review: number };
      entries: Array<{ wire_id: string; links: Array<{ invoice_id: string; verified: boolean }> }>;
      discrepancies: Array<{ id: string; reason: string }>;
      imports: Array<{ id: string; latency_ms: number; payment_p50_ms: number }>;
    };
    expect(snap.counts).toMatchObject({ matched: 1, partial: 1, open_review: 1 });
    const entry = snap.entries.find((e) => e.wire_id === "W-1")!;
    expect(entry.links.map((l) => [l.invoice_id, l.verified])).toEqual([
      ["INV-D1", true],
      ["INV-D2", false],
    ]);
    expect(snap.discrepancies[0]).toMatchObject({ id: "disc_d1", reason: "paid 40 % of INV-D2" });
    expect(snap.imports.find((i) => i.id === "imp_d")).toMatchObject({ latency_ms: 42, payment_p50_ms: 4 });

    // The real-time ledger of each invoiced currency: here EUR, read by a warm-up.
    const eur = env.RECON_LEDGER.get(env.RECON_LEDGER.idFromName("EUR"));
    await eur.warm("EUR", 60_000);
    expect(await runDurableObjectAlarm(eur)).toBe(true);
    const withLedger = (await (await call("/dashboard/api/recon", { headers: read })).json()) as {
      ledgers: Array<{ currency: string; version: number | null; stale: boolean; loads: number; size: { invoices: number } | null }>;
    };
    const ledger = withLedger.ledgers.find((l) => l.currency === "EUR");
    expect(ledger).toMatchObject({ stale: false, loads: 1 });
    expect(ledger?.size?.invoices).toBeGreaterThanOrEqual(2); // INV-D1 and INV-D2 at least

    const path = "/dashboard/api/discrepancies/disc_d1/resolve";
    const body = JSON.stringify({ reason: "customer will pay the rest" });
    const headers = { "content-type": "application/json" };
    await expectProblem(await call(path, { method: "POST", headers: { ...headers, ...read }, body }), 403);
    const writer = await apiKey("dashboard:read", "finance:write");
    const ok = await call(path, { method: "POST", headers: { ...headers, ...writer }, body });
    expect(ok.status).toBe(200);
    await expectProblem(await call(path, { method: "POST", headers: { ...headers, ...writer }, body }), 409);
    // After a manual match the matcher may have closed the item already: if_open makes that a success.
    const again = await call(path, {
      method: "POST",
      headers: { ...headers, ...writer },
      body: JSON.stringify({ reason: "matched", if_open: true }),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: "disc_d1", status: "RESOLVED" });
    const after = (await (await call("/dashboard/api/recon", { headers: read })).json()) as { discrepancies: unknown[] };
    expect(after.discrepancies).toHaveLength(0);
    const audit = await env.DB.prepare("SELECT reason FROM audit_log WHERE entity_id = 'disc_d1'").first<{ reason: string }>();
    expect(audit?.reason).toBe("customer will pay the rest");

    const flow = (await (await call("/dashboard/api/flow", { headers: read })).json()) as {
      nodes: Array<{ step: string; count: number; conversion_pct: number | null }>;
      all_invoices: { invoiced: number; paid: number; reconciled: number; without_deal: number };
      deals: { gaps: Record<string, number> };
    };
    expect(flow.nodes.map((n) => n.step)).toEqual(["ingested", "qualified", "proposal", "won", "invoiced", "paid", "reconciled"]);
    const byStep = Object.fromEntries(flow.nodes.map((n) => [n.step, n]));
    // The funnel counts deals; these invoices bill none, so they show beside it, not inside it.
    expect(byStep.invoiced.count).toBe(0);
    expect(flow.all_invoices.invoiced).toBeGreaterThanOrEqual(2);
    expect(flow.all_invoices.without_deal).toBe(flow.all_invoices.invoiced);
    expect(flow.all_invoices.reconciled).toBeGreaterThanOrEqual(1);
    expect(flow.deals.gaps.won_not_invoiced).toBe(byStep.won.count);
  });

  it("reads a missing table or a failing query as empty instead of failing", async () => {
    const sdb = new SafeDb(env.DB);
    expect(await sdb.all(["no_such_table"], "SELECT * FROM no_such_table")).toEqual([]);
    expect(await sdb.all(["leads"], "SELECT no_such_column FROM leads")).toEqual([]);
    expect(await sdb.has("leads")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Cloudflare Access
// ---------------------------------------------------------------------------------------------

const TEAM = "l2c-test.cloudflareaccess.com";
const AUD = "aud-tag-123";

function b64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function keyPair(kid: string): Promise<{ privateKey: CryptoKey; jwk: Jwk }> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as Jwk;
  return { privateKey: pair.privateKey, jwk: { ...jwk, kid } };
}

async function sign(privateKey: CryptoKey, kid: string, claims: Record<string, unknown>): Promise<string> {
  const head = b64url(JSON.stringify({ alg: "RS256", kid, typ: "JWT" }));
  const body = b64url(JSON.stringify(claims));
  const sig = new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, new TextEncoder().encode(`${head}.${body}`)));
  return `${head}.${body}.${b64url(sig)}`;
}

describe("Cloudflare Access JWT", () => {
  afterEach(() => {
    setAccessJwksFetcher(undefined);
    clearAccessKeyCache();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const good = () => ({ aud: [AUD], iss: `https://${TEAM}`, sub: "user-1", email: "ops@example.com", exp: now() + 600, iat: now() });

  it("accepts a token signed by the team's key and rejects wrong audience, issuer, expiry and signer", async () => {
    const k = await keyPair("k1");
    const other = await keyPair("k1");
    let fetched = 0;
    const fetcher = async (url: string) => {
      fetched++;
      expect(url).toBe(`https://${TEAM}/cdn-cgi/access/certs`);
      return { keys: [k.jwk] };
    };
    const opts = { teamDomain: TEAM, aud: AUD, fetcher };
    expect(await verifyAccessJwt(await sign(k.privateKey, "k1", good()), opts)).toEqual({ email: "ops@example.com", sub: "user-1" });
    await expect(verifyAccessJwt(await sign(k.privateKey, "k1", { ...good(), aud: ["other"] }), opts)).rejects.toThrow("audience");
    await expect(
      verifyAccessJwt(await sign(k.privateKey, "k1", { ...good(), iss: "https://evil.cloudflareaccess.com" }), opts),
    ).rejects.toThrow("issuer");
    await expect(verifyAccessJwt(await sign(k.privateKey, "k1", { ...good(), exp: now() - 3600 }), opts)).rejects.toThrow("expired");
    await expect(verifyAccessJwt(await sign(other.privateKey, "k1", good()), opts)).rejects.toThrow("signature");
    await expect(verifyAccessJwt("not.a.jwt", opts)).rejects.toThrow();
    expect(fetched).toBe(1); // keys are cached between verifications
    await expect(verifyAccessJwt(await sign(k.privateKey, "k2", good()), opts)).rejects.toThrow("Unknown signing key");
    expect(fetched).toBe(2); // an unknown kid refreshes the key set once
  });

  it("guards the dashboard with the Access header when ACCESS_TEAM_DOMAIN and ACCESS_AUD are set", async () => {
    const k = await keyPair("kx");
    setAccessJwksFetcher(async () => ({ keys: [k.jwk] }));
    const accessEnv = { ...env, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
    const get = (path: string, headers: Record<string, string> = {}) =>
      app.fetch(new Request(`https://l2c.test${path}`, { headers }), accessEnv, ctx);

    expect((await get("/dashboard/api/pipeline")).status).toBe(401);
    const key = await rawKey("dashboard:read");
    const keySession = await signIn(env, key);
    if (!keySession.ok) throw new Error(keySession.reason);
    // A valid API key session alone is not enough once Access guards the dashboard.
    expect((await get("/dashboard/api/pipeline", { cookie: `__Host-l2c_session=${keySession.token.token}` })).status).toBe(401);
    const token = await sign(k.privateKey, "kx", good());
    expect((await get("/dashboard/api/pipeline", { "cf-access-jwt-assertion": token })).status).toBe(200);
    // Browsers behind Access also carry the token in the CF_Authorization cookie.
    expect((await get("/dashboard/api/pipeline", { cookie: `CF_Authorization=${token}` })).status).toBe(200);
    const page = await get("/dashboard", { "cf-access-jwt-assertion": token });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-can-sales="0"');
    const bad = await sign(k.privateKey, "kx", { ...good(), aud: ["someone-else"] });
    expect((await get("/dashboard", { "cf-access-jwt-assertion": bad })).status).toBe(401);
    // With Access and a sales:write key, the page offers approvals.
    const writer = await signIn(env, await rawKey("dashboard:read", "sales:write"));
    if (!writer.ok) throw new Error(writer.reason);
    const both = await get("/dashboard", { "cf-access-jwt-assertion": token, cookie: `__Host-l2c_session=${writer.token.token}` });
    expect(await both.text()).toContain('data-can-sales="1"');
  });
});
