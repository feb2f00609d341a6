/**
 * The contract between the ingestion domain (src/leads/core/, pure functions) and the service around
 * it (src/leads/ingest.ts, src/routes/leads.ts). Pure data only: no bindings.
 */
export type InputFormat = "email" | "pdf" | "chat" | "crm_hubspot" | "crm_salesforce" | "crm_generic" | "webhook";

export const INTENTS = ["purchase", "info_request", "support", "spam"] as const;
export type Intent = (typeof INTENTS)[number];

/** A raw input as it arrived: bytes plus its media type (multipart already unwrapped). */
export type RawInput = {
  bytes: Uint8Array;
  /** Lower-cased media type without parameters: message/rfc822, application/pdf, text/plain, application/json. */
  contentType: string;
  filename?: string | null;
  /** ISO 8601 UTC time the Worker received it: the reference date when the input has none. */
  receivedAt: string;
};

/** A parsed document: the text to extract from, and what the format itself tells us. */
export type ParsedDocument = {
  format: InputFormat;
  /** Prospect-authored text (chat: the prospect's turns; email: the body and readable attachments). */
  text: string;
  /** ISO 8601 UTC reference date for relative timelines (email Date, RFP issue date, chat start, submittedAt). */
  referenceDate: string;
  /** A stable id for deduplication when the format has one (email Message-ID, CRM record id). */
  externalId: string | null;
  subject: string | null;
  sender: { email: string | null; name: string | null };
  /** Fields the source states structurally (CRM form fields, Salesforce Lead columns), by our names. */
  structured: Partial<Record<"company" | "contact_email" | "contact_name" | "employees" | "budget" | "timeline", string>>;
  /** Warnings about what could not be read (encrypted PDF attachment, undecodable charset...). */
  warnings: string[];
  /**
   * The reference day (YYYY-MM-DD) on the message's own clock (the Date header's local date), when it
   * differs from referenceDate's UTC day. Timelines count calendar days from it.
   */
  referenceDay?: string;
  /** Text a reader never sees (HTML comments, hidden elements): read by the injection detector only. */
  hiddenText?: string;
};

/** Every extracted field carries its value, the exact text span it came from, and a confidence. */
export type Field<T> = { value: T | null; evidence: string | null; confidence: number };

export type Budget = { amount_minor: number; currency: string };

export type Extraction = {
  company: Field<string>;
  contact_email: Field<string>;
  contact_name: Field<string>;
  employees: Field<number>;
  budget: Field<Budget>;
  timeline_weeks: Field<number>;
  intent: Field<Intent>;
  products: Field<string[]>;
  injection: { attempt: boolean; evidence: string[] };
  /** Debug output: the candidates each field did not keep (best first), with their evidence. */
  runnersUp?: Partial<Record<"company" | "budget" | "employees" | "timeline_weeks", Array<Field<unknown>>>>;
};

export type ScoreBreakdown = { size: number; budget: number; urgency: number; score: number };

/** The lead as the API returns it and as it is handed to its negotiation Durable Object. */
export type LeadRecord = {
  id: string;
  source: InputFormat;
  company: string | null;
  contact_email: string | null;
  contact_name: string | null;
  employees: number | null;
  budget: { amount_minor: number; currency: string; usd: number | null } | null;
  timeline_weeks: number | null;
  intent: Intent | null;
  products: string[];
  injection_attempt: boolean;
  injection_evidence: string[];
  score: number;
  score_breakdown: ScoreBreakdown;
  qualified: boolean;
  /** qualified | nurture | disqualified at ingestion; then the negotiation stages. */
  stage: string;
  stage_reason: string | null;
  received_at: string;
  reference_date: string;
  /** Seats/users/licences the prospect asks for, else the team size (src/leads/core/seats.ts); sizes the first proposal. */
  sizing?: { seats: number | null; team: number | null; evidence: string | null };
};

/** The lead as the API answers it: the record plus every field's value, evidence and confidence. */
export type LeadView = LeadRecord & { fields: Record<string, Field<unknown>> };
