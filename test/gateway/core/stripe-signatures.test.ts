import { describe, expect, it } from "vitest";
import { parseStripeSignatureHeader, signStripe, verifyStripe } from "../../../src/gateway/core/stripe";

const SECRET = "whsec_unit_secret";
const ROLLED = "whsec_new_secret";
const NOW = 1_764_000_000;
const BODY = '{"id":"evt_roll"}';
const enc = (s: string) => new TextEncoder().encode(s);
const wrong = (c: string) => c.repeat(64);

async function verify(header: string, secrets = [SECRET]) {
  return verifyStripe({ body: enc(BODY), headers: new Headers({ "stripe-signature": header }), secrets, nowSeconds: NOW });
}

describe("Stripe: every v1 signature counts", () => {
  it("accepts a good v1 in first, middle or last place among wrong ones", async () => {
    const good = await signStripe(SECRET, BODY, NOW);
    expect(await verify(`t=${NOW},v1=${good},v1=${wrong("0")}`)).toEqual({ ok: true });
    expect(await verify(`t=${NOW},v1=${wrong("1")},v1=${good},v1=${wrong("2")}`)).toEqual({ ok: true });
    expect(await verify(`t=${NOW},v1=${wrong("1")},v1=${wrong("2")},v1=${good}`)).toEqual({ ok: true });
  });

  it("accepts a v1 written in upper-case hex", async () => {
    const good = await signStripe(SECRET, BODY, NOW);
    expect(await verify(`t=${NOW},v1=${good.toUpperCase()}`)).toEqual({ ok: true });
  });

  it("accepts a signature by any of the configured secrets (a secret being rolled)", async () => {
    const byNew = await signStripe(ROLLED, BODY, NOW);
    expect(await verify(`t=${NOW},v1=${byNew}`, [SECRET, ROLLED])).toEqual({ ok: true });
    expect(await verify(`t=${NOW},v1=${byNew}`, [ROLLED, SECRET])).toEqual({ ok: true });
    expect(await verify(`t=${NOW},v1=${byNew}`, [SECRET])).toEqual({ ok: false, reason: "signature mismatch" });
  });

  it("refuses when no v1 matches, and names why", async () => {
    expect(await verify(`t=${NOW},v1=${wrong("a")},v1=${wrong("b")}`)).toEqual({ ok: false, reason: "signature mismatch" });
    expect(await verify(`t=${NOW}`)).toEqual({ ok: false, reason: "no v1 signature in Stripe-Signature" });
    expect(await verify(`v1=${wrong("a")}`)).toEqual({ ok: false, reason: "missing or malformed t= in Stripe-Signature" });
    expect(await verify(`t=soon,v1=${wrong("a")}`)).toEqual({ ok: false, reason: "missing or malformed t= in Stripe-Signature" });
    expect(await verify(`t=${NOW},v1=${wrong("a")}`, [])).toEqual({ ok: false, reason: "no Stripe webhook secret configured" });
    expect(await verifyStripe({ body: enc(BODY), headers: new Headers(), secrets: [SECRET], nowSeconds: NOW })).toEqual({
      ok: false,
      reason: "missing Stripe-Signature",
    });
  });

  it("does not take a signature that is not 64 hex digits, even a prefix of the right one", async () => {
    const good = await signStripe(SECRET, BODY, NOW);
    expect((await verify(`t=${NOW},v1=${good.slice(0, 63)}`)).ok).toBe(false);
    expect((await verify(`t=${NOW},v1=${good}0`)).ok).toBe(false);
  });

  it("keeps the first t= and at most ten v1 values", () => {
    const many = Array.from({ length: 12 }, (_, i) => `v1=s${i}`).join(",");
    const parsed = parseStripeSignatureHeader(`t=1,t=2,${many}`);
    expect(parsed.t).toBe("1");
    expect(parsed.v1).toEqual(Array.from({ length: 10 }, (_, i) => `s${i}`));
  });
});
