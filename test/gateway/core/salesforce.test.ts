import { describe, expect, it } from "vitest";
import {
  normalizeSalesforce,
  parseSalesforceMessage,
  salesforceIdKey,
  verifySalesforceOrg,
  verifySalesforceToken,
} from "../../../src/gateway/core/salesforce";
import { leadNotification, opportunityNotification, salesforceEnvelope } from "../../fixtures/webhooks/salesforce";

const ORG = "00D5e000000TestOrg";

describe("Salesforce outbound message authentication", () => {
  it("accepts the path token only when it matches exactly", async () => {
    expect(await verifySalesforceToken("tok-123", ["tok-123"])).toEqual({ ok: true });
    expect((await verifySalesforceToken("tok-12", ["tok-123"])).ok).toBe(false);
    expect((await verifySalesforceToken("TOK-123", ["tok-123"])).ok).toBe(false);
    expect((await verifySalesforceToken("tok-123", [])).ok).toBe(false);
  });

  it("compares 15- and 18-character organization ids by their case-sensitive 15-character key", () => {
    expect(verifySalesforceOrg("00D5e000000Test", [ORG]).ok).toBe(true);
    expect(verifySalesforceOrg("00D5e000000TestOrg", ["00D5e000000Test"]).ok).toBe(true);
    expect(verifySalesforceOrg("00D5e000000TESTOrg", [ORG]).ok).toBe(false);
    expect(verifySalesforceOrg("00D000000000099EAA", [ORG]).ok).toBe(false);
    expect(verifySalesforceOrg("00D5e000000Test'; --", [ORG]).ok).toBe(false);
    expect(salesforceIdKey("short")).toBeNull();
  });
});

describe("Salesforce outbound message parsing and normalization", () => {
  it("maps a Lead notification to lead_create with its fields", () => {
    const msg = parseSalesforceMessage(salesforceEnvelope(ORG, [leadNotification("04l5e000000LeadN1A", "00Q5e000001LeadAAA")]));
    expect(msg.organizationId).toBe(ORG);
    const [item] = normalizeSalesforce(msg, "2026-11-25T00:00:00.000Z");
    expect(item.kind === "event" && item.event).toMatchObject({
      source: "salesforce",
      vendor_event_id: "04l5e000000LeadN1A",
      event_type: "lead_create",
      subject_id: "00Q5e000001LeadAAA",
      occurred_at: "2026-11-20T09:15:00.000Z",
      data: {
        email: "hank.scorpio@globex.example",
        company: "Globex & Sons",
        first_name: "Hank",
        last_name: "Scorpio",
        name: "Hank Scorpio",
        number_of_employees: 450,
        annual_revenue_minor: 1250000000,
        currency: "USD",
        description: "Needs 120 seats before Q1; budget approved <EUR 90k>.",
        lead_source: "Web",
        org_id: ORG,
      },
    });
  });

  it("maps an Opportunity to deal_update with the amount in minor units and its stage", () => {
    const msg = parseSalesforceMessage(salesforceEnvelope(ORG, [opportunityNotification("04l5e000000OppN1AA", "0065e000001OppAAAA")]));
    const [item] = normalizeSalesforce(msg, "2026-11-25T00:00:00.000Z");
    expect(item.kind === "event" && item.event).toMatchObject({
      event_type: "deal_update",
      subject_id: "0065e000001OppAAAA",
      data: {
        amount_minor: 7500050,
        currency: "USD",
        stage_name: "Negotiation/Review",
        probability: 60,
        is_won: false,
        close_date: "2026-12-31",
      },
    });
  });

  it("handles several notifications and acknowledges other sObject types without routing them", () => {
    const xml = salesforceEnvelope(ORG, [
      leadNotification("04l000000000001AAA", "00Q000000000001AAA"),
      { id: "04l000000000002AAA", type: "Contact", fields: { Id: "003000000000001AAA" } },
    ]);
    const items = normalizeSalesforce(parseSalesforceMessage(xml), "2026-11-25T00:00:00.000Z");
    expect(items.map((i) => i.kind)).toEqual(["event", "ignored"]);
  });

  it("refuses malformed XML and DTDs with 400 and the wrong envelope with 422", () => {
    expect(() => parseSalesforceMessage("<soapenv:Envelope><broken>")).toThrowError(expect.objectContaining({ kind: "bad_request" }));
    expect(() => parseSalesforceMessage('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')).toThrowError(
      expect.objectContaining({ kind: "bad_request" }),
    );
    expect(() => parseSalesforceMessage("<Envelope><Body><other/></Body></Envelope>")).toThrowError(
      expect.objectContaining({ kind: "invalid_input" }),
    );
    const noNotifications = salesforceEnvelope(ORG, []);
    expect(() => parseSalesforceMessage(noNotifications)).toThrowError(expect.objectContaining({ kind: "invalid_input" }));
  });
});
