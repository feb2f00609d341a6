// The review workbench in a real browser: a payment that fits two invoices equally is confirmed
// from the keyboard (focus the card, press 1) through the finance layer.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, eventually, launch, openPage, shot, waitLive } from "./support.mjs";

const base = inject("base");
const keys = inject("keys");
let browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function settled(res) {
  expect(res.status).toBe(202);
  return eventually(
    async () => {
      const job = (await api(base, keys.admin, "GET", `/api/finance/jobs/${res.json.job_id}`)).json;
      return ["done", "partial", "failed"].includes(job?.status) ? job : null;
    },
    { timeoutMs: 60_000, intervalMs: 300 },
  );
}

describe("review workbench", () => {
  it("shows amount, payer and ranked candidates on a card and confirms the top one with the keyboard", async () => {
    const tag = String(Date.now()).slice(-8);
    const tax = `DE9${tag}`;
    const name = `Keyboard ${tag} GmbH`;
    const invoices = [
      "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date",
      `KB-${tag}-1,${tax},${name},,777.00,EUR,2026-03-01,2026-03-31`,
      `KB-${tag}-2,${tax},${name},,777.00,EUR,2026-03-01,2026-03-31`,
    ].join("\n");
    expect((await settled(await api(base, keys.admin, "POST", "/api/finance/invoices", invoices, "text/csv"))).status).toBe("done");
    const wire = `KBW${tag}`;
    const wires = [
      "wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info",
      `${wire},${tax},${name},777.00,EUR,2026-03-30,for the March delivery`,
    ].join("\n");
    expect((await settled(await api(base, keys.admin, "POST", "/api/finance/bank-statements", wires, "text/csv"))).status).toBe("done");
    const item = await eventually(async () =>
      (await api(base, keys.admin, "GET", "/dashboard/api/recon")).json.discrepancies.find((d) => d.wire_id === wire && d.link),
    );
    expect(item.candidates.length).toBeGreaterThanOrEqual(2);

    const { page, errors, context } = await openPage(browser, base, keys.operator);
    await page.goto(`${base}/dashboard/recon`);
    await waitLive(page);
    const card = page.locator(`#discrepancies [data-disc-id="${item.id}"]`);
    await card.waitFor();
    await expect(card.locator('[data-field="amount"]').textContent()).resolves.toContain("777.00");
    await expect(card.textContent()).resolves.toContain(name);
    await expect(card.textContent()).resolves.toContain("for the March delivery");
    const picks = card.locator('button[data-act="pick"]');
    expect(await picks.count()).toBeGreaterThanOrEqual(2);
    const top = await picks.first().getAttribute("data-invoice");
    await shot(page, "recon-workbench");
    await card.focus();
    await page.keyboard.press("1");
    await page.locator("#action-status", { hasText: "Matched" }).waitFor({ timeout: 15_000 });
    const detail = await eventually(async () => {
      const d = (await api(base, keys.admin, "GET", `/api/finance/invoices/${encodeURIComponent(top)}`)).json;
      return d?.invoice?.status === "PAID" ? d : null;
    });
    expect(JSON.stringify(detail.links)).toContain(wire);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("writes off a short payment's small difference as a bank fee from the card, with the reason", async () => {
    const tag = String(Date.now()).slice(-8);
    const inv = `WO-${tag}`;
    const invoices = [
      "invoice_id,customer_tax_id,customer_name,po_number,amount,currency,issue_date,due_date",
      `${inv},DE8${tag},Writeoff ${tag} GmbH,,1000.00,EUR,2026-03-01,2026-03-31`,
    ].join("\n");
    expect((await settled(await api(base, keys.admin, "POST", "/api/finance/invoices", invoices, "text/csv"))).status).toBe("done");
    // A third party pays the invoice 15.00 short (1.5 %, beyond the fee tolerance): PARTIAL, in review.
    const wire = `WOW${tag}`;
    const wires = [
      "wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info",
      `${wire},,Zahlstelle ${tag} AG,985.00,EUR,2026-03-30,Rechnung ${inv}`,
    ].join("\n");
    expect((await settled(await api(base, keys.admin, "POST", "/api/finance/bank-statements", wires, "text/csv"))).status).toBe("done");
    const item = await eventually(async () =>
      (await api(base, keys.admin, "GET", "/dashboard/api/recon")).json.discrepancies.find((d) => d.wire_id === wire),
    );

    const { page, errors, context } = await openPage(browser, base, keys.operator);
    await page.goto(`${base}/dashboard/recon`);
    await waitLive(page);
    const card = page.locator(`#discrepancies [data-disc-id="${item.id}"]`);
    await card.waitFor();
    const form = card.locator("fieldset.writeoff");
    await expect(form.locator("legend").textContent()).resolves.toContain(inv);
    await expect(form.locator(`#woa-${item.id}`).inputValue()).resolves.toBe("15.00");
    await form.locator(`#wok-${item.id}`).selectOption("bank_fee");
    await form.locator(`#wor-${item.id}`).fill("correspondent bank fee");
    await shot(page, "recon-write-off");
    await form.locator('button[data-act="write-off"]').click();
    await page.locator("#action-status", { hasText: "Written off" }).waitFor({ timeout: 15_000 });
    const detail = await eventually(async () => {
      const d = (await api(base, keys.admin, "GET", `/api/finance/invoices/${encodeURIComponent(inv)}`)).json;
      return d?.invoice?.status === "PAID" ? d : null;
    });
    expect(detail.invoice.status_reason).toContain("bank fee written off 15.00 EUR");
    expect(errors).toEqual([]);
    await context.close();
  });
});
