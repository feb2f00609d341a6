/**
 * Cloudflare Access JWT validation (the `Cf-Access-Jwt-Assertion` header): RS256 signature against
 * the team's JWKS, `aud` contains our application's AUD tag, `iss` is the team domain, and `exp`/`nbf`
 * hold. Web Crypto only; the JWKS fetcher is injectable so tests can sign with a local key pair.
 */
export type Jwk = JsonWebKey & { kid?: string };
export type JwksFetcher = (url: string) => Promise<{ keys: Jwk[] }>;
export type AccessIdentity = { email: string | null; sub: string };

export class AccessJwtError extends Error {}

/** The team's key set is refetched this long after it was read, even when every kid is known. */
const KEY_TTL_MS = 10 * 60 * 1000;
/**
 * A token with a kid we do not hold refetches the key set (that is how a key rotation shows up),
 * but at most once per this interval: otherwise anyone could make us fetch the team's certs once
 * per request by sending made-up kids.
 */
export const UNKNOWN_KID_REFETCH_MS = 30 * 1000;
type CachedKeys = { at: number; keys: Map<string, CryptoKey>; forcedAt: number | null };
const cache = new Map<string, CachedKeys>();

/** `myteam`, `myteam.cloudflareaccess.com` or `https://myteam.cloudflareaccess.com` → the https origin. */
export function teamOrigin(teamDomain: string): string {
  let d = teamDomain.trim().replace(/\/+$/, "");
  if (!/^https?:\/\//.test(d)) d = `https://${d.includes(".") ? d : `${d}.cloudflareaccess.com`}`;
  return d;
}

const defaultFetcher: JwksFetcher = async (url) => {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new AccessJwtError(`JWKS fetch failed with ${res.status}`);
  return (await res.json()) as { keys: Jwk[] };
};

function b64urlToBytes(s: string): Uint8Array {
  const pad = s.length % 4 === 0 ? "" : "=".repeat(4 - (s.length % 4));
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + pad);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function decodeJson(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder().decode(b64urlToBytes(part)));
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new AccessJwtError("JWT part is not a JSON object");
  return value as Record<string, unknown>;
}

async function fetchKeys(url: string, fetcher: JwksFetcher): Promise<Map<string, CryptoKey>> {
  const jwks = await fetcher(url);
  const keys = new Map<string, CryptoKey>();
  for (const jwk of jwks.keys ?? []) {
    if (jwk.kty !== "RSA" || !jwk.kid) continue;
    const { kid, ...material } = jwk;
    keys.set(
      kid,
      await crypto.subtle.importKey(
        "jwk",
        { ...material, alg: "RS256", ext: true },
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        ["verify"],
      ),
    );
  }
  return keys;
}

/** One fetch per team at a time: concurrent requests share it. */
const pending = new Map<string, Promise<Map<string, CryptoKey>>>();

function refetch(url: string, fetcher: JwksFetcher, now: number, forced: boolean): Promise<Map<string, CryptoKey>> {
  const prev = cache.get(url);
  // Marked before the fetch so requests arriving while it runs do not start another.
  if (forced && prev) prev.forcedAt = now;
  let p = pending.get(url);
  if (!p) {
    p = fetchKeys(url, fetcher)
      .then((keys) => {
        cache.set(url, { at: now, keys, forcedAt: forced ? now : (cache.get(url)?.forcedAt ?? null) });
        return keys;
      })
      .finally(() => pending.delete(url));
    pending.set(url, p);
  }
  return p;
}

/** The verification key for `kid`: from the cache, else one refetch when the cache is old or the kid new (rate-limited). */
async function keyFor(url: string, kid: string, fetcher: JwksFetcher, now: number): Promise<CryptoKey | undefined> {
  const hit = cache.get(url);
  if (!hit || now - hit.at >= KEY_TTL_MS) return (await refetch(url, fetcher, now, false)).get(kid);
  const known = hit.keys.get(kid);
  if (known) return known;
  if (hit.forcedAt !== null && now - hit.forcedAt < UNKNOWN_KID_REFETCH_MS) return undefined;
  return (await refetch(url, fetcher, now, true)).get(kid);
}

export function clearAccessKeyCache(): void {
  cache.clear();
  pending.clear();
}

export async function verifyAccessJwt(
  token: string,
  opts: { teamDomain: string; aud: string; fetcher?: JwksFetcher; now?: number },
): Promise<AccessIdentity> {
  const now = opts.now ?? Date.now();
  const parts = token.split(".");
  if (parts.length !== 3) throw new AccessJwtError("Malformed JWT");
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeJson(parts[0]);
    payload = decodeJson(parts[1]);
  } catch (err) {
    throw err instanceof AccessJwtError ? err : new AccessJwtError("Malformed JWT");
  }
  if (header.alg !== "RS256") throw new AccessJwtError("Unexpected JWT algorithm");
  const kid = typeof header.kid === "string" ? header.kid : "";
  const origin = teamOrigin(opts.teamDomain);
  const url = `${origin}/cdn-cgi/access/certs`;
  const fetcher = opts.fetcher ?? defaultFetcher;
  const key = await keyFor(url, kid, fetcher, now);
  if (!key) throw new AccessJwtError("Unknown signing key");
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  let sig: Uint8Array;
  try {
    sig = b64urlToBytes(parts[2]);
  } catch {
    throw new AccessJwtError("Malformed JWT signature");
  }
  const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, sig, signed);
  if (!ok) throw new AccessJwtError("Bad signature");
  const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!auds.includes(opts.aud)) throw new AccessJwtError("Wrong audience");
  if (payload.iss !== origin) throw new AccessJwtError("Wrong issuer");
  const nowSec = Math.floor(now / 1000);
  const leeway = 60;
  if (typeof payload.exp !== "number" || payload.exp + leeway < nowSec) throw new AccessJwtError("Token expired");
  if (typeof payload.nbf === "number" && payload.nbf - leeway > nowSec) throw new AccessJwtError("Token not yet valid");
  const sub = typeof payload.sub === "string" ? payload.sub : "";
  const email = typeof payload.email === "string" ? payload.email : null;
  if (!sub && !email) throw new AccessJwtError("Token has no subject");
  return { email, sub };
}
