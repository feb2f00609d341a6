import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, type Scope } from "../../src/platform/api-keys";
import { sha256Hex } from "../../src/platform/crypto";
import { call, expectProblem } from "../helpers";

// The test entry's origin (test/helpers.ts `call`): https, so the cookie is the __Host- one.
const ORIGIN = "https://l2c.test";
const COOKIE = "__Host-l2c_session";

async function rawKey(...scopes: Scope[]): Promise<{ key: string; id: string }> {
  const key = generateApiKey();
  const id = `key_${crypto.randomUUID()}`;
  await env.DB.prepare("INSERT INTO api_keys (id, name, prefix, key_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(id, "session-test", key.slice(0, 12), await hashApiKey(key, env.API_KEY_PEPPER), JSON.stringify(scopes), new Date().toISOString())
    .run();
  return { key, id };
}

/** Signs in through the login form; returns the cookie pair to send back and the raw Set-Cookie. */
async function signIn(key: string): Promise<{ cookie: string; token: string; setCookie: string }> {
  const res = await call("/dashboard/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ key, next: "/dashboard" }).toString(),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const pair = setCookie.split(";")[0];
  return { cookie: pair, token: pair.slice(COOKIE.length + 1), setCookie };
}

function snapshot(cookie: string): Promise<Response> {
  return call("/dashboard/api/pipeline", { headers: { cookie } });
}

async function sessionRow(token: string) {
  return env.DB.prepare("SELECT * FROM dashboard_sessions WHERE token_hash = ?")
    .bind(await sha256Hex(token))
    .first<{ id: string; key_id: string; scopes: string; expires_at_ms: number; created_at_ms: number }>();
}

async function insertDiscrepancy(id: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO discrepancies (id, kind, dedupe_key, wire_id, invoice_ids_json, reason, created_at) VALUES (?, 'UNDERPAYMENT', ?, 'W-S', '[]', 'test', ?)",
  )
    .bind(id, id, new Date().toISOString())
    .run();
}

async function discrepancyStatus(id: string): Promise<string | undefined> {
  return (await env.DB.prepare("SELECT status FROM discrepancies WHERE id = ?").bind(id).first<{ status: string }>())?.status;
}

describe("dashboard sign-in", () => {
  it("exchanges the API key for a random session token, stores only its hash, and sets a __Host- cookie", async () => {
    const { key, id } = await rawKey("dashboard:read");
    const s = await signIn(key);
    expect(s.setCookie).toMatch(/^__Host-l2c_session=[A-Za-z0-9_-]{43};/);
    expect(s.setCookie).toContain("Path=/");
    expect(s.setCookie).toContain("HttpOnly");
    expect(s.setCookie).toContain("Secure");
    expect(s.setCookie).toContain("SameSite=Strict");
    expect(s.setCookie).toContain("Max-Age=28800");
    expect(s.setCookie).not.toContain("Domain");
    expect(s.token).not.toBe(key);
    const row = await sessionRow(s.token);
    expect(row).toMatchObject({ key_id: id, scopes: '["dashboard:read"]' });
    expect(row!.expires_at_ms - row!.created_at_ms).toBe(8 * 3600_000);
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM dashboard_sessions WHERE token_hash = ? OR id = ?")
      .bind(s.token, s.token)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
    expect((await snapshot(s.cookie)).status).toBe(200);
  });

  it("refuses a login post without an Origin header or from a sibling origin", async () => {
    const { key } = await rawKey("dashboard:read");
    const form = new URLSearchParams({ key, next: "/dashboard" }).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    await expectProblem(await call("/dashboard/login", { method: "POST", headers, body: form }), 403);
    const sibling = await call("/dashboard/login", {
      method: "POST",
      headers: { ...headers, origin: "https://l2c.test:8443" },
      body: form,
    });
    await expectProblem(sibling, 403);
    expect(sibling.headers.get("set-cookie")).toBeNull();
  });

  it("does not take the raw API key as a cookie any more", async () => {
    const { key } = await rawKey("dashboard:read");
    await expectProblem(await snapshot(`${COOKIE}=${key}`), 401);
    await expectProblem(await snapshot(`l2c_key=${key}`), 401);
    expect((await call("/dashboard", { headers: { cookie: `l2c_key=${key}` }, redirect: "manual" })).status).toBe(303);
  });

  it("is not accepted on /api: the API takes a key in a header only", async () => {
    const { key } = await rawKey("*");
    const s = await signIn(key);
    await expectProblem(await call("/api/finance/invoices", { headers: { cookie: s.cookie } }), 401);
    const upload = await call("/api/finance/bank-statements", {
      method: "POST",
      headers: { cookie: s.cookie, origin: ORIGIN, "content-type": "text/plain" },
      body: "anything",
    });
    await expectProblem(upload, 401);
    expect((await call("/api/finance/invoices", { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
  });
});

describe("dashboard session end", () => {
  it("logout deletes the session in D1, so a copy of the cookie stops working", async () => {
    const { key } = await rawKey("dashboard:read");
    const s = await signIn(key);
    const out = await call("/dashboard/logout", { method: "POST", headers: { cookie: s.cookie, origin: ORIGIN }, redirect: "manual" });
    expect(out.status).toBe(303);
    expect(await sessionRow(s.token)).toBeNull();
    await expectProblem(await snapshot(s.cookie), 401);
  });

  it("refuses a logout posted from another origin (and keeps the session)", async () => {
    const { key } = await rawKey("dashboard:read");
    const s = await signIn(key);
    await expectProblem(
      await call("/dashboard/logout", { method: "POST", headers: { cookie: s.cookie, origin: "https://evil.example" } }),
      403,
    );
    expect(await sessionRow(s.token)).not.toBeNull();
  });

  it("revoking the API key ends its sessions at once", async () => {
    const { key, id } = await rawKey("dashboard:read");
    const s = await signIn(key);
    expect((await snapshot(s.cookie)).status).toBe(200);
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?").bind(new Date().toISOString(), id).run();
    await expectProblem(await snapshot(s.cookie), 401);
  });

  it("ends after 30 minutes without use", async () => {
    const { key } = await rawKey("dashboard:read");
    const s = await signIn(key);
    const row = await sessionRow(s.token);
    await env.DB.prepare("UPDATE dashboard_sessions SET used_at_ms = ? WHERE id = ?")
      .bind(Date.now() - 31 * 60_000, row!.id)
      .run();
    await expectProblem(await snapshot(s.cookie), 401);
    // An ended session is removed, not just refused.
    expect(await sessionRow(s.token)).toBeNull();
  });

  it("ends 8 hours after sign-in, however busy", async () => {
    const { key } = await rawKey("dashboard:read");
    const s = await signIn(key);
    const row = await sessionRow(s.token);
    await env.DB.prepare("UPDATE dashboard_sessions SET expires_at_ms = ? WHERE id = ?")
      .bind(Date.now() - 1, row!.id)
      .run();
    await expectProblem(await snapshot(s.cookie), 401);
  });
});

describe("dashboard session rotation", () => {
  it("hands out a new token once the current one is 10 minutes old; the old one works for a minute more", async () => {
    const { key } = await rawKey("dashboard:read");
    const s = await signIn(key);
    const row = await sessionRow(s.token);
    await env.DB.prepare("UPDATE dashboard_sessions SET issued_at_ms = ? WHERE id = ?")
      .bind(Date.now() - 11 * 60_000, row!.id)
      .run();
    const res = await snapshot(s.cookie);
    expect(res.status).toBe(200);
    const fresh = (res.headers.get("set-cookie") ?? "").split(";")[0];
    expect(fresh).toMatch(/^__Host-l2c_session=/);
    expect(fresh).not.toBe(s.cookie);
    expect((await sessionRow(fresh.slice(COOKIE.length + 1)))?.id).toBe(row!.id);
    // A request that left before the rotation carries the old token: still fine, and no second rotation.
    const late = await snapshot(s.cookie);
    expect(late.status).toBe(200);
    expect(late.headers.get("set-cookie")).toBeNull();
    await env.DB.prepare("UPDATE dashboard_sessions SET rotated_at_ms = ? WHERE id = ?")
      .bind(Date.now() - 61_000, row!.id)
      .run();
    await expectProblem(await snapshot(s.cookie), 401);
    expect((await snapshot(fresh)).status).toBe(200);
  });
});

describe("dashboard writes and the live feed check Origin", () => {
  it("refuses a cookie-authenticated write without Origin or from a sibling origin; changes nothing", async () => {
    const { key } = await rawKey("dashboard:read", "finance:write");
    const s = await signIn(key);
    await insertDiscrepancy("disc_sess_1");
    const path = "/dashboard/api/discrepancies/disc_sess_1/resolve";
    const body = JSON.stringify({ reason: "forged" });
    const headers = { cookie: s.cookie, "content-type": "application/json" };
    await expectProblem(await call(path, { method: "POST", headers, body }), 403);
    await expectProblem(await call(path, { method: "POST", headers: { ...headers, origin: "https://l2c.test:8443" }, body }), 403);
    await expectProblem(await call(path, { method: "POST", headers: { ...headers, origin: "http://l2c.test" }, body }), 403);
    await expectProblem(await call(path, { method: "POST", headers: { ...headers, origin: "null" }, body }), 403);
    // A form post (what a foreign page can send without CORS) fails the same way.
    const form = await call(path, {
      method: "POST",
      headers: { cookie: s.cookie, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "reason=forged",
    });
    await expectProblem(form, 403);
    expect(await discrepancyStatus("disc_sess_1")).toBe("OPEN");
    const ok = await call(path, { method: "POST", headers: { ...headers, origin: ORIGIN }, body: JSON.stringify({ reason: "real" }) });
    expect(ok.status).toBe(200);
    expect(await discrepancyStatus("disc_sess_1")).toBe("RESOLVED");
  });

  it("refuses approve, reject and match posted with the session cookie from another origin", async () => {
    const { key } = await rawKey("dashboard:read", "sales:write", "finance:write");
    const s = await signIn(key);
    const headers = { cookie: s.cookie, "content-type": "application/json", origin: "https://evil.example" };
    for (const path of [
      "/dashboard/api/leads/lead_x/proposals/prop_x/approve",
      "/dashboard/api/leads/lead_x/proposals/prop_x/reject",
      "/dashboard/api/reconciliations/ln_x/resolve",
    ])
      await expectProblem(await call(path, { method: "POST", headers, body: JSON.stringify({ reason: "forged", action: "match" }) }), 403);
  });

  it("needs the write scope on the session for the dashboard's decisions", async () => {
    const { key } = await rawKey("dashboard:read");
    const s = await signIn(key);
    const headers = { cookie: s.cookie, "content-type": "application/json", origin: ORIGIN };
    await expectProblem(await call("/dashboard/api/leads/lead_x/proposals/prop_x/approve", { method: "POST", headers, body: "{}" }), 403);
    await expectProblem(
      await call("/dashboard/api/reconciliations/ln_x/resolve", {
        method: "POST",
        headers,
        body: JSON.stringify({ action: "match", reason: "x y z" }),
      }),
      403,
    );
  });

  it("answers the dashboard's match with the finance layer's refusal for an unknown link", async () => {
    const { key } = await rawKey("dashboard:read", "finance:write");
    const s = await signIn(key);
    const headers = { cookie: s.cookie, "content-type": "application/json", origin: ORIGIN };
    const res = await call("/dashboard/api/reconciliations/ln_nope/resolve", {
      method: "POST",
      headers,
      body: JSON.stringify({ action: "match", reason: "from the dashboard" }),
    });
    await expectProblem(res, 404);
    await expectProblem(await call("/dashboard/api/reconciliations/ln_nope/resolve", { method: "POST", headers, body: "{}" }), 422);
  });

  it("opens the live socket with the session only from our own origin", async () => {
    const { key } = await rawKey("dashboard:read");
    const s = await signIn(key);
    const ws = { upgrade: "websocket", cookie: s.cookie };
    await expectProblem(await call("/dashboard/live", { headers: ws }), 403);
    await expectProblem(await call("/dashboard/live", { headers: { ...ws, origin: "http://127.0.0.1:9999" } }), 403);
    const ok = await call("/dashboard/live", { headers: { ...ws, origin: ORIGIN } });
    expect(ok.status).toBe(101);
    ok.webSocket!.accept();
    ok.webSocket!.close(1000, "done");
  });
});
