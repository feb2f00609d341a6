import { createRoute, z } from "@hono/zod-openapi";
import {
  approveDraft,
  askProposal,
  closeDeal,
  escalationsList,
  negotiationOf,
  rejectDraft,
  relayMessage,
  resolveDealEscalation,
  setDealMode,
} from "../negotiation/deal-api";
import { decodeCursor, encodeCursor } from "../platform/cursor";
import { InvalidInput } from "../platform/errors";
import { SCHEDULES } from "../recon/core/invoicing";
import { requireScope } from "./auth";
import { approvedLines, negotiationLine, relayedLines } from "./negotiation-ops";
import { CashStateSchema } from "./schemas-cash";
import { createRouter } from "./router";
import { ProblemSchema, problemResponses } from "./schemas";

/**
 * The negotiation API over each lead's LeadNegotiation Durable Object (the source of truth) and
 * the D1 escalations table: parse, authorise, call one function of src/negotiation/deal-api.ts. Scopes:
 *  - leads:read   GET /leads/:id/negotiation, GET /escalations (reading deals is part of working leads);
 *  - sales:write  POST /leads/:id/messages (the customer's reply as relayed by the CRM or a salesperson:
 *                 it moves the deal, so it needs the sales scope, not just leads:write), proposals,
 *                 approve/reject, mode, close, and resolving escalations.
 * Human decisions are written to audit_log with the actor.
 */

const LeadId = z
  .string()
  .regex(/^[A-Za-z0-9_:.-]{1,128}$/)
  .openapi({ param: { name: "id", in: "path" }, example: "lead_01JD0000000000000000000000" });
