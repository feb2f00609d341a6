/**
 * Domain refusals: thrown (or, across Durable Object RPC, returned as data) anywhere in the Worker
 * with a `kind` and a stable `code`, never an HTTP status. One map in `src/platform/problem.ts`,
 * used by `app.onError`, turns a kind into its status and RFC 9457 `application/problem+json`.
 */
export type RefusalKind =
  | "bad_request"
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable";

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    detail: string,
    readonly extra: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
  }
  /** The stable machine-readable code: the one the thrower named, else the kind. */
  get code(): string {
    return typeof this.extra.code === "string" ? this.extra.code : this.kind;
  }
}

export class InvalidInput extends Refusal {
  constructor(detail: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    super("invalid_input", detail, extra, options);
  }
}
export class BadRequest extends Refusal {
  constructor(detail: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    super("bad_request", detail, extra, options);
  }
}
export class Unauthorized extends Refusal {
  constructor(detail = "Missing or invalid credentials", extra: Record<string, unknown> = {}) {
    super("unauthorized", detail, extra);
  }
}
export class Forbidden extends Refusal {
  constructor(detail = "The credentials lack the required scope", extra: Record<string, unknown> = {}) {
    super("forbidden", detail, extra);
  }
}
export class NotFound extends Refusal {
  constructor(detail = "Not found", extra: Record<string, unknown> = {}) {
    super("not_found", detail, extra);
  }
}
export class Conflict extends Refusal {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super("conflict", detail, extra);
  }
}
export class PayloadTooLarge extends Refusal {
  constructor(limitBytes: number) {
    super("payload_too_large", `Body exceeds the limit of ${limitBytes} bytes`, { limit_bytes: limitBytes });
  }
}
export class UnsupportedMediaType extends Refusal {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super("unsupported_media_type", detail, extra);
  }
}
export class Unavailable extends Refusal {
  constructor(detail: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    super("unavailable", detail, extra, options);
  }
}
/** Too many requests: `retryAfterSeconds` becomes the `Retry-After` header and `retry_after` in the problem. */
export class RateLimited extends Refusal {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
    extra: Record<string, unknown> = {},
  ) {
    super("rate_limited", detail, { retry_after: retryAfterSeconds, ...extra });
  }
}
export class MethodNotAllowed extends Refusal {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super("method_not_allowed", detail, extra);
  }
}

/** A refusal as plain data: what a Durable Object's RPC method returns instead of throwing. */
export type RefusalData = { ok: false; kind: RefusalKind; detail: string; extra?: Record<string, unknown> };

export const refusalData = (r: Refusal): RefusalData => ({
  ok: false,
  kind: r.kind,
  detail: r.message,
  ...(Object.keys(r.extra).length ? { extra: r.extra } : {}),
});
export const refusalFromData = (d: RefusalData): Refusal => new Refusal(d.kind, d.detail, d.extra ?? {});
