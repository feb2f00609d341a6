import { describe, expect, it } from "vitest";
import { normalizeStandard, signStandard, standardEventType, verifyStandard } from "../../../src/gateway/core/standard";
import { standardInvoicePaid, standardLeadCreated } from "../../fixtures/webhooks/standard";

const enc = (s: string) => new TextEncoder().encode(s);
// The Standard Webhooks specification's own test vector.
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

function headers(id: string, ts: number, sig: string) {
  return new Headers({ "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": sig });
}

describe("Standard Webhooks verification", () => {
  it("reproduces the specification's test vector", async () => {
    expect(await signStandard(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it("accepts when one of several space-separated signatures matches", async () => {
    const sig = `v1,${btoa("x".repeat(32))} v1a,abc ${SPEC.signature}`;
    const verdict = await verifyStandard({
      body: enc(SPEC.body),
      headers: headers(SPEC.id, SPEC.timestamp, sig),
      secrets: [SPEC.secret],
      nowSeconds: SPEC.timestamp + 10,
    });
    expect(verdict).toEqual({ ok: true });
  });

  it("rejects a tampered body, another id, a wrong secret and an old or future timestamp", async () => {
    const h = headers(SPEC.id, SPEC.timestamp, SPEC.signature);
    const now = SPEC.timestamp;
    expect((await verifyStandard({ body: enc('{"test": 2432232315}'), headers: h, secrets: [SPEC.secret], nowSeconds: now })).ok).toBe(
      false,
    );
    expect(
      (
        await verifyStandard({
          body: enc(SPEC.body),
          headers: headers("msg_other", SPEC.timestamp, SPEC.signature),
          secrets: [SPEC.secret],
          nowSeconds: now,
        })
      ).ok,
    ).toBe(false);
    expect(
      (await verifyStandard({ body: enc(SPEC.body), headers: h, secrets: ["whsec_" + btoa("another key entirely")], nowSeconds: now })).ok,
    ).toBe(false);
    expect((await verifyStandard({ body: enc(SPEC.body), headers: h, secrets: [SPEC.secret], nowSeconds: now + 301 })).ok).toBe(false);
    expect((await verifyStandard({ body: enc(SPEC.body), headers: h, secrets: [SPEC.secret], nowSeconds: now - 301 })).ok).toBe(false);
  });

  it("rejects missing headers and a secret that is not base64 without throwing", async () => {
    expect((await verifyStandard({ body: enc("{}"), headers: new Headers(), secrets: [SPEC.secret], nowSeconds: 0 })).ok).toBe(false);
    expect((await verifyStandard({ body: enc("{}"), headers: headers("a", 1, "v1,AAAA"), secrets: ["whsec_***"], nowSeconds: 1 })).ok).toBe(
      false,
    );
  });
});

describe("Standard Webhooks normalization", () => {
  it("maps lead.created to lead_create, keeping flat facts and an upper-case currency", () => {
    const [item] = normalizeStandard(JSON.stringify(standardLeadCreated("lead-77")), {
      webhookId: "msg_1",
      webhookTimestampSeconds: 1_764_000_000,
    });
    expect(item.kind === "event" && item.event).toMatchObject({
      source: "generic",
      vendor_event_id: "msg_1",
      event_type: "lead_create",
      subject_id: "lead-77",
      occurred_at: "2026-11-25T10:00:00.000Z",
      data: { email: "ops@initech.example", company: "Initech", amount_minor: 4200000, currency: "USD", vendor_type: "lead.created" },
    });
    expect(item.kind === "event" && "nested" in item.event.data).toBe(false);
  });

  it("accepts our internal names and the obvious dotted names", () => {
    expect(standardEventType("invoice_paid")).toBe("invoice_paid");
    expect(standardEventType("deal.updated")).toBe("deal_update");
    expect(standardEventType("charge.refunded")).toBe("charge_refunded");
    expect(standardEventType("toString")).toBeNull();
    const [item] = normalizeStandard(JSON.stringify(standardInvoicePaid("INV-1")), { webhookId: "msg_2", webhookTimestampSeconds: 1 });
    expect(item.kind === "event" && item.event.event_type).toBe("invoice_paid");
  });

  it("refuses an unknown type, a missing data.id and a float amount with 422", () => {
    const meta = { webhookId: "m", webhookTimestampSeconds: 1 };
    expect(() => normalizeStandard(JSON.stringify({ type: "lead.deleted", data: { id: "x" } }), meta)).toThrowError(
      expect.objectContaining({ kind: "invalid_input" }),
    );
    expect(() => normalizeStandard(JSON.stringify({ type: "lead.created", data: {} }), meta)).toThrowError(
      expect.objectContaining({ kind: "invalid_input" }),
    );
    expect(() => normalizeStandard(JSON.stringify({ type: "invoice.paid", data: { id: "i", amount_minor: 1.5 } }), meta)).toThrowError(
      expect.objectContaining({ kind: "invalid_input" }),
    );
    expect(() => normalizeStandard("nope", meta)).toThrowError(expect.objectContaining({ kind: "bad_request" }));
  });
});
