import { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { hasScope, type Scope } from "../platform/api-keys";
import { flowSnapshot } from "../dashboard/snapshots/flow";
import { leadDetail } from "../dashboard/snapshots/lead";
import { decideDraft, loadNegotiation, resolveDiscrepancy } from "../dashboard/actions";
import { approvedLines, negotiationLine } from "./negotiation-ops";
import { pipelineSnapshot } from "../dashboard/snapshots/pipeline";
import { reconSnapshot } from "../dashboard/snapshots/recon";
import { originAllowed, sessionCookieName } from "../dashboard/core/session-policy";
import { ledgerStats } from "../recon/ledger-object";
import { resolveLink } from "../recon/resolve";
import { WRITE_OFF_KINDS } from "../recon/core/write-off";
import { writeOff } from "../recon/write-off";
import { accessConfigured, identify, signIn, signOut, type Credentials, type IssuedToken, type Who } from "../dashboard/session";
import { views } from "../dashboard/views/render";
import { Forbidden, InvalidInput, NotFound, Unauthorized } from "../platform/errors";
import { createRouter, type AppEnv } from "./router";

/**
 * The operations dashboards, served by the Worker (Hono JSX; the script and stylesheet under
 * /dashboard/assets are static assets, CSP 'self': no CDN). Pages are shells rendered from a JSON
 * island; the script keeps them live over the LiveHub WebSocket and refetches /dashboard/api/*
 * snapshots on events, and posts a person's decisions to /dashboard/api/* too: the session cookie
 * is accepted here only, never on /api (routes/auth.ts).
 */
export const dashboard = createRouter();

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

function securityHeaders(c: Context<AppEnv>): void {
  c.header("content-security-policy", CSP);
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "same-origin");
  c.header("cache-control", "no-store");
}

/** Only same-site dashboard paths: no open redirect through ?next=. */
function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/dashboard(\/[A-Za-z0-9_\-./%?=&]*)?$/.test(next) && !next.startsWith("//") ? next : "/dashboard";
}

type PageCtx = { actor: string; canWrite: { sales: boolean; finance: boolean } };

function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === "https:";
}

function credentials(c: Context<AppEnv>): Credentials {
  const auth = c.req.header("authorization");
  return {
    bearer: auth?.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() || null : null,
    session: getCookie(c, sessionCookieName(isHttps(c))) ?? null,
    access: c.req.header("cf-access-jwt-assertion") ?? getCookie(c, "CF_Authorization") ?? null,
  };
}

function setSessionCookie(c: Context<AppEnv>, issued: IssuedToken): void {
  setCookie(c, sessionCookieName(isHttps(c)), issued.token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    path: "/",
    maxAge: issued.maxAgeSeconds,
  });
}

function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName(isHttps(c)), { path: "/", secure: isHttps(c), httpOnly: true, sameSite: "Strict" });
}

/** The request's Origin must be ours when it changes state or opens the live feed on an ambient credential. */
function checkOrigin(c: Context<AppEnv>, ambient: boolean): void {
  const ok = originAllowed({
    method: c.req.method,
    origin: c.req.header("origin") ?? null,
    self: new URL(c.req.url).origin,
    ambient,
    upgrade: c.req.header("upgrade")?.toLowerCase() === "websocket",
  });
  if (!ok) throw new Forbidden("Cross-origin requests are refused (the Origin header must be this dashboard's)");
}

/** Identifies the caller and hands a rotated session token back to the browser. */
async function who(c: Context<AppEnv>): Promise<Who> {
  // A 101 answer comes from the LiveHub object and carries no cookie: no rotation on an upgrade.
  const upgrade = c.req.header("upgrade")?.toLowerCase() === "websocket";
  const w = await identify(c.env, credentials(c), { mayRotate: !upgrade });
  if (w.ok && w.rotated) setSessionCookie(c, w.rotated);
  return w;
}

