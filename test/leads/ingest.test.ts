import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ingestCrmEvent, ingestLead, retryPendingHandOffs, type LeadView } from "../../src/leads/ingest";
import type { RawInput } from "../../src/leads/core/types";
import { apiKey, postJson, waitFor } from "../helpers";
import { fixtures } from "../fixtures/leads-service";

afterEach(() => vi.restoreAllMocks());

function raw(text: string, contentType = "message/rfc822"): RawInput {
  return { bytes: new TextEncoder().encode(text), contentType, filename: null, receivedAt: new Date().toISOString() };
}

function withMessageId(text: string, id: string): string {
  return text.replace(/^Message-ID: <[^>]+>/m, `Message-ID: <${id}>`);
}

async function row(id: string): Promise<Record<string, unknown> | null> {
  return env.DB.prepare("SELECT * FROM leads WHERE id = ?").bind(id).first();
}

async function doLead(id: string): Promise<Array<{ stage: string }>> {
  return runInDurableObject(env.LEAD_NEGOTIATION.getByName(id), (_i, state) =>
    state.storage.sql.exec<{ stage: string }>("SELECT stage FROM lead").toArray(),
  );
}

describe("ingestLead", () => {
  it("scores with the reference formula and stores the breakdown", async () => {
    const { lead } = await ingestLead(env, raw(withMessageId(fixtures.email, "score-1@test")));
    const e = lead.employees ?? 1;
    const usd = (lead.budget?.usd ?? 0) / 100;
    const weeks = lead.timeline_weeks ?? 12;
    const size = Math.min(10, Math.log2(Math.max(1, e)) * 1.5);
    const budget = Math.min(10, (usd / 50_000) * 2);
    const urgency = Math.max(1, 10 - 0.8 * weeks);
    expect(lead.score).toBeCloseTo(0.4 * size + 0.4 * budget + 0.2 * urgency, 2);
    const stored = await row(lead.id);
    expect(JSON.parse(String(stored?.score_breakdown_json))).toEqual(lead.score_breakdown);
  });

  it("converts a EUR budget to USD minor units at the rate in D1", async () => {
    const chat = JSON.parse(fixtures.chatJson) as { conversation_id: string };
    const first = await ingestLead(env, raw(JSON.stringify({ ...chat, conversation_id: "fx-1" }), "application/json"));
    expect(first.lead.budget?.currency).toBe("EUR");
    const amount = first.lead.budget?.amount_minor ?? 0;
    expect(first.lead.budget?.usd).toBe(Math.round((amount * 1_080_000) / 1_000_000));
    await env.DB.prepare("UPDATE fx_rates SET usd_rate_ppm = 2000000 WHERE currency = 'EUR'").run();
    try {
      const second = await ingestLead(env, raw(JSON.stringify({ ...chat, conversation_id: "fx-2" }), "application/json"));
      expect(second.lead.budget?.usd).toBe(amount * 2);
    } finally {
      await env.DB.prepare("UPDATE fx_rates SET usd_rate_ppm = 1080000 WHERE currency = 'EUR'").run();
    }
  });

  it("logs one lead.ingested line with a masked email, the stage and the routing time", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    const { lead } = await ingestLead(env, raw(withMessageId(fixtures.email, "log-1@test")));
    const ingested = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === "lead.ingested");
    expect(ingested).toHaveLength(1);
    expect(ingested[0]).toMatchObject({
      lead_id: lead.id,
      format: "email",
      stage: lead.stage,
      score: lead.score,
      contact: "l***@pinecrestdentalgroup.com",
    });
    expect(ingested[0].routing_ms).toEqual(expect.any(Number));
    expect(ingested[0].latency_ms).toEqual(expect.any(Number));
    expect(lines.join("\n")).not.toContain("lukas.lind@");
  });

  it("records the ingestion agent's activity for the dashboards", async () => {
    const { lead } = await ingestLead(env, raw(withMessageId(fixtures.spamEmail, "act-1@test")));
    const act = await env.DB.prepare("SELECT agent, action, outcome FROM activity WHERE entity = 'lead' AND entity_id = ?")
      .bind(lead.id)
      .first();
    expect(act).toEqual({ agent: "ingestion", action: `lead.${lead.stage}`, outcome: "ok" });
  });

  it("keeps a qualified lead complete when its Durable Object is unreachable, and hands it off on the next delivery", async () => {
    const failing = {
      getByName: () => ({
        openLead: async () => {
          throw new Error("Durable Object unavailable");
        },
      }),
    };
    const brokenEnv = { ...env, LEAD_NEGOTIATION: failing } as unknown as Env;
    const input = raw(withMessageId(fixtures.email, "do-fail-1@test"));
    const first = await ingestLead(brokenEnv, input);
    expect(first.duplicate).toBe(false);
    expect(first.lead.stage).toBe("qualified");
    expect(await row(first.lead.id)).toMatchObject({ stage: "qualified", qualified: 1, routing_status: "pending", routed_at: null });
    expect(await doLead(first.lead.id)).toHaveLength(0);

    const retry = await ingestLead(env, input);
    expect(retry.duplicate).toBe(true);
    expect(retry.lead.id).toBe(first.lead.id);
    expect(await row(first.lead.id)).toMatchObject({ routing_status: "routed" });
    expect(await doLead(first.lead.id)).toEqual([{ stage: "qualified" }]);
  });
});

