/**
 * The one cursor encoding of our lists: opaque to clients, base64url (no padding) of a JSON array
 * of the last row's key parts, UTF-8 so any id survives. A client passes `next_cursor` back as
 * `cursor` and never builds one; a cursor this API did not issue is refused by the caller (null here).
 */
export function encodeCursor(parts: readonly string[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(parts));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=/g, "");
}

/** The key parts of a cursor with exactly `arity` string parts, else null. */
export function decodeCursor(text: string, arity: number): string[] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== arity || !value.every((p) => typeof p === "string")) return null;
  return value as string[];
}

/**
 * A one-part cursor, or, for one release, the raw id the invoice and discrepancy lists used to
 * answer as `next_cursor` (a client may hold one across the upgrade). Lists that always issued
 * opaque cursors do not take this path.
 */
export function decodeIdCursor(text: string): string {
  return decodeCursor(text, 1)?.[0] ?? text;
}
