import { getConfig } from "../config";
import { BadRequest, InvalidInput, Refusal } from "../platform/errors";
import { sha256Hex } from "../platform/crypto";
import { newId } from "../platform/ids";
import { elapsedMs, log, maskEmail } from "../platform/log";
import type { InternalEvent } from "../gateway/core/internal-event";
import type { Extraction, Field, InputFormat, LeadRecord, ParsedDocument, RawInput, ScoreBreakdown } from "./core/types";
import { aiExtract } from "./ai-extract";
import { mergeAi } from "./core/ai-merge";
import { extractLead } from "./core/extract";
import { toUsdMinor, usdUnits } from "./core/fx";
import { parseInput, parseInternalEventLead } from "./core/parse";
import { qualify, scoreLead } from "./core/score";
import { recordActivity } from "../platform/activity";

/** The lead as the API answers it: the record plus every field's value, evidence and confidence. */
export type LeadView = LeadRecord & { fields: Record<string, Field<unknown>> };

export type IngestOutcome = {
  lead: LeadView;
  /** True when the same input (dedupe key or content hash) was already ingested: nothing new was written. */
  duplicate: boolean;
  /** The routing decision (qualify → stage) plus the hand-off to the lead's Durable Object (openLead). */
  routing_ms: number;
  latency_ms: number;
};

export type IngestOptions = {
  /** performance.now() at the start of the request, for the end-to-end latency in the log line. */
  startedAt?: number;
  requestId?: string;
  /** Overrides the dedupe key the document would give (webhook events: source + subject id). */
  externalKey?: string | null;
  /** ctx.waitUntil when there is a request context: the activity record then runs after the response. */
  waitUntil?: (p: Promise<unknown>) => void;
};

/**
 * Journey 2: parse → extract (+ AI merge when on) → fx → score → qualify → ONE atomic insert →
 * route qualified leads to their Durable Object. A duplicate (same dedupe key or same bytes) returns
 * the stored lead and writes nothing.
 */
export async function ingestLead(env: Env, raw: RawInput, opts: IngestOptions = {}): Promise<IngestOutcome> {
  const startedAt = opts.startedAt ?? performance.now();
  assertReadable(raw);
  const contentSha = await sha256Hex(raw.bytes);
  const { existing, catalog, rates } = await readContext(env, contentSha);
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

/**
 * Webhook lead events (lead_create / lead_update from HubSpot, Salesforce, the seed router, generic
 * senders) through the same pipeline. Deduplicated by source + subject id, so every event of one
 * CRM record maps to one lead (and so to one Durable Object, named by the lead id).
 */
export async function ingestCrmEvent(env: Env, event: InternalEvent, opts: IngestOptions = {}): Promise<IngestOutcome> {
  const startedAt = opts.startedAt ?? performance.now();
  const externalKey = crmKey(event.source, event.subject_id);
  const contentSha = await sha256Hex(JSON.stringify({ source: event.source, subject_id: event.subject_id, data: event.data }));
  const { existing, catalog, rates } = await readContext(env, contentSha, externalKey);
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
  const row = await env.DB.prepare("SELECT id FROM leads WHERE external_id = ?").bind(crmKey(source, subjectId)).first<{ id: string }>();
  return row?.id ?? null;
}

export async function getLead(env: Env, id: string): Promise<LeadView | null> {
  const row = await env.DB.prepare("SELECT * FROM leads WHERE id = ?").bind(id).first<LeadRow>();
  return row ? toView(row) : null;
}

export type LeadPageQuery = { stage?: string; minScore?: number; limit: number; after?: { receivedAt: string; id: string } };

/** Newest first, in the stable order (received_at DESC, id DESC); keyset pagination, no OFFSET. */
export async function listLeads(
  env: Env,
  q: LeadPageQuery,
): Promise<{ leads: LeadView[]; next: { receivedAt: string; id: string } | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.stage) {
    where.push("stage = ?");
    params.push(q.stage);
  }
  if (q.minScore !== undefined) {
    where.push("score >= ?");
    params.push(q.minScore);
  }
  if (q.after) {
    where.push("(received_at < ? OR (received_at = ? AND id < ?))");
    params.push(q.after.receivedAt, q.after.receivedAt, q.after.id);
  }
  const sql = `SELECT * FROM leads ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY received_at DESC, id DESC LIMIT ?`;
  const { results } = await env.DB.prepare(sql)
    .bind(...params, q.limit + 1)
    .all<LeadRow>();
  const page = results.slice(0, q.limit);
  const last = page[page.length - 1];
  return { leads: page.map(toView), next: results.length > q.limit && last ? { receivedAt: last.received_at, id: last.id } : null };
}

