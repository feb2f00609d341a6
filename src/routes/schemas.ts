import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, as every error of this API is answered. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .passthrough()
  .openapi("Problem");

export const problemResponses = {
  401: { description: "No valid API key", content: { "application/problem+json": { schema: ProblemSchema } } },
  403: { description: "API key lacks the scope", content: { "application/problem+json": { schema: ProblemSchema } } },
  404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
  422: { description: "Invalid input", content: { "application/problem+json": { schema: ProblemSchema } } },
} as const;