const DraftId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .openapi({ param: { name: "pid", in: "path" } });
const EscId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .openapi({ param: { name: "id", in: "path" } });
const security = [{ apiKey: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const conflict = {
  409: {
    description: "Conflict: already decided, a concurrent decision won, or the deal is won/lost",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
} as const;

const Negotiation = z
  .object({
    lead_id: z.string(),
    stage: z.string(),
    mode: z.enum(["copilot", "autonomous"]),
    quote: z.record(z.string(), z.unknown()).nullable(),
    drafts: z.array(z.record(z.string(), z.unknown())),
    history: z.array(z.record(z.string(), z.unknown())),
    // loop18: the deal's invoices and payments as the lead's object heard them.
    cash: CashStateSchema.extend({ invoices: z.array(z.record(z.string(), z.unknown())) }),
  })
  .passthrough()
  .openapi("Negotiation");

const MessageInput = z
  .object({
    text: z.string().min(1).max(20_000).openapi({ example: "Thanks! Could you do 10% off for a 12-month term?" }),
    channel: z.enum(["email", "chat", "crm", "phone", "other"]).default("crm"),
  })
  .strict()
  .openapi("CustomerMessage");
const MessageResult = z
  .object({
    stage: z.string(),
    class: z.string(),
    action: z.string(),
    injection_attempt: z.boolean(),
    draft_id: z.string().nullable(),
    draft_status: z.string().nullable(),
    escalation_id: z.string().nullable(),
  })
  .openapi("MessageResult");

const ProposalInput = z
  .object({
    items: z
      .array(z.object({ sku: z.string().min(1).max(64), qty: z.number().int().min(1).max(10_000_000) }))
      .min(1)
      .max(50),
    term_months: z.number().int().min(1).max(120).default(12),
    discount_bps: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .openapi("ProposalRequest");
const Decision = z.object({ draft_id: z.string(), status: z.string(), stage: z.string(), sent: z.boolean() }).openapi("DraftDecision");

const Escalation = z
  .object({
    id: z.string(),
    lead_id: z.string(),
    reasons: z.array(z.object({ code: z.string(), detail: z.string() })),
    summary: z.string(),
    options: z.array(z.record(z.string(), z.unknown())),
    status: z.enum(["open", "resolved"]),
    resolution: z.string().nullable(),
    resolved_by: z.string().nullable(),
    created_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .openapi("Escalation");

const getNegotiation = createRoute({
  method: "get",
  path: "/leads/{id}/negotiation",
  summary: "A lead's negotiation: stage, mode, history, current quote, drafts, escalations, timers",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("leads:read")] as const,
  request: { params: z.object({ id: LeadId }) },
  responses: { 200: { description: "The Durable Object's state", ...json(z.object({ negotiation: Negotiation })) }, ...problemResponses },
});

const postMessage = createRoute({
  method: "post",
  path: "/leads/{id}/messages",
  summary: "Relay a customer's reply",
  description:
    "Scope sales:write. The text is data: it is classified (acceptance, objection, counter-offer, question) and planned by the guardrails; a counter within policy gives a revised draft, beyond policy (or an injection attempt, or a deal above the threshold) an escalation with options and no stage move, an objection without a number a drafted response with priced options in the customer's language (draft_id, kind answer), an acceptance an agreement draft. A message to a won or lost deal is a 409.",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("sales:write")] as const,
  request: { params: z.object({ id: LeadId }), body: { required: true, ...json(MessageInput) } },
  responses: { 200: { description: "What the agent did", ...json(MessageResult) }, ...problemResponses, ...conflict },
});

const postProposal = createRoute({
  method: "post",
  path: "/leads/{id}/proposals",
  summary: "Ask for a (new) proposal on given items, term and discount",
  description:
    "Scope sales:write. Priced by the engine: unknown SKU → 422; a discount above the policy maximum is priced at the maximum and escalated.",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("sales:write")] as const,
  request: { params: z.object({ id: LeadId }), body: { required: true, ...json(ProposalInput) } },
  responses: {
    201: {
      description: "Draft created",
      ...json(
        z.object({
          draft_id: z.string(),
          status: z.string(),
          stage: z.string(),
          verdict: z.string(),
          escalation_id: z.string().nullable(),
        }),
      ),
    },
    ...problemResponses,
    ...conflict,
  },
});

const approve = createRoute({
  method: "post",
  path: "/leads/{id}/proposals/{pid}/approve",
  summary: "Approve a draft (it is sent)",
  description: "Scope sales:write. Two approvals of one draft at once: one wins, the other is a 409; so is approving a decided draft.",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("sales:write")] as const,
  request: { params: z.object({ id: LeadId, pid: DraftId }) },
  responses: { 200: { description: "Approved (and sent)", ...json(Decision) }, ...problemResponses, ...conflict },
});

const reject = createRoute({
  method: "post",
  path: "/leads/{id}/proposals/{pid}/reject",
  summary: "Reject a draft",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("sales:write")] as const,
  request: {
    params: z.object({ id: LeadId, pid: DraftId }),
    body: { required: true, ...json(z.object({ reason: z.string().trim().min(1).max(2000) }).strict()) },
  },
  responses: { 200: { description: "Rejected", ...json(Decision) }, ...problemResponses, ...conflict },
});

const setMode = createRoute({
  method: "put",
  path: "/leads/{id}/mode",
  summary: "Co-pilot or autonomous for this deal",
  description:
    "Scope sales:write; audited. Autonomous mode sends within-policy drafts under AUTONOMOUS_MAX_DEAL_USD by itself. Messages can never change it.",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("sales:write")] as const,
  request: {
    params: z.object({ id: LeadId }),
    body: { required: true, ...json(z.object({ mode: z.enum(["copilot", "autonomous"]) }).strict()) },
  },
  responses: { 200: { description: "Mode set", ...json(z.object({ mode: z.enum(["copilot", "autonomous"]) })) }, ...problemResponses },
});

const close = createRoute({
  method: "post",
  path: "/leads/{id}/close",
  summary: "Close a deal as won or lost",
  description:
    "Scope sales:write; audited. Only a human closes a deal: won from agreement_drafted, lost from any open stage. Won issues the deal's invoice schedule from its quote exactly once (see GET /api/finance/invoices?lead_id=).",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("sales:write")] as const,
  request: {
    params: z.object({ id: LeadId }),
    body: {
      required: true,
      ...json(
        z
          .object({
            outcome: z.enum(["won", "lost"]),
            reason: z.string().trim().min(1).max(2000),
            // loop18: how a won deal is invoiced (ignored for lost).
            billing: z
              .object({
                schedule: z
                  .enum(SCHEDULES)
                  .optional()
                  .openapi({ description: "upfront (one invoice), quarterly or annual (default) periods of the term" }),
                customer_name: z.string().trim().min(1).max(200).optional(),
                customer_tax_id: z.string().trim().min(1).max(40).optional(),
                po_number: z.string().trim().min(1).max(60).optional(),
              })
              .strict()
              .optional(),
          })
          .strict(),
      ),
    },
  },
  responses: { 200: { description: "Closed", ...json(z.object({ stage: z.string() })) }, ...problemResponses, ...conflict },
});

const listEscalations = createRoute({
  method: "get",
  path: "/escalations",
  summary: "Escalated deals",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("leads:read")] as const,
  request: {
    query: z.object({
      status: z.enum(["open", "resolved", "all"]).default("open"),
      lead_id: z.string().max(128).optional(),
      cursor: z.string().max(400).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: "Newest first, in a stable order (created_at, id): pass `next_cursor` back as `cursor`",
      ...json(z.object({ escalations: z.array(Escalation), next_cursor: z.string().nullable() })),
    },
    ...problemResponses,
  },
});

