import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiKey, call } from "../helpers";

/** The seed router is exercised with a webhooks:write key, so its valid cases go all the way to the queue. */
let seedAuth: Promise<Record<string, string>> | undefined;
import { mulberry32 } from "../fixtures/prng";
import { hubspotCompanyCreation, hubspotContactEvents, hubspotDealPropertyChange } from "../fixtures/webhooks/hubspot";
import { leadNotification, opportunityNotification, salesforceEnvelope } from "../fixtures/webhooks/salesforce";
import { hubspotHeaders, salesforcePath, standardHeaders, stripeHeaders, TEST_ORIGIN } from "../fixtures/webhooks/sign";
import { standardInvoicePaid, standardLeadCreated } from "../fixtures/webhooks/standard";
import { stripeChargeRefunded, stripeInvoiceEvent } from "../fixtures/webhooks/stripe";

/**
 * Fuzz: random and mutated bodies to every webhook route and the seed router. Invariants: never a
 * 5xx, and every error is application/problem+json. Deterministic (seeded PRNG): a failure names
 * its seed and case, and rerunning with the same SEED reproduces it.
 */
const SEED = 20261125; // change to explore; a failure message names the seed and case
const CASES_PER_ROUTE = 110;

type Rng = () => number;
const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)];

function randomBytes(r: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = int(r, 256);
  return out;
}

function randomText(r: Rng, n: number): string {
  const alphabet = 'abcXYZ019 {}[]":,<>/\\&;=\n\t\u00e9\u4e2d\ud83d\ude00\u0000-_.!?%';
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[int(r, alphabet.length)];
  return s;
}

function randomJsonValue(r: Rng, depth = 0): unknown {
  switch (int(r, depth > 2 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 1e-7, 42]);
    case 3:
      return randomText(r, int(r, 20));
    case 4:
      return "x".repeat(int(r, 3) === 0 ? 200_000 : 300);
    case 5:
      return pick(r, ["", "__proto__", "constructor", "toString", "lead_create", "invoice.paid", "contact.creation"]);
    case 6:
      return Array.from({ length: int(r, 4) }, () => randomJsonValue(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(r, 4) }, () => [
          pick(r, ["id", "type", "data", "__proto__", "eventId", "amount_paid", randomText(r, 5)]),
          randomJsonValue(r, depth + 1),
        ]),
      );
  }
}

/** Replaces one random node of a JSON value with something of another type. */
function mutateJson(r: Rng, value: unknown): unknown {
  if (r() < 0.15) return randomJsonValue(r);
  if (Array.isArray(value)) {
    if (value.length === 0) return [randomJsonValue(r)];
    const copy = [...value];
    const i = int(r, copy.length);
    copy[i] = mutateJson(r, copy[i]);
    return copy;
  }
  if (value && typeof value === "object") {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length === 0 || r() < 0.1) {
      copy[pick(r, ["extra", "__proto__", "id"])] = randomJsonValue(r);
      return copy;
    }
    const k = pick(r, keys);
    if (r() < 0.2) delete copy[k];
    else copy[k] = mutateJson(r, copy[k]);
    return copy;
  }
  return randomJsonValue(r);
}

function mutateText(r: Rng, text: string): string {
  switch (int(r, 5)) {
    case 0:
      return text.slice(0, int(r, text.length)); // truncated
    case 1: {
      const i = int(r, text.length);
      return text.slice(0, i) + randomText(r, 1 + int(r, 5)) + text.slice(i + 1);
    }
    case 2: {
      const i = int(r, text.length);
      return text.slice(0, i) + text.slice(i, i + int(r, 200)).repeat(1 + int(r, 5)) + text.slice(i);
    }
    case 3:
      return text.replace(/[0-9]/g, (d) => (r() < 0.2 ? String(int(r, 10)) : d));
    default:
      return text.split("").reverse().join("");
  }
}

