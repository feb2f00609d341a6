/** Keyset cursors of the finance listings: opaque to clients, base64url of the last row's (created_at, id). */
export type Cursor = { at: string; id: string };

export function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify([c.at, c.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const v = JSON.parse(atob(text.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") return { at: v[0], id: v[1] };
  } catch {
    // fall through
  }
  return null;
}
