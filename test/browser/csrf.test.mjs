// Same-site request forgery (issue 17 finding 3): a page on a sibling origin of the same site
// (another port on 127.0.0.1: same site for SameSite=Strict, so the browser attaches the dashboard
// session cookie) tries to approve a draft, import a bank statement and open the live socket as
// the signed-in operator. Every attempt is refused and nothing changes.
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, eventually, launch, openPage, qualifiedLead } from "./support.mjs";

const base = inject("base");
const keys = inject("keys");
let browser;
let attacker;
let attackerBase;
let html = "";

beforeAll(async () => {
  browser = await launch();
  attacker = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise((r) => attacker.listen(0, "127.0.0.1", r));
  attackerBase = `http://127.0.0.1:${attacker.address().port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
});

/** A product of its own, so the lead gets a draft whether or not the demo data was loaded first. */
async function ensureProduct() {
  const put = await api(base, keys.admin, "PUT", "/api/admin/pricing/products/FORGERY-SHIELD", {
    name: "Forgery Shield",
    description: "Reconciliation seats",
    unit_price_minor: 12_000,
    currency: "USD",
    unit: "per_seat_year",
  });
  expect(put.status).toBe(200);
}

async function awaitingDraft() {
  await ensureProduct();
  const form = JSON.parse(qualifiedLead(`Forgery Target ${Date.now()}`));
  const message = form.fields.find((f) => f.name === "message");
  message.value = "We want to buy Forgery Shield. Budget $150,000, we need it within 4 weeks. We have 400 employees.";
  const res = await api(base, keys.admin, "POST", "/api/leads", JSON.stringify(form));
  expect([200, 201]).toContain(res.status);
  const lead = res.json.lead;
  const draft = await eventually(async () => {
    const d = (await api(base, keys.admin, "GET", `/dashboard/api/leads/${lead.id}`)).json;
    return d?.drafts?.find((x) => x.status === "awaiting_approval");
  });
  return { leadId: lead.id, draftId: draft.id };
}

describe("a sibling origin of the same site", () => {
  it("cannot approve a draft, import a statement or open the live socket with the operator's session", async () => {
    const { leadId, draftId } = await awaitingDraft();
    const importsBefore = (await api(base, keys.admin, "GET", "/dashboard/api/recon")).json.imports.map((i) => i.id);
    const approveUrl = `${base}/dashboard/api/leads/${encodeURIComponent(leadId)}/proposals/${encodeURIComponent(draftId)}/approve`;
    const importUrl = `${base}/api/finance/bank-statements`;
    const liveUrl = `${base.replace(/^http/, "ws")}/dashboard/live`;
    // text/plain forms are what a foreign page can post without a CORS preflight (a JSON body in disguise).
    html = `<!doctype html><html><body>
      <iframe name="f1"></iframe><iframe name="f2"></iframe>
      <form id="approve" method="post" action="${approveUrl}" target="f1" enctype="text/plain"><input name='{"x":"' value='"}'></form>
      <form id="import" method="post" action="${importUrl}" target="f2" enctype="text/plain"><input name="statement" value="camt"></form>
      <script>
        window.result = { ws: "pending" };
        document.getElementById("approve").submit();
        document.getElementById("import").submit();
        fetch(${JSON.stringify(approveUrl)}, { method: "POST", mode: "no-cors", credentials: "include", body: "{}" }).catch(() => {});
        const ws = new WebSocket(${JSON.stringify(liveUrl)});
        ws.onopen = () => { window.result.ws = "open"; };
        ws.onmessage = (e) => { window.result.ws = "message:" + e.data; };
        ws.onerror = () => { if (window.result.ws === "pending") window.result.ws = "refused"; };
        ws.onclose = () => { if (window.result.ws === "pending") window.result.ws = "refused"; };
      </script></body></html>`;

    const { page, context } = await openPage(browser, base, keys.operator);
    const statuses = [];
    page.on("response", (r) => statuses.push({ url: r.url(), method: r.request().method(), status: r.status() }));
    await page.goto(`${attackerBase}/`);
    await page.waitForFunction(() => window.result.ws !== "pending", null, { timeout: 15_000 });
    expect(await page.evaluate(() => window.result.ws)).toBe("refused");
    await eventually(() => statuses.filter((s) => s.method === "POST").length >= 3, { timeoutMs: 10_000 });

    // 403, not 401: the browser did attach the session cookie (without it the answer is 401 before
    // any Origin check), and the Origin check refused the request.
    const approves = statuses.filter((s) => s.url === approveUrl && s.method === "POST");
    expect(approves.length, JSON.stringify(statuses)).toBeGreaterThanOrEqual(2);
    for (const a of approves) expect(a.status).toBe(403);
    // /api takes no cookie at all.
    expect(statuses.find((s) => s.url === importUrl && s.method === "POST")?.status).toBe(401);

    // Nothing changed.
    const after = (await api(base, keys.admin, "GET", `/dashboard/api/leads/${leadId}`)).json;
    expect(after.drafts.find((x) => x.id === draftId)?.status).toBe("awaiting_approval");
    const importsAfter = (await api(base, keys.admin, "GET", "/dashboard/api/recon")).json.imports.map((i) => i.id);
    expect(importsAfter).toEqual(importsBefore);
    await context.close();
  });

  it("while the dashboard's own page, same cookie, approves the same kind of draft", async () => {
    const { leadId, draftId } = await awaitingDraft();
    const { page, errors, context } = await openPage(browser, base, keys.operator);
    await page.goto(`${base}/dashboard/leads/${leadId}`);
    await page.locator(`#drafts [data-draft-id="${draftId}"] button[data-act=approve]`).click();
    await page.locator("#action-status", { hasText: "approved" }).waitFor({ timeout: 15_000 });
    const after = (await api(base, keys.admin, "GET", `/dashboard/api/leads/${leadId}`)).json;
    expect(after.drafts.find((x) => x.id === draftId)?.status).not.toBe("awaiting_approval");
    expect(errors).toEqual([]);
    await context.close();
  });
});
