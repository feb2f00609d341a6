import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { leadIdForCrmRecord } from "../../src/leads/ingest";
import { SALESFORCE_ACK } from "../../src/gateway/core/salesforce";
import { call, expectProblem, waitFor } from "../helpers";
import { hubspotCompanyCreation, hubspotContactEvents, hubspotDealPropertyChange } from "../fixtures/webhooks/hubspot";
import { leadNotification, opportunityNotification, salesforceEnvelope } from "../fixtures/webhooks/salesforce";
import { hubspotHeaders, salesforcePath, standardHeaders, stripeHeaders, TEST_ORIGIN } from "../fixtures/webhooks/sign";
import { standardInvoicePaid, standardLeadCreated } from "../fixtures/webhooks/standard";
import { stripeChargeRefunded, stripeCustomerCreated, stripeInvoiceEvent } from "../fixtures/webhooks/stripe";

const HUBSPOT_URL = `${TEST_ORIGIN}/webhooks/hubspot`;
let seq = 0;
/** Unique numbers per test: storage is shared by the tests of this file. */
const nextSeed = () => 1_000_000 * ++seq + Math.floor(Math.random() * 1000);

async function countEvents(source: string, like: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE source = ? AND vendor_event_id LIKE ?")
    .bind(source, like)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Waits until the gateway queue's consumer has run every accepted event of this source (the request
 * path records and queues; the pipeline behind it runs asynchronously, batched).
 */
async function settled(source: string): Promise<void> {
  await waitFor(async () => {
    const row = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE source = ? AND status = 'queued'")
      .bind(source)
      .first<{ n: number }>();
    return row?.n === 0;
  });
}

/** The lead's Durable Object: named by the lead the CRM record became, else by source + CRM id. */
async function crmEventsOf(source: string, crmId: string) {
  await settled(source);
  const name = (await leadIdForCrmRecord(env, source, crmId)) ?? `${source}:${crmId}`;
  return env.LEAD_NEGOTIATION.getByName(name).listCrmEvents();
}

async function paymentRow(eventId: string, waitMs = 8000) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const row = await env.DB.prepare(
      "SELECT event_type, subject_id, amount_minor, currency, data_json FROM payment_events WHERE event_id = ?",
    )
      .bind(eventId)
      .first<{ event_type: string; subject_id: string; amount_minor: number; currency: string; data_json: string }>();
    if (row || Date.now() > deadline) return row;
    // The queue consumer runs in this workerd on its own batch timer (max_batch_timeout 1 s).
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function postHubSpot(events: unknown, headerOverrides: Record<string, string> = {}, bodyOverride?: string) {
  const body = JSON.stringify(events);
  const headers = { ...(await hubspotHeaders(env.HUBSPOT_APP_SECRET, HUBSPOT_URL, body)), ...headerOverrides };
  return call("/webhooks/hubspot", { method: "POST", headers, body: bodyOverride ?? body });
}

