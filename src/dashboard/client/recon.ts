import { $, actionButton, input, post, setStatus } from "./dom";
import { badge, dur, empty, esc, money, time } from "./format";
import { wireWriteOff, writeOffForm } from "./recon-writeoff";
import type { Discrepancy, Recon } from "./types";

function rows(id: string, html: string): void {
  const tbody = $(id).querySelector("tbody");
  if (tbody) tbody.innerHTML = html;
}

/** The matcher's open record behind the item: link an unmatched wire to an invoice, or confirm a proposal. */
function linkAction(x: Discrepancy, dis: string): string {
  const l = x.link;
  if (!l) return "";
  if (l.status === "UNMATCHED") {
    return (
      '<div class="actions"><div><label for="inv-' +
      esc(x.id) +
      '">Invoice to match</label><input id="inv-' +
      esc(x.id) +
      '" type="text" maxlength="100" placeholder="INV-…"></div>' +
      '<button type="button" data-act="match" data-id="' +
      esc(x.id) +
      '" data-link="' +
      esc(l.id) +
      '"' +
      dis +
      ">Match to invoice</button></div>"
    );
  }
  return (
    '<div class="actions"><button type="button" data-act="confirm" data-id="' +
    esc(x.id) +
    '" data-link="' +
    esc(l.id) +
    '"' +
    dis +
    ">Confirm match to " +
    esc(l.invoice_id || "invoice") +
    " (" +
    esc(money(l.amount_minor, l.currency)) +
    ")</button></div>"
  );
}

/** The payment's facts: amount, date, payer, remittance. */
function paymentFacts(x: Discrepancy): string {
  if (x.amount_minor == null) return "";
  return (
    '<dl class="facts"><dt>Amount</dt><dd data-field="amount">' +
    esc(money(x.amount_minor, x.currency)) +
    "</dd><dt>Booked</dt><dd>" +
    esc(x.booking_date ?? "—") +
    "</dd><dt>Payer</dt><dd>" +
    esc(x.payer_name ?? "—") +
    "</dd><dt>Remittance</dt><dd>" +
    esc(x.remittance || "—") +
    "</dd></dl>"
  );
}

/** Ranked candidates: one button each (keys 1–5 on a focused card), when the item has an open link to resolve. */
function candidateList(x: Discrepancy, dis: string): string {
  if (!x.candidates.length) return "";
  const l = x.link;
  const items = x.candidates
    .map((c, k) => {
      const label =
        esc(c.invoice_id) +
        " · owes " +
        esc(money(c.open_minor, c.currency)) +
        " · score " +
        esc(c.score.toFixed(2)) +
        '<span class="hint"> — ' +
        esc(c.reasons.join("; ")) +
        "</span>";
      return l
        ? '<li><button type="button" data-act="pick" data-id="' +
            esc(x.id) +
            '" data-link="' +
            esc(l.id) +
            '" data-invoice="' +
            esc(c.invoice_id) +
            '" aria-keyshortcuts="' +
            (k + 1) +
            '"' +
            dis +
            "><kbd>" +
            (k + 1) +
            "</kbd> Match " +
            label +
            "</button></li>"
        : "<li>" + label + "</li>";
    })
    .join("");
  const amount = l
    ? '<div><label for="amt-' +
      esc(x.id) +
      '">Amount to allocate (blank = what the payment has left)</label><input id="amt-' +
      esc(x.id) +
      '" type="text" inputmode="decimal" maxlength="32"></div>'
    : "";
  return '<div class="candidates"><h4>Candidates</h4><ol>' + items + "</ol>" + amount + "</div>";
}

function discrepancyCard(x: Discrepancy, dis: string): string {
  const id = esc(x.id);
  return (
    '<article class="disc" tabindex="-1" id="discrepancy-' +
    id +
    '" data-disc-id="' +
    id +
    '" aria-labelledby="disch-' +
    id +
    '"><h3 id="disch-' +
    id +
    '">' +
    badge(x.kind, "DISCREPANCY") +
    " " +
    esc(x.wire_id ? "Wire " + x.wire_id : "No wire") +
    "</h3>" +
    "<p>" +
    esc(x.reason) +
    "</p>" +
    paymentFacts(x) +
    candidateList(x, dis) +
    writeOffForm(x, dis) +
    (x.invoice_ids.length ? '<p class="hint">Invoices: ' + esc(x.invoice_ids.join(", ")) + "</p>" : "") +
    '<div class="actions"><div><label for="note-' +
    id +
    '">Resolution note</label><input id="note-' +
    id +
    '" type="text" maxlength="500"></div>' +
    '<button type="button" data-act="resolve" data-id="' +
    id +
    '"' +
    dis +
    ">Resolve</button></div>" +
    linkAction(x, dis) +
    "</article>"
  );
}