const resolve = createRoute({
  method: "post",
  path: "/escalations/{id}/resolve",
  summary: "Resolve an escalation",
  description:
    "Scope sales:write; audited, and recorded in the deal's history. Resolving twice is a 409. With apply_option (1-based, one of the escalation's options), the chosen counter-proposal is re-priced by the engine and drafted as the deal's new proposal (waiting for approval in co-pilot mode); a refused counter leaves the deal at proposal_sent, and applying one of its options first records the counter (stage countered).",
  tags: ["Negotiation"],
  security,
  middleware: [requireScope("sales:write")] as const,
  request: {
    params: z.object({ id: EscId }),
    body: {
      required: true,
      ...json(
        z.object({ resolution: z.string().trim().min(1).max(4000), apply_option: z.number().int().min(1).max(20).optional() }).strict(),
      ),
    },
  },
  responses: {
    200: { description: "Resolved", ...json(Escalation.extend({ draft_id: z.string().nullable() })) },
    ...problemResponses,
    ...conflict,
  },
});

export const negotiation = createRouter()
  .openapi(getNegotiation, async (c) => c.json({ negotiation: await negotiationOf(c.env, c.req.valid("param").id) }, 200))
  .openapi(postMessage, async (c) => {
    const { text, channel } = c.req.valid("json");
    const id = c.req.valid("param").id;
    const result = await relayMessage(c.env, id, text, channel);
    relayedLines(id, result);
    return c.json(result, 200);
  })
  .openapi(postProposal, async (c) => {
    const id = c.req.valid("param").id;
    const result = await askProposal(c.env, id, c.req.valid("json"), c.get("actor") ?? "unknown");
    negotiationLine("proposal_requested", { lead_id: id, draft_id: result.draft_id, verdict: result.verdict });
    if (result.escalation_id) negotiationLine("escalated", { lead_id: id, escalation_id: result.escalation_id, via: "proposal" });
    return c.json(result, 201);
  })
  .openapi(approve, async (c) => {
    const { id, pid } = c.req.valid("param");
    const actor = c.get("actor") ?? "unknown";
    const result = await approveDraft(c.env, id, pid, actor);
    approvedLines(id, actor, result);
    return c.json(result, 200);
  })
  .openapi(reject, async (c) => {
    const { id, pid } = c.req.valid("param");
    const actor = c.get("actor") ?? "unknown";
    const result = await rejectDraft(c.env, id, pid, actor, c.req.valid("json").reason);
    negotiationLine("rejected", { lead_id: id, draft_id: pid, stage: result.stage, actor });
    return c.json(result, 200);
  })
  .openapi(setMode, async (c) => {
    const id = c.req.valid("param").id;
    const actor = c.get("actor") ?? "unknown";
    const result = await setDealMode(c.env, id, c.req.valid("json").mode, actor);
    negotiationLine("mode_changed", { lead_id: id, mode: result.mode, actor });
    return c.json(result, 200);
  })
  .openapi(close, async (c) => {
    const { outcome, reason, billing } = c.req.valid("json");
    const id = c.req.valid("param").id;
    const actor = c.get("actor") ?? "unknown";
    const result = await closeDeal(c.env, id, outcome, actor, reason, billing);
    negotiationLine("closed", { lead_id: id, outcome, stage: result.stage, actor });
    return c.json(result, 200);
  })
  .openapi(listEscalations, async (c) => {
    const { cursor, ...q } = c.req.valid("query");
    const key = cursor ? decodeCursor(cursor, 2) : undefined;
    if (key === null)
      throw new InvalidInput("The cursor is not one this API issued", { errors: [{ path: "cursor", message: "invalid cursor" }] });
    const page = await escalationsList(c.env, { ...q, after: key ? { createdAt: key[0]!, id: key[1]! } : undefined });
    return c.json({ escalations: page.items, next_cursor: page.next ? encodeCursor([page.next.createdAt, page.next.id]) : null }, 200);
  })
  .openapi(resolve, async (c) => {
    const { resolution, apply_option } = c.req.valid("json");
    const actor = c.get("actor") ?? "unknown";
    const result = await resolveDealEscalation(c.env, c.req.valid("param").id, resolution, apply_option, actor);
    negotiationLine("escalation_resolved", {
      lead_id: result.lead_id,
      escalation_id: result.id,
      applied_option: apply_option ?? null,
      draft_id: result.draft_id,
      actor,
    });
    return c.json(result, 200);
  });
