import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { topicsOf, wants, type SocketFilter } from "../../src/durable/live-hub";
import { recordActivity } from "../../src/platform/activity";
import { apiKey, call, expectProblem } from "../helpers";

type Socket = {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  next: (pred: (m: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
};

/** Opens the dashboard's live socket through the real Worker route and collects what it receives. */
async function openLive(query = "", headers?: Record<string, string>): Promise<Socket> {
  const auth = headers ?? (await apiKey("dashboard:read"));
  const res = await call(`/dashboard/live${query}`, { headers: { upgrade: "websocket", ...auth } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{ pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  ws.addEventListener("message", (ev) => {
    const m = JSON.parse(String(ev.data)) as Record<string, unknown>;
    messages.push(m);
    for (const w of [...waiters])
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  ws.accept();
  const next = (pred: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const hit = messages.find(pred);
      if (hit) return resolve(hit);
      waiters.push({ pred, resolve });
      setTimeout(() => reject(new Error(`no matching message; got ${JSON.stringify(messages)}`)), 4000);
    });
  return { ws, messages, next };
}

describe("LiveHub (dashboard WebSocket fan-out)", () => {
  it("refuses the live socket without a key and without an upgrade header", async () => {
    await expectProblem(await call("/dashboard/live", { headers: { upgrade: "websocket" } }), 401);
    await expectProblem(await call("/dashboard/live", { headers: { upgrade: "websocket", ...(await apiKey("leads:read")) } }), 403);
    const res = await call("/dashboard/live", { headers: await apiKey("dashboard:read") });
    expect(res.status).toBe(426);
  });

  it("delivers a recorded agent activity to a connected dashboard socket", async () => {
    const s = await openLive();
    await s.next((m) => m.type === "hello");
    await recordActivity(env, {
      agent: "ingestion",
      action: "lead_ingested",
      entity: "lead",
      entity_id: "lead_live_1",
      detail: { company: "Acme" },
    });
    const got = await s.next((m) => m.type === "activity");
    expect(got.activity).toMatchObject({ agent: "ingestion", action: "lead_ingested", entity_id: "lead_live_1" });
    s.ws.close(1000, "done");
  });

  it("accepts sockets through the hibernation API and keeps each socket's filter in its attachment", async () => {
    const s = await openLive("?topics=activity:reconciliation");
    await s.next((m) => m.type === "hello");
    const stub = env.LIVE_HUB.getByName("global");
    const filters = await runInDurableObject(stub, (_hub, state) =>
      state.getWebSockets().map((w) => w.deserializeAttachment() as SocketFilter),
    );
    expect(filters.some((f) => f.topics.join() === "activity:reconciliation")).toBe(true);

    await recordActivity(env, { agent: "ingestion", action: "lead_ingested", entity: "lead", entity_id: "lead_filtered_out" });
    await recordActivity(env, { agent: "reconciliation", action: "import_done", entity: "import", entity_id: "imp_live_1" });
    const got = await s.next((m) => m.type === "activity");
    expect((got.activity as Record<string, unknown>).entity_id).toBe("imp_live_1");
    expect(s.messages.some((m) => (m.activity as Record<string, unknown> | undefined)?.entity_id === "lead_filtered_out")).toBe(false);
    s.ws.close(1000, "done");
  });

  it("lets a client change its filter with a subscribe message", async () => {
    const s = await openLive("?topics=escalation");
    await s.next((m) => m.type === "hello");
    s.ws.send(JSON.stringify({ type: "subscribe", topics: ["lead"] }));
    await s.next((m) => m.type === "subscribed");
    const hub = env.LIVE_HUB.getByName("global");
    const delivered = await hub.publish({ type: "lead", lead_id: "lead_sub_1" });
    expect(delivered).toBeGreaterThanOrEqual(1);
    const got = await s.next((m) => m.type === "lead");
    expect(got.lead_id).toBe("lead_sub_1");
    s.ws.close(1000, "done");
  });

  it("publish counts only the sockets that want the message and survives closed sockets", async () => {
    const hub = env.LIVE_HUB.getByName(`hub-${crypto.randomUUID()}`);
    expect(await hub.publish({ type: "activity" })).toBe(0);
    const res = await hub.fetch("https://hub/live?topics=recon", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(101);
    res.webSocket!.accept();
    expect(await hub.connections()).toBe(1);
    expect(await hub.publish({ type: "activity" })).toBe(0);
    expect(await hub.publish({ type: "recon" })).toBe(1);
    const plain = await hub.fetch("https://hub/live");
    expect(plain.status).toBe(426);
  });

  it("matches topics by type, agent-qualified activity and the wildcard", () => {
    const msg = { type: "activity", activity: { agent: "negotiation" } };
    expect(topicsOf(msg)).toEqual(["activity", "activity:negotiation"]);
    expect(wants({ topics: ["*"], connected_at: "" }, topicsOf(msg))).toBe(true);
    expect(wants({ topics: ["activity:negotiation"], connected_at: "" }, topicsOf(msg))).toBe(true);
    expect(wants({ topics: ["activity:ingestion"], connected_at: "" }, topicsOf(msg))).toBe(false);
    expect(wants(null, ["anything"])).toBe(true);
  });
});
