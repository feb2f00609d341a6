import { EMAIL_RE, isOwnAddress } from "../parse/common";
import type { Field, ParsedDocument } from "../types";
import { found, none } from "./field";

/** The prospect's address: the form's email field, the sender, else the first non-own address in the text. Never ours. */
export function extractContactEmail(doc: ParsedDocument, body: string, ownDomains: readonly string[]): Field<string> {
  const structured = doc.structured.contact_email?.trim().toLowerCase();
  if (structured && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(structured) && !isOwnAddress(structured, ownDomains)) {
    return found(structured, doc.structured.contact_email ?? structured, 0.95);
  }
  const sender = doc.sender.email?.toLowerCase();
  if (sender && !isOwnAddress(sender, ownDomains)) return found(sender, doc.sender.email ?? sender, 0.9);
  for (const m of body.matchAll(EMAIL_RE)) {
    const e = m[0].toLowerCase().replace(/\.$/, "");
    if (!isOwnAddress(e, ownDomains)) return found(e, m[0], 0.8);
  }
  return none();
}

const INTRO = /\b(?:I'm|I am|my name is|this is|name:)\s+([A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+)?)/;

export function extractContactName(doc: ParsedDocument, body: string): Field<string> {
  const structured = doc.structured.contact_name?.trim();
  if (structured) return found(structured, structured, 0.95);
  const sender = doc.sender.name?.trim();
  if (sender && !/@/.test(sender)) return found(sender, sender, 0.85);
  const m = INTRO.exec(body);
  if (m) return found(m[1], m[0], 0.6);
  return none();
}
