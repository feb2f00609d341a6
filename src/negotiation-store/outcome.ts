import { Conflict, HttpProblem, InvalidInput, NotFound } from "../lib/errors";

/**
 * What a LeadNegotiation RPC method answers. Errors thrown inside a Durable Object cross RPC as
 * plain Errors (their class and status are lost), so the DO returns refusals as data and the
 * route turns them back into problem+json with `unwrap`.
 */
export type Refusal = { ok: false; status: 404 | 409 | 422; detail: string; extra?: { code?: string; skus?: string[]; from?: string; to?: string } };
export type Outcome<T> = { ok: true; value: T } | Refusal;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const refuse = (status: Refusal["status"], detail: string, extra?: Refusal["extra"]): Refusal => ({ ok: false, status, detail, ...(extra ? { extra } : {}) });

/** Maps a domain error (PricingError 422, IllegalTransition 409...) thrown inside the DO to a Refusal; rethrows anything else. */
export function refusalFrom(err: unknown): Refusal {
  if (err instanceof HttpProblem && (err.status === 404 || err.status === 409 || err.status === 422)) {
    const extra = err.extra as Refusal["extra"];
    return refuse(err.status, err.message, extra);
  }
  throw err;
}

export function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  const extra = { ...(o.extra ?? {}) };
  if (o.status === 404) throw new NotFound(o.detail);
  if (o.status === 409) throw new Conflict(o.detail, extra);
  throw new InvalidInput(o.detail, extra);
}
