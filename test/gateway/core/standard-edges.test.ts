import { describe, expect, it } from "vitest";
import { normalizeStandard, signStandard, standardSecretKey, verifyStandard } from "../../../src/gateway/core/standard";
import { normalizeSeed } from "../../../src/gateway/core/seed";
import { leadKeyFor } from "../../../src/gateway/core/internal-event";

const enc = (s: string) => new TextEncoder().encode(s);
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const NOW = 1_764_000_000;
const BODY = '{"type":"lead.created","data":{"id":"c1"}}';
const wrongSig = `v1,${btoa("x".repeat(32))}`;

async function verify(h: Record<string, string>, secrets = [SECRET], body = BODY) {
  return verifyStandard({ body: enc(body), headers: new Headers(h), secrets, nowSeconds: NOW });
}
async function good(id = "msg_1", ts = NOW) {
  return { "webhook-id": id, "webhook-timestamp": String(ts), "webhook-signature": await signStandard(SECRET, id, ts, BODY) };
}

describe("Standard Webhooks verification reasons", () => {
  it("reads a secret with or without the whsec_ prefix, and refuses an empty or non-base64 one", async () => {
    expect(standardSecretKey(SECRET)).toEqual(standardSecretKey(SECRET.slice("whsec_".length)));
    expect(standardSecretKey("whsec_")).toBeNull();
    expect(standardSecretKey("%%%")).toBeNull();
    await expect(signStandard("whsec_", "id", NOW, "x")).rejects.toThrow("invalid Standard Webhooks secret");
    expect(await signStandard(SECRET, "m", NOW, enc(BODY))).toBe(await signStandard(SECRET, "m", NOW, BODY));
  });

  it("names each refusal", async () => {
    const h = await good();
    expect(await verify(h, [])).toEqual({ ok: false, reason: "no Standard Webhooks secret configured" });
    expect(await verify(h, ["whsec_"])).toEqual({ ok: false, reason: "no Standard Webhooks secret configured" });
    const missing = { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature" };
    for (const drop of ["webhook-id", "webhook-timestamp", "webhook-signature"] as const) {
      const { [drop]: _gone, ...rest } = h;
      expect(await verify(rest)).toEqual(missing);
    }
    expect(await verify({ ...h, "webhook-id": "x".repeat(257) })).toEqual({ ok: false, reason: "webhook-id too long" });
    expect(await verify({ ...h, "webhook-timestamp": "12.5" })).toEqual({ ok: false, reason: "malformed webhook-timestamp" });
    expect(await verify({ ...h, "webhook-timestamp": String(NOW - 301) })).toEqual({
      ok: false,
      reason: "timestamp outside the tolerance window",
    });
    expect(await verify({ ...h, "webhook-signature": "v1a,abc v2,xyz nocomma" })).toEqual({ ok: false, reason: "no v1 signature" });
    expect(await verify({ ...h, "webhook-signature": `v1,${btoa("short")}` })).toEqual({ ok: false, reason: "no v1 signature" });
    expect(await verify({ ...h, "webhook-signature": ",abc" })).toEqual({ ok: false, reason: "no v1 signature" });
    expect(await verify({ ...h, "webhook-signature": wrongSig })).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("takes an id of 256 characters, the good signature in any place among the first ten, and either secret", async () => {
    expect(await verify(await good("x".repeat(256)))).toEqual({ ok: true });
    const h = await good();
    const sig = h["webhook-signature"];
    expect(await verify({ ...h, "webhook-signature": `${sig} ${wrongSig}` })).toEqual({ ok: true });
    expect(await verify({ ...h, "webhook-signature": `${wrongSig} ${sig}` })).toEqual({ ok: true });
    const eleventh = [...Array(10).fill(wrongSig), sig].join(" ");
    expect(await verify({ ...h, "webhook-signature": eleventh })).toEqual({ ok: false, reason: "signature mismatch" });
    expect(await verify(h, ["whsec_" + btoa("other-key-other-key"), SECRET])).toEqual({ ok: true });
  });
});

describe("Standard Webhooks normalization refusals and dates", () => {
  const meta = { webhookId: "msg_1", webhookTimestampSeconds: NOW };
  const refusal = (text: string) => {
    try {
      normalizeStandard(text, meta);
    } catch (err) {
      return err as { kind: string; message: string; extra: Record<string, unknown> };
    }
    throw new Error("expected a refusal");
  };

  it("names the shape, the unknown type and a float amount", () => {
    expect(refusal("[]")).toMatchObject({ kind: "invalid_input", message: "Webhook body must be {type, data: {id, ...}}" });
    expect((refusal("[]").extra.errors as unknown[]).length).toBeGreaterThan(0);
    const unknown = refusal(JSON.stringify({ type: "x".repeat(100), data: { id: 1 } }));
    expect(unknown.message).toBe(`Unknown event type "${"x".repeat(100)}"`);
    expect(unknown.extra.accepted_types).toContain("lead.created");
    expect(refusal(JSON.stringify({ type: "invoice.paid", data: { id: 1, amount_minor: 1.5 } })).message).toBe(
      "data.amount_minor must be an integer (minor units)",
    );
    expect(refusal("{").message).toBe("Webhook body is not valid JSON");
  });

  it("dates the event by its own timestamp when it parses, else by the delivery's", () => {
    const at = (timestamp?: string) => {
      const [item] = normalizeStandard(JSON.stringify({ type: "lead.created", timestamp, data: { id: "c" } }), meta);
      return item.kind === "event" ? item.event.occurred_at : null;
    };
    expect(at("2026-03-01T10:00:00+01:00")).toBe("2026-03-01T09:00:00.000Z");
    expect(at("not a date")).toBe(new Date(NOW * 1000).toISOString());
    expect(at()).toBe(new Date(NOW * 1000).toISOString());
  });
});

describe("the seed router's event", () => {
  it("is keyed by type and id, with the value in minor units and the email or null", () => {
    expect(
      normalizeSeed({ event_type: "invoice_paid", payload: { id: "42", value: 12.345, extra: "x" } }, "2026-03-01T00:00:00.000Z"),
    ).toEqual({
      source: "seed",
      vendor_event_id: "invoice_paid:42",
      event_type: "invoice_paid",
      subject_id: "42",
      occurred_at: "2026-03-01T00:00:00.000Z",
      data: { extra: "x", email: null, amount_minor: 1235, currency: "USD" },
    });
    expect(normalizeSeed({ event_type: "lead_create", payload: { id: "7", email: "a@b.example" } }, "t").data).toEqual({
      email: "a@b.example",
      amount_minor: null,
      currency: "USD",
    });
    expect(leadKeyFor({ source: "seed", subject_id: "7" })).toBe("seed:7");
  });
});
