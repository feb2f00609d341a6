import { describe, expect, it } from "vitest";
import demoCatalog from "../../../demo/catalog.json";
import demo0 from "../../../demo/leads/chat-acme-manufacturing.json?raw";
import demo1 from "../../../demo/leads/chat-driftwood-biotech.json?raw";
import demo2 from "../../../demo/leads/chat-osprey-logistics.txt?raw";
import demo3 from "../../../demo/leads/chat-pinecrest-dental.txt?raw";
import demo4 from "../../../demo/leads/email-juno-logistics-with-rfp-pdf.eml?raw";
import demo5 from "../../../demo/leads/email-osprey-analytics-injection.eml?raw";
import demo6 from "../../../demo/leads/email-pinecrest-dental.eml?raw";
import demo7 from "../../../demo/leads/email-rook-logistics.eml?raw";
import demo8 from "../../../demo/leads/hubspot-cascade-outfitters.json?raw";
import demo9 from "../../../demo/leads/hubspot-mosaic-foods.json?raw";
import demo10 from "../../../demo/leads/salesforce-nettle-software.json?raw";
import demo11 from "../../../demo/leads/salesforce-pinecrest-outfitters.json?raw";
import { extractLead } from "../../../src/leads/core/extract/index";
import { toUsdMinor } from "../../../src/leads/core/fx";
import { maskInjection } from "../../../src/leads/core/injection";
import { parseInput } from "../../../src/leads/core/parse/index";
import { seatHints } from "../../../src/leads/core/seats";
import { proposalDraft } from "../../../src/negotiation/core/drafts";
import { DEFAULT_SEATS, firstRequest, isPerSeatUnit, MAX_SEATS, seatCount, sizingNote } from "../../../src/negotiation/core/first-request";
import { quote } from "../../../src/negotiation/core/pricing";
import { segmentFor } from "../../../src/negotiation/core/segment";
import type { CatalogSnapshot, LeadFacts } from "../../../src/negotiation/core/types";

type DemoProduct = (typeof demoCatalog.products)[number];
/** The demo catalog as the pricing port returns it: units written as real catalogs write them. */
const catalog: CatalogSnapshot = {
  products: demoCatalog.products.map((p: DemoProduct) => ({
    sku: p.sku,
    name: p.name,
    description: p.description,
    unit_price_minor: p.unit_price_minor,
    currency: p.currency,
    unit: p.unit,
    active: true,
  })),
  tiers: demoCatalog.products.flatMap((p: DemoProduct) => p.tiers.map((t) => ({ sku: p.sku, ...t }))),
  rules: [{ id: "r-all", segment: "*", min_deal_usd_minor: 0, min_term_months: 12, max_discount_bps: 1500, approval_above_bps: 1000 }],
  usd_rate_ppm: { EUR: 1_080_000, GBP: 1_270_000 },
};

function facts(over: Partial<LeadFacts> = {}): LeadFacts {
  const f: LeadFacts = {
    lead_id: "lead_x",
    company: "X",
    employees: null,
    budget_usd_minor: null,
    segment: "smb",
    injection_attempt: false,
    ...over,
  };
  return { ...f, segment: over.segment ?? segmentFor(f) };
}

describe("per-seat units as catalogs write them", () => {
  it.each(["per_seat_year", "per user / month", "licence", "Seat", "seat/year", "per-license", "named users", "member/month"])(
    "%s is per seat",
    (u) => expect(isPerSeatUnit(u)).toBe(true),
  );
  it.each(["one_time", "per_unit", "package", "device", "per_userland_box", "consulting day"])("%s is not", (u) =>
    expect(isPerSeatUnit(u)).toBe(false),
  );
});

describe("the seats a lead asks for", () => {
  it.each([
    ["We need 120 users of Ledgerline Pro.", { seats: 120, team: null }],
    ["Please quote 250 licences for next year.", { seats: 250, team: null }],
    ["Licenses for 80 people in AP.", { seats: 80 }],
    ["Seats needed: 1,200", { seats: 1200, team: null }],
    ["It is for our finance team of 35.", { seats: null, team: 35 }],
    ["a 12-person AP team", { seats: null, team: 12 }],
    ["Wir brauchen 40 Lizenzen.", { seats: 40, team: null }],
    ["twenty users to start", { seats: 20, team: null }],
    ["Our budget is $120,000 and we have 1,000 employees.", { seats: null, team: null }],
    ["We grew 50% users last year", { seats: null, team: null }],
  ])("%s", (text, want) => expect(seatHints(text)).toMatchObject(want));
  it("keeps the sentence it read", () => {
    expect(seatHints("Hi. We need 120 users.").evidence).toBe("120 users");
  });
});

