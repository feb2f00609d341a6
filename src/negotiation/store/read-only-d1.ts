/**
 * A D1 handle that can only read. The pricing port and the retrieval code get this, never the raw
 * binding, so no agent code path holds something that can write the pricing tables. It refuses
 * anything that is not one plain SELECT (no second statement, no DML/DDL keyword anywhere, not even
 * in a CTE), and exposes no `exec`, `batch` or `run`.
 */
export class ReadOnlyViolation extends Error {
  constructor(sql: string) {
    super(`read-only D1 handle refused a non-SELECT statement: ${sql.slice(0, 80)}`);
  }
}

const WRITE_WORDS =
  /\b(insert|update|delete|replace|upsert|create|drop|alter|attach|detach|pragma|vacuum|reindex|analyze|savepoint|release|begin|commit|rollback)\b/i;

export function assertSelectOnly(sql: string): void {
  const stripped = sql
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, "''") // string literals cannot hide a keyword, nor trip the check
    .trim();
  const body = stripped.replace(/;\s*$/, "");
  if (!/^(select|with)\b/i.test(body) || body.includes(";") || WRITE_WORDS.test(body)) throw new ReadOnlyViolation(sql);
}

export type ReadOnlyD1 = {
  readonly all: <T>(sql: string, ...params: unknown[]) => Promise<T[]>;
};

export function readOnlyD1(db: D1Database): ReadOnlyD1 {
  return Object.freeze({
    async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
      assertSelectOnly(sql);
      const { results } = await db
        .prepare(sql)
        .bind(...params)
        .all<T>();
      return results;
    },
  });
}
