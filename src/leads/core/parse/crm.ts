import { formatMinor, isKnownCurrency } from "../../../platform/money";
import { dayToIso, parseLooseDate } from "../dates";
import type { InputFormat, ParsedDocument } from "../types";
import { isRecord, newDoc, normKey, toIsoLoose } from "./common";

/** CRM field names (normalized by normKey) → what they mean to us. Anything else is ignored (AnnualRevenue too). */
const KEY_CLASSES: Array<[RegExp, Kind]> = [
  [/^(email|emailaddress|workemail|businessemail|contactemail|hsemail|mail)$/, "email"],
  [/^(firstname|first|givenname|fname)$/, "firstname"],
  [/^(lastname|last|surname|familyname|lname)$/, "lastname"],
  [/^(fullname|contactname|name)$/, "name"],
  [/^(company|companyname|organization|organisation|org|accountname|account|business|businessname|employer)$/, "company"],
  [
    /^(numemployees|numberofemployees|employees|employeecount|companysize|headcount|teamsize|staff|nbemployees|noofemployees)$/,
    "employees",
  ],
  [/^(budget|budgetamount|estimatedbudget|projectbudget|annualbudget|budgetrange|expectedbudget)$/, "budget"],
  [/^(amountminor|valueminor)$/, "amount_minor"],
  [/^(amount|value|dealvalue|dealamount|estimatedvalue)$/, "amount"],
  [/^(currency|currencycode|currencyisocode|dealcurrencycode)$/, "currency"],
  [
    /^(timeline|timeframe|purchasetimeline|purchasetimeframe|golivedate|targetdate|targetgolive|implementationdate|decisiondate)$/,
    "timeline",
  ],
  [
    /^(message|description|comments?|notes?|details|inquiry|enquiry|howcanwehelp|body|text|question|questions|requirements|projectdescription|additionalinformation|whatareyoulookingfor|usecase|request)$/,
    "text",
  ],
];
type Kind =
  | "email"
  | "firstname"
  | "lastname"
  | "name"
  | "company"
  | "employees"
  | "budget"
  | "amount_minor"
  | "amount"
  | "currency"
  | "timeline"
  | "text";

function classify(key: string): Kind | null {
  const k = normKey(key.split("/").pop() ?? key);
  for (const [re, kind] of KEY_CLASSES) if (re.test(k)) return kind;
  return null;
}

function scalar(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (isRecord(v) && (typeof v.value === "string" || typeof v.value === "number")) return scalar(v.value); // HubSpot v1 {value}
  return null;
}

/** Applies [field name, value] pairs from any CRM shape onto a document. */
function applyFields(doc: ParsedDocument, pairs: Array<[string, unknown]>): void {
  const got: Partial<Record<Kind, string>> = {};
  const texts: string[] = [];
  for (const [key, raw] of pairs) {
    const kind = classify(key);
    const v = scalar(raw);
    if (!kind || v === null) continue;
    if (kind === "text") texts.push(v);
    else got[kind] ??= v;
  }
  const name = got.name ?? ([got.firstname, got.lastname].filter(Boolean).join(" ") || null);
  if (got.email) {
    doc.structured.contact_email = got.email.toLowerCase();
    doc.sender.email = got.email.toLowerCase();
  }
  if (name) {
    doc.structured.contact_name = name;
    doc.sender.name = name;
  }
  if (got.company) doc.structured.company = got.company;
  if (got.employees) doc.structured.employees = got.employees;
  if (got.timeline) doc.structured.timeline = got.timeline;
  const currency = (got.currency ?? "USD").toUpperCase();
  if (got.budget) doc.structured.budget = got.budget;
  else if (got.amount_minor && /^\d+$/.test(got.amount_minor) && isKnownCurrency(currency)) {
    doc.structured.budget = `${formatMinor(Number(got.amount_minor), currency)} ${currency}`;
  } else if (got.amount && /^\d+(\.\d+)?$/.test(got.amount) && Number(got.amount) > 0) {
    doc.structured.budget = `${got.amount} ${isKnownCurrency(currency) ? currency : "USD"}`;
  }
  doc.text = texts.join("\n\n");
}

function setDate(doc: ParsedDocument, raw: unknown): void {
  const iso = toIsoLoose(raw);
  if (!iso) {
    doc.warnings.push("no record date: timelines count from receipt");
    return;
  }
  doc.referenceDate = iso;
  // Epoch numbers have no local clock; an ISO string keeps the day it was written with.
  const written = typeof raw === "string" && !/^\d+$/.test(raw) ? parseLooseDate(raw) : null;
  doc.referenceDay = written ? dayToIso(written.day) : iso.slice(0, 10);
}

