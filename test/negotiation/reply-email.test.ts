import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { leadIdFromRecipient, replyAddressFor } from "../../src/platform/reply-address";
import { apiKey, call } from "../helpers";
import { deliverEmail, emailMessage } from "../fixtures/email-message";
import { fixtures } from "../fixtures/leads-service";

describe("reply addresses", () => {
  it("round-trip a lead id through plus-addressing of the inbound address, case-insensitively", () => {
    const id = "lead_01J9ZK7Q2M3N4P5R6S7T8V9W0X";
    const addr = replyAddressFor("leads@example.com", id);
    expect(addr).toBe(`leads+${id}@example.com`);
    expect(leadIdFromRecipient(addr!.toUpperCase(), "leads@example.com")).toBe(id);
    expect(leadIdFromRecipient("leads@example.com", "leads@example.com")).toBeNull();
    expect(leadIdFromRecipient(`other+${id}@example.com`, "leads@example.com")).toBeNull();
    expect(leadIdFromRecipient("leads+not-a-lead@example.com", "leads@example.com")).toBeNull();
    expect(replyAddressFor("", id)).toBeNull();
  });
});

describe("a customer's reply by e-mail", () => {
  it("reaches the lead's negotiation as a message, not ingestion as a new lead", async () => {
    const headers = { ...(await apiKey("leads:write", "leads:read")), "content-type": "message/rfc822" };
    const created = await call("/api/leads", {
      method: "POST",
      headers,
      body: fixtures.email.replace(/^Message-ID: <[^>]+>/m, "Message-ID: <reply-test-origin@example.test>"),
    });
    const { lead } = (await created.json()) as { lead: { id: string; qualified: boolean } };
    expect(lead.qualified).toBe(true);
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM leads").first<{ n: number }>())?.n;

    const reply = [
      "From: Buyer <buyer@example.org>",
      `To: leads+${lead.id}@example.com`,
      "Subject: Re: Proposal",
      "Message-ID: <reply-1@example.org>",
      "Date: Wed, 25 Nov 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "The price is too high for us. Could you do 10% off?",
      "",
    ].join("\r\n");
    const msg = emailMessage(reply, { to: `leads+${lead.id}@example.com`, from: "buyer@example.org" });
    await deliverEmail(msg);
    expect(msg.rejected).toBeNull();

    const after = (await env.DB.prepare("SELECT count(*) AS n FROM leads").first<{ n: number }>())?.n;
    expect(after).toBe(before);
    const res = await call(`/api/leads/${lead.id}/negotiation`, { headers });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    const { negotiation } = JSON.parse(body) as { negotiation: { history: Array<{ kind: string; detail?: string; data_json?: string }> } };
    const incoming = negotiation.history.filter((h) => h.kind === "message_in");
    expect(incoming).toHaveLength(1);
    expect(JSON.stringify(incoming[0])).toContain("email");
    expect(JSON.stringify(incoming[0])).toMatch(/too high|10%/);
  });

  it("is refused back to the sender when the address names no known lead", async () => {
    const msg = emailMessage("From: a@b.org\r\nTo: x\r\nSubject: hi\r\n\r\nhello\r\n", {
      to: "leads+lead_01J9ZK7Q2M3N4P5R6S7T8V9W0X@example.com",
    });
    await deliverEmail(msg);
    expect(msg.rejected).toMatch(/No conversation/);
  });
});
