import { XMLParser, XMLValidator } from "fast-xml-parser";
import { BadRequest, InvalidInput } from "../../platform/errors";
import { sha256Hex, timingSafeEqualText } from "../../platform/crypto";
import { parseDecimalToMinor, isKnownCurrency } from "../../platform/money";
import { clip, isRecord, toInternalEvent, type NormalizedItem, type VerifyResult } from "./common";

/**
 * Salesforce Outbound Messaging: a SOAP 1.1 `notifications` message, up to 100 `Notification`s of
 * one sObject type. Salesforce does not sign outbound messages, so a delivery is authenticated by
 * two things it cannot get wrong: a secret token in the endpoint URL (configured in the outbound
 * message's Endpoint URL, compared in constant time) and the sending organization id, which must be
 * on our allow-list. Salesforce retries for 24 h until it gets the `Ack` envelope below.
 */
export const SALESFORCE_ACK =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
  '<soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body>' +
  "</soapenv:Envelope>";

/**
 * Path token check. Both sides are hashed first so the comparison is constant-time and of equal
 * length whatever the caller sends (a plain compare would leak the token's length).
 */
export async function verifySalesforceToken(given: string, expected: string[]): Promise<VerifyResult> {
  if (expected.length === 0) return { ok: false, reason: "no Salesforce path token configured" };
  const g = await sha256Hex(given);
  let match = false;
  for (const e of expected) match = timingSafeEqualText(g, await sha256Hex(e)) || match;
  return match ? { ok: true } : { ok: false, reason: "path token mismatch" };
}

const SF_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * Salesforce ids come as 15-character case-sensitive ids or 18-character case-insensitive-safe
 * ones (the 15 plus a 3-character checksum). Two ids are the same record when their first 15
 * characters are equal, case-sensitively.
 */
export function salesforceIdKey(id: string): string | null {
  return SF_ID.test(id) ? id.slice(0, 15) : null;
}

export function verifySalesforceOrg(organizationId: string, allowList: string[]): VerifyResult {
  const key = salesforceIdKey(organizationId);
  if (!key) return { ok: false, reason: "malformed OrganizationId" };
  if (allowList.some((allowed) => salesforceIdKey(allowed) === key)) return { ok: true };
  return { ok: false, reason: "organization not on the allow-list" };
}

export type SalesforceNotification = { id: string; sObjectType: string; fields: Record<string, string | null> };
export type SalesforceMessage = {
  organizationId: string;
  actionId: string | null;
  notifications: SalesforceNotification[];
};

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, jpath) => jpath === "Envelope.Body.notifications.Notification",
});

/** Parses the SOAP envelope; 400 for anything that is not well-formed XML, 422 for the wrong shape. */
export function parseSalesforceMessage(text: string): SalesforceMessage {
  // SOAP 1.1 forbids DTDs; refusing them also closes entity-expansion attacks.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new BadRequest("XML with a DTD is not accepted");
  let doc: unknown;
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new BadRequest(`Malformed XML: ${valid.err.msg.slice(0, 200)} (line ${valid.err.line})`);
    doc = parser.parse(text);
  } catch (cause) {
    if (cause instanceof BadRequest) throw cause;
    throw new BadRequest("Malformed XML", {}, { cause });
  }
  const notifications = path(doc, ["Envelope", "Body", "notifications"]);
  if (!isRecord(notifications)) throw new InvalidInput("Not a Salesforce outbound message: no soapenv:Envelope/Body/notifications");
  const organizationId = text1(notifications.OrganizationId);
  if (!organizationId) throw new InvalidInput("notifications.OrganizationId is missing");
  const list = notifications.Notification;
  if (!Array.isArray(list) || list.length === 0) throw new InvalidInput("notifications has no Notification");
  if (list.length > 200) throw new InvalidInput("too many Notification elements");
  const parsed = list.map((n, i): SalesforceNotification => {
    if (!isRecord(n)) throw new InvalidInput(`Notification ${i} is empty`);
    const id = text1(n.Id);
    const sObject = n.sObject;
    if (!id || !isRecord(sObject)) throw new InvalidInput(`Notification ${i} lacks Id or sObject`);
    const xsiType = text1(sObject["@_type"]) ?? "";
    const sObjectType = xsiType.includes(":") ? xsiType.slice(xsiType.indexOf(":") + 1) : xsiType;
    const fields: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(sObject)) {
      if (key.startsWith("@_") || key === "__proto__") continue;
      const v = text1(value);
      if (v !== undefined) fields[key] = v;
    }
    return { id, sObjectType, fields };
  });
  return { organizationId, actionId: text1(notifications.ActionId) ?? null, notifications: parsed };
}