export function renderRecon(d: Recon, canFinance: boolean): void {
  const c = d.counts;
  const cards: Array<[string, number]> = [
    ["Matched", c.matched],
    ["Partial", c.partial],
    ["Discrepancy", c.discrepancy],
    ["Overpaid", c.overpaid],
    ["Unpaid", c.unpaid],
    ["Open review items", c.open_review],
    ["Bank entries", c.entries],
  ];
  $("recon-counts").innerHTML = cards
    .map((x) => '<li class="card"><h3>' + esc(x[0]) + '</h3><span class="big">' + esc(x[1]) + "</span></li>")
    .join("");
  const dis = canFinance ? "" : ' disabled aria-describedby="need-finance"';
  $("discrepancies").innerHTML = d.discrepancies.length
    ? d.discrepancies.map((x) => discrepancyCard(x, dis)).join("") +
      (canFinance ? "" : '<p class="hint" id="need-finance">Resolving needs a key with the finance:write scope.</p>')
    : empty("No open discrepancies.");
  rows(
    "entries",
    d.entries.length
      ? d.entries
          .map((e) => {
            const real = e.links.filter((l) => l.status !== "UNMATCHED");
            const links = real.length
              ? real
                  .map(
                    (l) =>
                      '<span class="inv">' +
                      (l.verified ? '<span class="check" role="img" aria-label="verified">✓</span> ' : badge(l.status)) +
                      " " +
                      esc(l.invoice_id || "unmatched") +
                      ' <span class="hint">' +
                      esc(money(l.allocated_minor, l.currency)) +
                      " · " +
                      esc(l.reason) +
                      "</span></span>",
                  )
                  .join("")
              : '<span class="hint">no invoice matched</span>';
            return (
              '<tr id="bank_entry-' +
              esc(e.key) +
              '"><td class="nowrap">' +
              esc(e.booking_date) +
              "</td><td><code>" +
              esc(e.wire_id) +
              "</code></td><td>" +
              esc(e.sender_name || "—") +
              "</td>" +
              '<td class="num">' +
              esc(money(e.amount_minor, e.currency)) +
              "</td><td>" +
              badge(e.match_status) +
              "</td><td>" +
              links +
              "</td></tr>"
            );
          })
          .join("")
      : '<tr><td colspan="6" class="empty">No bank entries yet.</td></tr>',
  );
  rows(
    "imports",
    d.imports.length
      ? d.imports
          .map(
            (i) =>
              '<tr id="import-' +
              esc(i.id) +
              '"><td><code>' +
              esc(i.id) +
              "</code><br>" +
              time(i.created_at) +
              "</td><td>" +
              esc(i.kind + " · " + i.format) +
              "</td><td>" +
              badge(i.status) +
              (i.errors ? " " + badge(i.errors + " errors", "error") : "") +
              "</td>" +
              '<td class="num">' +
              esc(i.inserted_items) +
              " / " +
              esc(i.total_items) +
              (i.duplicate_items ? ' <span class="hint">(' + esc(i.duplicate_items) + " dup)</span>" : "") +
              '</td><td class="num">' +
              esc(i.links_written) +
              "</td>" +
              '<td class="num">' +
              esc(dur(i.latency_ms)) +
              '</td><td class="num">' +
              esc(dur(i.payment_p50_ms)) +
              " / " +
              esc(dur(i.payment_max_ms)) +
              "</td></tr>",
          )
          .join("")
      : '<tr><td colspan="7" class="empty">No imports yet.</td></tr>',
  );
  rows(
    "ledgers",
    d.ledgers && d.ledgers.length
      ? d.ledgers
          .map((l) => {
            const state = l.too_large
              ? badge("too large: reads D1", "warn")
              : l.version === null
                ? badge("not loaded", "idle")
                : l.stale
                  ? badge("reloads on next payment", "REVIEW")
                  : badge("current", "PAID");
            const held = l.size ? esc(l.size.invoices) + " / " + esc(l.size.entries) : "—";
            return (
              '<tr id="ledger-' +
              esc(l.currency) +
              '"><td>' +
              esc(l.currency) +
              "</td><td>" +
              state +
              (l.version !== null ? ' <span class="hint">v' + esc(l.version) + "</span>" : "") +
              "</td>" +
              '<td class="num">' +
              held +
              '</td><td class="num">' +
              esc(l.ledger_runs) +
              " (" +
              esc(l.grouped) +
              ')</td><td class="num">' +
              esc(l.loads) +
              " (" +
              esc(l.warm_loads) +
              ")</td>" +
              '<td class="num">' +
              esc(l.conflicts) +
              " / " +
              esc(l.read_then_write) +
              " / " +
              esc(l.queued_busy) +
              "</td></tr>"
            );
          })
          .join("")
      : '<tr><td colspan="6" class="empty">No invoices yet.</td></tr>',
  );
}

