import type { TimerKind } from "../core/views";

/**
 * The object's timers: follow-up, approval SLA, mirror retry and first-draft retry, one row per
 * kind. A Durable Object has one alarm slot, so it is multiplexed: after any change the alarm is
 * set to the earliest due timer (or deleted when there is none).
 */
export type TimerRow = { kind: TimerKind; due_at: number; ref: string | null };

export class Timers {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {}

  arm(kind: TimerKind, inMs: number, ref: string | null): void {
    this.sql.exec(
      "INSERT INTO timers (kind, due_at, ref) VALUES (?, ?, ?) ON CONFLICT (kind) DO UPDATE SET due_at = excluded.due_at, ref = excluded.ref",
      kind,
      Date.now() + inMs,
      ref,
    );
  }

  clear(kind: TimerKind): void {
    this.sql.exec("DELETE FROM timers WHERE kind = ?", kind);
  }

  /** The timers due at `now`, oldest first. */
  due(now: number): TimerRow[] {
    return this.sql.exec<TimerRow>("SELECT kind, due_at, ref FROM timers WHERE due_at <= ? ORDER BY due_at", now).toArray();
  }

  list(): TimerRow[] {
    return this.sql.exec<TimerRow>("SELECT kind, due_at, ref FROM timers ORDER BY due_at").toArray();
  }

  /** Sets the one alarm slot to the earliest timer; answers when that is (null: no timer left). */
  async armAlarm(): Promise<number | null> {
    const next = this.sql.exec<{ due: number | null }>("SELECT min(due_at) AS due FROM timers").toArray()[0]?.due ?? null;
    if (next === null) await this.storage.deleteAlarm();
    else await this.storage.setAlarm(next);
    return next;
  }
}
