import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKey, call, postJson } from "../helpers";
import { negotiationOf, openLead, putJson, seedCatalog } from "../durable/support";

/**
 * Issue 16 item 8: every negotiation action a person or the agent takes through the API writes
 * one `negotiation.*` ops line (ids, stage, actor; never message text or e-mail addresses), with
 * the request's id, so `wrangler tail --search <request id>` finds it.
 */
let sales: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  await seedCatalog(await apiKey("admin:pricing"));
  sales = await apiKey("sales:write", "leads:read");
  reader = await apiKey("leads:read");
});

afterEach(() => vi.restoreAllMocks());

type Line = Record<string, unknown>;

/** The JSON lines the worker logged while `fn` ran, and its response. */
async function logged(fn: () => Promise<Response>): Promise<{ res: Response; lines: Line[] }> {
  const lines: Line[] = [];
  const grab = (...args: unknown[]) => {
    for (const a of args) if (typeof a === "string" && a.startsWith("{")) lines.push(JSON.parse(a) as Line);
  };
  for (const m of ["log", "warn", "error"] as const) vi.spyOn(console, m).mockImplementation(grab);
  const res = await fn();
  vi.restoreAllMocks();
  return { res, lines };
}

const ops = (lines: Line[]) => lines.filter((l) => String(l.event).startsWith("negotiation."));

/** The one line of `event`, carrying the response's request id. */
function lineOf(lines: Line[], res: Response, event: string): Line {
  const hits = ops(lines).filter((l) => l.event === event);
  expect(hits, event).toHaveLength(1);
  expect(hits[0]!.request_id, event).toBe(res.headers.get("request-id"));
  expect(hits[0]!.outcome).toBe("ok");
  return hits[0]!;
}

const pendingDraft = async (leadId: string) => (await negotiationOf(leadId, reader)).drafts.find((d) => d.status === "awaiting_approval")!;

describe("negotiation ops lines", () => {
  it("approve writes approved and sent; reject writes rejected; both name the actor and never the text", async () => {
    const lead = await openLead();
    const draft = await pendingDraft(lead.id);
    const a = await logged(() => postJson(`/api/leads/${lead.id}/proposals/${draft.id}/approve`, {}, sales));
    expect(a.res.status).toBe(200);
    expect(lineOf(a.lines, a.res, "negotiation.approved")).toMatchObject({
      lead_id: lead.id,
      draft_id: draft.id,
      actor: expect.stringMatching(/^key:/),
    });
    expect(lineOf(a.lines, a.res, "negotiation.sent")).toMatchObject({ lead_id: lead.id, draft_id: draft.id });

    const counter = await postJson(`/api/leads/${lead.id}/messages`, { text: "Looks good overall. Could you do 10% off?" }, sales);
    expect(counter.status).toBe(200);
    const revised = await pendingDraft(lead.id);
    const reason = "Too generous for this customer segment";
    const r = await logged(() => postJson(`/api/leads/${lead.id}/proposals/${revised.id}/reject`, { reason }, sales));
    expect(r.res.status).toBe(200);
    expect(lineOf(r.lines, r.res, "negotiation.rejected")).toMatchObject({ lead_id: lead.id, draft_id: revised.id });
    expect(ops(r.lines).some((l) => l.event === "negotiation.sent")).toBe(false);
    expect(JSON.stringify(r.lines)).not.toContain(reason);
  });

  it("a reply that escalates writes message_relayed and escalated; resolving writes escalation_resolved", async () => {
    const lead = await openLead();
    await postJson(`/api/leads/${lead.id}/proposals/${(await pendingDraft(lead.id)).id}/approve`, {}, sales);
    const text = "We can only sign with a 40% discount.";
    const m = await logged(() => postJson(`/api/leads/${lead.id}/messages`, { text }, sales));
    const body = (await m.res.json()) as { escalation_id: string };
    expect(body.escalation_id).toBeTruthy();
    expect(lineOf(m.lines, m.res, "negotiation.message_relayed")).toMatchObject({ lead_id: lead.id, action: "escalate" });
    expect(lineOf(m.lines, m.res, "negotiation.escalated")).toMatchObject({ escalation_id: body.escalation_id, via: "message" });
    expect(JSON.stringify(m.lines)).not.toContain(text);

    const s = await logged(() => postJson(`/api/escalations/${body.escalation_id}/resolve`, { resolution: "VP approved 20%" }, sales));
    expect(s.res.status).toBe(200);
    expect(lineOf(s.lines, s.res, "negotiation.escalation_resolved")).toMatchObject({
      lead_id: lead.id,
      escalation_id: body.escalation_id,
      applied_option: null,
    });
    // A refused second resolution is a 409 and writes no ops line (the access line records it).
    const again = await logged(() => postJson(`/api/escalations/${body.escalation_id}/resolve`, { resolution: "again" }, sales));
    expect(again.res.status).toBe(409);
    expect(ops(again.lines)).toEqual([]);
  });

  it("a mode change writes mode_changed with the new mode; a refused one writes none", async () => {
    const lead = await openLead();
    const m = await logged(() => putJson(`/api/leads/${lead.id}/mode`, { mode: "autonomous" }, sales));
    expect(m.res.status).toBe(200);
    expect(lineOf(m.lines, m.res, "negotiation.mode_changed")).toMatchObject({ lead_id: lead.id, mode: "autonomous" });
    const bad = await logged(() => putJson(`/api/leads/${lead.id}/mode`, { mode: "yolo" }, sales));
    expect(bad.res.status).toBe(422);
    expect(ops(bad.lines)).toEqual([]);
    const denied = await logged(() =>
      call(`/api/leads/${lead.id}/mode`, {
        method: "PUT",
        headers: { ...reader, "content-type": "application/json" },
        body: '{"mode":"copilot"}',
      }),
    );
    expect(denied.res.status).toBe(403);
    expect(ops(denied.lines)).toEqual([]);
  });
});
