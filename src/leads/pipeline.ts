import { getConfig } from "../config";
import { newId } from "../platform/ids";
import { elapsedMs, log, maskEmail } from "../platform/log";
import { recordActivity } from "../platform/activity";
import type { Extraction, Field, ParsedDocument } from "./core/types";
import { aiExtract } from "./ai-extract";
import { mergeAi } from "./core/ai-merge";
import { headerSafeContact } from "./core/contact-fields";
import { extractLead } from "./core/extract";
import { maskInjection } from "./core/injection";
import { seatHints } from "./core/seats";
import { toUsdMinor, usdUnits } from "./core/fx";
import { qualify, scoreLead } from "./core/score";
import { handOff, replay } from "./hand-off";
import type { IngestOutcome } from "./pipeline-types";
import { findLeadByInput, insertLead, toView, type Catalog, type LeadRow, type Rates } from "./store/leads";

export type PipelineInput = {
  externalKey: string | null;
  contentSha: string;
  catalog: Catalog;
  rates: Rates;
  receivedAt: string;
  startedAt: number;
  waitUntil?: (p: Promise<unknown>) => void;
};

/**
 * What every source shares once it is a document: extract (+ AI merge when on) → header-safe
 * contact fields → fx → score → qualify → ONE atomic insert → hand a qualified lead to its Durable
 * Object. Losing the insert race to a copy of the same input answers that copy's lead.
 */
export async function runPipeline(env: Env, doc: ParsedDocument, input: PipelineInput): Promise<IngestOutcome> {
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

  // After the AI merge, so neither the rules nor the model can put CR/LF into a mail field.
  extraction = headerSafeContact(extraction);
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
    externalId: input.externalKey,
    contentSha256: input.contentSha,
    company: extraction.company.value,
    contactEmail: extraction.contact_email.value,
    contactName: extraction.contact_name.value,
    employees: extraction.employees.value,
    budgetAmountMinor: budget?.amount_minor ?? null,
    budgetCurrency: budget?.currency ?? null,
    budgetUsdMinor: usdMinor,
    timelineWeeks: extraction.timeline_weeks.value,
    intent: extraction.intent.value,
    productsJson: JSON.stringify(extraction.products.value ?? []),
    injectionAttempt: extraction.injection.attempt,
    injectionEvidenceJson: JSON.stringify(extraction.injection.evidence),
    score: breakdown.score,
    scoreBreakdownJson: JSON.stringify(breakdown),
    qualified: verdict.qualified,
    stage: verdict.stage,
    stageReason: verdict.reason,
    fieldsJson: JSON.stringify(fieldsOf(extraction)),
    routingStatus: verdict.qualified ? "pending" : "none",
    routedAt: null,
    referenceDate: doc.referenceDate,
    receivedAt: input.receivedAt,
    updatedAt: now,
  };

  if (!(await insertLead(env, row))) {
    const prior = await findLeadByInput(env, input.contentSha, input.externalKey);
    if (!prior) throw new Error("lead vanished between insert and read");
    return replay(env, prior, input.startedAt);
  }

  const lead = toView(row);
  // The hand-off is awaited: a 201 means the lead's Durable Object has it. (Deferring it with
  // waitUntil was measured and rejected: locally the DO shares workerd's thread, so the response
  // was no faster, and callers could then race the DO.) A failure leaves routing_status pending.
  // negot13 hook: the seats/team the prospect asks for go to the negotiation only, to size the first
  // proposal (read with injection spans masked; not stored in D1, so a replayed hand-off sizes by headcount).
  const sizing = seatHints(maskInjection(doc.text, extraction.injection.evidence));
  const handOffStart = performance.now();
  const handedOff = verdict.qualified ? await handOff(env, { ...lead, sizing }) : null;
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
