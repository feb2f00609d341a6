import { HTTPException } from "hono/http-exception";
import { HttpProblem, problemResponse } from "./lib/errors";
import { log } from "./lib/log";
import { redactPath } from "./lib/redact";
import { newId } from "./lib/ids";
import { createRouter } from "./routes/router";
import { crm } from "./routes/crm";
import { docs } from "./routes/docs";
import { webhooks } from "./routes/webhooks";
import { leads } from "./routes/leads";
import { negotiation } from "./routes/negotiation";
import { catalog } from "./routes/catalog";
import { finance } from "./routes/finance";
import { dashboard } from "./routes/dashboard";

/**
 * The Hono app: request id, error → problem+json, and the routers. Each resource's router lives
 * in src/routes/ and is mounted here.
 */
export function createApp() {
  const app = createRouter();

  app.use("*", async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? newId("req"));
    await next();
  });

  app.route("/api/crm", crm);
  app.route("/webhooks", webhooks);
  app.route("/api/leads", leads);
  app.route("/api", negotiation); // /api/leads/:id/negotiation|messages|proposals, /api/escalations
  app.route("/api", catalog); // /api/catalog, /api/admin/pricing/*
  app.route("/api/finance", finance);
  app.route("/", dashboard); // /dashboard, /dashboard/*

  app.onError((err, c) => {
    const instance = redactPath(c.req.path);
    if (err instanceof HttpProblem) return problemResponse(err, instance);
    if (err instanceof HTTPException) {
      // Hono's own validators/body-limit throw these (e.g. malformed JSON → 400).
      return problemResponse(new HttpProblem(err.status, titleFor(err.status), err.message || titleFor(err.status)), instance);
    }
    log({ event: "http.unhandled_error", request_id: c.get("requestId"), path: instance, method: c.req.method, error: err instanceof Error ? err.message : String(err), outcome: "error" }, "error");
    return problemResponse(new HttpProblem(500, "Internal error", "An unexpected error occurred; it has been logged."), instance);
  });

  app.notFound((c) => {
    const path = redactPath(c.req.path);
    return problemResponse(new HttpProblem(404, "Not found", `No route for ${c.req.method} ${path}`), path);
  });

  docs(app);
  return app;
}

function titleFor(status: number): string {
  return ({ 400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 413: "Payload too large", 415: "Unsupported media type" } as Record<number, string>)[status] ?? "Error";
}

export const app = createApp();
export type App = typeof app;
