import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { bankEntries, imports, statements } from "../../db/schema";
import { newId } from "../../platform/ids";
import type { ParseIssue, StatementSummary } from "../core/types";
import { jsonParams } from "./chunks";

/**
 * The statements table: each statement of an imported file as its reader summed it up, and, read
 * back from D1, how many of its entries this import stored and how many were already known.
 *
 * The readers give entries no statement position (that would mean changing src/recon/core/), so a
 * statement's entries are its import's entries with the statement's account and currency. Two
 * statements of one file on the same account and currency (two days of one MT940) share one count;
 * the answer names them in `shares_entries_with`.
 */

export type StatementDbRow = typeof statements.$inferSelect;

/**
 * The rows of an import's statements, as statements to batch with the import's own row. Rows
 * travel as one JSON parameter (see chunks.ts): a BAI2 file can hold hundreds of accounts.
 */
export function insertStatements(env: Env, importId: string, summaries: readonly StatementSummary[], now: string): D1PreparedStatement[] {
  const rows = summaries.map((s, position) => ({ ...s, id: newId("stm"), position }));
  return jsonParams(rows).map((param) =>
    env.DB.prepare(
      `INSERT INTO statements (id, import_id, position, ref, account, currency, lines, entries, zero_lines, rejected_lines,
                               credit_minor, debit_minor, opening_minor, closing_minor, balance, created_at)
       SELECT j.value ->> '$.id', ?2, j.value ->> '$.position', j.value ->> '$.ref', j.value ->> '$.account', j.value ->> '$.currency',
              j.value ->> '$.lines', j.value ->> '$.entries', j.value ->> '$.zero_lines', j.value ->> '$.rejected_lines',
              j.value ->> '$.credit_minor', j.value ->> '$.debit_minor', j.value ->> '$.opening_minor', j.value ->> '$.closing_minor',
              j.value ->> '$.balance', ?3
       FROM json_each(?1) AS j`,
    ).bind(param, importId, now),
  );
}

const money = (amountMinor: number | null, currency: string | null) =>
  amountMinor === null || currency === null ? null : { amount_minor: amountMinor, currency };

const sameGroup = (a: Pick<StatementDbRow, "account" | "currency">, b: Pick<StatementDbRow, "account" | "currency">) =>
  a.account === b.account && a.currency === b.currency;

/**
 * Which statement of the file an issue is about. The MT940 reader locates an issue as
 * `statement <ref> <seq>[, line N]`; BAI2 and file-level issues name a line only, and those stay
 * with the file (`unplaced`).
 */
export function locateIssues(
  refs: readonly string[],
  issues: readonly ParseIssue[],
): { byRef: Map<string, ParseIssue[]>; unplaced: ParseIssue[] } {
  const byRef = new Map<string, ParseIssue[]>(refs.map((r) => [r, []]));
  const unplaced: ParseIssue[] = [];
  // The longest ref first, so "S-10" is not taken for "S-1".
  const ordered = [...new Set(refs)].sort((a, b) => b.length - a.length);
  for (const issue of issues) {
    const at = issue.location ?? "";
    const ref = ordered.find((r) => {
      const head = `statement ${r}`;
      return at === head || (at.startsWith(head) && (at[head.length] === " " || at[head.length] === ","));
    });
    if (ref === undefined) unplaced.push(issue);
    else byRef.get(ref)?.push(issue);
  }
  return { byRef, unplaced };
}

/** The per-statement totals finance reads: parsed, imported, duplicate, zero, rejected, and the balance check. */
export function statementView(
  row: StatementDbRow,
  job: { id: string; status: string; errors: ParseIssue[]; fileErrors: ParseIssue[] },
  group: { ids: string[]; parsed: number; imported: number },
) {
  // Duplicates are what was parsed but not stored by this import; known only once every chunk is in.
  const finished = job.status === "done" || job.status === "partial";
  return {
    statement_id: row.id,
    job_id: row.importId,
    job_status: job.status,
    position: row.position,
    ref: row.ref,
    account: row.account,
    currency: row.currency,
    counts: {
      lines: row.lines,
      parsed: row.entries,
      imported: group.imported,
      duplicates: finished ? Math.max(0, group.parsed - group.imported) : null,
      zero_lines: row.zeroLines,
      rejected_lines: row.rejectedLines,
    },
    credit: money(row.creditMinor, row.currency),
    debit: money(row.debitMinor, row.currency),
    balance: {
      status: row.balance,
      opening: money(row.openingMinor, row.currency),
      closing: money(row.closingMinor, row.currency),
    },
    shares_entries_with: group.ids.filter((id) => id !== row.id),
    /** This statement's located errors (rejected lines, balance findings). */
    errors: job.errors,
    /** The job's errors no statement of the file claims (located by file line only). */
    file_errors: job.fileErrors,
    created_at: row.createdAt,
  };
}
export type StatementView = ReturnType<typeof statementView>;

/** One statement with its job's located errors and its entries counted in D1 now, in one round trip. */
export async function getStatement(env: Env, id: string): Promise<StatementView | null> {
  const db = getDb(env.DB);
  const row = await db.select().from(statements).where(eq(statements.id, id)).get();
  if (!row) return null;
  const [jobRows, siblings, stored] = await db.batch([
    db.select({ id: imports.id, status: imports.status, errorsJson: imports.errorsJson }).from(imports).where(eq(imports.id, row.importId)),
    db.select().from(statements).where(eq(statements.importId, row.importId)).orderBy(asc(statements.position)),
    db
      .select({ n: sql<number>`count(*)` })
      .from(bankEntries)
      .where(
        and(
          eq(bankEntries.importId, row.importId),
          sql`${bankEntries.account} IS ${row.account}`,
          row.currency === null ? undefined : eq(bankEntries.currency, row.currency),
        ),
      ),
  ]);
  const job = jobRows[0];
  const group = siblings.filter((s) => sameGroup(s, row));
  const located = locateIssues(
    siblings.map((s) => s.ref),
    job ? (JSON.parse(job.errorsJson) as ParseIssue[]) : [],
  );
  return statementView(
    row,
    { id: row.importId, status: job?.status ?? "unknown", errors: located.byRef.get(row.ref) ?? [], fileErrors: located.unplaced },
    { ids: group.map((s) => s.id), parsed: group.reduce((n, s) => n + s.entries, 0), imported: stored[0]?.n ?? 0 },
  );
}
