import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The request a line of work belongs to, carried across every await of that request (workerd's
 * AsyncLocalStorage, `nodejs_compat`), so `log()` stamps `request_id` (and the API key id once
 * known) on every line without each caller threading it through. Work outside a request (queues,
 * alarms, cron) has no context and logs without one.
 */
export type RequestContext = { requestId: string; keyId?: string };

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Records the authenticated key on the current request (its id only: never the key). */
export function setRequestKey(keyId: string): void {
  const ctx = storage.getStore();
  if (ctx) ctx.keyId = keyId;
}
