/** DOM and HTTP helpers shared by the page modules. */

/** An element the page template always renders; a missing one is a template bug, so it throws. */
export function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}

export function maybe(id: string): HTMLElement | null {
  return document.getElementById(id);
}

export function input(id: string): HTMLInputElement | null {
  const el = document.getElementById(id);
  return el instanceof HTMLInputElement ? el : null;
}

export function setStatus(text: string, isError = false): void {
  const el = maybe("action-status");
  if (!el) return;
  el.textContent = text;
  el.className = "status" + (isError ? " error" : "");
}

/** The button under a click, if it carries data-act. */
export function actionButton(ev: Event): HTMLButtonElement | null {
  const t = ev.target;
  const b = t instanceof Element ? t.closest("button[data-act]") : null;
  return b instanceof HTMLButtonElement ? b : null;
}

/**
 * A JSON POST to a dashboard endpoint with the session cookie. The browser adds the Origin header
 * the server checks on every state-changing request.
 */
export async function post(url: string, payload: unknown): Promise<unknown> {
  const r = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(payload ?? {}),
  });
  const t = await r.text();
  let j: unknown = null;
  try {
    j = t ? JSON.parse(t) : null;
  } catch {
    j = null;
  }
  if (!r.ok) {
    const p = j && typeof j === "object" ? (j as { detail?: unknown; title?: unknown }) : {};
    throw new Error(String(p.detail || p.title || "HTTP " + r.status));
  }
  return j;
}
