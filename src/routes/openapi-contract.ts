/**
 * What every operation of /openapi.json declares the same way, added in one pass over the
 * document @hono/zod-openapi generated from the routes (so the route files keep only what is
 * particular to them): operationId, security, the Idempotency-Key parameter, the headers every
 * answer carries (Request-Id; Retry-After on 429; x-next-cursor on CSV pages), the 429 answer,
 * servers and described tags. test/routes/openapi-contract.test.ts holds the document to the
 * registered routes; `npm run lint:api` runs redocly's recommended rules over it. The unversioned
 * lists that have a /v1 successor (v1/successors.ts) are marked deprecated, with the
 * `Deprecation` and `Link` headers they answer.
 */
import { SUCCESSORS } from "./v1/successors";

type Json = Record<string, unknown>;
type Operation = Json & { tags?: string[]; parameters?: Json[]; responses?: Record<string, Json>; security?: Json[] };

const METHODS = ["get", "put", "post", "patch", "delete"] as const;
const BEARER = [{ apiKey: [] }];

export const TAG_DESCRIPTIONS: Record<string, string> = {
  Webhooks:
    "Vendor webhooks (HubSpot, Salesforce, Stripe, Standard Webhooks), each authenticated by its own signature, and the seed-compatible router.",
  Leads: "Lead ingestion: e-mail, PDF, chat and CRM records become scored lead records with evidence per field.",
  Negotiation: "Each qualified lead's negotiation (its Durable Object): drafts, approvals, customer replies, escalations.",
  Catalog: "The product catalog the pricing engine reads.",
  "Admin pricing": "Products, tiers, discount rules and past deals (scope admin:pricing, audited).",
  Finance: "Invoices, bank statements, real-time payments, reconciliation results and the review queue.",
};

/** How an operation authenticates: the vendor webhooks by signature, the router optionally by key, the rest by key. */
export function securityOf(path: string): Json[] {
  if (path.startsWith("/webhooks/")) return [];
  if (path === "/api/crm/webhook-router") return [...BEARER, {}];
  return BEARER;
}

/** `post /api/leads/{id}/proposals/{pid}/approve` → `postLeadsProposalsApprove`; a trailing `{param}` adds `ById`. */
export function operationIdOf(method: string, path: string): string {
  const segments = path.split("/").filter((s) => s && s !== "api");
  const words = segments.filter((s) => !s.startsWith("{")).flatMap((s) => s.split(/[^A-Za-z0-9]+/));
  const last = segments[segments.length - 1] ?? "";
  const by = last.startsWith("{") ? `By${pascal(last.slice(1, -1))}` : "";
  return method.toLowerCase() + words.map(pascal).join("") + by;
}

const pascal = (w: string) => (w ? w[0]!.toUpperCase() + w.slice(1) : w);

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

const COMPONENT_HEADERS = {
  RequestId: {
    description: "This request's id (cf-ray when present, else generated): in every log line and problem body (`request_id`).",
    schema: { type: "string", example: "8f1c2d3e4f5a6b7c-FRA" },
  },
  RetryAfter: { description: "Seconds to wait before retrying.", schema: { type: "integer", minimum: 1, example: 60 } },
  NextCursor: {
    description: "The cursor of the next page of a CSV answer (the JSON answer carries it as `next_cursor`); absent on the last page.",
    schema: { type: "string" },
  },
  Deprecation: {
    description: '`true`: this unversioned list is deprecated for one release; its successor is in `Link` (README "API conventions").',
    schema: { type: "string", enum: ["true"] },
  },
  SuccessorLink: {
    description: 'The successor: `</v1/…>; rel="successor-version"`.',
    schema: { type: "string", example: '</v1/leads>; rel="successor-version"' },
  },
  IdempotentReplayed: {
    description: "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
    schema: { type: "string", enum: ["true"] },
  },
};

const IDEMPOTENCY_PARAMETER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "A key of your choosing (printable ASCII, 1–255 characters; a UUID is ideal). The first answer is stored for 24 h per API key; the same request again returns it with `Idempotent-Replayed: true`; the same key with a different request is a 422 `idempotency_mismatch`; a second request while the first runs is a 409 `idempotency_in_flight`.",
  schema: { type: "string", minLength: 1, maxLength: 255, example: "4f9c2a6e-0d1b-4c1e-9a7f-2b3c4d5e6f70" },
};

function tooManyRequests(): Json {
  return {
    description: "Rate limited (`rate_limited`): failed authentication per address and key, or writes per key. See Retry-After.",
    headers: { "Retry-After": ref("headers", "RetryAfter"), "Request-Id": ref("headers", "RequestId") },
    content: { "application/problem+json": { schema: ref("schemas", "Problem") } },
  };
}

function decorate(method: string, path: string, op: Operation): void {
  op.operationId ??= operationIdOf(method, path);
  op.security = securityOf(path);
  const keyed = op.security.length > 0;
  const write = method !== "get" && method !== "delete";
  const responses = (op.responses ??= {});
  if (keyed && !responses["429"]) responses["429"] = tooManyRequests();
  if (keyed && write && method !== "delete" && path !== "/api/crm/webhook-router") {
    const params = (op.parameters ??= []);
    if (!params.some((p) => p.$ref === "#/components/parameters/IdempotencyKey")) params.push(ref("parameters", "IdempotencyKey"));
  }
  const paged = (op.parameters ?? []).some((p) => p.name === "cursor");
  const successor = method === "get" ? SUCCESSORS[path] : undefined;
  if (successor) {
    op.deprecated = true;
    op.description = `${op.description ? `${op.description as string} ` : ""}Deprecated: use \`GET ${successor}\` (one list shape); this path answers as before for one release.`;
  }
  for (const [status, response] of Object.entries(responses)) {
    const headers = ((response.headers as Json | undefined) ?? {}) as Json;
    headers["Request-Id"] = ref("headers", "RequestId");
    const csv = Object.keys((response.content as Json | undefined) ?? {}).includes("text/csv");
    if (status.startsWith("2") && paged && csv) headers["x-next-cursor"] = ref("headers", "NextCursor");
    if (status.startsWith("2") && successor) {
      headers.Deprecation = ref("headers", "Deprecation");
      headers.Link = ref("headers", "SuccessorLink");
    }
    if (status.startsWith("2") && keyed && write) headers["Idempotent-Replayed"] = ref("headers", "IdempotentReplayed");
    if (status === "429" || (status === "409" && keyed && write)) headers["Retry-After"] ??= ref("headers", "RetryAfter");
    response.headers = headers;
  }
}

/** The document with the house conventions applied; the input is not modified. */
export function completeContract(generated: Json, origin?: string): Json {
  const doc = structuredClone(generated) as Json & { paths?: Record<string, Record<string, Operation>>; components?: Json };
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      decorate(method, path, op);
      for (const t of op.tags ?? []) tags.add(t);
    }
  }
  const components = (doc.components ??= {}) as Record<string, Json>;
  components.headers = { ...(components.headers ?? {}), ...COMPONENT_HEADERS };
  components.parameters = { ...(components.parameters ?? {}), IdempotencyKey: IDEMPOTENCY_PARAMETER };
  doc.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  doc.servers = [
    ...(origin && !/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin) ? [{ url: origin, description: "This deployment" }] : []),
    { url: "http://127.0.0.1:8787", description: "Local development (`npm start`; `PORT` moves it)" },
  ];
  return doc;
}
