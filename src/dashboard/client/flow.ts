import { $, maybe } from "./dom";
import { esc, money } from "./format";
import type { Flow } from "./types";

const STEP_LABEL: Record<string, string> = {
  ingested: "Ingested",
  qualified: "Qualified",
  proposal: "Proposal",
  won: "Won",
  invoiced: "Invoiced",
  paid: "Paid",
  reconciled: "Reconciled",
};

/** The funnel as one SVG: a row of boxes, a column at phone width. */
export function renderFlow(d: Flow): void {
  const narrow = window.matchMedia("(max-width: 600px)").matches;
  const n = d.nodes.length;
  const parts: string[] = [];
  const W = narrow ? 320 : 1050;
  const H = narrow ? n * 90 : 130;
  const desc = d.nodes
    .map((x) => STEP_LABEL[x.step] + " " + x.count + (x.conversion_pct != null ? " (" + x.conversion_pct + "%)" : ""))
    .join(", ");
  parts.push(
    '<svg viewBox="0 0 ' +
      W +
      " " +
      H +
      '" role="img" aria-labelledby="flow-t flow-d"><title id="flow-t">Lead-to-cash flow</title><desc id="flow-d">' +
      esc(desc) +
      "</desc>",
  );
  parts.push(
    '<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"></path></marker></defs>',
  );
  d.nodes.forEach((x, i) => {
    const bx = narrow ? 80 : 10 + i * 150;
    const by = narrow ? 10 + i * 90 : 40;
    const bw = narrow ? 160 : 115;
    const bh = 60;
    const fill = i < 4 ? "#ddf4ff" : "#dafbe1";
    const stroke = i < 4 ? "#0969da" : "#1a7f37";
    if (i > 0) {
      const x1 = narrow ? 160 : bx - 35;
      const y1 = narrow ? by - 30 : by + 30;
      const x2 = narrow ? 160 : bx - 2;
      const y2 = narrow ? by - 2 : by + 30;
      parts.push(
        '<line x1="' +
          x1 +
          '" y1="' +
          y1 +
          '" x2="' +
          x2 +
          '" y2="' +
          y2 +
          '" stroke="#57606a" stroke-width="2" marker-end="url(#arr)"></line>',
      );
      const pct = x.conversion_pct == null ? "—" : x.conversion_pct + "%";
      parts.push(
        '<text x="' +
          (narrow ? 170 : bx - 18) +
          '" y="' +
          (narrow ? by - 12 : by - 8) +
          '" font-size="13" fill="#57606a" text-anchor="' +
          (narrow ? "start" : "middle") +
          '" data-conv="' +
          esc(x.step) +
          '">' +
          esc(pct) +
          "</text>",
      );
    }
    parts.push(
      '<g data-step="' +
        esc(x.step) +
        '"><rect x="' +
        bx +
        '" y="' +
        by +
        '" width="' +
        bw +
        '" height="' +
        bh +
        '" rx="8" fill="' +
        fill +
        '" stroke="' +
        stroke +
        '" stroke-width="2"></rect>' +
        '<text x="' +
        (bx + bw / 2) +
        '" y="' +
        (by + 22) +
        '" text-anchor="middle" font-size="14" fill="#1b1f24">' +
        esc(STEP_LABEL[x.step] || x.step) +
        "</text>" +
        '<text x="' +
        (bx + bw / 2) +
        '" y="' +
        (by + 47) +
        '" text-anchor="middle" font-size="20" font-weight="700" fill="#1b1f24" class="count">' +
        esc(x.count) +
        "</text></g>",
    );
  });
  parts.push("</svg>");
  const fig = $("flow");
  const cap = maybe("flow-cap");
  fig.innerHTML = parts.join("");
  if (cap) fig.appendChild(cap);
  const tbody = $("flow-table").querySelector("tbody");
  if (tbody)
    tbody.innerHTML = d.nodes
      .map(
        (x) =>
          '<tr data-step="' +
          esc(x.step) +
          '"><th scope="row">' +
          esc(STEP_LABEL[x.step] || x.step) +
          '</th><td class="num">' +
          esc(x.count) +
          '</td><td class="num">' +
          esc(x.conversion_pct == null ? "—" : x.conversion_pct + "%") +
          "</td></tr>",
      )
      .join("");
}

/** Gaps between the deal steps, median days to cash, and money per currency. */
export function renderFlowMoney(d: Flow): void {
  const gaps = maybe("flow-gaps");
  const deals = d.deals;
  if (gaps && deals) {
    const g = deals.gaps;
    gaps.innerHTML =
      '<ul class="gaps">' +
      '<li data-gap="won_not_invoiced"' +
      (g.won_not_invoiced ? ' class="error"' : "") +
      ">Won, not invoiced: <strong>" +
      esc(g.won_not_invoiced) +
      "</strong></li>" +
      '<li data-gap="invoiced_not_paid">Invoiced, not paid: <strong>' +
      esc(g.invoiced_not_paid) +
      "</strong></li>" +
      '<li data-gap="paid_not_reconciled">Paid, not reconciled: <strong>' +
      esc(g.paid_not_reconciled) +
      "</strong></li>" +
      "<li data-median-days>Median days lead → cash: <strong>" +
      esc(deals.median_days_to_cash == null ? "—" : deals.median_days_to_cash) +
      "</strong></li>" +
      (d.all_invoices
        ? "<li data-outside>Invoices in the books: " +
          esc(d.all_invoices.invoiced) +
          " (" +
          esc(d.all_invoices.without_deal) +
          " without a deal)</li>"
        : "") +
      "</ul>";
  }
  const body = maybe("flow-money")?.querySelector("tbody");
  if (body && deals) {
    const rows = Object.entries(deals.money).sort((a, b) => a[0].localeCompare(b[0]));
    body.innerHTML = rows.length
      ? rows
          .map(
            ([ccy, m]) =>
              '<tr data-currency="' +
              esc(ccy) +
              '"><th scope="row">' +
              esc(ccy) +
              "</th>" +
              [m.pipeline_minor, m.won_minor, m.invoiced_minor, m.collected_minor, m.open_minor]
                .map((v) => '<td class="num">' + esc(money(v, ccy)) + "</td>")
                .join("") +
              "</tr>",
          )
          .join("")
      : '<tr><td colspan="6" class="empty">No deal money yet.</td></tr>';
  }
}
