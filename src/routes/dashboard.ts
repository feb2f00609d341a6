import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { hasScope } from "../platform/api-keys";
import { CLIENT_JS } from "../dashboard/assets/client";
import { STYLE_CSS } from "../dashboard/assets/style";
import { flowSnapshot } from "../dashboard/snapshots/flow";
import { leadDetail } from "../dashboard/snapshots/lead";
import { loadNegotiation, resolveDiscrepancy } from "../dashboard/actions";
import { pipelineSnapshot } from "../dashboard/snapshots/pipeline";
import { reconSnapshot } from "../dashboard/snapshots/recon";
import { ledgerStats } from "../recon/ledger-object";
import { accessConfigured, identify, requireDashboard, sameOrigin } from "../dashboard/session";
import { views } from "../dashboard/views/render";
import { Forbidden, InvalidInput, NotFound } from "../platform/errors";
import { lookupApiKey, SESSION_COOKIE } from "./auth";
import { createRouter, type AppEnv } from "./router";

/**
 * The operations dashboards, served by the Worker (Hono JSX + one script and one stylesheet from
 * /dashboard/assets, CSP 'self': no CDN). Pages are shells rendered from a JSON island; the script
 * keeps them live over the LiveHub WebSocket and refetches /dashboard/api/* snapshots on events.
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

/** HTML pages: redirect to the login form without credentials, a 403 page without the scope. */
async function pageAuth(c: Context<AppEnv>): Promise<PageCtx | Response> {
  securityHeaders(c);
  const who = await identify(c);
  if (!who.ok) {
    if (accessConfigured(c.env)) return c.html(views.problem({ status: 401, message: who.reason }), 401);
    const url = new URL(c.req.url);
    return c.redirect(`/dashboard/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
  if (!hasScope(who.scopes, "dashboard:read"))
    return c.html(views.problem({ status: 403, message: "This key lacks the dashboard:read scope." }), 403);
  return { actor: who.actor, canWrite: { sales: hasScope(who.scopes, "sales:write"), finance: hasScope(who.scopes, "finance:write") } };
}

dashboard.get("/dashboard/assets/app.js", (c) => {
  c.header("content-type", "text/javascript; charset=utf-8");
  c.header("cache-control", "no-cache");
  c.header("x-content-type-options", "nosniff");
  return c.body(CLIENT_JS);
});
dashboard.get("/dashboard/assets/app.css", (c) => {
  c.header("content-type", "text/css; charset=utf-8");
  c.header("cache-control", "no-cache");
  c.header("x-content-type-options", "nosniff");
  return c.body(STYLE_CSS);
});

dashboard.get("/dashboard/login", async (c) => {
  securityHeaders(c);
  const who = accessConfigured(c.env) ? await identify(c) : null;
  return c.html(views.login({ next: safeNext(c.req.query("next")), access: who?.ok ? who.actor.replace(/^access:/, "") : null }));
});

/** Form login: 401 for an unknown key, 403 for a key without dashboard:read, else the session cookie. */
dashboard.post("/dashboard/login", async (c) => {
  securityHeaders(c);
  if (!sameOrigin(c)) throw new Forbidden("Cross-site form posts are refused");
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const key = typeof form.key === "string" ? form.key.trim() : "";
  const next = safeNext(form.next);
  if (!key || key.length > 200) return c.html(views.login({ next: next, error: "Enter an API key." }), 401);
  const found = await lookupApiKey(c.env, key);
  if (!found) return c.html(views.login({ next: next, error: "Unknown or revoked API key." }), 401);
  if (!hasScope(found.scopes, "dashboard:read"))
    return c.html(views.login({ next: next, error: "This key lacks the dashboard:read scope." }), 403);
  setCookie(c, SESSION_COOKIE, key, {
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
    path: "/",
    maxAge: 12 * 3600,
  });
  return c.redirect(next, 303);
});

dashboard.post("/dashboard/logout", (c) => {
  if (!sameOrigin(c)) throw new Forbidden("Cross-site form posts are refused");
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: new URL(c.req.url).protocol === "https:", httpOnly: true, sameSite: "Strict" });
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

/** Resolving a review item needs finance:write on the session's key (checked here, not just in the UI). */
dashboard.post("/dashboard/api/discrepancies/:id/resolve", async (c) => {
  if (!sameOrigin(c)) throw new Forbidden("Cross-site requests are refused");
  if (!hasScope(c.get("scopes") ?? [], "finance:write")) throw new Forbidden("Resolving needs the scope finance:write");
  const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
  const reason = typeof body.reason === "string" ? body.reason.trim().slice(0, 500) : "";
  if (!reason) throw new InvalidInput("A reason is required");
  const result = await resolveDiscrepancy(c.env, c.req.param("id"), c.get("actor") ?? "dashboard", reason, {
    ifOpen: body.if_open === true,
  });
  return c.json(result);
});

// ---- the live feed: upgrade handed to the LiveHub DO (hibernating WebSockets) ----
dashboard.get("/dashboard/live", requireDashboard("dashboard:read"), async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return c.text("Expected a WebSocket upgrade", 426);
  return c.env.LIVE_HUB.getByName("global").fetch(c.req.raw);
});
