import { env } from "cloudflare:workers";
import { hubspotHeaders, salesforcePath, standardHeaders, stripeHeaders, TEST_ORIGIN } from "../fixtures/webhooks/sign";
import { call } from "../helpers";

/** `[[[...]]]` `depth` levels deep, built as text (never as a value: that is what we guard against). */
export function nestedJson(depth: number, inner = "1"): string {
  return "[".repeat(depth) + inner + "]".repeat(depth);
}

/** The same nesting as a value, built iteratively, for queue messages that skip the HTTP edge. */
export function nestedValue(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

export function nestedXml(depth: number): string {
  return "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
}

/** Each vendor webhook, signed as the vendor would, with `body` as its raw text. */
export const VENDORS: Record<string, (body: string) => Promise<Response>> = {
  hubspot: async (body) =>
    call("/webhooks/hubspot", {
      method: "POST",
      headers: await hubspotHeaders(env.HUBSPOT_APP_SECRET, `${TEST_ORIGIN}/webhooks/hubspot`, body),
      body,
    }),
  stripe: async (body) =>
    call("/webhooks/stripe", { method: "POST", headers: await stripeHeaders([env.STRIPE_WEBHOOK_SECRET], body), body }),
  generic: async (body) =>
    call("/webhooks/generic", {
      method: "POST",
      headers: await standardHeaders([env.STANDARD_WEBHOOK_SECRET], `msg_deep_${crypto.randomUUID()}`, body),
      body,
    }),
  salesforce: async (body) =>
    call(salesforcePath(env.SALESFORCE_PATH_TOKEN.split(",")[0]), { method: "POST", headers: { "content-type": "text/xml" }, body }),
};

/** A vendor-shaped body with the nesting inside a field the adapter would otherwise read. */
export function deepVendorBody(vendor: string, depth: number): string {
  const deep = nestedJson(depth);
  switch (vendor) {
    case "hubspot":
      return `[{"eventId":1,"subscriptionId":1,"portalId":1,"occurredAt":${Date.now()},"subscriptionType":"contact.creation","objectId":1,"propertyValue":${deep}}]`;
    case "stripe":
      return `{"id":"evt_deep","type":"invoice.paid","created":${Math.floor(Date.now() / 1000)},"data":{"object":{"id":"in_deep","metadata":${deep}}}}`;
    case "generic":
      return `{"type":"lead.created","data":{"id":"deep-1","extra":${deep}}}`;
    default:
      return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>00D000000000062EAA</OrganizationId>${nestedXml(depth)}</notifications></soapenv:Body></soapenv:Envelope>`;
  }
}

export async function count(sql: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
