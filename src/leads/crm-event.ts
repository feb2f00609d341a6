import { sha256Hex } from "../platform/crypto";
import { log } from "../platform/log";
import type { InternalEvent } from "../gateway/core/internal-event";
import type { ParsedDocument } from "./core/types";
import { parseInternalEventLead } from "./core/parse";
import { replay } from "./hand-off";
import { runPipeline } from "./pipeline";
import type { IngestOptions, IngestOutcome } from "./pipeline-types";
import { leadIdByExternalKey, readIngestContext } from "./store/leads";

/**
 * Webhook lead events (lead_create / lead_update from HubSpot, Salesforce, the seed router, generic
 * senders) through the same pipeline. Deduplicated by source + subject id, so every event of one
 * CRM record maps to one lead (and so to one Durable Object, named by the lead id).
 */
export async function ingestCrmEvent(env: Env, event: InternalEvent, opts: IngestOptions = {}): Promise<IngestOutcome> {
  const startedAt = opts.startedAt ?? performance.now();
  const externalKey = crmKey(event.source, event.subject_id);
  const contentSha = await sha256Hex(JSON.stringify({ source: event.source, subject_id: event.subject_id, data: event.data }));
  const { existing, catalog, rates } = await readIngestContext(env, contentSha, externalKey);
  if (existing) return replay(env, existing, startedAt);
  const doc: ParsedDocument = { ...eventDocument(event), format: "webhook", externalId: event.subject_id };
  return runPipeline(env, doc, {
    externalKey,
    contentSha,
    catalog,
    rates,
    receivedAt: new Date().toISOString(),
    startedAt,
    waitUntil: opts.waitUntil,
  });
}

/**
 * A CRM event's facts as a document. Its shape is the vendor's: one the parser cannot read still
 * becomes a lead (null fields, low confidence) so the CRM record keeps its one lead and DO.
 */
function eventDocument(event: InternalEvent): ParsedDocument {
  try {
    return parseInternalEventLead(event.data, event.occurred_at);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log(
      {
        event: "lead.event_unreadable",
        source: event.source,
        event_type: event.event_type,
        error: reason.slice(0, 200),
        outcome: "empty_lead",
      },
      "warn",
    );
    return {
      format: "webhook",
      text: "",
      referenceDate: event.occurred_at,
      externalId: event.subject_id,
      subject: null,
      sender: { email: null, name: null },
      structured: {},
      warnings: [`unreadable event data: ${reason.slice(0, 200)}`],
    };
  }
}

/**
 * The dedupe key of a CRM record, shared by webhook events and CRM records posted to /api/leads
 * (src/leads/core/parse/crm.ts keys those the same way). HubSpot lead events are about contacts.
 */
export function crmKey(source: string, subjectId: string): string {
  return source === "hubspot" ? `hubspot:contact:${subjectId}` : `${source}:${subjectId}`;
}

/** The lead id a CRM record was ingested as, if any (to name its Durable Object). */
export async function leadIdForCrmRecord(env: Env, source: string, subjectId: string): Promise<string | null> {
  return leadIdByExternalKey(env, crmKey(source, subjectId));
}
