import { Refusal, refusalData, refusalFromData, type RefusalData, type RefusalKind } from "../../platform/errors";

/**
 * What a LeadNegotiation RPC method answers. Errors thrown inside a Durable Object cross RPC as
 * plain Errors (their class is lost), so the object returns refusals as data (kind, detail, code)
 * and the adapter that called it turns them back into a thrown Refusal with `unwrap`.
 */
export type Outcome<T> = { ok: true; value: T } | RefusalData;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const refuse = (kind: RefusalKind, detail: string, extra?: Record<string, unknown>): RefusalData => ({
  ok: false,
  kind,
  detail,
  ...(extra ? { extra } : {}),
});

/** A domain refusal (PricingError, IllegalTransition...) thrown inside the object, as data; rethrows anything else. */
export function refusalFrom(err: unknown): RefusalData {
  if (err instanceof Refusal) return refusalData(err);
  throw err;
}

export function unwrap<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  throw refusalFromData(o);
}
