/**
 * Read helpers that degrade gracefully: the dashboards read tables other layers own, which may not
 * exist yet (or may have other columns) in a given deployment. A missing table or a failing read
 * gives an empty answer and a logged warning, never a 500.
 */
export class SafeDb {
  private tables: Promise<Set<string>> | null = null;
  private columns = new Map<string, Promise<Set<string>>>();

  constructor(private readonly db: D1Database) {}

  has(table: string): Promise<boolean> {
    this.tables ??= this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all<{ name: string }>()
      .then((r) => new Set(r.results.map((x) => x.name)))
      .catch(() => new Set<string>());
    return this.tables.then((t) => t.has(table));
  }

  /** Column names of a table (empty when it does not exist). */
  cols(table: string): Promise<Set<string>> {
    let p = this.columns.get(table);
    if (!p) {
      p = this.has(table)
        .then(async (exists) => {
          if (!exists || !/^[a-z_][a-z0-9_]*$/i.test(table)) return new Set<string>();
          const r = await this.db.prepare(`PRAGMA table_info(${table})`).all<{ name: string }>();
          return new Set(r.results.map((x) => x.name));
        })
        .catch(() => new Set<string>());
      this.columns.set(table, p);
    }
    return p;
  }

  /** Runs a read when every named table exists; [] otherwise or on error. */
  async all<T>(tables: string[], sql: string, ...binds: unknown[]): Promise<T[]> {
    for (const t of tables) if (!(await this.has(t))) return [];
    try {
      return (
        await this.db
          .prepare(sql)
          .bind(...binds)
          .all<T>()
      ).results;
    } catch (err) {
      console.warn(JSON.stringify({ event: "dashboard.read_failed", tables, error: err instanceof Error ? err.message : String(err) }));
      return [];
    }
  }

  async first<T>(tables: string[], sql: string, ...binds: unknown[]): Promise<T | null> {
    return (await this.all<T>(tables, sql, ...binds))[0] ?? null;
  }
}

export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string" || !text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
