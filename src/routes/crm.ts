import { createRoute, z } from "@hono/zod-openapi";
import { normalizeSeed, SeedWebhook } from "../gateway/core/seed";
import { acceptEvent } from "../gateway/accept";
import { ProblemSchema } from "./schemas";
import { createRouter } from "./router";
import { bodyLimit } from "hono/body-limit";
import { getConfig } from "../config";
import { PayloadTooLarge } from "../platform/errors";

const RouterResult = z
  .object({
    event_id: z.string(),
    assigned_agent: z.string().openapi({ example: "Lead_Qualification_Agent" }),
    route: z.string().openapi({ example: "/pipelines/lead-ingest" }),
    routing_latency_ms: z.number(),
    status: z.literal("PROCESSED"),
  })
  .openapi("RouterResult");

const webhookRouter = createRoute({
  method: "post",
  path: "/webhook-router",
  summary: "Seed-compatible CRM webhook router",
  description:
    "Accepts the reference design's body and routes it to an agent pipeline. Unlike the reference, deal_update goes to Negotiation_Agent (not Default_Fallback), and unknown event types are a 422, not a silent fallback. Replays of the same event_type + payload.id return the first answer and do nothing again.",
  tags: ["Webhooks"],
  request: { body: { required: true, content: { "application/json": { schema: SeedWebhook.openapi("SeedWebhook") } } } },
  responses: {
    200: { description: "Routed (or a replay of an already routed event)", content: { "application/json": { schema: RouterResult } } },
    400: { description: "Malformed JSON", content: { "application/problem+json": { schema: ProblemSchema } } },
    413: { description: "Body over MAX_BODY_BYTES", content: { "application/problem+json": { schema: ProblemSchema } } },
    422: { description: "Unknown event_type or missing payload.id", content: { "application/problem+json": { schema: ProblemSchema } } },
  },
});

export const crm = createRouter();

// Bodies over MAX_BODY_BYTES are refused before they are parsed (413 problem+json).
crm.use("*", (c, next) => {
  const max = getConfig(c.env).MAX_BODY_BYTES;
  return bodyLimit({
    maxSize: max,
    onError: () => {
      throw new PayloadTooLarge(max);
    },
  })(c, next);
});

crm.openapi(webhookRouter, async (c) => {
  const started = performance.now();
  const body = c.req.valid("json");
  const event = normalizeSeed(body, new Date().toISOString());
  const { result } = await acceptEvent(c.env, event, { startedAt: started, resultId: event.subject_id, ctx: c.executionCtx });
  return c.json(
    {
      event_id: result.event_id,
      assigned_agent: result.assigned_agent,
      route: result.route,
      routing_latency_ms: result.routing_latency_ms,
      status: result.status,
    },
    200,
  );
});
