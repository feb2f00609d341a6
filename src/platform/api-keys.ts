import { hmacSha256, toBase64, toHex } from "./crypto";

/** Scopes our own API understands. "*" grants all. */
export const SCOPES = [
  "leads:write",
  "leads:read",
  "sales:write",
  "admin:pricing",
  "finance:read",
  "finance:write",
  "dashboard:read",
  "*",
] as const;
export type Scope = (typeof SCOPES)[number];

/** `l2c_` + 32 random bytes, base64url. The prefix up to 12 chars is kept for identification. */
export function generateApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `l2c_${toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** Only this HMAC (keyed with a secret pepper) is stored; the key itself is shown once. */
export async function hashApiKey(key: string, pepper: string): Promise<string> {
  return toHex(await hmacSha256(pepper || "l2c-default-pepper", key));
}

export function hasScope(granted: readonly string[], required: Scope): boolean {
  return granted.includes("*") || granted.includes(required);
}