function deepNesting(r: Rng, kind: "json" | "xml"): string {
  const n = 1000 + int(r, 20_000);
  if (kind === "xml") return `<?xml version="1.0"?>${"<a>".repeat(n)}x${"</a>".repeat(n)}`;
  return r() < 0.5 ? "[".repeat(n) + "]".repeat(n) : '{"a":'.repeat(n) + "1" + "}".repeat(n);
}

type Case = { label: string; path: string; headers: Record<string, string>; body: string | Uint8Array };
type Route = {
  name: string;
  path: string;
  contentType: string;
  valid: (r: Rng, n: number) => string;
  sign: (body: string, path: string, r: Rng) => Promise<Record<string, string>>;
};

const ROUTES: Route[] = [
  {
    name: "hubspot",
    path: "/webhooks/hubspot",
    contentType: "application/json",
    valid: (r, n) => JSON.stringify(pick(r, [hubspotContactEvents(n), [hubspotDealPropertyChange(n), hubspotCompanyCreation(n)]])),
    sign: (body, path) => hubspotHeaders(env.HUBSPOT_APP_SECRET, `${TEST_ORIGIN}${path}`, body),
  },
  {
    name: "stripe",
    path: "/webhooks/stripe",
    contentType: "application/json",
    valid: (r, n) =>
      JSON.stringify(
        pick(r, [
          stripeInvoiceEvent(`evt_fz_${n}`, "invoice.paid"),
          stripeInvoiceEvent(`evt_fz_${n}`, "invoice.payment_failed"),
          stripeChargeRefunded(`evt_fz_${n}`),
        ]),
      ),
    sign: (body) => stripeHeaders([env.STRIPE_WEBHOOK_SECRET], body),
  },
  {
    name: "generic",
    path: "/webhooks/generic",
    contentType: "application/json",
    valid: (r, n) => JSON.stringify(pick(r, [standardLeadCreated(`fz-${n}`), standardInvoicePaid(`FZ-${n}`)])),
    sign: (body, _path, r) => standardHeaders([env.STANDARD_WEBHOOK_SECRET], `msg_fz_${int(r, 1e9)}`, body),
  },
  {
    name: "salesforce",
    path: salesforcePath(env.SALESFORCE_PATH_TOKEN),
    contentType: "text/xml; charset=utf-8",
    valid: (r, n) =>
      salesforceEnvelope(env.SALESFORCE_ORG_IDS.split(",")[0], [
        pick(r, [
          leadNotification(`04l${String(n).padStart(15, "0")}`, `00Q${String(n).padStart(15, "0")}`),
          opportunityNotification(`04l${String(n).padStart(15, "1")}`, `006${String(n).padStart(15, "0")}`),
        ]),
      ]),
    sign: async () => ({}), // authenticated by the path token and the org id in the body
  },
  {
    name: "seed",
    path: "/api/crm/webhook-router",
    contentType: "application/json",
    valid: (r, n) =>
      JSON.stringify({
        event_type: pick(r, ["lead_create", "deal_update", "invoice_paid"]),
        payload: { id: `FZ-${n}`, value: int(r, 100_000), email: "fz@example.com" },
      }),
    sign: async () => (seedAuth ??= apiKey("webhooks:write")),
  },
];

const RANDOM_HEADERS = [
  "x-hubspot-signature-v3",
  "x-hubspot-request-timestamp",
  "stripe-signature",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "soapaction",
  "x-forwarded-for",
];

