import { HTTPException } from "hono/http-exception";
import { getConfig } from "./config";
import { readBodyCapped } from "./platform/body";
import { Refusal } from "./platform/errors";
import { assertJsonWithinLimits, DEFAULT_LIMITS } from "./platform/json-limits";
import { kindOfStatus, problemResponse, refusalResponse } from "./platform/problem";
import { log } from "./platform/log";
import { redactPath } from "./platform/redact";
import { requestContext } from "./routes/middleware/request";
import { createRouter } from "./routes/router";
import { crm } from "./routes/crm";
import { docs } from "./routes/docs";
import { webhooks } from "./routes/webhooks";
import { leads } from "./routes/leads";
import { negotiation } from "./routes/negotiation";
import { catalog } from "./routes/catalog";
import { financeEntries } from "./routes/finance-entries";
import { financeImports } from "./routes/finance-imports";
import { financeInvoicing } from "./routes/finance-invoicing"; // loop18
import { financePayments } from "./routes/finance-payments";
import { financeReports } from "./routes/finance-reports";
import { financeReviews } from "./routes/finance-reviews";
import { financeWorkbench } from "./routes/finance-workbench";
import { dashboard } from "./routes/dashboard";
import { v1Finance } from "./routes/v1/finance";
import { v1Sales } from "./routes/v1/sales";
import { deprecatedFor, SUCCESSORS } from "./routes/v1/successors";

/**
 * The Hono app: request id, error → problem+json, and the routers. Each resource's router lives
 * in src/routes/ and is mounted here.
 */
export function createApp() {
  const app = createRouter();

  app.use("*", requestContext);

  // GET / is no page of its own: a person signed in to the dashboard goes there, anyone else to the API docs.
  app.get("/", (c) => c.redirect(/(?:^|;\s*)(?:__Host-)?l2c_session=/.test(c.req.header("cookie") ?? "") ? "/dashboard" : "/docs", 302));

  // Every JSON body of our own API is scanned for depth (and size) before any handler parses it:
  // one iterative pass over a copy of the stream, so handlers that read the raw body still can.
  // Member and node counts are left to each route (a 10k-invoice upload is legitimately large).
  for (const [old, successor] of Object.entries(SUCCESSORS)) app.use(old, deprecatedFor(successor));

  app.use("/api/*", async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    if (["POST", "PUT", "PATCH"].includes(c.req.method) && /[/+]json\b/i.test(type)) {
      const limit = getConfig(c.env).MAX_UPLOAD_BYTES;
      const text = new TextDecoder().decode(await readBodyCapped(c.req.raw.clone(), limit));
      assertJsonWithinLimits(text, { ...DEFAULT_LIMITS, maxKeys: Infinity, maxNodes: Infinity, maxChars: limit });
    }
    await next();
  });

  app.route("/api/crm", crm);
  app.route("/webhooks", webhooks);
  app.route("/api/leads", leads);
  app.route("/api", negotiation); // /api/leads/:id/negotiation|messages|proposals, /api/escalations
  app.route("/api", catalog); // /api/catalog, /api/admin/pricing/*
  // /api/finance, one router per endpoint group: uploads and jobs, real-time payments, reads, reviews, bank entries.
  app.route("/api/finance", financeImports);
  app.route("/api/finance", financePayments);
  app.route("/api/finance", financeReports);
  app.route("/api/finance", financeReviews);
  app.route("/api/finance", financeWorkbench); // issue 15: payer aliases, write-offs
  app.route("/api/finance", financeEntries);
  app.route("/api/finance", financeInvoicing); // loop18: link imported invoices to a deal
  app.route("/", dashboard); // /dashboard, /dashboard/*
  // /v1: the one list shape ({ data, next_cursor }, README "API conventions"), same auth, scopes and limits.
  app.route("/v1", v1Sales);
  app.route("/v1", v1Finance);

  app.onError((err, c) => {
    const instance = redactPath(c.req.path);
    const request_id = c.get("requestId");
    if (err instanceof Refusal) return refusalResponse(err, instance, request_id);
    if (err instanceof HTTPException) {
      // Hono's own validators/body-limit throw these (e.g. malformed JSON → 400).
      return problemResponse(kindOfStatus(err.status), err.message || "The request was refused", { request_id }, instance);
    }
    log(
      {
        event: "http.unhandled_error",
        request_id: c.get("requestId"),
        path: instance,
        method: c.req.method,
        error: err instanceof Error ? err.message : String(err),
        outcome: "error",
      },
      "error",
    );
    return problemResponse("internal", "An unexpected error occurred; it has been logged.", { request_id }, instance);
  });

  app.notFound((c) => {
    const path = redactPath(c.req.path);
    return problemResponse("not_found", `No route for ${c.req.method} ${path}`, { code: "no_route", request_id: c.get("requestId") }, path);
  });

  docs(app);
  return app;
}

export const app = createApp();
export type App = typeof app;
