/** An HMAC-SHA256 written directly on Web Crypto, to cross-check the adapters' own signing code. */
export async function referenceHmac(key: string | Uint8Array, message: string, encoding: "hex" | "base64"): Promise<string> {
  const raw = typeof key === "string" ? new TextEncoder().encode(key) : key;
  const k = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(message)));
  if (encoding === "hex") return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  return btoa(String.fromCharCode(...mac));
}