describe("the hand-off sweep", () => {
  it("opens leads whose hand-off failed in their Durable Object, once", async () => {
    const failing = { getByName: () => ({ openLead: async () => Promise.reject(new Error("Durable Object unavailable")) }) };
    const brokenEnv = { ...env, LEAD_NEGOTIATION: failing } as unknown as Env;
    const { lead } = await ingestLead(brokenEnv, raw(withMessageId(fixtures.email, "sweep-1@test")));
    expect(await row(lead.id)).toMatchObject({ routing_status: "pending" });
    const first = await retryPendingHandOffs(env, { olderThanMs: 0 });
    expect(first.routed).toBeGreaterThanOrEqual(1);
    expect(first.routed).toBe(first.tried);
    expect(await row(lead.id)).toMatchObject({ routing_status: "routed" });
    expect(await doLead(lead.id)).toEqual([{ stage: "qualified" }]);
    expect(await retryPendingHandOffs(env, { olderThanMs: 0 })).toEqual({ tried: 0, routed: 0 });
  });
});

describe("the AI path (AI_MODE on)", () => {
  const aiEnv = () => ({ ...env, AI_MODE: "on", AI_TIMEOUT_MS: "50" }) as unknown as Env;

  async function ingestWithAi(tag: string, answer: () => Promise<unknown>): Promise<{ lead: LeadView; calls: number }> {
    const spy = vi.spyOn(env.AI, "run").mockImplementation(answer as never);
    const { lead } = await ingestLead(aiEnv(), raw(withMessageId(fixtures.email, `${tag}@ai.test`)));
    return { lead, calls: spy.mock.calls.length };
  }

  it("asks the model and keeps a lead when it answers well", async () => {
    const ev = (value: unknown, evidence: string | null) => ({ value, evidence });
    const good = {
      response: JSON.stringify({
        company: ev("Pinecrest Dental Group Inc.", "Pinecrest Dental Group Inc."),
        contact_email: ev("lukas.lind@pinecrestdentalgroup.com", "lukas.lind@pinecrestdentalgroup.com"),
        contact_name: ev("Lukas Lind", "Lukas Lind"),
        employees: ev(2800, "We're a team of ~2,800."),
        budget: ev({ amount: 395000, currency: "USD" }, "Our budget is $395k."),
        timeline_weeks: ev(null, null),
        intent: ev("purchase", "would like a quote"),
      }),
    };
    const { lead, calls } = await ingestWithAi("good", async () => good);
    expect(calls).toBeGreaterThan(0);
    expect(lead.contact_email).toBe("lukas.lind@pinecrestdentalgroup.com");
    expect(lead.intent).toBe("purchase");
  });

  it("falls back to the rules on a garbage answer", async () => {
    const rules = await ingestLead(env, raw(withMessageId(fixtures.email, "rules@ai.test")));
    const { lead, calls } = await ingestWithAi("garbage", async () => ({ response: "I am not JSON {{{" }));
    expect(calls).toBeGreaterThan(0);
    for (const k of ["company", "contact_email", "employees", "budget", "timeline_weeks", "intent"] as const)
      expect(lead[k], k).toEqual(rules.lead[k]);
  });

  it("still produces the lead when the model times out", async () => {
    const { lead, calls } = await ingestWithAi("timeout", () => new Promise(() => undefined));
    expect(calls).toBeGreaterThan(0);
    expect(await row(lead.id)).toMatchObject({ id: lead.id });
    expect(lead.contact_email).toBe("lukas.lind@pinecrestdentalgroup.com");
  });

  it("loses to the rules where its value has no evidence in the text", async () => {
    const rules = await ingestLead(env, raw(withMessageId(fixtures.email, "rules2@ai.test")));
    const invented = {
      response: JSON.stringify({
        company: { value: "Totally Invented GmbH", evidence: "Totally Invented GmbH" },
        employees: { value: 999999, evidence: null },
        contact_email: { value: "ceo@invented.example", evidence: "ceo@invented.example" },
        contact_name: null,
        budget: null,
        timeline_weeks: { value: 3, evidence: "go live in 3 weeks" },
        intent: { value: "purchase", evidence: null },
      }),
    };
    const { lead, calls } = await ingestWithAi("invented", async () => invented);
    expect(calls).toBeGreaterThan(0);
    expect(lead.company).toBe(rules.lead.company);
    expect(lead.employees).toBe(rules.lead.employees);
    expect(lead.contact_email).toBe(rules.lead.contact_email);
    expect(lead.timeline_weeks).toBe(rules.lead.timeline_weeks);
  });
});

