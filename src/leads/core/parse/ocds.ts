/**
 * Open Contracting Data Standard JSON from public procurement portals: a release, a release package
 * ({releases: []}) or a record package ({records: [{compiledRelease | releases}]}). The buyer comes
 * from `buyer` or the party with the "buyer" role (else the procuring entity); the value from
 * tender.value (else planning.budget.amount); the timeline target from the contract period's start;
 * the tender deadline stays in the text as a deadline, never the timeline.
 */
import type { ParsedDocument } from "../types";
import { isRecord, newDoc, toIsoLoose } from "./common";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isRecord(v) ? v : {});
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function isOcds(json: Obj): boolean {
  if (Array.isArray(json.releases) && arr(json.releases).some((r) => isRecord(r) && ("ocid" in r || "tender" in r))) return true;
  if (Array.isArray(json.records) && arr(json.records).some((r) => isRecord(r) && ("ocid" in r || "compiledRelease" in r))) return true;
  return typeof json.ocid === "string" && (isRecord(json.tender) || Array.isArray(json.parties));
}

/** The release to read: the first of a package, a record's compiled release (else its last release). */
function releaseOf(json: Obj): Obj {
  const releases = arr(json.releases).filter(isRecord);
  if (releases.length) return releases[0];
  const record = arr(json.records).find(isRecord);
  if (record) {
    if (isRecord(record.compiledRelease)) return record.compiledRelease;
    const rs = arr(record.releases).filter(isRecord);
    if (rs.length) return rs[rs.length - 1];
  }
  return json;
}

function partyWithRole(parties: Obj[], role: string): Obj | undefined {
  return parties.find((p) => arr(p.roles).some((r) => typeof r === "string" && r.toLowerCase() === role.toLowerCase()));
}

function money(v: unknown): string | null {
  const o = obj(v);
  const amount = typeof o.amount === "number" ? o.amount : typeof o.amount === "string" ? Number(o.amount) : NaN;
  if (!Number.isFinite(amount) || amount <= 0) return null;
  return `${amount} ${str(o.currency) ?? ""}`.trim();
}

export function parseOcds(json: Obj, receivedAt: string): ParsedDocument {
  const rel = releaseOf(json);
  const date = toIsoLoose(rel.date) ?? toIsoLoose(json.publishedDate);
  const doc = newDoc("crm_generic", date ?? receivedAt);
  if (date) doc.referenceDay = date.slice(0, 10);
  else doc.warnings.push("no release date in the OCDS document: timelines count from receipt");
  const parties = arr(rel.parties).filter(isRecord);
  const tender = obj(rel.tender);
  const buyerRef = obj(rel.buyer);
  const buyerParty =
    (str(buyerRef.id) ? parties.find((p) => p.id === buyerRef.id) : undefined) ??
    partyWithRole(parties, "buyer") ??
    partyWithRole(parties, "procuringEntity");
  const buyer = str(buyerRef.name) ?? str(buyerParty?.name) ?? str(obj(tender.procuringEntity).name);
  const contact = obj(buyerParty?.contactPoint);
  if (buyer) doc.structured.company = buyer;
  const email = str(contact.email);
  if (email) {
    doc.structured.contact_email = email.toLowerCase();
    doc.sender = { email: email.toLowerCase(), name: str(contact.name) };
  }
  const value = money(tender.value) ?? money(obj(obj(rel.planning).budget).amount);
  if (value) doc.structured.budget = value;
  const start = str(obj(tender.contractPeriod).startDate) ?? str(obj(arr(rel.contracts).find(isRecord)?.period).startDate);
  if (start) doc.structured.timeline = start.slice(0, 10);
  doc.externalId = str(rel.ocid) ? `ocds:${str(rel.ocid)}${str(rel.id) ? `/${str(rel.id)}` : ""}` : null;
  const title = str(tender.title) ?? str(obj(rel.planning).rationale);
  doc.subject = title ? `Tender notice: ${title}` : "Tender notice";
  const deadline = str(obj(tender.tenderPeriod).endDate);
  doc.text = [
    `Tender notice issued by ${buyer ?? "an unnamed buyer"}.`,
    title,
    str(tender.description),
    deadline ? `Tenders are due by ${deadline.slice(0, 10)}.` : null,
  ]
    .filter(Boolean)
    .join("\n");
  return doc;
}
