import { describe, expect, it } from "vitest";
import { hubspotEventType, normalizeHubSpot, signHubSpotV3, verifyHubSpot } from "../../../src/gateway/core/hubspot";
import { hubspotContactEvents, hubspotDealPropertyChange } from "../../fixtures/webhooks/hubspot";

const SECRET = "app-secret-123";
const URL_ = "https://hooks.example.com/webhooks/hubspot";
const NOW = 1_764_000_000_000;
const enc = (s: string) => new TextEncoder().encode(s);

async function verify(headers: Record<string, string>, over: { secrets?: string[]; method?: string; body?: string } = {}) {
  return verifyHubSpot({
    method: over.method ?? "POST",
    uri: URL_,
    body: enc(over.body ?? "[]"),
    headers: new Headers(headers),
    secrets: over.secrets ?? [SECRET],
    nowMs: NOW,
  });
}
const signed = async (ts: number | string = NOW, body = "[]", method = "POST") => ({
  "x-hubspot-signature-v3": await signHubSpotV3(SECRET, method, URL_, body, ts),
  "x-hubspot-request-timestamp": String(ts),
});

describe("HubSpot verification reasons", () => {
  it("names each refusal", async () => {
    const good = await signed();
    expect(await verify(good, { secrets: [] })).toEqual({ ok: false, reason: "no HubSpot app secret configured" });
    const missing = { ok: false, reason: "missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp" };
    expect(await verify({ "x-hubspot-signature-v3": good["x-hubspot-signature-v3"] })).toEqual(missing);
    expect(await verify({ "x-hubspot-request-timestamp": String(NOW) })).toEqual(missing);
    expect(await verify({ ...good, "x-hubspot-request-timestamp": "soon" })).toEqual({
      ok: false,
      reason: "malformed X-HubSpot-Request-Timestamp",
    });
    expect(await verify({ ...good, "x-hubspot-signature-v3": "AAAA" })).toEqual({ ok: false, reason: "malformed signature" });
    expect(await verify({ ...good, "x-hubspot-signature-v3": "%%%" })).toEqual({ ok: false, reason: "malformed signature" });
    expect(await verify(good, { body: "[1]" })).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("tolerates spaces around the header values", async () => {
    const good = await signed();
    expect(
      await verify({ "x-hubspot-signature-v3": ` ${good["x-hubspot-signature-v3"]} `, "x-hubspot-request-timestamp": ` ${NOW} ` }),
    ).toEqual({ ok: true });
  });

  it("signs a body given as bytes like the same body given as text, and the method in upper case", async () => {
    const body = '[{"x":1}]';
    expect(await signHubSpotV3(SECRET, "POST", URL_, enc(body), NOW)).toBe(await signHubSpotV3(SECRET, "POST", URL_, body, NOW));
    expect(await signHubSpotV3(SECRET, "post", URL_, body, NOW)).toBe(await signHubSpotV3(SECRET, "POST", URL_, body, NOW));
    expect(await verify(await signed(NOW, body), { body, method: "post" })).toEqual({ ok: true });
  });
});

describe("HubSpot normalization details", () => {
  it("reads an event type without a change as an update, and an unknown object as unrouted", () => {
    expect(hubspotEventType({ subscriptionType: "contact" })).toBe("lead_update");
    expect(hubspotEventType({ subscriptionType: "contact.creation" })).toBe("lead_create");
    expect(hubspotEventType({ subscriptionType: "object.creation" })).toBeNull();
    expect(hubspotEventType({ subscriptionType: ".creation" })).toBeNull();
  });

  it("carries the change, its source, the attempt and the property value (null when absent or null)", () => {
    const base = hubspotDealPropertyChange(1, NOW);
    const [withValue, nullValue, noValue, bare] = normalizeHubSpot(
      JSON.stringify([
        { ...base, propertyValue: 1200, attemptNumber: 2 },
        { ...base, propertyValue: null },
        { ...base, propertyValue: undefined },
        { eventId: 1, portalId: 33, objectId: 5, occurredAt: NOW, subscriptionType: "deal" },
      ]),
    );
    const data = (i: typeof withValue) => (i.kind === "event" ? i.event.data : null);
    expect(data(withValue)).toMatchObject({ property_value: "1200", attempt_number: 2, change_source: "CRM_UI", change: "propertyChange" });
    expect(data(nullValue)).toMatchObject({ property_value: null });
    expect(data(noValue)).toMatchObject({ property_value: null });
    expect(data(bare)).toMatchObject({
      change: null,
      change_source: null,
      attempt_number: null,
      property_name: null,
      property_value: null,
    });
    expect(data(bare)).not.toHaveProperty("email");
    expect(withValue.kind === "event" && withValue.event.occurred_at).toBe(new Date(NOW).toISOString());
  });

  it("carries the email only for a non-empty email property", () => {
    const base = hubspotContactEvents(2)[0];
    const [empty, other] = normalizeHubSpot(
      JSON.stringify([
        { ...base, propertyName: "email", propertyValue: "" },
        { ...base, propertyName: "firstname", propertyValue: "a@b.example" },
      ]),
    );
    expect(empty.kind === "event" && empty.event.data).not.toHaveProperty("email");
    expect(other.kind === "event" && other.event.data).not.toHaveProperty("email");
  });

  it("says why an unrouted event is ignored, and refuses a wrong shape with the zod issues", () => {
    const [ignored] = normalizeHubSpot(
      JSON.stringify([{ eventId: 1, portalId: 33, objectId: 5, occurredAt: NOW, subscriptionType: "company.creation" }]),
    );
    expect(ignored).toEqual({
      kind: "ignored",
      vendor_event_id: "33:company.creation:5:1",
      vendor_type: "company.creation",
      reason: "subscription type not routed",
    });
    try {
      normalizeHubSpot("{}");
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ kind: "invalid_input", message: "HubSpot body must be an array of webhook events" });
      expect((err as { extra: { errors: unknown[] } }).extra.errors.length).toBeGreaterThan(0);
    }
    expect(() => normalizeHubSpot("[")).toThrowError(expect.objectContaining({ message: "HubSpot body is not valid JSON" }));
  });
});
