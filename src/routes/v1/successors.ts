import type { Context, Next } from "hono";
import type { AppEnv } from "../router";

/**
 * The unversioned lists and their /v1 successors. For one release the old paths answer exactly as
 * before, plus `Deprecation: true` and `Link: </v1/…>; rel="successor-version"` on their JSON
 * answers (their CSV exports, `format=csv`, have no v1 form yet and are not deprecated). The
 * OpenAPI document marks the same operations `deprecated` (openapi-contract.ts reads this map).
 */
export const SUCCESSORS: Readonly<Record<string, string>> = {
  "/api/leads": "/v1/leads",
  "/api/escalations": "/v1/escalations",
  "/api/catalog": "/v1/products",
  "/api/finance/reconciliations": "/v1/finance/reconciliations",
  "/api/finance/invoices": "/v1/finance/invoices",
  "/api/finance/bank-entries": "/v1/finance/bank-entries",
  "/api/finance/discrepancies": "/v1/finance/discrepancies",
  "/api/finance/purchase-orders": "/v1/finance/purchase-orders",
  "/api/crm/payment-claims": "/v1/finance/payment-claims",
};

export const successorLink = (successor: string) => `<${successor}>; rel="successor-version"`;

/** Middleware for one old list path: after the route answered a GET, the deprecation headers. */
export function deprecatedFor(successor: string) {
  return async (c: Context<AppEnv>, next: Next): Promise<void> => {
    await next();
    if (c.req.method !== "GET" || c.req.query("format") === "csv") return;
    c.res.headers.set("Deprecation", "true");
    c.res.headers.append("Link", successorLink(successor));
  };
}
