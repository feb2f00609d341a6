import { DurableObject } from "cloudflare:workers";
import type { InternalEvent } from "../webhooks/internal-event";
import type { LeadRecord } from "../ingest/types";

const SCHEMA_VERSION = 1;

/**
 * One per lead, named by `idFromName(leadKey)`. The source of truth for the lead's conversation,
 * stage, proposals and timers; D1 holds mirrors for listing.
 */
export class LeadNegotiation extends DurableObject<Env> {
  private sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate(): void {
    this.sql.exec("CREATE TABLE IF NOT EXISTS _meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const row = this.sql.exec<{ value: string }>("SELECT value FROM _meta WHERE key = 'schema_version'").toArray()[0];
    const version = row ? Number(row.value) : 0;
    if (version < 1) {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS crm_events (
        event_key TEXT PRIMARY KEY, source TEXT NOT NULL, event_type TEXT NOT NULL,
        subject_id TEXT NOT NULL, data_json TEXT NOT NULL, occurred_at TEXT NOT NULL, received_at TEXT NOT NULL)`);
      this.sql.exec("CREATE TABLE IF NOT EXISTS lead (id INTEGER PRIMARY KEY CHECK (id = 1), lead_json TEXT NOT NULL, stage TEXT NOT NULL, updated_at TEXT NOT NULL)");
    }
    this.sql.exec("INSERT INTO _meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", String(SCHEMA_VERSION));
  }

  /** Stores a CRM event once; a redelivery is a no-op. */
  async recordCrmEvent(event: InternalEvent): Promise<{ stored: boolean }> {
    const key = `${event.source}:${event.vendor_event_id}`;
    const cursor = this.sql.exec(
      `INSERT INTO crm_events (event_key, source, event_type, subject_id, data_json, occurred_at, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_key) DO NOTHING`,
      key, event.source, event.event_type, event.subject_id, JSON.stringify(event.data), event.occurred_at, new Date().toISOString(),
    );
    return { stored: cursor.rowsWritten > 0 };
  }

  /**
   * Hands a freshly ingested lead to its agent (contract with the ingestion layer). Idempotent:
   * opening the same lead again keeps the stage it has reached.
   */
  async openLead(lead: LeadRecord): Promise<{ stage: string }> {
    const existing = this.sql.exec<{ stage: string }>("SELECT stage FROM lead WHERE id = 1").toArray()[0];
    if (existing) return { stage: existing.stage };
    this.sql.exec("INSERT INTO lead (id, lead_json, stage, updated_at) VALUES (1, ?, ?, ?)", JSON.stringify(lead), lead.stage, new Date().toISOString());
    return { stage: lead.stage };
  }

  /** CRM events as stored (data as JSON text: arbitrary JSON does not type-check across RPC). */
  async listCrmEvents(): Promise<Array<{ event_key: string; event_type: string; data_json: string }>> {
    return this.sql
      .exec<{ event_key: string; event_type: string; data_json: string }>("SELECT event_key, event_type, data_json FROM crm_events ORDER BY received_at")
      .toArray();
  }
}
