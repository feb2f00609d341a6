import { sha256Hex } from "./crypto";
import { RateLimited, Unauthorized } from "./errors";
import { log } from "./log";

/**
 * Rate limits over the Workers Rate Limiting bindings of wrangler.toml (`[[ratelimits]]`):
 * failed authentication per client address and per presented key, writes per API key. The
 * binding's counters are per Cloudflare location and approximate; it only answers yes or no, so
 * `Retry-After` is the binding's period (the window a refused caller waits out at most).
 */
export const LIMIT_PERIOD_SECONDS = 60;

type Limiters = Pick<Env, "AUTH_FAILURE_LIMITER" | "WRITE_LIMITER">;

/** The caller's address as Cloudflare saw it. Never X-Forwarded-For: the client writes that one. */
export function clientAddress(headers: Headers): string {
  return headers.get("cf-connecting-ip")?.trim() || "unknown";
}

/**
 * One token from `limiter` under `key`; true when the caller is over the limit. A limiter that
 * fails (the binding errs) lets the request through and logs: a broken counter must not take the
 * API down with it.
 */
async function over(limiter: RateLimit, name: string, key: string): Promise<boolean> {
  try {
    return !(await limiter.limit({ key })).success;
  } catch (err) {
    log(
      { event: "rate_limit.unavailable", limiter: name, error: err instanceof Error ? err.message : String(err), outcome: "error" },
      "warn",
    );
    return false;
  }
}

/**
 * The refusal for a failed authentication: 401, or 429 once this address or this presented key
 * failed more than the limit in the period. Both counters advance on every failure. Only a hash
 * prefix of a presented key is used as the counter's name, never the key.
 */
export async function authFailure(
  env: Limiters,
  headers: Headers,
  presented: string | null,
  detail: string,
): Promise<Unauthorized | RateLimited> {
  const address = clientAddress(headers);
  const checks = [over(env.AUTH_FAILURE_LIMITER, "auth_failure", `ip:${address}`)];
  if (presented) checks.push(sha256Hex(presented).then((h) => over(env.AUTH_FAILURE_LIMITER, "auth_failure", `key:${h.slice(0, 32)}`)));
  const [byAddress, byKey = false] = await Promise.all(checks);
  if (!byAddress && !byKey) return new Unauthorized(detail);
  log({ event: "rate_limit.exceeded", limiter: "auth_failure", by: byAddress ? "address" : "key", outcome: "rejected" }, "warn");
  return new RateLimited("Too many failed authentication attempts; wait before trying again", LIMIT_PERIOD_SECONDS, {
    code: "rate_limited",
    limit: "auth_failures",
  });
}

export const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

/** Counts a write of an authenticated key; throws 429 `rate_limited` past the key's write limit. */
export async function countWrite(env: Limiters, method: string, keyId: string): Promise<void> {
  if (!WRITE_METHODS.includes(method.toUpperCase())) return;
  if (!(await over(env.WRITE_LIMITER, "writes", `key:${keyId}`))) return;
  log({ event: "rate_limit.exceeded", limiter: "writes", outcome: "rejected" }, "warn");
  throw new RateLimited("This API key sent too many writes; wait before sending more", LIMIT_PERIOD_SECONDS, {
    code: "rate_limited",
    limit: "writes",
  });
}
