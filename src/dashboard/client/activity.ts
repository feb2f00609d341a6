import { maybe } from "./dom";
import { badge, dur, esc, label, time } from "./format";
import type { Activity } from "./types";

function activityItem(a: Activity): HTMLLIElement {
  const li = document.createElement("li");
  li.setAttribute("data-id", a.id);
  const target = a.href
    ? '<a href="' + esc(a.href) + '">' + esc(a.entity) + " " + esc(a.entity_id) + "</a>"
    : esc(a.entity) + " " + esc(a.entity_id);
  li.innerHTML =
    time(a.at) +
    " " +
    badge(a.agent, "agent") +
    " <strong>" +
    esc(label(a.action)) +
    "</strong> " +
    target +
    (a.outcome === "error" ? " " + badge("error") : "") +
    (a.latency_ms != null ? ' <span class="sum">' + esc(dur(a.latency_ms)) + "</span>" : "") +
    (a.summary ? ' <span class="sum">' + esc(a.summary) + "</span>" : "");
  return li;
}

/** Adds only the items not shown yet (aria-live announces additions, not a full redraw). */
export function mergeActivity(list: Activity[] | undefined, initialRender: boolean): void {
  const ol = maybe("activity");
  if (!ol || !list) return;
  if (initialRender) ol.innerHTML = "";
  const seen = new Set<string | null>();
  for (const li of Array.from(ol.children)) seen.add(li.getAttribute("data-id"));
  const fresh = list.filter((a) => !seen.has(a.id));
  for (let i = fresh.length - 1; i >= 0; i--) {
    const li = activityItem(fresh[i]);
    if (!initialRender) li.className = "new";
    ol.insertBefore(li, ol.firstChild);
  }
  while (ol.children.length > 60 && ol.lastChild) ol.removeChild(ol.lastChild);
  if (!ol.children.length) ol.innerHTML = '<li class="empty" data-id="">No agent activity yet.</li>';
  else {
    const e = ol.querySelector("li.empty");
    if (e && ol.children.length > 1) ol.removeChild(e);
  }
}
