import { describe, expect, it } from "vitest";
import {
  DEFAULT_SEATS,
  FIRST_TERM_MONTHS,
  MAX_SEATS,
  firstRequest,
  isPerSeatUnit,
  seatCount,
  sizingNote,
} from "../../../src/negotiation/core/first-request";
import type { CatalogSnapshot, Product } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

const product = (sku: string, price: number, over: Partial<Product> = {}): Product => ({
  sku,
  name: `Name ${sku}`,
  description: "",
  unit_price_minor: price,
  currency: "USD",
  unit: "seat/year",
  active: true,
  ...over,
});
const cat = (products: Product[]): CatalogSnapshot => ({ ...catalog, products, tiers: [] });

describe("isPerSeatUnit", () => {
  it.each([
    "per_seat_year",
    "seat",
    "Seats",
    "per user / month",
    "users",
    "licence",
    "license",
    "licences",
    "member",
    "named user",
    "login",
    "per-seat",
  ])("%s is per seat", (u) => expect(isPerSeatUnit(u)).toBe(true));
  it.each(["package", "unit", "one-off", "seating plan", "superusers", "licensed", "", "month"])("%s is not", (u) =>
    expect(isPerSeatUnit(u)).toBe(false),
  );
});

describe("seatCount", () => {
  it("takes seats asked, else the team, else the headcount, else the default", () => {
    expect(seatCount(facts({ seats_asked: 120, team_size: 35, employees: 1000 }))).toEqual({ qty: 120, basis: "seats_asked" });
    expect(seatCount(facts({ team_size: 35, employees: 1000 }))).toEqual({ qty: 35, basis: "team_size" });
    expect(seatCount(facts({ employees: 1000 }))).toEqual({ qty: 1000, basis: "headcount" });
    expect(seatCount(facts({ employees: null }))).toEqual({ qty: DEFAULT_SEATS, basis: "default" });
  });
  it("skips numbers that are not a count (zero, negative, fractions below one, NaN, Infinity) and clamps the rest", () => {
    expect(seatCount(facts({ seats_asked: 0, team_size: 35 })).basis).toBe("team_size");
    expect(seatCount(facts({ seats_asked: -4, team_size: 0.5, employees: 7 }))).toEqual({ qty: 7, basis: "headcount" });
    expect(seatCount(facts({ seats_asked: Number.NaN, team_size: Number.POSITIVE_INFINITY, employees: null })).basis).toBe("default");
    expect(seatCount(facts({ seats_asked: 1 }))).toEqual({ qty: 1, basis: "seats_asked" });
    expect(seatCount(facts({ seats_asked: 12.9 })).qty).toBe(12);
    expect(seatCount(facts({ seats_asked: MAX_SEATS + 5 })).qty).toBe(MAX_SEATS);
    expect(seatCount(facts({ seats_asked: MAX_SEATS })).qty).toBe(MAX_SEATS);
  });
});

