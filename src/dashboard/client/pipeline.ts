import { mergeActivity } from "./activity";
import { $ } from "./dom";
import { ago, badge, dur, empty, esc, label, money, time } from "./format";
import type { LeadListRow, Pipeline } from "./types";

const sort = { key: "received_at", dir: "desc" as "asc" | "desc" };

function bar(value: number, max: number): string {
  const w = max > 0 ? Math.max(1, Math.round((value / max) * 100)) : 0;
  return (
    '<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="10" fill="#eaeef2"></rect><rect width="' +
    w +
    '" height="10" fill="#0969da"></rect></svg>'
  );
}

export function renderPipeline(d: Pipeline, first: boolean): void {
  $("agents").innerHTML = d.agents
    .map(
      (a) =>
        '<li class="card"><h3>' +
        esc(a.agent) +
        " " +
        badge(a.state) +
        "</h3>" +
        '<span class="big">' +
        esc(a.handled) +
        "</span><p>events handled</p>" +
        "<p>" +
        esc(a.errors) +
        " error" +
        (a.errors === 1 ? "" : "s") +
        "</p>" +
        "<p>Last: " +
        (a.last_action ? esc(label(a.last_action)) + ", " : "") +
        esc(ago(a.last_at)) +
        "</p>" +
        (a.last_error ? '<p class="error">' + esc(a.last_error) + "</p>" : "") +
        "</li>",
    )
    .join("");
  const max = d.stages.reduce((m, s) => Math.max(m, s.count), 0);
  $("stages").innerHTML = d.stages.length
    ? '<ul class="bars">' +
      d.stages
        .map(
          (s) =>
            "<li><span>" +
            badge(s.stage) +
            "</span>" +
            bar(s.count, max) +
            "<span>" +
            esc(s.count) +
            (s.avg_score != null ? " · " + esc(Number(s.avg_score).toFixed(1)) : "") +
            "</span>" +
            stageMoney(d.money_by_stage?.[s.stage]) +
            "</li>",
        )
        .join("") +
      '</ul><p class="hint">count · average score · quote value</p>'
    : empty("No leads yet.");
  const v = d.velocity;
  const perDayMax = v.leads_per_day.reduce((m, x) => Math.max(m, x.count), 0);
  const days = v.leads_per_day
    .map((x, i) => {
      const h = perDayMax ? Math.round((x.count / perDayMax) * 40) : 0;
      return (
        '<rect x="' +
        (i * 10 + 1) +
        '" y="' +
        (42 - h) +
        '" width="8" height="' +
        h +
        '" fill="#1a7f37"><title>' +
        esc(x.day + ": " + x.count) +
        "</title></rect>"
      );
    })
    .join("");
  const today = v.leads_per_day.length ? v.leads_per_day[v.leads_per_day.length - 1].count : 0;
  $("velocity").innerHTML =
    (v.steps.length
      ? '<div class="table-wrap"><table><caption>Median time between stages</caption><thead><tr><th scope="col">From → to</th><th scope="col" class="num">Median</th><th scope="col" class="num">Leads</th></tr></thead><tbody>' +
        v.steps
          .map(
            (s) =>
              "<tr><td>" +
              esc(label(s.from)) +
              " → " +
              esc(label(s.to)) +
              '</td><td class="num">' +
              esc(dur(s.median_ms)) +
              '</td><td class="num">' +
              esc(s.samples) +
              "</td></tr>",
          )
          .join("") +
        "</tbody></table></div>"
      : empty("No stage changes yet.")) +
    "<p><strong>" +
    esc(today) +
    "</strong> leads today, " +
    esc(v.total_leads) +
    " in total. Leads per day, last " +
    esc(v.leads_per_day.length) +
    " days:</p>" +
    '<svg class="perday" viewBox="0 0 ' +
    v.leads_per_day.length * 10 +
    ' 44" preserveAspectRatio="none" role="img" aria-label="Leads per day: ' +
    esc(v.leads_per_day.map((x) => x.day + " " + x.count).join(", ")) +
    '">' +
    days +
    "</svg>";
  renderLeadTable(d);
  mergeActivity(d.activity, first);
}