async function makeCase(r: Rng, route: Route, i: number): Promise<Case> {
  const n = (SEED % 100_000) + i * 7 + int(r, 1_000_000) * 1000;
  const valid = route.valid(r, n);
  const isXml = route.name === "salesforce";
  const contentType =
    r() < 0.9
      ? route.contentType
      : pick(r, [
          "text/plain",
          "",
          "application/json; charset=utf-8",
          "text/xml",
          "multipart/form-data; boundary=x",
          "application/x-www-form-urlencoded",
        ]);
  const headers: Record<string, string> = {};
  if (contentType) headers["content-type"] = contentType;
  let body: string | Uint8Array;
  let signed = false;
  let label: string;
  switch (int(r, 8)) {
    case 0:
      label = "random bytes";
      body = randomBytes(r, int(r, 3000));
      break;
    case 1:
      label = "random text";
      body = randomText(r, int(r, 3000));
      break;
    case 2:
      label = "mutated text, unsigned";
      body = mutateText(r, valid);
      break;
    case 3:
      label = "mutated text, signed";
      body = mutateText(r, valid);
      signed = true;
      break;
    case 4:
      label = "deep nesting, signed";
      body = deepNesting(r, isXml ? "xml" : "json");
      signed = true;
      break;
    case 5:
      label = "wrong types, signed";
      body = isXml
        ? valid.replace(
            /<sf:(\w+)>[^<]*</g,
            (_m, tag: string) => `<sf:${tag}>${r() < 0.3 ? randomText(r, 10).replace(/[<&]/g, "") : "x".repeat(int(r, 5000))}<`,
          )
        : JSON.stringify(mutateJson(r, JSON.parse(valid)));
      signed = true;
      break;
    case 6:
      label = "huge string, signed";
      body = isXml ? valid.replace("Globex", "G".repeat(300_000)) : valid.replace(/"(\w+)":"/, (m) => `${m}${"y".repeat(300_000)}`);
      signed = true;
      break;
    default:
      label = "valid, signed, random extra headers";
      body = valid;
      signed = true;
      for (const h of RANDOM_HEADERS) if (r() < 0.3) headers[h] = randomText(r, int(r, 60)).replace(/[^\x20-\x7e]/g, "");
  }
  if (signed && typeof body === "string") Object.assign(headers, await route.sign(body, route.path, r));
  if (contentType) headers["content-type"] = contentType;
  else delete headers["content-type"];
  return { label, path: route.path, headers, body };
}

async function check(c: Case, statuses: Map<number, number>): Promise<string | null> {
  let res: Response;
  try {
    res = await call(c.path, { method: "POST", headers: c.headers, body: c.body });
  } catch (err) {
    return `threw ${err instanceof Error ? err.message : String(err)}`;
  }
  const ct = res.headers.get("content-type") ?? "";
  const text = await res.text();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (res.status >= 500) return `status ${res.status}: ${text.slice(0, 300)}`;
  if (res.status >= 400 && !ct.startsWith("application/problem+json")) return `status ${res.status} with content-type ${ct}`;
  if (res.status < 300 && !(ct.startsWith("application/json") || ct.startsWith("text/xml")))
    return `status ${res.status} with content-type ${ct}`;
  return null;
}

describe(`webhook fuzz (seed ${SEED})`, () => {
  for (const [k, route] of ROUTES.entries()) {
    it(`never answers ${route.name} with a 5xx or a non-problem error, over ${CASES_PER_ROUTE} random and mutated bodies`, async () => {
      const r = mulberry32(SEED + k * 7919);
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      for (let i = 0; i < CASES_PER_ROUTE; i++) {
        const c = await makeCase(r, route, i);
        const failure = await check(c, statuses);
        if (failure) failures.push(`case ${i} (${c.label}): ${failure}`);
      }
      expect(failures, `seed ${SEED}`).toEqual([]);
      // The corpus must get past verification and parsing too, or it tests only the 401 path.
      const seen = [...statuses.keys()];
      expect(seen, JSON.stringify(Object.fromEntries(statuses))).toContain(200);
      expect(
        seen.some((s) => s === 400 || s === 422),
        JSON.stringify(Object.fromEntries(statuses)),
      ).toBe(true);
    });
  }

  it("never answers an unknown source with anything but a 404 problem", async () => {
    const r = mulberry32(SEED ^ 0xbeef);
    for (let i = 0; i < 40; i++) {
      const source = Array.from({ length: 1 + int(r, 30) }, () => pick(r, [..."abcxyz019-_~"])).join("");
      if (["hubspot", "stripe", "generic", "salesforce"].includes(source)) continue;
      const res = await call(`/webhooks/${source}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: randomText(r, 50),
      });
      expect(res.status, source).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });
});
