import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { handleInboundEmail } from "../../src/leads/inbound-email";
import { handleReplyEmail } from "../../src/negotiation/reply-email";
import { fixtures } from "../fixtures/leads-service";
import { deliverEmail, emailMessage } from "../fixtures/email-message";

const message = emailMessage;
const deliver = deliverEmail;

async function leadsWithExternalId(id: string): Promise<Array<{ id: string; source: string }>> {
  return (await env.DB.prepare("SELECT id, source FROM leads WHERE external_id = ?").bind(id).all<{ id: string; source: string }>())
    .results;
}

function withMessageId(raw: string, id: string): string {
  return raw.replace(/^Message-ID: <[^>]+>/m, `Message-ID: <${id}>`);
}

describe("email() handler", () => {
  it("ingests mail sent to the inbound address as an email lead", async () => {
    const msg = message(withMessageId(fixtures.email, "mail-1@example.test"));
    await deliver(msg);
    expect(msg.rejected).toBeNull();
    const rows = await leadsWithExternalId("email:<mail-1@example.test>");
    expect(rows).toHaveLength(1);
    expect(rows[0].source).toBe("email");
  });

  it("accepts the inbound address in any letter case", async () => {
    const msg = message(withMessageId(fixtures.infoEmail, "mail-case@example.test"), { to: "Leads@Example.COM" });
    await deliver(msg);
    expect(msg.rejected).toBeNull();
    expect(await leadsWithExternalId("email:<mail-case@example.test>")).toHaveLength(1);
  });

  it("stores a redelivered message once", async () => {
    const raw = withMessageId(fixtures.spamEmail, "mail-2@example.test");
    await deliver(message(raw));
    await deliver(message(raw));
    expect(await leadsWithExternalId("email:<mail-2@example.test>")).toHaveLength(1);
  });

  it("takes mail to any address when no inbound address is configured", async () => {
    const open = { ...env, INBOUND_EMAIL_ADDRESS: "" } as Env;
    const msg = message(withMessageId(fixtures.infoEmail, "mail-any@example.test"), { to: "whoever@elsewhere.example" });
    const ctx = createExecutionContext();
    await handleInboundEmail(msg, open, ctx, handleReplyEmail);
    await waitOnExecutionContext(ctx);
    expect(msg.rejected).toBeNull();
    expect(await leadsWithExternalId("email:<mail-any@example.test>")).toHaveLength(1);
  });

  it("rejects mail to another address and writes nothing", async () => {
    const msg = message(withMessageId(fixtures.email, "mail-3@example.test"), { to: "someone-else@example.com" });
    await deliver(msg);
    expect(msg.rejected).toMatch(/mailbox/i);
    expect(await leadsWithExternalId("email:<mail-3@example.test>")).toHaveLength(0);
  });

  it("rejects oversized mail by its declared size and by what the stream actually carries", async () => {
    const declared = message(withMessageId(fixtures.email, "mail-4@example.test"), { rawSize: 10_485_761 });
    await deliver(declared);
    expect(declared.rejected).toMatch(/too large/i);
    const body = `${withMessageId(fixtures.email, "mail-5@example.test")}\n${"x".repeat(10_485_760)}`;
    const lying = message(body, { rawSize: 1000 });
    await deliver(lying);
    expect(lying.rejected).toMatch(/too large/i);
    expect(await leadsWithExternalId("email:<mail-4@example.test>")).toHaveLength(0);
    expect(await leadsWithExternalId("email:<mail-5@example.test>")).toHaveLength(0);
  });

  it("rejects an empty message with a reason instead of throwing", async () => {
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM leads").first<{ n: number }>())?.n;
    const msg = message(new Uint8Array(0));
    await deliver(msg);
    expect(msg.rejected).toMatch(/could not read/i);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM leads").first<{ n: number }>())?.n).toBe(before);
  });
});