describe("POST /webhooks/hubspot", () => {
  it("routes each event of a signed array and stores lead events in the lead's Durable Object", async () => {
    const events = hubspotContactEvents(nextSeed());
    const res = await postHubSpot(events);
    expect(res.status).toBe(200);
    const results = (await res.json()) as Array<Record<string, unknown>>;
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      source: "hubspot",
      event_type: "lead_update",
      assigned_agent: "Lead_Qualification_Agent",
      status: "PROCESSED",
    });
    expect(results[1]).toMatchObject({ event_type: "lead_create", route: "/pipelines/lead-ingest" });
    const stored = await crmEventsOf("hubspot", String(events[1].objectId));
    expect(stored).toHaveLength(1);
    expect(stored[0].event_type).toBe("lead_create");
    await settled("hubspot");
    const row = await env.DB.prepare("SELECT status, agent FROM events WHERE source = 'hubspot' AND vendor_event_id = ?")
      .bind(results[1].event_id)
      .first();
    expect(row).toEqual({ status: "routed", agent: "Lead_Qualification_Agent" });
  });

  it("routes deal changes to negotiation and acknowledges unrouted subscription types as ignored", async () => {
    const seed = nextSeed();
    const res = await postHubSpot([hubspotDealPropertyChange(seed), hubspotCompanyCreation(seed)]);
    expect(res.status).toBe(200);
    const [deal, company] = (await res.json()) as Array<Record<string, unknown>>;
    expect(deal).toMatchObject({ event_type: "deal_update", assigned_agent: "Negotiation_Agent", status: "PROCESSED" });
    expect(company).toMatchObject({ event_type: null, vendor_type: "company.creation", status: "IGNORED" });
    expect(await countEvents("hubspot", `%:company.creation:%`)).toBe(0);
    const stored = await crmEventsOf("hubspot", String(9001 + seed));
    expect(stored.map((e) => e.event_type)).toEqual(["deal_update"]);
  });

  it("handles several events about one contact in delivery order", async () => {
    const [change, creation] = hubspotContactEvents(nextSeed());
    const sameContact = { ...change, objectId: creation.objectId };
    const res = await postHubSpot([creation, sameContact]);
    expect(res.status).toBe(200);
    const results = (await res.json()) as Array<Record<string, unknown>>;
    expect(results.map((r) => r.event_type)).toEqual(["lead_create", "lead_update"]);
    const stored = await crmEventsOf("hubspot", String(creation.objectId));
    expect(stored.map((e) => e.event_type)).toEqual(["lead_create", "lead_update"]);
  });

  it("answers a replay with the first results and does nothing again", async () => {
    const events = hubspotContactEvents(nextSeed());
    const first = await postHubSpot(events);
    const firstBody = await first.json();
    expect(first.headers.get("x-replayed-events")).toBe("0");
    const again = await postHubSpot(events);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-replayed-events")).toBe("2");
    expect(await again.json()).toEqual(firstBody);
    expect(await countEvents("hubspot", `33:contact.creation:${events[1].objectId}:%`)).toBe(1);
    expect(await crmEventsOf("hubspot", String(events[1].objectId))).toHaveLength(1);
  });

  it("handles concurrent copies of one delivery once", async () => {
    const events = hubspotContactEvents(nextSeed());
    const answers = await Promise.all([postHubSpot(events), postHubSpot(events), postHubSpot(events)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(await countEvents("hubspot", `33:contact.creation:${events[1].objectId}:%`)).toBe(1);
    expect(await countEvents("hubspot", `33:contact.propertyChange:${events[0].objectId}:%`)).toBe(1);
    expect(await crmEventsOf("hubspot", String(events[1].objectId))).toHaveLength(1);
  });

  it("refuses a tampered body, a wrong secret and an expired timestamp with 401 and writes nothing", async () => {
    const events = hubspotContactEvents(nextSeed());
    const body = JSON.stringify(events);
    await expectProblem(await postHubSpot(events, {}, body.replace("subscriber", "customer")), 401);
    const wrong = await hubspotHeaders("not-the-secret", HUBSPOT_URL, body);
    await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: wrong, body }), 401);
    const old = Date.now() - 6 * 60_000;
    const expired = await hubspotHeaders(env.HUBSPOT_APP_SECRET, HUBSPOT_URL, body, old);
    const problem = await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: expired, body }), 401);
    expect(problem.detail).toContain("timestamp");
    const otherPath = await hubspotHeaders(env.HUBSPOT_APP_SECRET, `${TEST_ORIGIN}/webhooks/hubspot?x=1`, body);
    await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: otherPath, body }), 401);
    await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: { "content-type": "application/json" }, body }), 401);
    expect(await countEvents("hubspot", `33:%:${events[0].objectId}:%`)).toBe(0);
  });

  it("answers signed but malformed or incomplete bodies with 400 and 422", async () => {
    const bad = "[{ not json";
    const h = await hubspotHeaders(env.HUBSPOT_APP_SECRET, HUBSPOT_URL, bad);
    await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: h, body: bad }), 400);
    const incomplete = JSON.stringify([{ subscriptionType: "contact.creation", objectId: 1 }]);
    const h2 = await hubspotHeaders(env.HUBSPOT_APP_SECRET, HUBSPOT_URL, incomplete);
    const problem = await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: h2, body: incomplete }), 422);
    expect(JSON.stringify(problem.errors)).toContain("eventId");
  });

  it("refuses a wrong content type with 415 before reading the body", async () => {
    const body = JSON.stringify(hubspotContactEvents(nextSeed()));
    const h = { ...(await hubspotHeaders(env.HUBSPOT_APP_SECRET, HUBSPOT_URL, body)), "content-type": "text/plain" };
    await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: h, body }), 415);
  });

  it("refuses bodies over MAX_BODY_BYTES with 413, by Content-Length and by the bytes actually sent", async () => {
    const limit = Number(env.MAX_BODY_BYTES);
    const big = JSON.stringify([{ pad: "x".repeat(limit) }]);
    const h = await hubspotHeaders(env.HUBSPOT_APP_SECRET, HUBSPOT_URL, big);
    const declared = await expectProblem(await call("/webhooks/hubspot", { method: "POST", headers: h, body: big }), 413);
    expect(declared.limit_bytes).toBe(limit);
    // A stream has no Content-Length: the limit must hold on the bytes read.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > limit + chunk.byteLength) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await call("/webhooks/hubspot", { method: "POST", headers: h, body: stream });
    await expectProblem(streamed, 413);
    expect(sent).toBeLessThan(limit + 3 * chunk.byteLength);
  });
});