function path(value: unknown, keys: string[]): unknown {
  let cur = value;
  for (const k of keys) {
    if (!isRecord(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** An element's text: a string, null for `xsi:nil="true"`, undefined for anything else (repeated or nested). */
function text1(value: unknown): string | null | undefined {
  if (typeof value === "string") return value;
  if (isRecord(value)) {
    if (value["@_nil"] === "true") return null;
    if (typeof value["#text"] === "string") return value["#text"];
  }
  return undefined;
}

function int(value: string | null | undefined): number | null {
  if (!value || !/^-?\d{1,15}(?:\.0+)?$/.test(value)) return null;
  return Number.parseInt(value, 10);
}

function money(value: string | null | undefined, currency: string): number | null {
  if (!value) return null;
  return parseDecimalToMinor(value, currency);
}

function s(value: string | null | undefined, max = 4000): string | null {
  return value ? clip(value, max) : null;
}

/** Lead → lead_create, Opportunity → deal_update; other sObjects are acknowledged and ignored. */
export function normalizeSalesforce(message: SalesforceMessage, receivedAt: string): NormalizedItem[] {
  return message.notifications.map((n): NormalizedItem => {
    const f = n.fields;
    const subject = f.Id;
    if (n.sObjectType !== "Lead" && n.sObjectType !== "Opportunity") {
      return { kind: "ignored", vendor_event_id: n.id, vendor_type: n.sObjectType || "unknown", reason: "sObject type not routed" };
    }
    if (!subject) throw new InvalidInput(`Notification ${n.id} has no sObject Id`);
    const base = {
      org_id: message.organizationId,
      action_id: message.actionId,
      sobject_type: n.sObjectType,
      last_modified: s(f.LastModifiedDate, 40),
    };
    // Multi-currency orgs send CurrencyIsoCode; otherwise the org's corporate currency, assumed USD.
    const iso = (f.CurrencyIsoCode ?? "USD").toUpperCase();
    const currency = isKnownCurrency(iso) ? iso : null;
    if (n.sObjectType === "Lead") {
      const name = [f.FirstName, f.LastName].filter(Boolean).join(" ");
      return {
        kind: "event",
        event: toInternalEvent({
          source: "salesforce",
          vendor_event_id: n.id,
          event_type: "lead_create",
          subject_id: subject,
          occurred_at: isoOr(f.CreatedDate ?? f.LastModifiedDate, receivedAt),
          data: {
            ...base,
            email: s(f.Email, 320),
            company: s(f.Company, 255),
            first_name: s(f.FirstName, 100),
            last_name: s(f.LastName, 100),
            name: name ? clip(name, 255) : null,
            title: s(f.Title, 255),
            phone: s(f.Phone, 50),
            website: s(f.Website, 255),
            industry: s(f.Industry, 100),
            country: s(f.Country, 100),
            number_of_employees: int(f.NumberOfEmployees),
            annual_revenue_minor: currency ? money(f.AnnualRevenue, currency) : null,
            currency,
            description: s(f.Description),
            lead_source: s(f.LeadSource, 100),
            status: s(f.Status, 100),
          },
        }),
      };
    }
    return {
      kind: "event",
      event: toInternalEvent({
        source: "salesforce",
        vendor_event_id: n.id,
        event_type: "deal_update",
        subject_id: subject,
        occurred_at: isoOr(f.LastModifiedDate ?? f.CreatedDate, receivedAt),
        data: {
          ...base,
          name: s(f.Name, 255),
          amount_minor: currency ? money(f.Amount, currency) : null,
          currency,
          stage_name: s(f.StageName, 100),
          probability: int(f.Probability),
          close_date: s(f.CloseDate, 40),
          account_id: s(f.AccountId, 18),
          type: s(f.Type, 100),
          lead_source: s(f.LeadSource, 100),
          is_won: bool(f.IsWon),
          is_closed: bool(f.IsClosed),
          description: s(f.Description),
        },
      }),
    };
  });
}

function bool(value: string | null | undefined): boolean | null {
  return value === "true" ? true : value === "false" ? false : null;
}

function isoOr(value: string | null | undefined, fallback: string): string {
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}
