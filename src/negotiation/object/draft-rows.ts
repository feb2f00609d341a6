import { newId } from "../../platform/ids";
import type { LeadState } from "./state";
import type { DraftView } from "../core/views";
import type { DraftContent, DraftKind, DraftStatus, Quote, UsedSnippet } from "../core/types";

/** The object's drafts table: every proposal, follow-up and agreement with its decision. */
export type DraftRow = {
  id: string;
  kind: string;
  status: string;
  subject: string;
  body: string;
  author: string;
  quote_json: string;
  snippets_json: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
  sent_at: string | null;
  sla_escalated: number;
};

export class DraftRows {
  constructor(
    private readonly sql: SqlStorage,
    private readonly state: LeadState,
  ) {}

  row(id: string): DraftRow | null {
    return this.sql.exec<DraftRow>("SELECT * FROM drafts WHERE id = ?", id).toArray()[0] ?? null;
  }
  all(): DraftRow[] {
    return this.sql.exec<DraftRow>("SELECT * FROM drafts ORDER BY created_at, id").toArray();
  }
  hasAny(): boolean {
    return this.sql.exec("SELECT 1 FROM drafts LIMIT 1").toArray().length > 0;
  }

  /** Stores a new draft (status `draft`) and records it, with what retrieval offered beside what it used. */
  insert(content: DraftContent, retrieved: readonly string[]): string {
    const id = newId("prop");
    const now = new Date().toISOString();
    this.sql.exec(
      "INSERT INTO drafts (id, kind, status, subject, body, author, quote_json, snippets_json, created_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?)",
      id,
      content.kind,
      content.subject,
      content.body,
      content.author,
      JSON.stringify(content.quote),
      JSON.stringify(content.used_snippets),
      now,
    );
    this.state.addHistory(
      "agent",
      "draft_created",
      `${content.kind} ${id} drafted by ${content.author}: ${content.quote.currency} ${content.quote.total_minor} minor (${content.quote.verdict})`,
      {
        draft_id: id,
        author: content.author,
        total_minor: content.quote.total_minor,
        currency: content.quote.currency,
        discount_bps: content.quote.discount_bps,
        snippets: content.used_snippets.map((s) => `${s.kind}:${s.id}`),
        retrieved,
      },
    );
    return id;
  }

  markApproved(id: string, by: string): void {
    this.sql.exec("UPDATE drafts SET status = 'approved', decided_at = ?, decided_by = ? WHERE id = ?", new Date().toISOString(), by, id);
  }
  markAwaiting(id: string): void {
    this.sql.exec("UPDATE drafts SET status = 'awaiting_approval' WHERE id = ?", id);
  }
  markRejected(id: string, by: string, reason: string): void {
    this.sql.exec(
      "UPDATE drafts SET status = 'rejected', decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
      new Date().toISOString(),
      by,
      reason,
      id,
    );
  }
  markSent(id: string, at: string): void {
    this.sql.exec("UPDATE drafts SET status = 'sent', sent_at = ? WHERE id = ?", at, id);
  }
  markSlaEscalated(id: string): void {
    this.sql.exec("UPDATE drafts SET sla_escalated = 1 WHERE id = ?", id);
  }

  /** At most one draft waits for a human: a newer one supersedes it. */
  supersedePending(keepId: string): void {
    const pending = this.sql.exec<{ id: string }>("SELECT id FROM drafts WHERE status = 'awaiting_approval' AND id != ?", keepId).toArray();
    for (const p of pending) {
      this.sql.exec("UPDATE drafts SET status = 'superseded' WHERE id = ?", p.id);
      this.state.addHistory("agent", "note", `draft ${p.id} superseded by ${keepId}`, { draft_id: p.id });
    }
  }
  /** A closed deal: nothing waits for a human any more. */
  supersedeAllPending(): void {
    this.sql.exec("UPDATE drafts SET status = 'superseded' WHERE status = 'awaiting_approval'");
  }
}

export function toDraftView(d: DraftRow): DraftView {
  return {
    id: d.id,
    kind: d.kind as DraftKind,
    status: d.status as DraftStatus,
    subject: d.subject,
    body: d.body,
    author: d.author as "template" | "ai",
    quote: JSON.parse(d.quote_json) as Quote,
    used_snippets: JSON.parse(d.snippets_json) as UsedSnippet[],
    created_at: d.created_at,
    decided_at: d.decided_at,
    decided_by: d.decided_by,
    reason: d.reason,
    sent_at: d.sent_at,
  };
}
