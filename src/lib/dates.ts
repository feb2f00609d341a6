/** Dates travel as ISO 8601 UTC strings ("2026-11-25T13:30:00.000Z"). */
export function nowIso(): string {
  return new Date().toISOString();
}

export function toIsoUtc(value: Date | number | string): string | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Whole days from a to b (both YYYY-MM-DD or ISO), negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000);
}
