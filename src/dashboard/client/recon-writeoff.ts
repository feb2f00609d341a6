import { $, actionButton, input, post, setStatus } from "./dom";
import { esc, money } from "./format";
import type { Discrepancy } from "./types";

/**
 * A review card's write-off (Odoo's counterpart rule): an invoice paid short by a small difference
 * is settled as a bank fee, an early-payment discount or rounding, with a reason — POST
 * /dashboard/api/discrepancies/{id}/write-off, the same decision as the finance API's. Offered when
 * the item is about one invoice that still owes something.
 */
const KINDS: [string, string][] = [
  ["bank_fee", "Bank fee"],
  ["discount", "Early-payment discount"],
  ["rounding", "Rounding"],
];

function digits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function writeOffForm(x: Discrepancy, dis: string): string {
  if (x.invoice_ids.length !== 1) return "";
  const c = x.candidates.find((k) => k.invoice_id === x.invoice_ids[0]);
  if (!c || c.open_minor <= 0) return "";
  const id = esc(x.id);
  const d = digits(c.currency);
  const open = (c.open_minor / 10 ** d).toFixed(d);
  return (
    '<fieldset class="writeoff"><legend>Write off the ' +
    esc(money(c.open_minor, c.currency)) +
    " left on " +
    esc(c.invoice_id) +
    '</legend><div><label for="wok-' +
    id +
    '">Kind</label><select id="wok-' +
    id +
    '">' +
    KINDS.map(([v, l]) => '<option value="' + v + '">' + esc(l) + "</option>").join("") +
    '</select></div><div><label for="woa-' +
    id +
    '">Amount (' +
    esc(c.currency) +
    ')</label><input id="woa-' +
    id +
    '" type="text" inputmode="decimal" maxlength="32" value="' +
    esc(open) +
    '"></div><div><label for="wor-' +
    id +
    '">Why</label><input id="wor-' +
    id +
    '" type="text" maxlength="500" placeholder="e.g. correspondent bank fee"></div>' +
    '<button type="button" data-act="write-off" data-id="' +
    id +
    '" data-invoice="' +
    esc(c.invoice_id) +
    '" data-currency="' +
    esc(c.currency) +
    '"' +
    dis +
    ">Write off</button></fieldset>"
  );
}

export function wireWriteOff(refresh: () => Promise<void>): void {
  $("discrepancies").addEventListener("click", (ev) => {
    const b = actionButton(ev);
    if (!b || b.disabled || b.getAttribute("data-act") !== "write-off") return;
    const id = b.getAttribute("data-id") ?? "";
    const currency = b.getAttribute("data-currency") ?? "";
    const kind = document.getElementById("wok-" + id);
    const amount = (input("woa-" + id)?.value ?? "").trim().replace(",", ".");
    const reason = (input("wor-" + id)?.value ?? "").trim();
    const d = digits(currency);
    if (!/^\d+(\.\d+)?$/.test(amount)) return setStatus("Enter the amount to write off.", true);
    if (reason.length < 3) {
      input("wor-" + id)?.focus();
      return setStatus("Say why the difference is written off.", true);
    }
    b.disabled = true;
    setStatus("Writing off…");
    post("/dashboard/api/discrepancies/" + encodeURIComponent(id) + "/write-off", {
      kind: kind instanceof HTMLSelectElement ? kind.value : "bank_fee",
      amount_minor: Math.round(Number(amount) * 10 ** d),
      currency,
      reason,
      invoice_id: b.getAttribute("data-invoice") ?? undefined,
    })
      .then(() => {
        setStatus("Written off; the invoice is paid.");
        return refresh();
      })
      .catch((e: unknown) => {
        b.disabled = false;
        setStatus("Could not write off: " + (e instanceof Error ? e.message : String(e)), true);
      });
  });
}