describe("webhook lead events", () => {
  const route = "/api/crm/webhook-router";
  /** The router's calls have effects only with a webhooks:write key. */
  const auth = () => apiKey("webhooks:write");
  /** The gateway records and queues; its queue consumer runs the pipeline asynchronously. */
  const routed = (subjectId: string) =>
    waitFor(async () => {
      const row = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE subject_id = ? AND status = 'queued'")
        .bind(subjectId)
        .first<{ n: number }>();
      return row?.n === 0;
    });

  it("turns a seed lead_create into a lead through the same pipeline, in the lead's Durable Object", async () => {
    const res = await postJson(
      route,
      { event_type: "lead_create", payload: { id: "WH-1", value: 120000, email: "buyer@acme.example" } },
      await auth(),
    );
    expect(res.status).toBe(200);
    await routed("WH-1");
    const lead = await env.DB.prepare(
      "SELECT id, source, contact_email, budget_amount_minor, budget_currency FROM leads WHERE external_id = 'seed:WH-1'",
    ).first<Record<string, unknown>>();
    expect(lead).toMatchObject({
      source: "webhook",
      contact_email: "buyer@acme.example",
      budget_amount_minor: 12_000_000,
      budget_currency: "USD",
    });
    const events = await env.LEAD_NEGOTIATION.getByName(String(lead?.id)).listCrmEvents();
    expect(events.map((e) => e.event_type)).toEqual(["lead_create"]);
  });

  it("sends every event of one CRM record to one lead and one Durable Object", async () => {
    await postJson(route, { event_type: "lead_create", payload: { id: "WH-2", value: 5000, email: "a@b.example" } }, await auth());
    await postJson(route, { event_type: "deal_update", payload: { id: "WH-2", value: 7000 } }, await auth());
    await routed("WH-2");
    const leads = (await env.DB.prepare("SELECT id FROM leads WHERE external_id = 'seed:WH-2'").all<{ id: string }>()).results;
    expect(leads).toHaveLength(1);
    const events = await env.LEAD_NEGOTIATION.getByName(leads[0].id).listCrmEvents();
    expect(events.map((e) => e.event_type)).toEqual(["lead_create", "deal_update"]);
  });

  it("maps a Salesforce lead event to the lead made from the same record posted to /api/leads", async () => {
    const posted = await ingestLead(env, raw(fixtures.salesforceLead, "application/json"));
    const record = JSON.parse(fixtures.salesforceLead) as Record<string, unknown>;
    const event = await ingestCrmEvent(env, {
      source: "salesforce",
      vendor_event_id: "sf-notification-1",
      event_type: "lead_create",
      subject_id: String(record.Id),
      occurred_at: new Date().toISOString(),
      data: record,
    });
    expect(event.duplicate).toBe(true);
    expect(event.lead.id).toBe(posted.lead.id);
  });

  it("turns an event whose data holds nothing usable into a lead with null fields, not an error", async () => {
    const { lead, duplicate } = await ingestCrmEvent(env, {
      source: "generic",
      vendor_event_id: "g-1",
      event_type: "lead_create",
      subject_id: "G-empty",
      occurred_at: "2026-10-01T10:00:00.000Z",
      data: { unrelated: { nested: [1, 2, 3] } },
    });
    expect(duplicate).toBe(false);
    expect(lead).toMatchObject({
      source: "webhook",
      company: null,
      employees: null,
      budget: null,
      qualified: false,
      reference_date: "2026-10-01T10:00:00.000Z",
    });
  });

  it("keeps a deal event for an unknown CRM id in the DO keyed by source and id", async () => {
    await postJson(route, { event_type: "deal_update", payload: { id: "WH-orphan", value: 1 } }, await auth());
    await routed("WH-orphan");
    const events = await env.LEAD_NEGOTIATION.getByName("seed:WH-orphan").listCrmEvents();
    expect(events).toHaveLength(1);
    const n = await env.DB.prepare("SELECT count(*) AS n FROM leads WHERE external_id = 'seed:WH-orphan'").first<{ n: number }>();
    expect(n?.n).toBe(0);
  });
});
