import { currentRequest } from "./request-context";

/**
 * One JSON line per meaningful event, read by `wrangler tail --format json` and Workers Logs.
 * Never pass secrets or whole e-mail addresses: use `maskEmail`.
 */
export type LogFields = Record<string, unknown> & { event: string };

export type LogLevel = "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };
let minRank = 0;

/**
 * From config LOG_LEVEL (default info). Raising it to warn drops the per-event info lines at very
 * high volume; warnings and errors (refusals, failures) are always kept.
 */
export function setLogLevel(level: LogLevel): void {
  minRank = RANK[level];
}

export function log(fields: LogFields, level: LogLevel = "info"): void {
  if (RANK[level] < minRank) return;
  // Inside a request every line carries its request id (and key id), the same id the response's
  // Request-Id header and problem bodies show: a client's complaint leads straight to its lines.
  const req = currentRequest();
  const context = req ? { request_id: req.requestId, ...(req.keyId ? { key_id: req.keyId } : {}) } : {};
  const line = JSON.stringify({ level, ts: new Date().toISOString(), ...context, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** `alice@example.com` → `a***@example.com`: enough to correlate, not enough to leak. */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

/** Milliseconds since `start` (a performance.now() reading), rounded to µs. */
export function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}
