import { factsFromLead } from "../core/segment";
import { assertTransition } from "../core/stages";
import type { LeadRecord } from "../../leads/core/types";
import type { Mode } from "../core/views";
import type { Actor, HistoryEntry, HistoryKind, LeadFacts, Quote, QuoteRequest, Stage } from "../core/types";

/*
 * The LeadNegotiation object's own SQLite: the schema (versioned in `_meta`, created once under
 * blockConcurrencyWhile by the class) and the typed reads and writes of the lead row and its
 * history. Drafts live in draft-rows.ts, timers in timers.ts. Every statement is parameterised.
 */

const SCHEMA_VERSION = 2;

export function migrate(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const row = sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'schema_version'").toArray()[0];
  const version = row ? Number(row.value) : 0;
  if (version < 1) {
    sql.exec(`CREATE TABLE IF NOT EXISTS crm_events (
      event_key TEXT PRIMARY KEY, source TEXT NOT NULL, event_type TEXT NOT NULL,
      subject_id TEXT NOT NULL, data_json TEXT NOT NULL, occurred_at TEXT NOT NULL, received_at TEXT NOT NULL)`);
    sql.exec(
      "CREATE TABLE IF NOT EXISTS lead (id INTEGER PRIMARY KEY CHECK (id = 1), lead_json TEXT NOT NULL, stage TEXT NOT NULL, updated_at TEXT NOT NULL)",
    );
  }
  if (version < 2) {
    for (const col of [
      "mode TEXT NOT NULL DEFAULT 'copilot'",
      "facts_json TEXT",
      "request_json TEXT",
      "quote_json TEXT",
      "opened_at TEXT",
      "stage_entered_at TEXT",
      "won_at TEXT",
      "lost_at TEXT",
      "follow_ups INTEGER NOT NULL DEFAULT 0",
    ]) {
      sql.exec(`ALTER TABLE lead ADD COLUMN ${col}`);
    }
    sql.exec(`CREATE TABLE IF NOT EXISTS history (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
      detail TEXT NOT NULL, data_json TEXT)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS drafts (
      id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
      author TEXT NOT NULL, quote_json TEXT NOT NULL, snippets_json TEXT NOT NULL, created_at TEXT NOT NULL,
      decided_at TEXT, decided_by TEXT, reason TEXT, sent_at TEXT, sla_escalated INTEGER NOT NULL DEFAULT 0)`);
    sql.exec(
      "CREATE TABLE IF NOT EXISTS escalations (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, reasons_json TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open')",
    );
    // One alarm slot, multiplexed: the alarm is always set to the earliest due timer.
    sql.exec("CREATE TABLE IF NOT EXISTS timers (kind TEXT PRIMARY KEY, due_at INTEGER NOT NULL, ref TEXT)");
  }
  sql.exec(
    "INSERT INTO _meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    String(SCHEMA_VERSION),
  );
}

export type LeadRow = {
  lead_json: string;
  stage: string;
  mode: string;
  facts_json: string | null;
  request_json: string | null;
  quote_json: string | null;
  opened_at: string | null;
  stage_entered_at: string | null;
  won_at: string | null;
  lost_at: string | null;
  follow_ups: number;
};

/** The lead row (there is one per object, id = 1) and its history. */
export class LeadState {
  constructor(readonly sql: SqlStorage) {}

  leadOrNull(): LeadRow | null {
    return (
      this.sql
        .exec<LeadRow>(
          "SELECT lead_json, stage, mode, facts_json, request_json, quote_json, opened_at, stage_entered_at, won_at, lost_at, follow_ups FROM lead WHERE id = 1",
        )
        .toArray()[0] ?? null
    );
  }
  lead(): LeadRow {
    const l = this.leadOrNull();
    if (!l) throw new Error("lead not opened");
    return l;
  }
  leadRecord(): LeadRecord {
    return JSON.parse(this.lead().lead_json) as LeadRecord;
  }
  facts(): LeadFacts {
    const l = this.lead();
    return l.facts_json ? (JSON.parse(l.facts_json) as LeadFacts) : factsFromLead(JSON.parse(l.lead_json) as LeadRecord);
  }
  leadId(): string {
    return this.facts().lead_id;
  }
  leadIdOrNull(): string | null {
    return this.leadOrNull() ? this.leadId() : null;
  }
  request(): QuoteRequest | null {
    const r = this.lead().request_json;
    return r ? (JSON.parse(r) as QuoteRequest) : null;
  }
  currentQuote(): Quote | null {
    const q = this.lead().quote_json;
    return q ? (JSON.parse(q) as Quote) : null;
  }

  insertLead(lead: LeadRecord, mode: Mode, facts: LeadFacts, now: string): void {
    this.sql.exec(
      "INSERT INTO lead (id, lead_json, stage, updated_at, mode, facts_json, opened_at, stage_entered_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
      JSON.stringify(lead),
      lead.stage,
      now,
      mode,
      JSON.stringify(facts),
      now,
      now,
    );
  }
  touch(): void {
    this.sql.exec("UPDATE lead SET updated_at = ? WHERE id = 1", new Date().toISOString());
  }
  setMode(mode: Mode): void {
    this.sql.exec("UPDATE lead SET mode = ?, updated_at = ? WHERE id = 1", mode, new Date().toISOString());
  }
  setProposal(request: QuoteRequest, q: Quote): void {
    this.sql.exec("UPDATE lead SET request_json = ?, quote_json = ? WHERE id = 1", JSON.stringify(request), JSON.stringify(q));
  }
  countFollowUp(): void {
    this.sql.exec("UPDATE lead SET follow_ups = follow_ups + 1 WHERE id = 1");
  }
  resetFollowUps(): void {
    this.sql.exec("UPDATE lead SET follow_ups = 0 WHERE id = 1");
  }

  setStage(to: Stage, actor: Actor, why: string): void {
    const from = this.lead().stage;
    assertTransition(from, to); // the one gate every stage change passes
    const now = new Date().toISOString();
    const closedCol = to === "won" ? ", won_at = ?4" : to === "lost" ? ", lost_at = ?4" : "";
    this.sql.exec(
      `UPDATE lead SET stage = ?1, stage_entered_at = ?2, updated_at = ?3${closedCol} WHERE id = 1`,
      to,
      now,
      now,
      ...(closedCol ? [now] : []),
    );
    this.addHistory(actor, "stage_changed", `${from} → ${to}: ${why}`, { from, to });
  }

  addHistory(actor: Actor, kind: HistoryKind, detail: string, data?: Record<string, unknown>): void {
    this.sql.exec(
      "INSERT INTO history (at, actor, kind, detail, data_json) VALUES (?, ?, ?, ?, ?)",
      new Date().toISOString(),
      actor,
      kind,
      detail,
      data ? JSON.stringify(data) : null,
    );
  }

  historyEntries(): HistoryEntry[] {
    return this.sql
      .exec<{ at: string; actor: string; kind: string; detail: string; data_json: string | null }>(
        "SELECT at, actor, kind, detail, data_json FROM history ORDER BY seq",
      )
      .toArray()
      .map((h) => ({
        at: h.at,
        actor: h.actor as Actor,
        kind: h.kind as HistoryKind,
        detail: h.detail,
        ...(h.data_json ? { data: JSON.parse(h.data_json) as Record<string, unknown> } : {}),
      }));
  }
}
