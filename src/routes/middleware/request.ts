import type { Context, Next } from "hono";
import { elapsedMs, log } from "../../platform/log";
import { newId } from "../../platform/ids";
import { runInRequest, type RequestContext } from "../../platform/request-context";
import type { AppEnv } from "../router";

export const REQUEST_ID_HEADER = "Request-Id";

/** cf-ray as Cloudflare sets it (hex, then `-` and the colo); anything else is not trusted as an id. */
const RAY = /^[A-Za-z0-9-]{1,64}$/;

export function requestIdFrom(cfRay: string | undefined): string {
  const ray = cfRay?.trim();
  return ray && RAY.test(ray) ? ray : newId("req");
}

/**
 * The first middleware of the app: gives the request its id (cf-ray when present, else a new
 * one), runs everything after it inside that request's log context (every log line carries
 * `request_id`), answers the id as `Request-Id`, and writes one access line per request: method,
 * route pattern (never the raw path: ids and tokens stay out), status, latency, key id, request id.
 */
export async function requestContext(c: Context<AppEnv>, next: Next): Promise<void> {
  const started = performance.now();
  const requestId = requestIdFrom(c.req.header("cf-ray"));
  c.set("requestId", requestId);
  const ctx: RequestContext = { requestId };
  await runInRequest(ctx, () => next());
  try {
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
  } catch {
    // A response passed through from fetch() or an asset has immutable headers: copy it first.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(REQUEST_ID_HEADER, requestId);
  }
  const status = c.res.status;
  const route = c.req.routePath;
  runInRequest(ctx, () =>
    log(
      {
        event: "http.request",
        method: c.req.method,
        route: route && route !== "*" && route !== "/*" ? route : null,
        status,
        latency_ms: elapsedMs(started),
        key_id: ctx.keyId ?? null,
        outcome: status >= 500 ? "error" : status >= 400 ? "rejected" : "ok",
      },
      status >= 500 ? "error" : status >= 400 ? "warn" : "info",
    ),
  );
}