export function wireRecon(refresh: () => Promise<void>): void {
  wireWriteOff(refresh);
  // Keyboard first: j / k move between review cards, 1–5 match the focused card's candidate.
  $("discrepancies").addEventListener("keydown", (ev) => {
    const t = ev.target as HTMLElement | null;
    if (!t || t.tagName === "INPUT" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const cards = Array.from($("discrepancies").querySelectorAll<HTMLElement>("article.disc"));
    const card = t.closest<HTMLElement>("article.disc");
    if (ev.key === "j" || ev.key === "k") {
      const at = card ? cards.indexOf(card) : -1;
      const next = cards[Math.max(0, Math.min(cards.length - 1, at + (ev.key === "j" ? 1 : -1)))];
      next?.focus();
      ev.preventDefault();
    } else if (card && /^[1-5]$/.test(ev.key)) {
      const pick = card.querySelectorAll<HTMLButtonElement>('button[data-act="pick"]')[Number(ev.key) - 1];
      if (pick && !pick.disabled) {
        pick.click();
        ev.preventDefault();
      }
    }
  });
  $("discrepancies").addEventListener("click", (ev) => {
    const b = actionButton(ev);
    if (!b || b.disabled) return;
    const act = b.getAttribute("data-act");
    if (act === "write-off") return; // recon-writeoff.ts
    const id = b.getAttribute("data-id") ?? "";
    const reason = input("note-" + id)?.value.trim() || (act === "resolve" ? "Resolved from the dashboard" : "Matched from the dashboard");
    const closeItem = (ifOpen = false) =>
      post("/dashboard/api/discrepancies/" + encodeURIComponent(id) + "/resolve", { reason: reason, if_open: ifOpen });
    let work: Promise<unknown>;
    if (act === "resolve") work = closeItem();
    else {
      const payload: { action: "match"; reason: string; invoice_id?: string; amount?: string } = { action: "match", reason: reason };
      if (act === "pick") {
        payload.invoice_id = b.getAttribute("data-invoice") ?? "";
        const amt = input("amt-" + id)?.value.trim();
        if (amt) payload.amount = amt;
      }
      if (act === "match") {
        const inv = input("inv-" + id);
        payload.invoice_id = inv ? inv.value.trim() : "";
        if (!payload.invoice_id) {
          setStatus("Enter the invoice to match first.", true);
          inv?.focus();
          return;
        }
      }
      // The finance layer records the decision and re-runs matching (which may close the item itself).
      work = post("/dashboard/api/reconciliations/" + encodeURIComponent(b.getAttribute("data-link") ?? "") + "/resolve", payload).then(
        () => closeItem(true),
      );
    }
    b.disabled = true;
    setStatus(act === "resolve" ? "Resolving…" : "Matching…");
    work
      .then(() => {
        setStatus(act === "resolve" ? "Discrepancy resolved." : "Matched; discrepancy resolved.");
        return refresh();
      })
      .catch((e: unknown) => {
        b.disabled = false;
        setStatus("Could not " + (act === "resolve" ? "resolve" : "match") + ": " + (e instanceof Error ? e.message : String(e)), true);
      });
  });
}
