import { describe, expect, it } from "vitest";
import { currentCandidates, parseCandidates } from "../../../src/recon/core/review-view";

const c = (invoice_id: string, score: number) => ({ invoice_id, open_minor: 1, currency: "EUR", score, reasons: [`r-${invoice_id}`] });

describe("review candidates as the workbench shows them", () => {
  it("reads stored candidates and tolerates bad JSON or bad entries", () => {
    expect(parseCandidates(JSON.stringify([c("A", 0.5)]))).toEqual([c("A", 0.5)]);
    expect(parseCandidates("not json")).toEqual([]);
    expect(parseCandidates("")).toEqual([]);
    expect(parseCandidates(null)).toEqual([]);
    expect(parseCandidates('{"invoice_id":"A"}')).toEqual([]);
    expect(parseCandidates(JSON.stringify([null, { invoice_id: 3, score: 1 }, { invoice_id: "B" }, c("C", 0.1)]))).toEqual([c("C", 0.1)]);
  });

  it("shows today's open amount, drops vanished invoices, and keeps open ones ahead of paid ones at equal score", () => {
    const now = new Map([
      ["A", { id: "A", amount_minor: 10_000, paid_minor: 2_500, currency: "EUR" }],
      ["B", { id: "B", amount_minor: 5_000, paid_minor: 5_000, currency: "EUR" }],
      ["C", { id: "C", amount_minor: 7_000, paid_minor: 9_000, currency: "EUR" }],
      ["D", { id: "D", amount_minor: 100, paid_minor: 0, currency: "JPY" }],
    ]);
    const out = currentCandidates([c("B", 0.8), c("A", 0.8), c("GONE", 0.99), c("C", 0.9), c("D", 0.1)], now);
    expect(out.map((x) => [x.invoice_id, x.open_minor, x.open_amount])).toEqual([
      ["C", 0, "0.00"],
      ["A", 7_500, "75.00"],
      ["B", 0, "0.00"],
      ["D", 100, "100"],
    ]);
    expect(out[1]).toMatchObject({ currency: "EUR", score: 0.8, reasons: ["r-A"] });
  });
});
