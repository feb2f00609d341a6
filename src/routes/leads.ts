import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getConfig } from "../config";
import { BadRequest, InvalidInput } from "../platform/errors";
import { ingestLead } from "../leads/ingest";
import { leadWithCash } from "../leads/lead-cash";
import { listLeads } from "../leads/store/leads";
import { dealCash } from "../recon/invoicing";
import { CashStateSchema } from "./schemas-cash";
import { readBodyCapped } from "../platform/body";
import { decodeCursor, encodeCursor } from "../platform/cursor";
import type { RawInput } from "../leads/core/types";
import { requireScope } from "./auth";
import { problemResponses, ProblemSchema } from "./schemas";
import { createRouter, type AppEnv } from "./router";

const FieldSchema = z
  .object({ value: z.unknown(), evidence: z.string().nullable(), confidence: z.number() })
  .openapi("LeadField", { description: "An extracted value, the exact text span it came from, and a confidence in [0, 1]." });

const LeadSchema = z
  .object({
    id: z.string().openapi({ example: "lead_01JD3Q5ZK8M3X2V9T7W4R6N1P0" }),
    source: z.enum(["email", "pdf", "chat", "crm_hubspot", "crm_salesforce", "crm_generic", "webhook"]),
    company: z.string().nullable(),
    contact_email: z.string().nullable(),
    contact_name: z.string().nullable(),
    employees: z.number().int().nullable(),
    budget: z
      .object({
        amount_minor: z.number().int(),
        currency: z.string().openapi({ example: "EUR" }),
        usd: z.number().int().nullable().openapi({ description: "USD minor units at the D1 fx_rates rate" }),
      })
      .nullable(),
    timeline_weeks: z.number().nullable(),
    intent: z.enum(["purchase", "info_request", "support", "spam"]).nullable(),
    products: z.array(z.string()),
    injection_attempt: z.boolean(),
    injection_evidence: z.array(z.string()),
    score: z.number(),
    score_breakdown: z.object({ size: z.number(), budget: z.number(), urgency: z.number(), score: z.number() }),
    qualified: z.boolean(),
    stage: z.string().openapi({ description: "qualified | nurture | disqualified at ingestion; then the negotiation stages" }),
    stage_reason: z.string().nullable(),
    received_at: z.string(),
    reference_date: z.string(),
    fields: z.record(z.string(), FieldSchema),
  })
  .openapi("Lead");

const LeadEnvelope = z.object({ lead: LeadSchema }).openapi("LeadEnvelope");
const LeadPage = z.object({ leads: z.array(LeadSchema), next_cursor: z.string().nullable() }).openapi("LeadPage");

const binary = { type: "string", format: "binary" } as const;
// Plain OpenAPI schemas (not zod) on purpose: the body is read as raw bytes by the handler, so no
// validator may consume or re-serialize it first (it is hashed for deduplication).
const postLead = createRoute({
  method: "post",
  path: "/",
  summary: "Ingest a lead from an email, PDF, chat transcript or CRM record",
  description:
    "Parses, extracts (each field with evidence and confidence), scores and qualifies a lead in one request; qualified leads are handed to their negotiation agent. The same email (Message-ID), the same CRM record or the same bytes again answers 200 with the existing lead. Bodies over MAX_UPLOAD_BYTES are refused with 413.",
  tags: ["Leads"],
  middleware: [requireScope("leads:write")] as const,
  request: {
    body: {
      required: true,
      content: {
        "message/rfc822": { schema: binary },
        "application/pdf": { schema: binary },
        "text/plain": { schema: { type: "string", description: "Chat transcript: `[YYYY-mm-dd HH:MM:SS] Author: text` lines" } },
        "application/json": {
          schema: {
            type: "object",
            description: "Chat (`started_at`, `messages[]`), HubSpot form submission or contact properties, or a Salesforce Lead record",
          },
        },
        "multipart/form-data": { schema: { type: "object", properties: { file: binary }, required: ["file"] } },
      },
    },
  },
  responses: {
    201: { description: "Lead created", content: { "application/json": { schema: LeadEnvelope } } },
    200: { description: "Already ingested: the existing lead", content: { "application/json": { schema: LeadEnvelope } } },
    400: { description: "Empty or malformed body", content: { "application/problem+json": { schema: ProblemSchema } } },
    401: problemResponses[401],
    403: problemResponses[403],
    413: { description: "Body over MAX_UPLOAD_BYTES", content: { "application/problem+json": { schema: ProblemSchema } } },
    415: { description: "Unsupported content type", content: { "application/problem+json": { schema: ProblemSchema } } },
    422: { description: "Unreadable input (e.g. not a PDF)", content: { "application/problem+json": { schema: ProblemSchema } } },
  },
});

