/**
 * One JSON line per meaningful event, read by `wrangler tail --format json` and Workers Logs.
 * Never pass secrets or whole e-mail addresses: use `maskEmail`.
 */
export type LogFields = Record<string, unknown> & { event: string };

export function log(fields: LogFields, level: "info" | "warn" | "error" = "info"): void {
  const line = JSON.stringify({ level, ts: new Date().toISOString(), ...fields });
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
