import { afterEach, describe, expect, it } from "vitest";
import { clearAccessKeyCache, UNKNOWN_KID_REFETCH_MS, verifyAccessJwt, type Jwk } from "../../src/dashboard/access-jwt";

const TEAM = "l2c-cache.cloudflareaccess.com";
const AUD = "aud-cache";

function b64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function keyPair(kid: string): Promise<{ privateKey: CryptoKey; jwk: Jwk }> {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  return { privateKey: pair.privateKey, jwk: { ...((await crypto.subtle.exportKey("jwk", pair.publicKey)) as Jwk), kid } };
}

async function sign(privateKey: CryptoKey, kid: string, nowMs: number): Promise<string> {
  const s = Math.floor(nowMs / 1000);
  const head = b64url(JSON.stringify({ alg: "RS256", kid, typ: "JWT" }));
  const body = b64url(JSON.stringify({ aud: [AUD], iss: `https://${TEAM}`, sub: "u", email: "ops@example.com", exp: s + 600, iat: s }));
  const sig = new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, new TextEncoder().encode(`${head}.${body}`)));
  return `${head}.${body}.${b64url(sig)}`;
}

describe("Cloudflare Access key cache", () => {
  afterEach(() => clearAccessKeyCache());

  it("refetches the team's keys at most once per interval for unknown key ids", async () => {
    const known = await keyPair("k1");
    const rotated = await keyPair("k2");
    let served: Jwk[] = [known.jwk];
    let fetched = 0;
    const fetcher = async () => {
      fetched++;
      return { keys: served };
    };
    const t0 = Date.now();
    const opts = (now: number) => ({ teamDomain: TEAM, aud: AUD, fetcher, now });
    expect((await verifyAccessJwt(await sign(known.privateKey, "k1", t0), opts(t0))).sub).toBe("u");
    expect(fetched).toBe(1);
    // A flood of made-up kids: one refetch, then refused from the cache until the interval has passed.
    for (let i = 0; i < 20; i++)
      await expect(verifyAccessJwt(await sign(known.privateKey, `bogus-${i}`, t0), opts(t0 + i))).rejects.toThrow("Unknown signing key");
    expect(fetched).toBe(2);
    // The team rotates its key within the interval: the new kid waits for the next allowed refetch.
    served = [known.jwk, rotated.jwk];
    const t1 = t0 + UNKNOWN_KID_REFETCH_MS - 1;
    await expect(verifyAccessJwt(await sign(rotated.privateKey, "k2", t1), opts(t1))).rejects.toThrow("Unknown signing key");
    expect(fetched).toBe(2);
    const t2 = t0 + 20 + UNKNOWN_KID_REFETCH_MS;
    expect((await verifyAccessJwt(await sign(rotated.privateKey, "k2", t2), opts(t2))).sub).toBe("u");
    expect(fetched).toBe(3);
    // Known kids never refetch.
    expect((await verifyAccessJwt(await sign(known.privateKey, "k1", t2), opts(t2 + 1))).sub).toBe("u");
    expect(fetched).toBe(3);
  });

  it("shares one fetch between concurrent verifications", async () => {
    const k = await keyPair("kc");
    let fetched = 0;
    const fetcher = async () => {
      fetched++;
      await new Promise((r) => setTimeout(r, 20));
      return { keys: [k.jwk] };
    };
    const now = Date.now();
    const token = await sign(k.privateKey, "kc", now);
    const all = await Promise.all(Array.from({ length: 5 }, () => verifyAccessJwt(token, { teamDomain: TEAM, aud: AUD, fetcher, now })));
    expect(all.every((id) => id.sub === "u")).toBe(true);
    expect(fetched).toBe(1);
  });

  it("reads the key set again after ten minutes even when every kid is known", async () => {
    const k = await keyPair("kt");
    let fetched = 0;
    const fetcher = async () => {
      fetched++;
      return { keys: [k.jwk] };
    };
    const t0 = Date.now();
    await verifyAccessJwt(await sign(k.privateKey, "kt", t0), { teamDomain: TEAM, aud: AUD, fetcher, now: t0 });
    const later = t0 + 10 * 60_000;
    await verifyAccessJwt(await sign(k.privateKey, "kt", later), { teamDomain: TEAM, aud: AUD, fetcher, now: later });
    expect(fetched).toBe(2);
  });
});
