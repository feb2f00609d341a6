import { describe, expect, it } from "vitest";
import { outboundFields, recipientCheck } from "../../../src/negotiation/core/outbound";

const CRLF = /[\r\n]/;

describe("outboundFields", () => {
  it("passes a valid recipient and an ordinary subject unchanged", () => {
    expect(outboundFields({ to: "buyer@acme.example", subject: "Proposal for Acme: $1.00", reply_to: "in+lead_x@l2c.example" })).toEqual({
      ok: true,
      fields: { to: "buyer@acme.example", subject: "Proposal for Acme: $1.00", reply_to: "in+lead_x@l2c.example" },
    });
  });

  it("makes a subject carrying CR/LF header-safe", () => {
    const out = outboundFields({ to: "buyer@acme.example", subject: "Proposal for Acme\r\nBcc: evil@y.com: $1.00", reply_to: null });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(CRLF.test(out.fields.subject)).toBe(false);
    expect(out.fields.subject).toBe("Proposal for Acme Bcc: evil@y.com: $1.00");
  });

  it("refuses a recipient that smuggles a header, with invalid_recipient and no CR/LF in the detail", () => {
    const out = outboundFields({ to: "buyer@x.com\r\nBcc: evil@y.com", subject: "Proposal", reply_to: null });
    expect(out).toMatchObject({ ok: false, code: "invalid_recipient" });
    if (out.ok) return;
    expect(CRLF.test(out.detail)).toBe(false);
  });

  it("keeps a lead without an address on the no-recipient path", () => {
    expect(outboundFields({ to: null, subject: "s", reply_to: null })).toEqual({
      ok: true,
      fields: { to: null, subject: "s", reply_to: null },
    });
  });

  it("drops a reply-to address that is not one valid address", () => {
    const out = outboundFields({ to: "a@b.io", subject: "s", reply_to: "in@x.io\nBcc: y@z.io" });
    expect(out).toMatchObject({ ok: true, fields: { reply_to: null } });
  });
});

describe("recipientCheck", () => {
  it("refuses lists and display names too", () => {
    expect(recipientCheck("a@x.io, b@y.io").ok).toBe(false);
    expect(recipientCheck("Jane <jane@x.io>").ok).toBe(false);
    expect(recipientCheck("jane@x.io")).toEqual({ ok: true, to: "jane@x.io" });
  });
});

describe("recipientCheck's refusal", () => {
  it("names the address once, flattened and quoted, and says nothing is sent", () => {
    expect(recipientCheck("buyer@x.com\r\nBcc: evil@y.com")).toEqual({
      ok: false,
      code: "invalid_recipient",
      detail: `The lead's contact address "buyer@x.com Bcc: evil@y.com" is not one valid e-mail address: nothing is sent to it`,
    });
  });

  it("cuts a long address to 120 characters in the detail", () => {
    const long = `${"a".repeat(150)} @x.io`;
    const out = recipientCheck(long);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.detail).toContain(`"${"a".repeat(120)}"`);
    expect(out.detail).not.toContain("a".repeat(121));
  });

  it("passes the refusal through outboundFields unchanged", () => {
    expect(outboundFields({ to: "not an address", subject: "s", reply_to: "in@x.io" })).toEqual(recipientCheck("not an address"));
  });

  it("keeps a valid reply-to beside a missing recipient", () => {
    expect(outboundFields({ to: null, subject: " s\n", reply_to: "in@x.io" })).toEqual({
      ok: true,
      fields: { to: null, subject: "s", reply_to: "in@x.io" },
    });
  });
});
