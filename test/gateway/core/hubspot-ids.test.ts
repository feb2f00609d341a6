import { describe, expect, it } from "vitest";
import { hubspotVendorEventId, normalizeHubSpot, type HubSpotEvent } from "../../../src/gateway/core/hubspot";
import { hubspotDealPropertyChange } from "../../fixtures/webhooks/hubspot";

const ids = (events: unknown[]) =>
  normalizeHubSpot(JSON.stringify(events)).map((item) => (item.kind === "event" ? item.event.vendor_event_id : item.vendor_event_id));

describe("HubSpot vendor event ids", () => {
  it("keeps property changes that share one eventId apart (HubSpot does not promise eventId is unique)", () => {
    const base = hubspotDealPropertyChange(1, 1_764_000_000_000);
    const events = [
      { ...base, propertyName: "dealstage", propertyValue: "closedwon" },
      { ...base, propertyName: "amount", propertyValue: "1200" },
      { ...base, propertyName: "closedate", propertyValue: "1764000000000" },
    ];
    const out = ids(events);
    expect(new Set(out).size).toBe(3);
    expect(out[0]).toBe(`33:deal.propertyChange:${base.objectId}:${base.eventId}:dealstage`);
  });

  it("keeps one eventId on two objects, or two subscriptions, apart; and the same event redelivered the same", () => {
    const base = hubspotDealPropertyChange(2, 1_764_000_000_000);
    const out = ids([
      base,
      { ...base, objectId: 1 },
      { ...base, subscriptionType: "contact.propertyChange" },
      { ...base, portalId: 34 },
      { ...base, attemptNumber: 3 },
    ]);
    expect(new Set(out.slice(0, 4)).size).toBe(4);
    expect(out[4]).toBe(out[0]);
  });

  it("leaves out a missing or empty property name", () => {
    const e = { eventId: "7", portalId: "33", objectId: "9", subscriptionType: "contact.creation", occurredAt: 0 } as HubSpotEvent;
    expect(hubspotVendorEventId(e)).toBe("33:contact.creation:9:7");
    expect(hubspotVendorEventId({ ...e, propertyName: "" })).toBe("33:contact.creation:9:7");
  });
});