describe("POST /webhooks/stripe", () => {
  async function postStripe(event: unknown, secrets = [env.STRIPE_WEBHOOK_SECRET], timestamp?: number, bodyOverride?: string) {
    const body = JSON.stringify(event);
    const headers = await stripeHeaders(secrets, body, timestamp);
    return call("/webhooks/stripe", { method: "POST", headers, body: bodyOverride ?? body });
  }

  it("routes invoice.paid to billing reconciliation, and the queue consumer records it in payment_events", async () => {
    const id = `evt_paid_${nextSeed()}`;
    const res = await postStripe(stripeInvoiceEvent(id, "invoice.paid"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      event_id: id,
      source: "stripe",
      event_type: "invoice_paid",
      assigned_agent: "Billing_Reconciliation_Agent",
      route: "/pipelines/invoice-match",
      status: "PROCESSED",
    });
    const row = await paymentRow(`stripe:${id}`);
    expect(row).toMatchObject({ event_type: "invoice_paid", subject_id: `in_${id.slice(4)}`, amount_minor: 1500000, currency: "USD" });
    expect(JSON.parse(row?.data_json ?? "{}")).toMatchObject({ invoice_number: "2F1A7C3D-0007", customer: "cus_NeZwdNtLEOXuvB" });
  });

  it("accepts a delivery when any of several v1 signatures matches", async () => {
    const id = `evt_multi_${nextSeed()}`;
    const res = await postStripe(stripeInvoiceEvent(id, "invoice.payment_failed"), ["whsec_old_rolled_secret", env.STRIPE_WEBHOOK_SECRET]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ event_type: "invoice_payment_failed" });
  });

  it("routes charge.refunded with the refunded amount", async () => {
    const id = `evt_refund_${nextSeed()}`;
    const res = await postStripe(stripeChargeRefunded(id));
    expect(await res.json()).toMatchObject({ event_type: "charge_refunded", status: "PROCESSED" });
    expect(await paymentRow(`stripe:${id}`)).toMatchObject({ event_type: "charge_refunded", amount_minor: 50000, currency: "EUR" });
  });

  it("acknowledges event types it does not route, writing nothing", async () => {
    const id = `evt_cust_${nextSeed()}`;
    const res = await postStripe(stripeCustomerCreated(id));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ event_id: id, status: "IGNORED", vendor_type: "customer.created" });
    expect(await countEvents("stripe", id)).toBe(0);
  });

  it("refuses a tampered body, a wrong secret and an expired timestamp with 401", async () => {
    const id = `evt_bad_${nextSeed()}`;
    const event = stripeInvoiceEvent(id, "invoice.paid");
    await expectProblem(await postStripe(event, undefined, undefined, JSON.stringify(event).replace("1500000", "1")), 401);
    await expectProblem(await postStripe(event, ["whsec_wrong"]), 401);
    await expectProblem(await postStripe(event, undefined, Math.floor(Date.now() / 1000) - 301), 401);
    await expectProblem(
      await call("/webhooks/stripe", {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": "garbage" },
        body: "{}",
      }),
      401,
    );
    expect(await countEvents("stripe", id)).toBe(0);
  });

  it("answers replays, also concurrent ones, with the first result and records one payment event", async () => {
    const id = `evt_dup_${nextSeed()}`;
    const event = stripeInvoiceEvent(id, "invoice.paid");
    const answers = await Promise.all([postStripe(event), postStripe(event), postStripe(event)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    const later = await postStripe(event);
    expect(later.headers.get("x-replayed-events")).toBe("1");
    expect(await later.text()).toBe(bodies[0]);
    expect(await countEvents("stripe", id)).toBe(1);
    expect(await paymentRow(`stripe:${id}`)).not.toBeNull();
    const n = await env.DB.prepare("SELECT count(*) AS n FROM payment_events WHERE event_id = ?")
      .bind(`stripe:${id}`)
      .first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it("answers a signed event with a float amount or no object with 422", async () => {
    const id = `evt_float_${nextSeed()}`;
    const e = stripeInvoiceEvent(id, "invoice.paid");
    await expectProblem(await postStripe({ ...e, data: { object: { ...e.data.object, amount_paid: 15000.5 } } }), 422);
    await expectProblem(await postStripe({ ...e, data: null }), 422);
    expect(await countEvents("stripe", id)).toBe(0);
  });
});

describe("POST /webhooks/generic (Standard Webhooks)", () => {
  async function postStandard(
    payload: unknown,
    id: string,
    secrets = [env.STANDARD_WEBHOOK_SECRET],
    timestamp?: number,
    bodyOverride?: string,
  ) {
    const body = JSON.stringify(payload);
    return call("/webhooks/generic", {
      method: "POST",
      headers: await standardHeaders(secrets, id, body, timestamp),
      body: bodyOverride ?? body,
    });
  }

  it("routes lead.created to the lead's Durable Object", async () => {
    const leadId = `gen-lead-${nextSeed()}`;
    const res = await postStandard(standardLeadCreated(leadId), `msg_${leadId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      event_id: `msg_${leadId}`,
      source: "generic",
      event_type: "lead_create",
      status: "PROCESSED",
    });
    const stored = await crmEventsOf("generic", leadId);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].data_json)).toMatchObject({ company: "Initech", amount_minor: 4200000, currency: "USD" });
  });

  it("accepts several signatures when one is made with our secret, and replays once", async () => {
    const invoice = `INV-${nextSeed()}`;
    const other = "whsec_" + btoa("a different sender key 32 bytes!");
    const first = await postStandard(standardInvoicePaid(invoice), `msg_${invoice}`, [other, env.STANDARD_WEBHOOK_SECRET]);
    expect(first.status).toBe(200);
    const again = await postStandard(standardInvoicePaid(invoice), `msg_${invoice}`);
    expect(await again.json()).toEqual(await first.json());
    expect(await countEvents("generic", `msg_${invoice}`)).toBe(1);
  });

  it("refuses an unknown event type with 422 and writes nothing", async () => {
    const id = `msg_unknown_${nextSeed()}`;
    const problem = await expectProblem(await postStandard({ type: "lead.deleted", data: { id: "x" } }, id), 422);
    expect(problem.detail).toContain("lead.deleted");
    expect(await countEvents("generic", id)).toBe(0);
  });

  it("refuses tampered, wrongly keyed and expired deliveries with 401", async () => {
    const id = `msg_bad_${nextSeed()}`;
    const payload = standardLeadCreated(id);
    await expectProblem(await postStandard(payload, id, undefined, undefined, JSON.stringify(payload).replace("Initech", "Initrode")), 401);
    await expectProblem(await postStandard(payload, id, ["whsec_" + btoa("not our key")]), 401);
    await expectProblem(await postStandard(payload, id, undefined, Math.floor(Date.now() / 1000) - 400), 401);
    expect(await countEvents("generic", id)).toBe(0);
  });
});

describe("POST /webhooks/salesforce/:token", () => {
  const orgs = () => env.SALESFORCE_ORG_IDS.split(",");
  const post = (xml: string, token = env.SALESFORCE_PATH_TOKEN, contentType = "text/xml; charset=utf-8") =>
    call(salesforcePath(token), { method: "POST", headers: { "content-type": contentType, soapaction: '""' }, body: xml });

  it("acknowledges a Lead notification with the SOAP Ack and stores it in the lead's Durable Object", async () => {
    const n = nextSeed();
    const leadId = `00Q5e${String(n).padStart(10, "0")}`;
    const res = await post(salesforceEnvelope(orgs()[1], [leadNotification(`04l5e${String(n).padStart(10, "0")}`, leadId)]));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/xml");
    expect(await res.text()).toBe(SALESFORCE_ACK);
    const stored = await crmEventsOf("salesforce", leadId);
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].data_json)).toMatchObject({
      email: "hank.scorpio@globex.example",
      company: "Globex & Sons",
      number_of_employees: 450,
    });
  });

  it("routes an Opportunity to negotiation, accepting the org's 15-character id", async () => {
    const n = nextSeed();
    const oppId = `0065e${String(n).padStart(10, "0")}`;
    const notificationId = `04l5f${String(n).padStart(10, "0")}`;
    const res = await post(salesforceEnvelope(orgs()[0].slice(0, 15), [opportunityNotification(notificationId, oppId)]));
    expect(res.status).toBe(200);
    await settled("salesforce");
    const row = await env.DB.prepare("SELECT event_type, agent, status FROM events WHERE source = 'salesforce' AND vendor_event_id = ?")
      .bind(notificationId)
      .first();
    expect(row).toEqual({ event_type: "deal_update", agent: "Negotiation_Agent", status: "routed" });
    const stored = await crmEventsOf("salesforce", oppId);
    expect(JSON.parse(stored[0].data_json)).toMatchObject({ amount_minor: 7500050, currency: "USD", stage_name: "Negotiation/Review" });
  });

  it("acknowledges a redelivery again and stores the event once", async () => {
    const n = nextSeed();
    const leadId = `00Q5e${String(n).padStart(10, "0")}`;
    const xml = salesforceEnvelope(orgs()[1], [leadNotification(`04l5g${String(n).padStart(10, "0")}`, leadId)]);
    const answers = await Promise.all([post(xml), post(xml)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const third = await post(xml);
    expect(third.headers.get("x-replayed-events")).toBe("1");
    expect(await third.text()).toBe(SALESFORCE_ACK);
    expect(await crmEventsOf("salesforce", leadId)).toHaveLength(1);
  });

  it("refuses a wrong path token and an organization not on the allow-list with 401, writing nothing", async () => {
    const n = nextSeed();
    const notificationId = `04l5h${String(n).padStart(10, "0")}`;
    const xml = salesforceEnvelope(orgs()[1], [leadNotification(notificationId, "00Q5e000009NopeAAA")]);
    await expectProblem(await post(xml, "wrong-token"), 401);
    const foreign = salesforceEnvelope("00D9e000000EvilAAA", [leadNotification(notificationId, "00Q5e000009NopeAAA")]);
    const problem = await expectProblem(await post(foreign), 401);
    expect(problem.detail).toContain("allow-list");
    expect(await countEvents("salesforce", notificationId)).toBe(0);
  });

  it("answers malformed XML with 400, a JSON body with 415 and a missing token with 404", async () => {
    await expectProblem(await post("<soapenv:Envelope><soapenv:Body>"), 400);
    await expectProblem(await post("{}", env.SALESFORCE_PATH_TOKEN, "application/json"), 415);
    await expectProblem(await call("/webhooks/salesforce", { method: "POST", headers: { "content-type": "text/xml" }, body: "<a/>" }), 404);
  });
});

describe("webhook routing", () => {
  it("answers an unknown source with 404 and a wrong method with 405", async () => {
    const problem = await expectProblem(
      await call("/webhooks/pipedrive", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      404,
    );
    expect(problem.detail).toContain("pipedrive");
    await expectProblem(await call("/webhooks/hubspot", { method: "GET" }), 405);
  });

  it("answers 503 (so the vendor retries) when a source's secret is not configured, and never verifies with an empty key", async () => {
    const body = JSON.stringify(hubspotContactEvents(nextSeed()));
    const headers = await hubspotHeaders("any-secret", HUBSPOT_URL, body);
    const res = await app.request("/webhooks/hubspot", { method: "POST", headers, body }, { ...env, HUBSPOT_APP_SECRET: "" });
    await expectProblem(res, 503);
    const stripe = await app.request(
      "/webhooks/stripe",
      { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
      { ...env, STRIPE_WEBHOOK_SECRET: " , " },
    );
    await expectProblem(stripe, 503);
  });

  it("documents every webhook route, its headers and errors in /openapi.json", async () => {
    const doc = (await (await call("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> }>>;
    };
    for (const path of ["/webhooks/hubspot", "/webhooks/stripe", "/webhooks/generic", "/webhooks/salesforce/{token}"]) {
      expect(doc.paths[path]?.post, path).toBeDefined();
      expect(Object.keys(doc.paths[path].post.responses)).toEqual(expect.arrayContaining(["200", "401", "413", "415"]));
    }
    const names = doc.paths["/webhooks/hubspot"].post.parameters?.map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(expect.arrayContaining(["header:x-hubspot-signature-v3", "header:x-hubspot-request-timestamp"]));
  });
});
