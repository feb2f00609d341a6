import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { waitFor } from "../helpers";

let n = 0;
const uid = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function queuedEvent(id: string, opts: { receivedAt: string; eventJson: string | null; requeues?: number }): Promise<string> {
  const internal = `evt_${id}`;
  await env.DB.prepare(
    `INSERT INTO events (id, source, vendor_event_id, event_type, subject_id, agent, route, status, received_at, latency_ms, result_json, event_json, requeues)
     VALUES (?, 'seed', ?, 'deal_update', ?, 'Negotiation_Agent', '/pipelines/negotiation', 'queued', ?, 0, '{}', ?, ?)`,
  )
    .bind(internal, `deal_update:${id}`, id, opts.receivedAt, opts.eventJson, opts.requeues ?? 0)
    .run();
  return internal;
}

const eventJson = (id: string) =>
  JSON.stringify({
    source: "seed",
    vendor_event_id: `deal_update:${id}`,
    event_type: "deal_update",
    subject_id: id,
    occurred_at: minutesAgo(30),
    data: {},
  });

describe("no event or import is stuck forever (issue 17, findings 3 and 6)", () => {
  it("re-sends an event stuck in queued, which then runs its pipeline", async () => {
    const id = uid("STUCK");
    const internal = await queuedEvent(id, { receivedAt: minutesAgo(30), eventJson: eventJson(id) });
    await runCron();
    const row = await waitFor(() =>
      env.DB.prepare("SELECT status, requeues FROM events WHERE id = ? AND status = 'routed'").bind(internal).first(),
    );
    expect(row).toEqual({ status: "routed", requeues: 1 });
    expect(await env.LEAD_NEGOTIATION.getByName(`seed:${id}`).listCrmEvents()).toHaveLength(1);
  });

  it("marks failed, with the reason, an event it cannot re-send or has re-sent enough", async () => {
    const lost = await queuedEvent(uid("LOST"), { receivedAt: minutesAgo(30), eventJson: null });
    const id = uid("TIRED");
    const tired = await queuedEvent(id, { receivedAt: minutesAgo(300), eventJson: eventJson(id), requeues: 3 });
    const fresh = await queuedEvent(uid("FRESH"), { receivedAt: minutesAgo(1), eventJson: null });
    await runCron();
    const read = (i: string) =>
      env.DB.prepare("SELECT status, error FROM events WHERE id = ?").bind(i).first<{ status: string; error: string }>();
    expect(await read(lost)).toMatchObject({ status: "failed", error: expect.stringContaining("no stored event") });
    expect(await read(tired)).toMatchObject({ status: "failed", error: expect.stringContaining("after 3 re-sends") });
    expect((await read(fresh))?.status).toBe("queued");
  });

  it("marks an import stuck in processing past the timeout as failed with the reason", async () => {
    const stale = uid("imp");
    const recent = uid("imp");
    for (const [id, at] of [
      [stale, minutesAgo(120)],
      [recent, minutesAgo(5)],
    ]) {
      await env.DB.prepare(
        "INSERT INTO imports (id, kind, format, status, sha256, bytes, total_items, chunks_total, created_at) VALUES (?, 'bank_statement', 'test', 'processing', 'x', 0, 0, 3, ?)",
      )
        .bind(id, at)
        .run();
    }
    await runCron();
    const row = await env.DB.prepare("SELECT status, errors_json, finished_at FROM imports WHERE id = ?")
      .bind(stale)
      .first<{ status: string; errors_json: string; finished_at: string | null }>();
    expect(row?.status).toBe("failed");
    expect(JSON.parse(row!.errors_json)).toEqual([expect.objectContaining({ code: "IMPORT_STALE" })]);
    expect(row?.finished_at).not.toBeNull();
    expect((await env.DB.prepare("SELECT status FROM imports WHERE id = ?").bind(recent).first())?.status).toBe("processing");
  });
});