function cmp(a: LeadListRow, b: LeadListRow): number {
  const x = a[sort.key];
  const y = b[sort.key];
  if (x == null && y == null) return 0;
  if (x == null) return 1;
  if (y == null) return -1;
  const r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
  return sort.dir === "asc" ? r : -r;
}

function field(id: string): string {
  const el = $(id);
  return el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? el.value : "";
}

function renderLeadTable(d: Pipeline): void {
  const q = (field("lead-q") || "").trim().toLowerCase();
  const st = field("lead-stage");
  const rows = d.leads
    .filter((l) => {
      if (st && l.stage !== st) return false;
      if (!q) return true;
      return [l.company, l.contact_name, l.source, l.id, l.stage].some((v) => v != null && String(v).toLowerCase().indexOf(q) >= 0);
    })
    .sort(cmp);
  const tbody = $("leads-table").querySelector("tbody");
  if (tbody)
    tbody.innerHTML = rows.length
      ? rows
          .map(
            (l) =>
              '<tr data-lead-id="' +
              esc(l.id) +
              '"><td><a href="/dashboard/leads/' +
              encodeURIComponent(l.id) +
              '">' +
              esc(l.company || "(unknown company)") +
              "</a>" +
              (l.contact_name ? '<br><span class="hint">' + esc(l.contact_name) + "</span>" : "") +
              (l.injection_attempt ? " " + badge("injection flagged", "warn") : "") +
              "</td>" +
              '<td class="num">' +
              esc(Number(l.score).toFixed(2)) +
              "</td><td>" +
              badge(l.stage) +
              "</td><td>" +
              esc(label(l.source)) +
              "</td>" +
              '<td class="num">' +
              (l.budget_usd_minor != null ? esc(money(l.budget_usd_minor, "USD")) : "—") +
              "</td>" +
              '<td class="num">' +
              (l.employees != null ? esc(l.employees) : "—") +
              "</td><td>" +
              time(l.received_at) +
              "</td></tr>",
          )
          .join("")
      : '<tr><td colspan="7" class="empty">No leads match.</td></tr>';
  $("leads-count").textContent = rows.length + " of " + d.leads.length + " leads";
  for (const th of Array.from(document.querySelectorAll("#leads-table th"))) {
    const b = th.querySelector("button");
    th.setAttribute(
      "aria-sort",
      b && b.getAttribute("data-sort") === sort.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none",
    );
  }
}

/** `current` is read on every event: the snapshot is replaced by refreshes. */
export function wirePipeline(current: () => Pipeline | null): void {
  const redraw = () => {
    const d = current();
    if (d) renderLeadTable(d);
  };
  $("lead-q").addEventListener("input", redraw);
  $("lead-stage").addEventListener("change", redraw);
  $("lead-filter").addEventListener("submit", (e) => e.preventDefault());
  for (const b of Array.from(document.querySelectorAll("#leads-table button.sort"))) {
    b.addEventListener("click", () => {
      const key = b.getAttribute("data-sort") ?? "received_at";
      if (sort.key === key) sort.dir = sort.dir === "asc" ? "desc" : "asc";
      else {
        sort.key = key;
        sort.dir = key === "company" || key === "stage" || key === "source" ? "asc" : "desc";
      }
      redraw();
    });
  }
}

/** A stage's quote value per currency ("USD 48,000.00 · EUR 9,000.00"), or nothing. */
function stageMoney(m: Record<string, number> | undefined): string {
  const parts = Object.entries(m ?? {}).map(([ccy, minor]) => money(minor, ccy));
  return parts.length ? ' <span class="money" data-money>' + esc(parts.join(" · ")) + "</span>" : "";
}
