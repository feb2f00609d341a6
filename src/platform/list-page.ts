import { decodeCursor, encodeCursor } from "./cursor";
import { InvalidInput } from "./errors";

/**
 * The one list shape of the versioned API (/v1): `{ data: [...], next_cursor }`, the same `limit`
 * default and maximum on every list, opaque cursors (src/platform/cursor.ts), lower snake_case
 * enums and money as `{ amount_minor, currency }`. Pure: the v1 routes parse with it, each
 * resource only says which key parts its cursor holds and how one row is presented.
 */
export const LIST_LIMIT = { default: 50, max: 200 } as const;

export type Page<T> = { data: T[]; next_cursor: string | null };
export type Money = { amount_minor: number; currency: string };

/**
 * `limit` as the query string holds it: absent → the default; a whole number in 1..max → itself;
 * anything else (0, 201, "ten", 1.5) → 422 `invalid_input` (never clamped: a client that asked for
 * 500 rows must learn it gets at most 200, not silently fewer).
 */
export function parseLimit(raw: string | number | undefined): number {
  if (raw === undefined || raw === "") return LIST_LIMIT.default;
  const n = typeof raw === "number" ? raw : /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= LIST_LIMIT.max) return n;
  throw new InvalidInput(`limit must be a whole number from 1 to ${LIST_LIMIT.max}`, {
    errors: [{ path: "limit", message: `1..${LIST_LIMIT.max}, default ${LIST_LIMIT.default}` }],
  });
}

/**
 * The key parts of a cursor this API issued for a list whose key has `arity` parts; undefined for
 * the first page; 422 `invalid_cursor` for anything else (a raw id, another list's cursor, noise).
 */
export function parseCursor(raw: string | undefined, arity: number): string[] | undefined {
  if (raw === undefined || raw === "") return undefined;
  const parts = decodeCursor(raw, arity);
  if (parts) return parts;
  throw new InvalidInput("The cursor is not one this list issued: pass next_cursor back unchanged", {
    code: "invalid_cursor",
    errors: [{ path: "cursor", message: "invalid cursor" }],
  });
}

/** A page in the one shape: each row presented, and the next page's key (null: this is the last page). */
export function pageOf<R, T>(rows: readonly R[], nextKey: readonly string[] | null, present: (row: R) => T): Page<T> {
  return { data: rows.map(present), next_cursor: nextKey ? encodeCursor(nextKey) : null };
}

/** An enum value in v1's casing: `VERIFIED_MATCH` → `verified_match`, `crm_hubspot` unchanged. */
export function snakeEnum(value: string): string {
  return value
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toLowerCase();
}

/** The same for a nullable value. */
export const snakeEnumOrNull = (value: string | null): string | null => (value === null ? null : snakeEnum(value));

/** Money as an object, so no client reads minor units as a decimal amount. */
export const money = (amountMinor: number, currency: string): Money => ({ amount_minor: amountMinor, currency });

/** Money, or null when either part is missing (a review item without a payment, a claim without an amount). */
export const moneyOrNull = (amountMinor: number | null | undefined, currency: string | null | undefined): Money | null =>
  amountMinor === null || amountMinor === undefined || !currency ? null : money(amountMinor, currency);
