import { headerSafe, isValidEmail } from "../../platform/header-safe";
import type { Extraction, Field } from "./types";

/**
 * The fields a lead's mail is later written from (the recipient, the subject's company, the
 * greeting's name), made safe before they are stored: whatever the source (a CRM record, a form,
 * an e-mail, the AI), no CR/LF or other control character survives, and an address that is not a
 * plain valid one is stored as null, its evidence saying why.
 */
export function headerSafeContact(x: Extraction): Extraction {
  return { ...x, company: safeText(x.company), contact_name: safeText(x.contact_name), contact_email: safeEmail(x.contact_email) };
}

function safeText(f: Field<string>): Field<string> {
  if (f.value === null) return f;
  const value = headerSafe(f.value);
  return value === f.value ? f : { ...f, value: value || null, confidence: value ? f.confidence : 0 };
}

function safeEmail(f: Field<string>): Field<string> {
  if (f.value === null || isValidEmail(f.value)) return f;
  const shown = headerSafe(f.value).slice(0, 120);
  return { value: null, evidence: `refused: not a valid e-mail address ("${shown}")`, confidence: 0 };
}
