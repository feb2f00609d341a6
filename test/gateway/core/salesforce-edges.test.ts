import { describe, expect, it } from "vitest";
import {
  normalizeSalesforce,
  parseSalesforceMessage,
  verifySalesforceOrg,
  verifySalesforceToken,
} from "../../../src/gateway/core/salesforce";
import { leadNotification, opportunityNotification, salesforceEnvelope, type SfNotification } from "../../fixtures/webhooks/salesforce";

const ORG = "00D5e000000TestOrg";
const AT = "2026-11-25T00:00:00.000Z";
const refused = (fn: () => unknown, kind: string, message: string | RegExp) =>
  expect(fn).toThrowError(
    expect.objectContaining({ kind, message: typeof message === "string" ? message : expect.stringMatching(message) }),
  );
const envelope = (inner: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
const one = (n: SfNotification) => normalizeSalesforce(parseSalesforceMessage(salesforceEnvelope(ORG, [n])), AT)[0];
const eventOf = (n: SfNotification) => {
  const item = one(n);
  if (item.kind !== "event") throw new Error("expected an event");
  return item.event;
};

describe("Salesforce verification reasons", () => {
  it("names why a token or an organization is refused", async () => {
    expect(await verifySalesforceToken("t", [])).toEqual({ ok: false, reason: "no Salesforce path token configured" });
    expect(await verifySalesforceToken("t", ["u"])).toEqual({ ok: false, reason: "path token mismatch" });
    expect(await verifySalesforceToken("u", ["t", "u", "v"])).toEqual({ ok: true });
    expect(verifySalesforceOrg("bad id", [ORG])).toEqual({ ok: false, reason: "malformed OrganizationId" });
    expect(verifySalesforceOrg("00D000000000099EAA", [ORG])).toEqual({ ok: false, reason: "organization not on the allow-list" });
    expect(verifySalesforceOrg(ORG, ["00D000000000099EAA", ORG])).toEqual({ ok: true });
  });
});

describe("Salesforce envelope refusals", () => {
  it("refuses a DTD and malformed XML as bad requests, naming the line", () => {
    refused(() => parseSalesforceMessage("<!DOCTYPE x><x/>"), "bad_request", "XML with a DTD is not accepted");
    refused(() => parseSalesforceMessage("<a>\n<b></a>"), "bad_request", /^Malformed XML: .+ \(line \d+\)$/);
  });

  it("refuses the wrong shape as invalid input, saying what is missing", () => {
    refused(() => parseSalesforceMessage(envelope("<other/>")), "invalid_input", /^Not a Salesforce outbound message/);
    refused(
      () => parseSalesforceMessage(envelope("<notifications><Notification/></notifications>")),
      "invalid_input",
      "notifications.OrganizationId is missing",
    );
    refused(
      () => parseSalesforceMessage(envelope(`<notifications><OrganizationId>${ORG}</OrganizationId></notifications>`)),
      "invalid_input",
      "notifications has no Notification",
    );
    refused(
      () =>
        parseSalesforceMessage(
          envelope(`<notifications><OrganizationId>${ORG}</OrganizationId><Notification></Notification></notifications>`),
        ),
      "invalid_input",
      "Notification 0 is empty",
    );
    refused(
      () =>
        parseSalesforceMessage(
          envelope(`<notifications><OrganizationId>${ORG}</OrganizationId><Notification><Id>N1</Id></Notification></notifications>`),
        ),
      "invalid_input",
      "Notification 0 lacks Id or sObject",
    );
    refused(
      () =>
        parseSalesforceMessage(
          envelope(
            `<notifications><OrganizationId>${ORG}</OrganizationId><Notification><sObject><Id>x</Id></sObject></Notification></notifications>`,
          ),
        ),
      "invalid_input",
      "Notification 0 lacks Id or sObject",
    );
  });

  it("takes 200 notifications and refuses 201", () => {
    const many = (k: number) =>
      Array.from({ length: k }, (_, i) => leadNotification(`04l${String(i).padStart(15, "0")}`, `00Q${String(i).padStart(15, "0")}`));
    expect(parseSalesforceMessage(salesforceEnvelope(ORG, many(200))).notifications).toHaveLength(200);
    refused(() => parseSalesforceMessage(salesforceEnvelope(ORG, many(201))), "invalid_input", "too many Notification elements");
  });

  it("reads the ActionId, the sObject type without its prefix, nil fields as null and skips attributes", () => {
    const msg = parseSalesforceMessage(
      salesforceEnvelope(ORG, [leadNotification("04l5e000000LeadN1A", "00Q5e000001LeadAAA")]).replace(
        "<sf:Title>VP Operations</sf:Title>",
        '<sf:Title xsi:nil="true"/><sf:Phone>+1 555</sf:Phone>',
      ),
    );
    expect(msg.actionId).toBe("04k5e000000TestAAA");
    const [n] = msg.notifications;
    expect(n.sObjectType).toBe("Lead");
    expect(n.fields.Title).toBeNull();
    expect(n.fields.Phone).toBe("+1 555");
    expect(Object.keys(n.fields).some((k) => k.startsWith("@_"))).toBe(false);
    const noPrefix = parseSalesforceMessage(
      envelope(
        `<notifications><OrganizationId>${ORG}</OrganizationId><Notification><Id>N1</Id><sObject type="Lead"><Id>x</Id></sObject></Notification></notifications>`,
      ),
    );
    expect(noPrefix.notifications[0]).toEqual({ id: "N1", sObjectType: "Lead", fields: { Id: "x" } });
    expect(noPrefix.actionId).toBeNull();
  });
});

describe("Salesforce normalization details", () => {
  it("names an unrouted sObject type, or 'unknown' when it has none", () => {
    const msg = { organizationId: ORG, actionId: null, notifications: [{ id: "N1", sObjectType: "", fields: { Id: "x" } }] };
    expect(normalizeSalesforce(msg, AT)).toEqual([
      { kind: "ignored", vendor_event_id: "N1", vendor_type: "unknown", reason: "sObject type not routed" },
    ]);
    expect(one({ id: "N2", type: "Contact", fields: { Id: "y" } })).toEqual({
      kind: "ignored",
      vendor_event_id: "N2",
      vendor_type: "Contact",
      reason: "sObject type not routed",
    });
  });

  it("refuses a routed notification without an sObject Id", () => {
    const msg = { organizationId: ORG, actionId: null, notifications: [{ id: "N1", sObjectType: "Lead", fields: {} }] };
    refused(() => normalizeSalesforce(msg, AT), "invalid_input", "Notification N1 has no sObject Id");
  });

  it("builds a lead's name from the parts it has, and leaves bad numbers and unknown currencies out", () => {
    const lead = leadNotification("04l5e000000LeadN1A", "00Q5e000001LeadAAA");
    const onlyLast = eventOf({ ...lead, fields: { ...lead.fields, FirstName: "", NumberOfEmployees: "45.5", CurrencyIsoCode: "xxx" } });
    expect(onlyLast.data).toMatchObject({
      name: "Scorpio",
      first_name: null,
      number_of_employees: null,
      currency: null,
      annual_revenue_minor: null,
    });
    const whole = eventOf({ ...lead, fields: { ...lead.fields, NumberOfEmployees: "450.00", CurrencyIsoCode: "eur" } });
    expect(whole.data).toMatchObject({ number_of_employees: 450, currency: "EUR", annual_revenue_minor: 1_250_000_000 });
    const none = eventOf({ ...lead, fields: { Id: "00Q5e000001LeadAAA", NumberOfEmployees: "12a" } });
    expect(none.data).toMatchObject({ name: null, number_of_employees: null, email: null });
    expect(eventOf({ ...lead, fields: { ...lead.fields, NumberOfEmployees: "x450" } }).data.number_of_employees).toBeNull();
    expect(eventOf({ ...lead, fields: { ...lead.fields, NumberOfEmployees: "-3" } }).data.number_of_employees).toBe(-3);
  });

  it("dates a lead by its creation and a deal by its last change, else the time received", () => {
    const lead = leadNotification("04l5e000000LeadN1A", "00Q5e000001LeadAAA");
    expect(eventOf({ ...lead, fields: { ...lead.fields, LastModifiedDate: "2026-11-22T00:00:00Z" } }).occurred_at).toBe(
      "2026-11-20T09:15:00.000Z",
    );
    expect(eventOf({ ...lead, fields: { ...lead.fields, CreatedDate: "garbage" } }).occurred_at).toBe(AT);
    const opp = opportunityNotification("04l5e000000OppN1AA", "0065e000001OppAAAA");
    expect(eventOf({ ...opp, fields: { ...opp.fields, CreatedDate: "2026-01-01T00:00:00Z" } }).occurred_at).toBe(
      "2026-11-21T10:00:00.000Z",
    );
    const { LastModifiedDate: _, ...noChange } = opp.fields;
    expect(eventOf({ ...opp, fields: { ...noChange, CreatedDate: "2026-01-01T00:00:00Z" } }).occurred_at).toBe("2026-01-01T00:00:00.000Z");
  });

  it("reads true, false and anything else for a deal's flags", () => {
    const opp = opportunityNotification("04l5e000000OppN1AA", "0065e000001OppAAAA");
    expect(eventOf({ ...opp, fields: { ...opp.fields, IsWon: "true", IsClosed: "yes" } }).data).toMatchObject({
      is_won: true,
      is_closed: null,
    });
    expect(eventOf(opp).data).toMatchObject({ is_won: false, is_closed: false });
  });
});
