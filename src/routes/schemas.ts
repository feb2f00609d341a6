import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, as every error of this API is answered. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().openapi({
      description:
        'Stable, machine-readable: the kind (`invalid_input`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `rate_limited`, `payload_too_large`, …) or a domain code (`idempotency_mismatch`, `unknown_sku`, `missing_secret`, …); README "API conventions" lists them.',
      example: "unauthorized",
    }),
    request_id: z
      .string()
      .optional()
      .openapi({ description: "The request's id, as in its Request-Id header and log lines", example: "8f1c2d3e4f5a6b7c-FRA" }),
  })
  .passthrough()
  .openapi("Problem", {
    example: {
      type: "https://lead-to-cash.dev/problems/unauthorized",
      title: "Unauthorized",
      status: 401,
      detail: "Unknown or revoked API key",
      instance: "/api/leads",
      code: "unauthorized",
      request_id: "8f1c2d3e4f5a6b7c-FRA",
    },
  });

export const problemResponses = {
  401: { description: "No valid API key", content: { "application/problem+json": { schema: ProblemSchema } } },
  403: { description: "API key lacks the scope", content: { "application/problem+json": { schema: ProblemSchema } } },
  404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
  422: { description: "Invalid input", content: { "application/problem+json": { schema: ProblemSchema } } },
} as const;
