import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKey, expectProblem, postJson } from "../helpers";
import { leadRecord, negotiationOf, seedCatalog } from "../durable/support";
import type { LeadNegotiation } from "../../src/durable/lead-negotiation";

/*
 * Issue 17, finding 4 (outbound side): CR/LF from a lead never reaches an outbound field. The lead
 * is handed to its object directly, the way ingestion does; the ingestion side is tested there.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const EVIL_EMAIL = "buyer@x.com\r\nBcc: evil@y.com";
const EVIL_COMPANY = "Acme\r\nBcc: evil@y.com\r\n\r\nCorp";

let sales: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  sales = await apiKey("sales:write", "leads:read");
  reader = await apiKey("leads:read");
  await seedCatalog(await apiKey("admin:pricing"));
});

afterEach(() => {
  vi.restoreAllMocks();
});

const stubOf = (id: string) => env.LEAD_NEGOTIATION.getByName(id);
const outboxOf = async (leadId: string) =>
  (
    await env.DB.prepare("SELECT recipient, subject, channel, status FROM outbox WHERE lead_id = ? ORDER BY id")
      .bind(leadId)
      .all<{ recipient: string | null; subject: string; channel: string; status: string }>()
  ).results;

describe("outbound fields stay header-safe whatever the lead says", () => {
  it("keeps CR/LF of the company name out of the draft subject, the outbox row and the webhook payload", async () => {
    const lead = leadRecord({ company: EVIL_COMPANY });
    const hook = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok", { status: 202 }));
    await runInDurableObject(stubOf(lead.id), async (instance: LeadNegotiation) => {
      Object.assign(instance, { env: { ...env, OUTBOUND_WEBHOOK_URL: "https://hooks.example/outbound" } });
      await instance.openLead(lead);
      const [draft] = ((await instance.getState())?.drafts ?? []).filter((d) => d.status === "awaiting_approval");
      expect(draft?.subject).toMatch(/^Proposal for Acme Bcc: evil@y\.com Corp: /);
      expect(CONTROL.test(draft?.subject ?? "\n")).toBe(false);
      const approved = await instance.approve(draft?.id ?? "", "key:test");
      expect(approved).toMatchObject({ ok: true, value: { status: "sent", stage: "proposal_sent" } });
    });
    const payload = JSON.parse(String((hook.mock.calls[0] as [string, RequestInit])[1].body)) as Record<string, string | null>;
    expect(payload.to).toBe("buyer@acme.example");
    for (const field of ["to", "subject", "reply_to", "kind", "lead_id", "draft_id"])
      expect(CONTROL.test(payload[field] ?? "")).toBe(false);
    const [row] = await outboxOf(lead.id);
    expect(row).toMatchObject({ recipient: "buyer@acme.example", channel: "webhook", status: "delivered" });
    expect(CONTROL.test(row?.subject ?? "\n")).toBe(false);
    expect(row?.subject).toBe(payload.subject);
  });

  it("drafts for a lead whose address smuggles a Bcc header, but refuses to send it (invalid_recipient) and writes no outbox row", async () => {
    const lead = leadRecord({ contact_email: EVIL_EMAIL, company: EVIL_COMPANY });
    const hook = vi.spyOn(globalThis, "fetch");
    await stubOf(lead.id).openLead(lead);
    const n = await negotiationOf(lead.id, reader);
    const draft = n.drafts.find((d) => d.status === "awaiting_approval");
    expect(draft, "the draft can still be reviewed").toBeDefined();
    const full = (await stubOf(lead.id).getState())?.drafts.find((d) => d.id === draft?.id);
    expect(CONTROL.test(full?.subject ?? "\n")).toBe(false);

    const res = await postJson(`/api/leads/${lead.id}/proposals/${draft?.id}/approve`, {}, sales);
    const problem = await expectProblem(res, 422);
    expect(problem.code).toBe("invalid_recipient");
    expect(CONTROL.test(String(problem.detail))).toBe(false);

    expect(hook).not.toHaveBeenCalled();
    expect(await outboxOf(lead.id)).toEqual([]);
    const after = await negotiationOf(lead.id, reader);
    expect(after.stage).toBe("awaiting_approval");
    expect(after.drafts.find((d) => d.id === draft?.id)?.status).toBe("awaiting_approval");
  });

  it("never sends such a lead's proposal by itself in autonomous mode: it waits for a human", async () => {
    const lead = leadRecord({ contact_email: EVIL_EMAIL, company: EVIL_COMPANY, employees: 40, products: ["LL-STD"] });
    await runInDurableObject(stubOf(lead.id), async (instance: LeadNegotiation) => {
      Object.assign(instance, { env: { ...env, AUTONOMOUS_MODE: "on", AUTONOMOUS_MAX_DEAL_USD: "10000000" } });
      await instance.openLead(lead);
    });
    const n = await negotiationOf(lead.id, reader);
    expect(n.mode).toBe("autonomous");
    expect(n.drafts.some((d) => d.status === "sent")).toBe(false);
    expect(n.drafts.find((d) => d.kind === "proposal")?.status).toBe("awaiting_approval");
    expect(await outboxOf(lead.id)).toEqual([]);
  });

  it("sends an ordinary lead's proposal by itself in autonomous mode (the refusal above is the address, not the mode)", async () => {
    const lead = leadRecord({ company: EVIL_COMPANY, employees: 40, products: ["LL-STD"] });
    await runInDurableObject(stubOf(lead.id), async (instance: LeadNegotiation) => {
      Object.assign(instance, { env: { ...env, AUTONOMOUS_MODE: "on", AUTONOMOUS_MAX_DEAL_USD: "10000000" } });
      await instance.openLead(lead);
    });
    const n = await negotiationOf(lead.id, reader);
    expect(n.drafts.find((d) => d.kind === "proposal")?.status).toBe("sent");
    const [row] = await outboxOf(lead.id);
    expect(row).toMatchObject({ recipient: "buyer@acme.example", channel: "log", status: "logged" });
    expect(CONTROL.test(row?.subject ?? "\n")).toBe(false);
  });
});