// ---------------------------------------------------------------------------------------------

type Catalog = Array<{ sku: string; name: string }>;
type Rates = Record<string, number>;

type PipelineInput = {
  externalKey: string | null;
  contentSha: string;
  catalog: Catalog;
  rates: Rates;
  receivedAt: string;
  startedAt: number;
  waitUntil?: (p: Promise<unknown>) => void;
};

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

/** One D1 round trip for everything the pipeline needs before parsing (and an early duplicate check). */
async function readContext(
  env: Env,
  contentSha: string,
  externalKey: string | null = null,
): Promise<{ existing: LeadRow | null; catalog: Catalog; rates: Rates }> {
  const [dup, products, fx] = await env.DB.batch([
    env.DB.prepare("SELECT * FROM leads WHERE content_sha256 = ? OR external_id = ? LIMIT 1").bind(contentSha, externalKey),
    env.DB.prepare("SELECT sku, name FROM products WHERE active = 1 ORDER BY sku"),
    env.DB.prepare("SELECT currency, usd_rate_ppm FROM fx_rates"),
  ]);
  const rates: Rates = {};
  for (const r of fx.results as Array<{ currency: string; usd_rate_ppm: number }>) rates[r.currency] = r.usd_rate_ppm;
  return { existing: (dup.results[0] as LeadRow | undefined) ?? null, catalog: products.results as Catalog, rates };
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

async function runPipeline(env: Env, doc: ParsedDocument, input: PipelineInput): Promise<IngestOutcome> {
  const cfg = getConfig(env);
  let extraction: Extraction = extractLead(doc, { catalog: input.catalog });
  if (cfg.AI_MODE === "on") {
    // aiExtract never throws by contract (src/platform/ai.ts answers null on failure); the guard keeps a
    // broken merge from costing the lead: the rules' extraction stands.
    try {
      const ai = await aiExtract(env, doc);
      if (ai) extraction = mergeAi(extraction, ai, doc.text);
    } catch (err) {
      log({ event: "lead.ai_merge_failed", error: err instanceof Error ? err.message : String(err), outcome: "fallback" }, "warn");
    }
  }

  const budget = extraction.budget.value;
  const usdMinor = budget ? toUsdMinor(budget, input.rates) : null;
  const breakdown = scoreLead({
    employees: extraction.employees.value,
    budget_usd: usdUnits(usdMinor),
    timeline_weeks: extraction.timeline_weeks.value,
  });

  // The routing decision: qualification rule → stage (here), then the hand-off of a qualified lead
  // to its Durable Object (after the insert). routing_ms is the sum of both, without the insert.
  const decisionStart = performance.now();
  const verdict = qualify({
    score: breakdown.score,
    intent: extraction.intent.value,
    injection_attempt: extraction.injection.attempt,
    minScore: cfg.QUALIFY_MIN_SCORE,
  });
  const decisionMs = elapsedMs(decisionStart);
  const now = new Date().toISOString();
  const id = newId("lead");
  const row: LeadRow = {
    id,
    source: doc.format,
    external_id: input.externalKey,
    content_sha256: input.contentSha,
    company: extraction.company.value,
    contact_email: extraction.contact_email.value,
    contact_name: extraction.contact_name.value,
    employees: extraction.employees.value,
    budget_amount_minor: budget?.amount_minor ?? null,
    budget_currency: budget?.currency ?? null,
    budget_usd_minor: usdMinor,
    timeline_weeks: extraction.timeline_weeks.value,
    intent: extraction.intent.value,
    products_json: JSON.stringify(extraction.products.value ?? []),
    injection_attempt: extraction.injection.attempt ? 1 : 0,
    injection_evidence_json: JSON.stringify(extraction.injection.evidence),
    score: breakdown.score,
    score_breakdown_json: JSON.stringify(breakdown),
    qualified: verdict.qualified ? 1 : 0,
    stage: verdict.stage,
    stage_reason: verdict.reason,
    fields_json: JSON.stringify(fieldsOf(extraction)),
    routing_status: verdict.qualified ? "pending" : "none",
    routed_at: null,
    reference_date: doc.referenceDate,
    received_at: input.receivedAt,
    updated_at: now,
  };

  // The whole lead in ONE statement: it exists completely or not at all. The unique external_id and
  // content_sha256 decide atomically which of two concurrent copies is first.
  const cols = Object.keys(row) as Array<keyof LeadRow>;
  const inserted = await env.DB.prepare(
    `INSERT INTO leads (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING RETURNING id`,
  )
    .bind(...cols.map((k) => row[k]))
    .first<{ id: string }>();
  if (!inserted) {
    const prior = await env.DB.prepare("SELECT * FROM leads WHERE external_id = ? OR content_sha256 = ? LIMIT 1")
      .bind(input.externalKey, input.contentSha)
      .first<LeadRow>();
    if (!prior) throw new Error("lead vanished between insert and read");
    return replay(env, prior, input.startedAt);
  }

  const lead = toView(row);
  // The hand-off is awaited: a 201 means the lead's Durable Object has it. (Deferring it with
  // waitUntil was measured and rejected: locally the DO shares workerd's thread, so the response
  // was no faster, and callers could then race the DO.) A failure leaves routing_status pending.
  const handOffStart = performance.now();
  const handedOff = verdict.qualified ? await handOff(env, lead) : null;
  const routingMs = round3(decisionMs + (verdict.qualified ? elapsedMs(handOffStart) : 0));
  const latencyMs = elapsedMs(input.startedAt);
  log({
    event: "lead.ingested",
    lead_id: id,
    format: doc.format,
    contact: maskEmail(lead.contact_email),
    score: lead.score,
    stage: lead.stage,
    injection_attempt: lead.injection_attempt,
    routing: handedOff === null ? "d1" : handedOff ? "durable_object" : "pending",
    routing_ms: routingMs,
    latency_ms: latencyMs,
    outcome: "created",
  });
  const activity = recordActivity(env, {
    agent: "ingestion",
    action: verdict.qualified ? "lead.qualified" : `lead.${verdict.stage}`,
    entity: "lead",
    entity_id: id,
    latency_ms: latencyMs,
    detail: {
      format: doc.format,
      score: lead.score,
      stage: lead.stage,
      reason: lead.stage_reason,
      routing_ms: routingMs,
      injection_attempt: lead.injection_attempt,
    },
  });
  if (input.waitUntil) input.waitUntil(activity);
  else await activity;
  return { lead, duplicate: false, routing_ms: routingMs, latency_ms: latencyMs };
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Opens the lead in its Durable Object (named by the lead id). The row is already complete with
 * stage `qualified` and routing_status `pending`; a failure here leaves it so, logged, and the next
 * delivery of the same input retries (openLead is idempotent).
 */
async function handOff(env: Env, lead: LeadView): Promise<boolean> {
  const { fields: _fields, ...record } = lead;
  try {
    await env.LEAD_NEGOTIATION.getByName(lead.id).openLead(record);
    await env.DB.prepare("UPDATE leads SET routing_status = 'routed', routed_at = ? WHERE id = ? AND routing_status = 'pending'")
      .bind(new Date().toISOString(), lead.id)
      .run();
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log({ event: "lead.routing_failed", lead_id: lead.id, error: message.slice(0, 200), outcome: "pending" }, "error");
    await recordActivity(env, {
      agent: "ingestion",
      action: "lead.routing_failed",
      entity: "lead",
      entity_id: lead.id,
      outcome: "error",
      detail: { error: message.slice(0, 200) },
    });
    return false;
  }
}

/**
 * Sweeps qualified leads whose hand-off failed (routing_status pending) and opens them in their
 * Durable Object again; openLead is idempotent, so a sweep racing a live request does no harm.
 * Meant for the cron trigger (`scheduled()`); returns how many were handed off.
 */
export async function retryPendingHandOffs(
  env: Env,
  opts: { olderThanMs?: number; limit?: number } = {},
): Promise<{ tried: number; routed: number }> {
  const before = new Date(Date.now() - (opts.olderThanMs ?? 60_000)).toISOString();
  const { results } = await env.DB.prepare(
    "SELECT * FROM leads WHERE routing_status = 'pending' AND updated_at <= ? ORDER BY received_at LIMIT ?",
  )
    .bind(before, opts.limit ?? 50)
    .all<LeadRow>();
  let routed = 0;
  for (const row of results) if (await handOff(env, toView(row))) routed++;
  if (results.length)
    log({ event: "lead.handoff_sweep", tried: results.length, routed, outcome: routed === results.length ? "ok" : "partial" });
  return { tried: results.length, routed };
}

/** A duplicate: answer the stored lead; finish a hand-off an earlier attempt left pending. */
async function replay(env: Env, row: LeadRow, startedAt: number): Promise<IngestOutcome> {
  const lead = toView(row);
  const handOffStart = performance.now();
  const retried = row.routing_status === "pending" ? await handOff(env, lead) : null;
  const routingMs = retried === null ? 0 : elapsedMs(handOffStart);
  const latencyMs = elapsedMs(startedAt);
  log({
    event: "lead.duplicate",
    lead_id: lead.id,
    format: lead.source,
    stage: lead.stage,
    routing: retried === null ? row.routing_status : retried ? "routed" : "pending",
    routing_ms: routingMs,
    latency_ms: latencyMs,
    outcome: "replayed",
  });
  return { lead, duplicate: true, routing_ms: routingMs, latency_ms: latencyMs };
}

function fieldsOf(x: Extraction): Record<string, Field<unknown>> {
  return {
    company: x.company,
    contact_email: x.contact_email,
    contact_name: x.contact_name,
    employees: x.employees,
    budget: x.budget,
    timeline_weeks: x.timeline_weeks,
    intent: x.intent,
    products: x.products,
  };
}

/** The D1 row, column for column (see src/db/schema/leads.ts). */
export type LeadRow = {
  id: string;
  source: string;
  external_id: string | null;
  content_sha256: string;
  company: string | null;
  contact_email: string | null;
  contact_name: string | null;
  employees: number | null;
  budget_amount_minor: number | null;
  budget_currency: string | null;
  budget_usd_minor: number | null;
  timeline_weeks: number | null;
  intent: string | null;
  products_json: string;
  injection_attempt: number;
  injection_evidence_json: string;
  score: number;
  score_breakdown_json: string;
  qualified: number;
  stage: string;
  stage_reason: string | null;
  fields_json: string;
  routing_status: string;
  routed_at: string | null;
  reference_date: string;
  received_at: string;
  updated_at: string;
};

export function toView(r: LeadRow): LeadView {
  return {
    id: r.id,
    source: r.source as InputFormat,
    company: r.company,
    contact_email: r.contact_email,
    contact_name: r.contact_name,
    employees: r.employees,
    budget:
      r.budget_amount_minor === null || r.budget_currency === null
        ? null
        : { amount_minor: r.budget_amount_minor, currency: r.budget_currency, usd: r.budget_usd_minor },
    timeline_weeks: r.timeline_weeks,
    intent: r.intent as LeadRecord["intent"],
    products: JSON.parse(r.products_json) as string[],
    injection_attempt: Boolean(r.injection_attempt),
    injection_evidence: JSON.parse(r.injection_evidence_json) as string[],
    score: r.score,
    score_breakdown: JSON.parse(r.score_breakdown_json) as ScoreBreakdown,
    qualified: Boolean(r.qualified),
    stage: r.stage,
    stage_reason: r.stage_reason,
    received_at: r.received_at,
    reference_date: r.reference_date,
    fields: JSON.parse(r.fields_json) as Record<string, Field<unknown>>,
  };
}
