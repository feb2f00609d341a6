import type { Refusal, RefusalKind } from "./errors";

/**
 * The one map from a domain refusal's kind to HTTP: status and title of its RFC 9457
 * `application/problem+json` answer. Only `app.onError` (and the webhook router, which answers
 * per item) turns refusals into responses.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const HTTP: Record<RefusalKind | "internal", { status: number; title: string }> = {
  bad_request: { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  invalid_input: { status: 422, title: "Invalid input" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Service unavailable" },
};

export const statusOf = (kind: RefusalKind): number => HTTP[kind].status;

/** The kind a bare HTTP status (from Hono's own validators and body limit) stands for. */
export function kindOfStatus(status: number): RefusalKind {
  const hit = (Object.entries(HTTP) as [RefusalKind | "internal", { status: number }][]).find(
    ([k, v]) => v.status === status && k !== "internal",
  );
  return hit ? (hit[0] as RefusalKind) : status >= 500 ? "unavailable" : "bad_request";
}

export function problemBody(
  kind: RefusalKind | "internal",
  detail: string,
  extra: Record<string, unknown> = {},
  instance?: string,
): Record<string, unknown> {
  const { status, title } = HTTP[kind];
  const type = `https://lead-to-cash.dev/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return { type, title, status, detail, instance, code: kind, ...extra };
}

export function problemResponse(
  kind: RefusalKind | "internal",
  detail: string,
  extra: Record<string, unknown> = {},
  instance?: string,
): Response {
  const headers = new Headers({ "content-type": PROBLEM_CONTENT_TYPE });
  // A 429 (or 503) that says when to come back carries it as the standard header too.
  const retryAfter = extra.retry_after;
  if (typeof retryAfter === "number" && Number.isFinite(retryAfter)) headers.set("retry-after", String(Math.max(1, Math.ceil(retryAfter))));
  return new Response(JSON.stringify(problemBody(kind, detail, extra, instance)), { status: HTTP[kind].status, headers });
}

/** `requestId` goes into the body as `request_id`, so a problem a client saved leads to its log lines. */
export const refusalResponse = (r: Refusal, instance?: string, requestId?: string): Response =>
  problemResponse(r.kind, r.message, requestId ? { ...r.extra, request_id: requestId } : r.extra, instance);