export function isHubSpotForm(json: Record<string, unknown>): boolean {
  return Array.isArray(json.fields) && json.fields.some((f) => isRecord(f) && typeof f.name === "string" && "value" in f);
}

export function isSalesforceLead(json: Record<string, unknown>): boolean {
  if (isRecord(json.attributes) && json.attributes.type === "Lead") return true;
  return "LastName" in json && "Company" in json && ("CreatedDate" in json || "Status" in json);
}

export function isHubSpotContact(json: Record<string, unknown>): boolean {
  return (
    isRecord(json.properties) && ("vid" in json || "id" in json || "createdAt" in json || "portal-id" in json || "canonical-vid" in json)
  );
}

export function parseHubSpotForm(json: Record<string, unknown>, receivedAt: string): ParsedDocument {
  const doc = newDoc("crm_hubspot", receivedAt);
  const fields = (json.fields as unknown[]).filter(isRecord).map((f): [string, unknown] => [String(f.name), f.value]);
  applyFields(doc, fields);
  setDate(doc, json.submittedAt ?? json.submitted_at ?? json.timestamp);
  const id = scalar(json.conversionId) ?? scalar(json.submissionId);
  doc.externalId = id ? `hubspot:${id}` : null;
  return doc;
}

export function parseHubSpotContact(json: Record<string, unknown>, receivedAt: string): ParsedDocument {
  const doc = newDoc("crm_hubspot", receivedAt);
  const props = json.properties as Record<string, unknown>;
  applyFields(doc, Object.entries(props));
  setDate(doc, scalar(props.createdate) ?? json.createdAt ?? json.addedAt);
  const id = scalar(json.id) ?? scalar(json.vid) ?? scalar(json["canonical-vid"]);
  doc.externalId = id ? `hubspot:contact:${id}` : null;
  return doc;
}

export function parseSalesforceLead(json: Record<string, unknown>, receivedAt: string): ParsedDocument {
  const doc = newDoc("crm_salesforce", receivedAt);
  applyFields(doc, Object.entries(json));
  setDate(doc, json.CreatedDate ?? json.createdDate);
  const id = scalar(json.Id);
  doc.externalId = id ? `salesforce:${id}` : null;
  return doc;
}

/** Leaf [key, value] pairs of nested JSON (payload/data/lead/contact wrappers), depth-limited. */
function flatten(v: unknown, depth = 0, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (!isRecord(v) || depth > 4) return out;
  for (const [k, val] of Object.entries(v)) {
    if (isRecord(val) && !("value" in val && Object.keys(val).length <= 3)) flatten(val, depth + 1, out);
    else if (Array.isArray(val)) val.forEach((x) => flatten(x, depth + 1, out));
    else out.push([k, val]);
  }
  return out;
}

const DATE_KEYS = /^(submittedat|createdat|createddate|createdate|created|timestamp|occurredat|receivedat|date|eventtime|time)$/;
const ID_KEYS = /^(id|leadid|contactid|recordid|uuid|externalid)$/;

export function parseGenericCrm(json: Record<string, unknown>, receivedAt: string, format: InputFormat = "crm_generic"): ParsedDocument {
  const doc = newDoc(format, receivedAt);
  const pairs = flatten(json);
  applyFields(doc, pairs);
  const date = pairs.find(([k]) => DATE_KEYS.test(normKey(k)))?.[1];
  setDate(doc, date);
  const id = scalar(pairs.find(([k]) => ID_KEYS.test(normKey(k)))?.[1]);
  doc.externalId = id ? `crm:${id}` : null;
  return doc;
}

/**
 * A lead event from the webhook gateway (InternalEvent.data from HubSpot, Salesforce or the seed router):
 * same field vocabulary, the event's occurred_at as reference date.
 */
export function parseInternalEventLead(data: Record<string, unknown>, occurredAt: string): ParsedDocument {
  const doc = isSalesforceLead(data) ? parseSalesforceLead(data, occurredAt) : parseGenericCrm(data, occurredAt, "webhook");
  doc.format = "webhook";
  if (!doc.referenceDate || doc.warnings.some((w) => w.startsWith("no record date"))) {
    doc.referenceDate = toIsoLoose(occurredAt) ?? occurredAt;
    doc.referenceDay = doc.referenceDate.slice(0, 10);
    doc.warnings = doc.warnings.filter((w) => !w.startsWith("no record date"));
  }
  return doc;
}
