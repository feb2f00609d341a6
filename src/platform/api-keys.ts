import { hmacSha256, toBase64, toHex } from "./crypto";
import { missingSecret } from "./secrets";

/**
 * Scopes our own API understands. "*" grants all. `webhooks:write` lets a CRM's calls to the
 * seed-compatible router (POST /api/crm/webhook-router) have effects; without it they are answered
 * and change nothing.
 */
export const SCOPES = [
  "leads:write",
  "leads:read",
  "sales:write",
  "admin:pricing",
  "finance:read",
  "finance:write",
  "dashboard:read",
  "webhooks:write",
  "*",
] as const;
export type Scope = (typeof SCOPES)[number];

/** `l2c_` + 32 random bytes, base64url. The prefix up to 12 chars is kept for identification. */
export function generateApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `l2c_${toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/**
 * Only this HMAC (keyed with a secret pepper) is stored; the key itself is shown once. There is no
 * default pepper: a public one would make a leaked api_keys table brute-forceable, so a deployment
 * without API_KEY_PEPPER refuses every key (503 missing_secret) instead.
 */
export async function hashApiKey(key: string, pepper: string | undefined): Promise<string> {
  if (!pepper) throw missingSecret("API_KEY_PEPPER");
  return toHex(await hmacSha256(pepper, key));
}

export function hasScope(granted: readonly string[], required: Scope): boolean {
  return granted.includes("*") || granted.includes(required);
}