describe("first proposal sizing", () => {
  it("uses the seats asked, then the team, then the headcount, then the default", () => {
    expect(seatCount(facts({ seats_asked: 120, team_size: 35, employees: 1000 }))).toEqual({ qty: 120, basis: "seats_asked" });
    expect(seatCount(facts({ team_size: 35, employees: 1000 }))).toEqual({ qty: 35, basis: "team_size" });
    expect(seatCount(facts({ employees: 1000 }))).toEqual({ qty: 1000, basis: "headcount" });
    expect(seatCount(facts({ employees: 0 }))).toEqual({ qty: DEFAULT_SEATS, basis: "default" });
    expect(seatCount(facts({ seats_asked: 10_000_000 })).qty).toBe(MAX_SEATS);
  });

  it("prices 120 users of the product the lead names, never one seat", () => {
    const r = firstRequest(catalog, facts({ seats_asked: 120, employees: 500 }), ["Ledgerline Pro"]);
    expect(r).toEqual({ items: [{ sku: "LL-PRO", qty: 120 }], term_months: 12 });
  });

  it("sizes one-time and per-unit products at one unit", () => {
    const r = firstRequest(catalog, facts({ seats_asked: 50 }), ["LL-PRO", "Onboarding package"]);
    expect(r?.items).toEqual([
      { sku: "LL-PRO", qty: 50 },
      { sku: "LL-ONB", qty: 1 },
    ]);
  });

  it("chooses the richest per-seat product that fits the budget, else the cheapest", () => {
    // 1,000 seats: Pro at its 200+ tier is $100,000; Standard at 100+ is $70,000.
    const rich = firstRequest(catalog, facts({ employees: 1000, budget_usd_minor: 27_000_000 }), []);
    expect(rich?.items).toEqual([{ sku: "LL-PRO", qty: 1000 }]);
    const tight = firstRequest(catalog, facts({ employees: 1000, budget_usd_minor: 8_000_000 }), []);
    expect(tight?.items).toEqual([{ sku: "LL-STD", qty: 1000 }]);
    const none = firstRequest(catalog, facts({ employees: 1000, budget_usd_minor: 1_000_000 }), []);
    expect(none?.items).toEqual([{ sku: "LL-STD", qty: 1000 }]);
    const exact = firstRequest(catalog, facts({ employees: 1000, budget_usd_minor: 10_000_000 }), []);
    expect(exact?.items).toEqual([{ sku: "LL-PRO", qty: 1000 }]);
  });

  it("without a budget: the richest for mid and enterprise, the cheapest for smb", () => {
    expect(firstRequest(catalog, facts({ employees: 500 }), [])?.items[0].sku).toBe("LL-PRO");
    expect(firstRequest(catalog, facts({ employees: 20 }), [])?.items[0].sku).toBe("LL-STD");
  });

  it("says how it was sized and where the total stands against the budget", () => {
    const f = facts({ team_size: 35, budget_usd_minor: 100_000 });
    const q = quote(catalog, f, firstRequest(catalog, f, ["LL-PRO"])!);
    const note = sizingNote(q, f);
    expect(note).toContain("team of 35");
    expect(note).toContain("above the budget");
    const within = facts({ seats_asked: 10, budget_usd_minor: 10_000_000 });
    const q2 = quote(catalog, within, firstRequest(catalog, within, ["LL-PRO"])!);
    expect(sizingNote(q2, within)).toBe("Sized for the 10 seats you asked for. The total is within the budget you mentioned.");
    expect(sizingNote(quote(catalog, facts(), { items: [{ sku: "LL-ONB", qty: 1 }], term_months: 12 }), facts())).toBeNull();
    const draft = proposalDraft(q, f);
    expect(draft.body).toContain(note!);
  });
});

// The demo leads (text ones; the two standalone RFP PDFs need no fixture of their own here).
const DEMO: Record<string, string> = {
  "chat-acme-manufacturing.json": demo0,
  "chat-driftwood-biotech.json": demo1,
  "chat-osprey-logistics.txt": demo2,
  "chat-pinecrest-dental.txt": demo3,
  "email-juno-logistics-with-rfp-pdf.eml": demo4,
  "email-osprey-analytics-injection.eml": demo5,
  "email-pinecrest-dental.eml": demo6,
  "email-rook-logistics.eml": demo7,
  "hubspot-cascade-outfitters.json": demo8,
  "hubspot-mosaic-foods.json": demo9,
  "salesforce-nettle-software.json": demo10,
  "salesforce-pinecrest-outfitters.json": demo11,
};
const TYPES: Record<string, string> = { eml: "message/rfc822", json: "application/json", txt: "text/plain" };
const RATES: Record<string, number> = { USD: 1_000_000, EUR: 1_080_000, GBP: 1_270_000 };

describe("the demo leads get right-sized first proposals", () => {
  for (const [file, text] of Object.entries(DEMO)) {
    it(file, async () => {
      const doc = await parseInput({
        bytes: new TextEncoder().encode(text),
        contentType: TYPES[file.split(".").pop() ?? ""] ?? "application/octet-stream",
        filename: file,
        receivedAt: "2026-11-20T10:00:00.000Z",
      });
      const x = extractLead(doc, { catalog: catalog.products.map((p) => ({ sku: p.sku, name: p.name })) });
      const hints = seatHints(maskInjection(doc.text, x.injection.evidence));
      const budget = x.budget.value ? toUsdMinor(x.budget.value, RATES) : null;
      const f = facts({ employees: x.employees.value, budget_usd_minor: budget, seats_asked: hints.seats, team_size: hints.team });
      const req = firstRequest(catalog, f, x.products.value ?? []);
      expect(req).not.toBeNull();
      const q = quote(catalog, f, req!);
      const seatLines = q.lines.filter((l) => isPerSeatUnit(l.unit));
      for (const l of seatLines) expect(l.qty, `${file}: ${l.sku}`).toBe(seatCount(f).qty);
      if (x.employees.value && x.employees.value > 1) for (const l of seatLines) expect(l.qty).toBeGreaterThan(1);
      if (budget !== null) expect(sizingNote(q, f)).toMatch(q.total_usd_minor <= budget ? /within the budget/ : /above the budget/);
    });
  }
});