const getLeadRoute = createRoute({
  method: "get",
  path: "/{id}",
  summary: "A lead with its extracted fields, score breakdown and stage",
  tags: ["Leads"],
  middleware: [requireScope("leads:read")] as const,
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: {
      description: "The lead, with its deal's cash state (loop18)",
      content: { "application/json": { schema: z.object({ lead: LeadSchema.extend({ cash: CashStateSchema }) }).openapi("LeadWithCash") } },
    },
    401: problemResponses[401],
    403: problemResponses[403],
    404: problemResponses[404],
  },
});

const listLeadsRoute = createRoute({
  method: "get",
  path: "/",
  summary: "Leads, newest first, filtered by stage and minimum score",
  description: "Keyset pagination: pass `next_cursor` back as `cursor`. The order (received_at, id) is stable under inserts.",
  tags: ["Leads"],
  middleware: [requireScope("leads:read")] as const,
  request: {
    query: z.object({
      stage: z.string().min(1).max(40).optional(),
      min_score: z.coerce.number().finite().min(0).max(10).optional(),
      cursor: z.string().max(400).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: { description: "A page of leads", content: { "application/json": { schema: LeadPage } } },
    401: problemResponses[401],
    403: problemResponses[403],
    422: problemResponses[422],
  },
});

export const leads = createRouter()
  .openapi(postLead, async (c) => {
    const startedAt = performance.now();
    const raw = await readLeadBody(c);
    const { lead, duplicate, routing_ms, latency_ms } = await ingestLead(c.env, raw, {
      startedAt,
      requestId: c.get("requestId"),
      waitUntil: (p) => c.executionCtx.waitUntil(p),
    });
    // The body keeps the documented keys only; timings go where tools look for them. `route` is the
    // routing decision plus the hand-off to the lead's Durable Object.
    c.header("server-timing", `ingest;dur=${latency_ms}, route;dur=${routing_ms}`);
    return c.json({ lead }, duplicate ? 200 : 201);
  })
  .openapi(getLeadRoute, async (c) => {
    // loop18: with the deal's cash state, read by reconciliation (handed in as a port).
    const lead = await leadWithCash(c.env, c.req.valid("param").id, (leadId, since) => dealCash(c.env, leadId, since));
    return c.json({ lead }, 200);
  })
  .openapi(listLeadsRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await listLeads(c.env, {
      stage: q.stage,
      minScore: q.min_score,
      limit: q.limit,
      after: q.cursor ? decodeLeadCursor(q.cursor) : undefined,
    });
    return c.json({ leads: page.leads, next_cursor: page.next ? encodeCursor([page.next.receivedAt, page.next.id]) : null }, 200);
  });

/**
 * Reads the body as bytes under MAX_UPLOAD_BYTES and unwraps multipart/form-data's `file` part.
 * The media type is passed on as declared: the parser accepts the documented types and their
 * obvious variants, sniffs generic ones (octet-stream, none) and refuses the rest with 415.
 */
async function readLeadBody(c: Context<AppEnv>): Promise<RawInput> {
  const limit = getConfig(c.env).MAX_UPLOAD_BYTES;
  const receivedAt = new Date().toISOString();
  const mediaType = mediaTypeOf(c.req.header("content-type")) ?? "application/octet-stream";
  const bytes = await readBodyCapped(c.req.raw, limit);
  if (mediaType !== "multipart/form-data") return { bytes, contentType: mediaType, filename: null, receivedAt };

  if (bytes.byteLength === 0) throw new BadRequest("The body is empty");
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": c.req.header("content-type") ?? "" } }).formData();
  } catch {
    throw new BadRequest("The multipart/form-data body could not be parsed");
  }
  const file = form.get("file");
  if (file === null || typeof file === "string") throw new InvalidInput("multipart/form-data needs a `file` part holding the lead");
  // curl -F and browsers send application/octet-stream for most files: the name decides, else the parser sniffs.
  const declaredPart = mediaTypeOf(file.type);
  const partType = (declaredPart !== "application/octet-stream" && declaredPart) || typeFromName(file.name) || "application/octet-stream";
  return { bytes: new Uint8Array(await file.arrayBuffer()), contentType: partType, filename: file.name || null, receivedAt };
}

function mediaTypeOf(header: string | undefined | null): string | null {
  const t = header?.split(";")[0]?.trim().toLowerCase();
  return t ? t : null;
}

/** A file part sent without a type (curl -F without ;type=): its extension, else the parser sniffs. */
function typeFromName(filename: string): string | null {
  const ext = filename.toLowerCase().split(".").pop();
  return (
    ({ eml: "message/rfc822", pdf: "application/pdf", json: "application/json", txt: "text/plain" } as Record<string, string>)[ext ?? ""] ??
    null
  );
}

/** Opaque to clients (src/platform/cursor.ts): the last row's (received_at, id). */
function decodeLeadCursor(cursor: string): { receivedAt: string; id: string } {
  const parts = decodeCursor(cursor, 2);
  if (parts) return { receivedAt: parts[0]!, id: parts[1]! };
  throw new InvalidInput("The cursor is not one this API issued", { errors: [{ path: "cursor", message: "invalid cursor" }] });
}
