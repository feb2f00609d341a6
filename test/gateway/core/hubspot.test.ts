import { referenceHmac } from "./hmac";
import { describe, expect, it } from "vitest";
import { hubspotCanonicalUri, hubspotEventType, normalizeHubSpot, signHubSpotV3, verifyHubSpot } from "../../../src/gateway/core/hubspot";
import { hubspotCompanyCreation, hubspotContactEvents, hubspotDealPropertyChange } from "../../fixtures/webhooks/hubspot";

const SECRET = "app-secret-123";
const URL_ = "https://hooks.example.com/webhooks/hubspot";
const NOW = 1_764_000_000_000;

async function input(body: string, overrides: { ts?: number; sig?: string; uri?: string; method?: string; secrets?: string[] } = {}) {
  const ts = overrides.ts ?? NOW;
  const sig = overrides.sig ?? (await signHubSpotV3(SECRET, "POST", URL_, body, ts));
  return {
    method: overrides.method ?? "POST",
    uri: overrides.uri ?? URL_,
    body: new TextEncoder().encode(body),
    headers: new Headers({ "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": String(ts) }),
    secrets: overrides.secrets ?? [SECRET],
    nowMs: NOW,
  };
}

describe("HubSpot v3 verification", () => {
  it("computes the same signature as an independent HMAC of method + URI + body + timestamp", async () => {
    const body = JSON.stringify(hubspotContactEvents(1, NOW));
    const expected = await referenceHmac(SECRET, `POST${URL_}${body}${NOW}`, "base64");
    expect(await signHubSpotV3(SECRET, "POST", URL_, body, NOW)).toBe(expected);
  });

  it("accepts a correctly signed request", async () => {
    expect(await verifyHubSpot(await input("[]"))).toEqual({ ok: true });
  });

  it("rejects a tampered body, a wrong secret, another URI and another method", async () => {
    const good = await input('[{"a":1}]');
    expect((await verifyHubSpot({ ...good, body: new TextEncoder().encode('[{"a":2}]') })).ok).toBe(false);
    expect((await verifyHubSpot({ ...good, secrets: ["other"] })).ok).toBe(false);
    expect((await verifyHubSpot({ ...good, uri: `${URL_}?x=1` })).ok).toBe(false);
    expect((await verifyHubSpot({ ...good, method: "PUT" })).ok).toBe(false);
  });

  it("rejects timestamps older than 5 minutes and ones too far in the future", async () => {
    const old = await input("[]", { ts: NOW - 301_000 });
    expect(await verifyHubSpot(old)).toEqual({ ok: false, reason: "timestamp outside the tolerance window" });
    const future = await input("[]", { ts: NOW + 301_000 });
    expect((await verifyHubSpot(future)).ok).toBe(false);
    const edge = await input("[]", { ts: NOW - 299_000 });
    expect((await verifyHubSpot(edge)).ok).toBe(true);
  });

  it("rejects missing headers, a malformed timestamp and a non-base64 signature without throwing", async () => {
    const good = await input("[]");
    expect((await verifyHubSpot({ ...good, headers: new Headers() })).ok).toBe(false);
    expect(
      (await verifyHubSpot({ ...good, headers: new Headers({ "x-hubspot-signature-v3": "x", "x-hubspot-request-timestamp": "1e12" }) })).ok,
    ).toBe(false);
    expect(
      (
        await verifyHubSpot({
          ...good,
          headers: new Headers({ "x-hubspot-signature-v3": "%%%", "x-hubspot-request-timestamp": String(NOW) }),
        })
      ).ok,
    ).toBe(false);
    expect((await verifyHubSpot({ ...good, secrets: [] })).ok).toBe(false);
  });

  it("accepts a signature made with either secret while one is rotated", async () => {
    expect((await verifyHubSpot(await input("[]", { secrets: ["new-secret", SECRET] }))).ok).toBe(true);
  });

  it("decodes exactly HubSpot's documented set of escapes in the URI before signing", () => {
    expect(hubspotCanonicalUri("https://h.example/p?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B")).toBe("https://h.example/p?a=:/?@!$'()*,;");
    expect(hubspotCanonicalUri("https://h.example/p?a=%3a&b=%20&c=%26")).toBe("https://h.example/p?a=:&b=%20&c=%26");
  });

  it("verifies a request whose URL carries encoded characters HubSpot decodes", async () => {
    const sent = "https://hooks.example.com/webhooks/hubspot?portal=33%3Aeu&tag=%28a%29";
    const signedOver = "https://hooks.example.com/webhooks/hubspot?portal=33:eu&tag=(a)";
    const sig = await referenceHmac(SECRET, `POST${signedOver}[]${NOW}`, "base64");
    expect((await verifyHubSpot(await input("[]", { uri: sent, sig }))).ok).toBe(true);
  });
});

describe("HubSpot normalization", () => {
  it("turns each event of the array into its own internal event", () => {
    const items = normalizeHubSpot(JSON.stringify(hubspotContactEvents(7, 1462216307945)));
    expect(items).toHaveLength(2);
    const [change, creation] = items;
    expect(change.kind === "event" && change.event).toMatchObject({
      source: "hubspot",
      event_type: "lead_update",
      subject_id: "1246972",
      occurred_at: "2016-05-02T19:11:47.945Z",
      data: { property_name: "lifecyclestage", property_value: "subscriber", portal_id: "33", change: "propertyChange" },
    });
    expect(creation.kind === "event" && creation.event).toMatchObject({ event_type: "lead_create", subject_id: "1246985" });
    if (change.kind !== "event" || creation.kind !== "event") throw new Error("expected events");
    expect(change.event.vendor_event_id).not.toBe(creation.event.vendor_event_id);
  });

  it("maps deal events to deal_update and ignores other subscription types", () => {
    const items = normalizeHubSpot(JSON.stringify([hubspotDealPropertyChange(1), hubspotCompanyCreation(1)]));
    expect(items[0].kind === "event" && items[0].event.event_type).toBe("deal_update");
    expect(items[1]).toMatchObject({ kind: "ignored", vendor_type: "company.creation" });
  });

  it("understands the generic object.* subscriptions by objectTypeId", () => {
    expect(hubspotEventType({ subscriptionType: "object.creation", objectTypeId: "0-1" })).toBe("lead_create");
    expect(hubspotEventType({ subscriptionType: "object.propertyChange", objectTypeId: "0-3" })).toBe("deal_update");
    expect(hubspotEventType({ subscriptionType: "object.creation", objectTypeId: "0-5" })).toBeNull();
  });

  it("carries the email when the changed property is the email", () => {
    const [item] = normalizeHubSpot(
      JSON.stringify([{ ...hubspotContactEvents(2)[0], propertyName: "email", propertyValue: "a@b.example" }]),
    );
    expect(item.kind === "event" && item.event.data.email).toBe("a@b.example");
  });

  it("refuses malformed JSON with 400 and a wrong shape with 422", () => {
    expect(() => normalizeHubSpot("[{")).toThrowError(expect.objectContaining({ kind: "bad_request" }));
    expect(() => normalizeHubSpot("{}")).toThrowError(expect.objectContaining({ kind: "invalid_input" }));
    expect(() => normalizeHubSpot("[]")).toThrowError(expect.objectContaining({ kind: "invalid_input" }));
    const { eventId: _drop, ...noId } = hubspotContactEvents(3)[0];
    expect(() => normalizeHubSpot(JSON.stringify([noId]))).toThrowError(expect.objectContaining({ kind: "invalid_input" }));
  });
});
