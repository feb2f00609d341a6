/**
 * Typed errors thrown anywhere and turned into RFC 9457 `application/problem+json` by one
 * `app.onError`. Domain code throws these; it never builds HTTP responses itself.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(detail ?? title, options);
  }
  get type(): string {
    return `https://lead-to-cash.dev/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  }
  toJSON(instance?: string): Record<string, unknown> {
    return { type: this.type, title: this.title, status: this.status, detail: this.message, instance, ...this.extra };
  }
}

export class InvalidInput extends HttpProblem {
  constructor(detail: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(422, "Invalid input", detail, extra, options);
  }
}
export class BadRequest extends HttpProblem {
  constructor(detail: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(400, "Bad request", detail, extra, options);
  }
}
export class Unauthorized extends HttpProblem {
  constructor(detail = "Missing or invalid credentials") {
    super(401, "Unauthorized", detail);
  }
}
export class Forbidden extends HttpProblem {
  constructor(detail = "The credentials lack the required scope") {
    super(403, "Forbidden", detail);
  }
}
export class NotFound extends HttpProblem {
  constructor(detail = "Not found") {
    super(404, "Not found", detail);
  }
}
export class Conflict extends HttpProblem {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, "Conflict", detail, extra);
  }
}
export class PayloadTooLarge extends HttpProblem {
  constructor(limitBytes: number) {
    super(413, "Payload too large", `Body exceeds the limit of ${limitBytes} bytes`, { limit_bytes: limitBytes });
  }
}
export class UnsupportedMediaType extends HttpProblem {
  constructor(detail: string) {
    super(415, "Unsupported media type", detail);
  }
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemResponse(problem: HttpProblem, instance?: string): Response {
  return new Response(JSON.stringify(problem.toJSON(instance)), {
    status: problem.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE },
  });
}
