import { BadRequest, InvalidInput, Refusal } from "../platform/errors";
import { sha256Hex } from "../platform/crypto";
import { log } from "../platform/log";
import type { ParsedDocument, RawInput } from "./core/types";
import { parseInput } from "./core/parse";
import { replay } from "./hand-off";
import { runPipeline } from "./pipeline";
import type { IngestOptions, IngestOutcome } from "./pipeline-types";
import { readIngestContext } from "./store/leads";

/**
 * Ingestion, one file per way in: a document posted to /api/leads (here), a CRM event from the
 * gateway (crm-event.ts); both then run pipeline.ts, and a duplicate is answered by hand-off.ts's
 * replay. The names other modules import stay reachable from here.
 */
export { crmKey, ingestCrmEvent, leadIdForCrmRecord } from "./crm-event";
export { retryPendingHandOffs } from "./hand-off";
export type { IngestOptions, IngestOutcome, LeadView } from "./pipeline-types";

/**
 * Journey 2: parse → extract (+ AI merge when on) → fx → score → qualify → ONE atomic insert →
 * route qualified leads to their Durable Object. A duplicate (same dedupe key or same bytes) returns
 * the stored lead and writes nothing.
 */
export async function ingestLead(env: Env, raw: RawInput, opts: IngestOptions = {}): Promise<IngestOutcome> {
  const startedAt = opts.startedAt ?? performance.now();
  assertReadable(raw);
  const contentSha = await sha256Hex(raw.bytes);
  const { existing, catalog, rates } = await readIngestContext(env, contentSha, null);
  if (existing) return replay(env, existing, startedAt);

  let doc: ParsedDocument;
  try {
    doc = await parseInput(raw);
  } catch (cause) {
    if (cause instanceof Refusal) throw cause;
    // A parser refusing the bytes is the client's input, not our fault: a clear 422, logged.
    const reason = cause instanceof Error ? cause.message : String(cause);
    log(
      {
        event: "lead.unreadable",
        content_type: raw.contentType,
        bytes: raw.bytes.byteLength,
        error: reason.slice(0, 200),
        outcome: "rejected",
      },
      "warn",
    );
    throw new InvalidInput(`The ${raw.contentType} body could not be read: ${reason.slice(0, 200)}`, {}, { cause });
  }
  const externalKey = opts.externalKey !== undefined ? opts.externalKey : dedupeKeyFor(doc);
  return runPipeline(env, doc, {
    externalKey,
    contentSha,
    catalog,
    rates,
    receivedAt: raw.receivedAt,
    startedAt,
    waitUntil: opts.waitUntil,
  });
}

/** Cheap refusals before any parsing: nothing to read, or bytes that cannot be what they claim. */
function assertReadable(raw: RawInput): void {
  if (raw.bytes.byteLength === 0) throw new BadRequest("The body is empty: send the lead as an email, PDF, chat transcript or CRM record");
  if (raw.contentType === "application/pdf" && !looksLikePdf(raw.bytes)) {
    throw new InvalidInput("The body is not a PDF (no %PDF- header)");
  }
  if (raw.contentType === "application/json") {
    try {
      JSON.parse(new TextDecoder().decode(raw.bytes));
    } catch {
      throw new BadRequest("The body is not valid JSON");
    }
  }
}

function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk (PDF readers accept it within the first KB).
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

/**
 * The dedupe key of a parsed input. The parser already namespaces CRM record ids the way webhook
 * events are keyed (`salesforce:<Id>`, `hubspot:contact:<id>`); mail and chat ids get their format.
 */
function dedupeKeyFor(doc: ParsedDocument): string | null {
  if (!doc.externalId) return null;
  if (doc.format === "email" || doc.format === "chat" || doc.format === "pdf") return `${doc.format}:${doc.externalId}`;
  return doc.externalId;
}
