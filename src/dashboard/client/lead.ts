import { $, actionButton, input, maybe, post, setStatus } from "./dom";
import { badge, empty, esc, label, money, time } from "./format";
import type { Draft, LeadDetail } from "./types";

function draftCard(x: Draft, canSales: boolean): string {
  const dis = canSales ? "" : ' disabled aria-describedby="need-sales"';
  const id = esc(x.id);
  return (
    '<article class="draft" data-draft-id="' +
    id +
    '" aria-labelledby="dh-' +
    id +
    '"><h3 id="dh-' +
    id +
    '">' +
    esc(x.subject || label(x.kind)) +
    "</h3>" +
    "<p>" +
    badge(x.kind, "kind") +
    " " +
    (x.verdict ? badge(x.verdict, x.verdict === "within_policy" ? "ok" : "warn") : "") +
    " " +
    (x.total_minor != null ? "<strong>" + esc(money(x.total_minor, x.currency)) + "</strong>" : "") +
    "</p>" +
    "<pre>" +
    esc(x.body) +
    '</pre><div class="actions">' +
    '<button type="button" class="primary" data-act="approve" data-id="' +
    id +
    '"' +
    dis +
    ">Approve and send</button>" +
    '<div><label for="reason-' +
    id +
    '">Reason for rejecting</label><input id="reason-' +
    id +
    '" type="text" maxlength="500"></div>' +
    '<button type="button" class="danger" data-act="reject" data-id="' +
    id +
    '"' +
    dis +
    ">Reject</button></div></article>"
  );
}

export function renderLead(d: LeadDetail, canSales: boolean): void {
  const l = d.lead;
  if (!l) {
    $("lead-title").textContent = "Lead not found";
    $("lead-facts").innerHTML = empty("No such lead.");
    return;
  }
  $("lead-title").textContent = (l.company || "(unknown company)") + " — " + label(d.stage || l.stage);
  document.title = (l.company || "Lead") + " · Lead-to-Cash";
  const sb = l.score_breakdown || {};
  const budget =
    l.budget_amount_minor != null
      ? money(l.budget_amount_minor, l.budget_currency) +
        (l.budget_usd_minor != null && l.budget_currency !== "USD" ? " (" + money(l.budget_usd_minor, "USD") + ")" : "")
      : "—";
  const facts: Array<[string, string]> = [
    ["Stage", badge(d.stage || l.stage)],
    [
      "Score",
      esc(Number(l.score).toFixed(2)) +
        ' <span class="hint">size ' +
        esc(sb.size) +
        " · budget " +
        esc(sb.budget) +
        " · urgency " +
        esc(sb.urgency) +
        "</span>",
    ],
    ["Qualified", l.qualified ? "yes" : "no" + (l.stage_reason ? " — " + esc(l.stage_reason) : "")],
    ["Company", esc(l.company || "—")],
    ["Contact", esc((l.contact_name || "") + (l.contact_email ? " <" + l.contact_email + ">" : "")) || "—"],
    ["Source", esc(label(l.source))],
    ["Employees", esc(l.employees == null ? "—" : l.employees)],
    ["Budget", esc(budget)],
    ["Timeline", l.timeline_weeks == null ? "—" : esc(l.timeline_weeks) + " weeks"],
    ["Intent", esc(label(l.intent || "—"))],
    ["Products", esc((l.products || []).join(", ") || "—")],
    [
      "Injection",
      l.injection_attempt
        ? badge("attempt flagged", "error") + ' <span class="sum">' + esc((l.injection_evidence || []).join(" | ")) + "</span>"
        : "none",
    ],
    ["Received", time(l.received_at)],
    ["Id", "<code>" + esc(l.id) + "</code>"],
  ];
  $("lead-facts").innerHTML = '<dl class="facts">' + facts.map((f) => "<dt>" + f[0] + "</dt><dd>" + f[1] + "</dd>").join("") + "</dl>";
  const waiting = d.drafts.filter((x) => x.status === "awaiting_approval");
  $("drafts").innerHTML = waiting.length
    ? waiting.map((x) => draftCard(x, canSales)).join("") +
      (canSales ? "" : '<p class="hint" id="need-sales">Approving needs a key with the sales:write scope.</p>')
    : empty("Nothing waiting for approval.");
  renderTimeline(d);
  $("history").innerHTML = d.history.length
    ? d.history
        .map(
          (h) =>
            "<li>" +
            time(h.at) +
            " " +
            badge(h.kind, "kind") +
            " <span>" +
            esc(h.actor) +
            '</span> <span class="sum">' +
            esc(h.detail) +
            "</span></li>",
        )
        .join("")
    : '<li class="empty">No negotiation history yet.</li>';
  $("escalations").innerHTML = d.escalations.length
    ? "<ul>" +
      d.escalations.map((e) => "<li>" + badge(e.status) + " " + esc(e.reason) + " " + time(e.created_at) + "</li>").join("") +
      "</ul>"
    : empty("No escalations.");
}

/** Approve and reject go to the dashboard's own endpoints (cookie session + Origin check), not the bearer-only /api. */
export function wireLead(leadId: string, refresh: () => Promise<void>): void {
  $("drafts").addEventListener("click", (ev) => {
    const b = actionButton(ev);
    if (!b || b.disabled) return;
    const act = b.getAttribute("data-act") === "reject" ? "reject" : "approve";
    const pid = b.getAttribute("data-id") ?? "";
    const payload: { reason?: string } = {};
    if (act === "reject") payload.reason = input("reason-" + pid)?.value.trim() || "Rejected from the dashboard";
    for (const x of Array.from(document.querySelectorAll<HTMLButtonElement>("#drafts button"))) x.disabled = true;
    setStatus(act === "approve" ? "Approving…" : "Rejecting…");
    post("/dashboard/api/leads/" + encodeURIComponent(leadId) + "/proposals/" + encodeURIComponent(pid) + "/" + act, payload)
      .then(() => {
        setStatus(act === "approve" ? "Draft approved." : "Draft rejected.");
        return refresh();
      })
      .catch((e: unknown) => {
        setStatus("Could not " + act + ": " + (e instanceof Error ? e.message : String(e)), true);
        void refresh();
      });
  });
}

const TIMELINE_LABEL: Record<string, string> = {
  lead: "Lead",
  proposal: "Proposal",
  agreement: "Agreement",
  won: "Won",
  invoice: "Invoice",
  payment: "Payment",
  reconciled: "Reconciled",
};

/** lead → proposal → agreement → won → invoice → payment → reconciled: reached steps with time and amount, the rest pending. */
function renderTimeline(d: LeadDetail): void {
  const el = maybe("timeline");
  if (!el) return;
  el.innerHTML = (d.timeline ?? [])
    .map(
      (t) =>
        '<li data-step="' +
        esc(t.step) +
        '" class="' +
        (t.at ? "done" : "pending") +
        '"><strong>' +
        esc(TIMELINE_LABEL[t.step] ?? t.step) +
        "</strong> " +
        (t.at ? time(t.at) : '<span class="hint">not yet</span>') +
        (t.amount_minor != null ? ' <span class="money">' + esc(money(t.amount_minor, t.currency)) + "</span>" : "") +
        ' <span class="sum">' +
        esc(t.detail) +
        "</span></li>",
    )
    .join("");
}
