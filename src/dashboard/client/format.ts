/** Escaping and formatting: everything from the server goes through esc() before innerHTML (lead texts are written by prospects). */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function esc(s: unknown): string {
  return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export function label(s: unknown): string {
  return String(s == null ? "" : s).replace(/_/g, " ");
}

export function money(minor: number | null | undefined, cur?: string | null): string {
  if (minor == null) return "—";
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: cur || "USD" }).format(minor / 100);
  } catch {
    return (minor / 100).toFixed(2) + " " + (cur || "");
  }
}

export function time(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (isNaN(d.getTime())) return esc(iso);
  return '<time datetime="' + esc(iso) + '">' + esc(d.toISOString().slice(0, 16).replace("T", " ")) + "</time>";
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return Math.round(s) + " s ago";
  if (s < 3600) return Math.round(s / 60) + " min ago";
  if (s < 86400) return Math.round(s / 3600) + " h ago";
  return Math.round(s / 86400) + " d ago";
}

export function dur(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1000) return Math.round(ms) + " ms";
  if (ms < 60000) return (ms / 1000).toFixed(1) + " s";
  if (ms < 3600000) return Math.round(ms / 60000) + " min";
  if (ms < 86400000) return (ms / 3600000).toFixed(1) + " h";
  return (ms / 86400000).toFixed(1) + " d";
}

export function badge(text: string, cls?: string): string {
  return '<span class="badge ' + esc(cls || text) + '">' + esc(label(text)) + "</span>";
}

export function empty(text: string): string {
  return '<p class="empty">' + esc(text) + "</p>";
}