describe("firstRequest", () => {
  it("prices the named products (by SKU or name, any case, trimmed) with seats on per-seat lines and 1 unit otherwise", () => {
    const r = firstRequest(catalog, facts({ seats_asked: 40 }), ["  ll-pro ", "ONBOARDING PACKAGE", ""]);
    expect(r).toEqual({
      items: [
        { sku: "LL-PRO", qty: 40 },
        { sku: "LL-ONB", qty: 1 },
      ],
      term_months: FIRST_TERM_MONTHS,
    });
  });

  it("keeps only the currency of the first named product in catalog order, and ignores inactive products", () => {
    expect(firstRequest(catalog, facts({ seats_asked: 5 }), ["LL-EU", "LL-PRO"])?.items).toEqual([{ sku: "LL-PRO", qty: 5 }]);
    expect(firstRequest(catalog, facts({ seats_asked: 5 }), ["LL-EU"])?.items).toEqual([{ sku: "LL-EU", qty: 5 }]);
    expect(firstRequest(catalog, facts({ seats_asked: 5 }), ["LL-OLD", "LL-STD"])?.items).toEqual([{ sku: "LL-STD", qty: 5 }]);
  });

  it("is null when nothing is active", () => {
    expect(firstRequest(cat([product("A", 100, { active: false })]), facts(), [])).toBeNull();
  });

  it("with a budget picks the richest per-seat product that fits, else the cheapest", () => {
    const c = cat([product("CHEAP", 1_000), product("MID", 5_000), product("RICH", 9_000), product("PKG", 100, { unit: "package" })]);
    const f = (budget: number) => facts({ seats_asked: 10, budget_usd_minor: budget, segment: "mid" });
    expect(firstRequest(c, f(90_000), [])?.items).toEqual([{ sku: "RICH", qty: 10 }]);
    expect(firstRequest(c, f(89_999), [])?.items).toEqual([{ sku: "MID", qty: 10 }]);
    expect(firstRequest(c, f(50_000), [])?.items).toEqual([{ sku: "MID", qty: 10 }]);
    expect(firstRequest(c, f(10_000), [])?.items).toEqual([{ sku: "CHEAP", qty: 10 }]);
    expect(firstRequest(c, f(9_999), [])?.items).toEqual([{ sku: "CHEAP", qty: 10 }]);
  });

  it("without a budget: smb the cheapest, mid and enterprise the richest; ties broken by SKU", () => {
    const c = cat([product("B", 5_000), product("A", 5_000), product("C", 1_000)]);
    expect(firstRequest(c, facts({ budget_usd_minor: null, segment: "smb", seats_asked: 3 }), [])?.items).toEqual([{ sku: "C", qty: 3 }]);
    expect(firstRequest(c, facts({ budget_usd_minor: null, segment: "enterprise", seats_asked: 3 }), [])?.items).toEqual([
      { sku: "B", qty: 3 },
    ]);
  });

  it("falls back to any product when none is per seat, priced at one unit", () => {
    const c = cat([product("P1", 1_000, { unit: "package" }), product("P2", 2_000, { unit: "package" })]);
    expect(firstRequest(c, facts({ budget_usd_minor: 1_500, seats_asked: 9 }), [])?.items).toEqual([{ sku: "P1", qty: 1 }]);
  });

  it("prefers USD when nothing is named, else the first product's currency", () => {
    const c = cat([product("E", 1_000, { currency: "EUR" }), product("U", 1_000)]);
    expect(firstRequest(c, facts({ budget_usd_minor: null }), [])?.items[0].sku).toBe("U");
    const eu = cat([product("E1", 1_000, { currency: "EUR" }), product("G1", 1_000, { currency: "GBP" })]);
    expect(firstRequest(eu, facts({ budget_usd_minor: null }), [])?.items[0].sku).toBe("E1");
  });
});

describe("sizingNote", () => {
  const seatQuote = (qty: number, total: number) => ({ lines: [{ qty, unit: "seat/year" }], total_usd_minor: total });
  it("says the basis of a seat line sized from it", () => {
    expect(sizingNote(seatQuote(1200, 0), facts({ seats_asked: 1200, budget_usd_minor: null }))).toBe(
      "Sized for the 1,200 seats you asked for.",
    );
    expect(sizingNote(seatQuote(35, 0), facts({ team_size: 35, budget_usd_minor: null }))).toBe(
      "Sized for your team of 35 who will use it.",
    );
    expect(sizingNote(seatQuote(400, 0), facts({ budget_usd_minor: null }))).toBe(
      "Sized for your 400 employees; tell us how many people will use it and we will resize it.",
    );
    expect(sizingNote(seatQuote(DEFAULT_SEATS, 0), facts({ employees: null, budget_usd_minor: null }))).toBe(
      `Sized for ${DEFAULT_SEATS} seats as a starting point; tell us how many people will use it.`,
    );
  });
  it("says nothing of seats when no seat line has that count, and compares the total with the budget", () => {
    expect(sizingNote({ lines: [{ qty: 1, unit: "package" }], total_usd_minor: 5 }, facts({ budget_usd_minor: null }))).toBeNull();
    expect(sizingNote(seatQuote(99, 5_000_000), facts())).toBe("The total is within the budget you mentioned.");
    expect(sizingNote(seatQuote(400, 5_000_001), facts())).toBe(
      "Sized for your 400 employees; tell us how many people will use it and we will resize it. The total is above the budget you mentioned: fewer seats, a smaller edition or a longer term would bring it down, and we are happy to propose one.",
    );
  });
});