/** HTML pages: redirect to the login form without credentials, a 403 page without the scope. */
async function pageAuth(c: Context<AppEnv>): Promise<PageCtx | Response> {
  securityHeaders(c);
  const w = await who(c);
  if (!w.ok) {
    if (accessConfigured(c.env)) return c.html(views.problem({ status: 401, message: w.reason }), 401);
    const url = new URL(c.req.url);
    return c.redirect(`/dashboard/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
  if (!hasScope(w.scopes, "dashboard:read"))
    return c.html(views.problem({ status: 403, message: "This key lacks the dashboard:read scope." }), 403);
  return { actor: w.actor, canWrite: { sales: hasScope(w.scopes, "sales:write"), finance: hasScope(w.scopes, "finance:write") } };
}

/** For JSON endpoints and the WebSocket: problem+json 401/403, and the Origin rule. */
function requireDashboard(scope: Scope = "dashboard:read"): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const w = await who(c);
    if (!w.ok) throw w.status === 401 ? new Unauthorized(w.reason) : new Forbidden(w.reason);
    checkOrigin(c, w.ambient);
    if (!hasScope(w.scopes, scope)) throw new Forbidden(`The dashboard needs the scope ${scope}`);
    c.set("actor", w.actor);
    c.set("scopes", w.scopes);
    await next();
  };
}

/**
 * The platform answers /dashboard/assets/* from the static assets before the Worker runs; this
 * route answers them where it did not (a request that reached the Worker directly, as the tests'
 * entry does), with the headers of build/static/_headers.
 */
dashboard.get("/dashboard/assets/*", async (c) => {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  const out = new Response(res.body, res);
  out.headers.set("x-content-type-options", "nosniff");
  out.headers.set("cache-control", "no-cache");
  return out;
});

dashboard.get("/dashboard/login", async (c) => {
  securityHeaders(c);
  const w = accessConfigured(c.env) ? await identify(c.env, credentials(c)) : null;
  return c.html(views.login({ next: safeNext(c.req.query("next")), access: w?.ok ? w.actor.replace(/^access:/, "") : null }));
});

/** Form login: 401 for an unknown key, 403 for a key without dashboard:read, else a new session. */
dashboard.post("/dashboard/login", async (c) => {
  securityHeaders(c);
  // A forged sign-in would put the victim's browser in the attacker's session: same Origin rule.
  checkOrigin(c, true);
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const key = typeof form.key === "string" ? form.key.trim() : "";
  const next = safeNext(form.next);
  if (!key || key.length > 200) return c.html(views.login({ next: next, error: "Enter an API key." }), 401);
  const res = await signIn(c.env, key);
  if (!res.ok) return c.html(views.login({ next: next, error: res.reason }), res.status);
  setSessionCookie(c, res.token);
  return c.redirect(next, 303);
});

/** Ends the session in D1, not only in the browser. */
dashboard.post("/dashboard/logout", async (c) => {
  checkOrigin(c, true);
  await signOut(c.env, credentials(c).session);
  clearSessionCookie(c);
  return c.redirect("/dashboard/login", 303);
});

dashboard.get("/dashboard", async (c) => {
  const p = await pageAuth(c);
  if (p instanceof Response) return p;
  return c.html(views.pipeline({ ...p, data: await pipelineSnapshot(c.env.DB) }));
});

dashboard.get("/dashboard/leads/:id", async (c) => {
  const p = await pageAuth(c);
  if (p instanceof Response) return p;
  const id = c.req.param("id");
  const detail = await leadDetail(c.env.DB, id, (leadId) => loadNegotiation(c.env, leadId));
  return c.html(views.lead({ ...p, leadId: id, data: detail }), detail.lead ? 200 : 404);
});

dashboard.get("/dashboard/recon", async (c) => {
  const p = await pageAuth(c);
  if (p instanceof Response) return p;
  return c.html(
    views.recon({
      ...p,
      data: await reconSnapshot(c.env.DB, new Date(), { invoice: c.req.query("invoice") ?? null, ledgers: (cs) => ledgerStats(c.env, cs) }),
    }),
  );
});

dashboard.get("/dashboard/flow", async (c) => {
  const p = await pageAuth(c);
  if (p instanceof Response) return p;
  return c.html(views.flow({ ...p, data: await flowSnapshot(c.env.DB) }));
});

// ---- JSON snapshots for the page script (and anyone with dashboard:read) ----
dashboard.use("/dashboard/api/*", requireDashboard("dashboard:read"));
dashboard.get("/dashboard/api/pipeline", async (c) => c.json(await pipelineSnapshot(c.env.DB)));
dashboard.get("/dashboard/api/recon", async (c) =>
  c.json(await reconSnapshot(c.env.DB, new Date(), { invoice: c.req.query("invoice") ?? null, ledgers: (cs) => ledgerStats(c.env, cs) })),
);
dashboard.get("/dashboard/api/flow", async (c) => c.json(await flowSnapshot(c.env.DB)));
dashboard.get("/dashboard/api/leads/:id", async (c) => {
  const id = c.req.param("id");
  const detail = await leadDetail(c.env.DB, id, (leadId) => loadNegotiation(c.env, leadId));
  if (!detail.lead) throw new NotFound(`No lead ${id}`);
  return c.json(detail);
});

const ResolveBody = z.object({ reason: z.string(), if_open: z.boolean().optional() }).partial();
const DraftParams = { id: /^[A-Za-z0-9_:.-]{1,128}$/, pid: /^[A-Za-z0-9_-]{1,64}$/ };

async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  if (!c.req.header("content-type")?.toLowerCase().startsWith("application/json")) throw new InvalidInput("Send application/json");
  return c.req.json().catch(() => ({}));
}

function needs(c: Context<AppEnv>, scope: Scope, what: string): void {
  if (!hasScope(c.get("scopes") ?? [], scope)) throw new Forbidden(`${what} needs the scope ${scope}`);
}

/** Resolving a review item needs finance:write on the session's key (checked here, not just in the UI). */
dashboard.post("/dashboard/api/discrepancies/:id/resolve", async (c) => {
  needs(c, "finance:write", "Resolving");
  const parsed = ResolveBody.safeParse(await c.req.json().catch(() => ({})));
  const body = parsed.success ? parsed.data : {};
  const reason = typeof body.reason === "string" ? body.reason.trim().slice(0, 500) : "";
  if (!reason) throw new InvalidInput("A reason is required");
  const result = await resolveDiscrepancy(c.env, c.req.param("id"), c.get("actor") ?? "dashboard", reason, {
    ifOpen: body.if_open === true,
  });
  return c.json(result);
});

/** The page's Approve and Reject buttons: the same decision as POST /api/leads/{id}/proposals/{pid}/approve|reject. */
dashboard.post("/dashboard/api/leads/:id/proposals/:pid/:act{approve|reject}", async (c) => {
  needs(c, "sales:write", "Deciding on a draft");
  const { id, pid, act } = c.req.param();
  if (!DraftParams.id.test(id) || !DraftParams.pid.test(pid)) throw new InvalidInput("Malformed lead or draft id");
  const body = z.object({ reason: z.string().trim().min(1).max(2000).optional() }).safeParse(await jsonBody(c));
  if (!body.success) throw new InvalidInput("A reason is at most 2000 characters");
  const actor = c.get("actor") ?? "dashboard";
  if (act === "approve") {
    const approved = await decideDraft(c.env, id, pid, actor, { kind: "approve" });
    approvedLines(id, actor, { draft_id: pid, status: approved.status, stage: approved.stage, sent: approved.sent });
    return c.json(approved);
  }
  if (!body.data.reason) throw new InvalidInput("A reason is required to reject");
  const rejected = await decideDraft(c.env, id, pid, actor, { kind: "reject", reason: body.data.reason });
  negotiationLine("rejected", { lead_id: id, draft_id: pid, stage: rejected.stage, actor });
  return c.json(rejected);
});

const Resolution = z
  .object({
    action: z.enum(["match", "unmatch"]),
    reason: z.string().trim().min(3).max(500),
    invoice_id: z.string().min(1).max(200).optional(),
    amount: z.string().max(32).optional(),
  })
  .strict();

/** The recon page's Match / Confirm buttons: the same decision as POST /api/finance/reconciliations/{id}/resolve. */
dashboard.post("/dashboard/api/reconciliations/:id/resolve", async (c) => {
  needs(c, "finance:write", "Matching");
  const id = c.req.param("id");
  if (id.length > 100) throw new InvalidInput("Malformed link id");
  const body = Resolution.safeParse(await jsonBody(c));
  if (!body.success) throw new InvalidInput("Request did not match the schema", { errors: body.error.issues.map((i) => i.message) });
  return c.json(await resolveLink(c.env, id, body.data, c.get("actor") ?? "dashboard"));
});

const WriteOffBody = z
  .object({
    kind: z.enum(WRITE_OFF_KINDS),
    amount_minor: z.number().int().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    reason: z.string().trim().min(3).max(500),
    invoice_id: z.string().min(1).max(200).optional(),
  })
  .strict();

/** A review card's Write off: the same decision as POST /api/finance/discrepancies/{id}/write-off. */
dashboard.post("/dashboard/api/discrepancies/:id/write-off", async (c) => {
  needs(c, "finance:write", "Writing off");
  const body = WriteOffBody.safeParse(await jsonBody(c));
  if (!body.success) throw new InvalidInput("Request did not match the schema", { errors: body.error.issues.map((i) => i.message) });
  const { invoice_id, ...req } = body.data;
  return c.json(await writeOff(c.env, { review_item_id: c.req.param("id"), invoice_id }, req, c.get("actor") ?? "dashboard"));
});

// ---- the live feed: upgrade handed to the LiveHub DO (hibernating WebSockets) ----
dashboard.get("/dashboard/live", requireDashboard("dashboard:read"), async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return c.text("Expected a WebSocket upgrade", 426);
  return c.env.LIVE_HUB.getByName("global").fetch(c.req.raw);
});
