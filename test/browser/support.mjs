// Browser-test helpers: Debian's chromium through playwright-core (never `playwright install`).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

export const SHOTS = path.resolve("test-output/screenshots");
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** The session cookie's name over plain http (wrangler dev); over https it is `__Host-l2c_session`. */
export const SESSION_COOKIE = "l2c_session";

/**
 * Signs in through the login form's endpoint, as the browser would (with its Origin), and returns
 * the session token the server set: the cookie holds a session, never the API key.
 */
export async function signIn(base, key) {
  const res = await fetch(`${base}/dashboard/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(base).origin },
    body: new URLSearchParams({ key, next: "/dashboard" }).toString(),
    redirect: "manual",
  });
  const set = res.headers.get("set-cookie") ?? "";
  const m = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(set);
  if (res.status !== 303 || !m) throw new Error(`sign-in failed: ${res.status} ${set}`);
  return m[1];
}

/**
 * A page signed in with `key` (a session made by the login form, in the same HttpOnly cookie),
 * collecting console errors and uncaught exceptions so each test can assert there were none.
 */
export async function openPage(browser, base, key, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  if (key)
    await context.addCookies([{ name: SESSION_COOKIE, value: await signIn(base, key), url: base, httpOnly: true, sameSite: "Strict" }]);
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  return { context, page, errors };
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

export async function waitLive(page) {
  await page.locator("#live-status[data-state=open]").waitFor({ timeout: 15_000 });
}

export async function api(base, key, method, p, body, contentType = "application/json") {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { "content-type": contentType } : {}) },
    body: body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

/** Polls a condition (server-side effects that go through queues); bounded. */
export async function eventually(probe, { timeoutMs = 20_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A HubSpot form submission (application/json) for a unique, clearly qualified lead. */
export function qualifiedLead(company, contact = "Dana Reyes") {
  const [first, last] = contact.split(" ");
  const domain = `${company.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`;
  return JSON.stringify({
    portalId: 4210987,
    formGuid: "browser-test-form",
    conversionId: `conv-${crypto.randomUUID()}`,
    submittedAt: Date.now(),
    fields: [
      { name: "firstname", value: first },
      { name: "lastname", value: last },
      { name: "email", value: `${first.toLowerCase()}@${domain}` },
      { name: "company", value: company },
      {
        name: "message",
        value: `I'm ${first}, head of finance at ${company}. We want to buy Ledgerline Pro for our finance team. Our budget is $180,000 and we need it live within 4 weeks. Our company has 400 employees.`,
      },
    ],
  });
}
