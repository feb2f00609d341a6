import { describe, expect, it } from "vitest";
import { buildEscalation, needsEscalation, objectionsFromHistory } from "../../../src/negotiation/core/escalation";
import { counterOptions, quote } from "../../../src/negotiation/core/pricing";
import type { HistoryEntry } from "../../../src/negotiation/core/types";
import { catalog, facts } from "./catalog";

const cfg = { escalate_above_usd_minor: 2_000_000 };

describe("escalation", () => {
  it("escalates deals above the value threshold, refused asks and injection attempts, and nothing else", () => {
    const small = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, requested_discount_bps: 1000 });
    expect(needsEscalation(small, facts(), cfg)).toEqual([]);
    const big = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 250 }], term_months: 12 });
    expect(needsEscalation(big, facts(), cfg).map((r) => r.code)).toEqual(["above_value_threshold"]);
    const refused = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, requested_discount_bps: 3000 });
    expect(needsEscalation(refused, facts({ injection_attempt: true }), cfg, { refused_counter: true }).map((r) => r.code)).toEqual([
      "out_of_policy",
      "injection_attempt",
      "refused_counter",
    ]);
    const approval = quote(catalog, facts(), { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, requested_discount_bps: 1200 });
    expect(needsEscalation(approval, facts(), cfg)).toEqual([]);
  });

  it("summarises the history, the objections and the engine's options", () => {
    const req = { items: [{ sku: "LL-PRO", qty: 100 }], term_months: 12, requested_discount_bps: 3000 };
    const q = quote(catalog, facts(), req);
    const options = counterOptions(catalog, facts(), req);
    const history: HistoryEntry[] = [
      { at: "2026-11-20T10:00:00Z", actor: "agent", kind: "draft_sent", detail: "proposal sent: $11,000.00" },
      {
        at: "2026-11-21T09:00:00Z",
        actor: "customer",
        kind: "message_in",
        detail: "Too expensive, Competitor X is cheaper. ".repeat(20),
        data: { objection: "price" },
      },
      { at: "2026-11-21T09:00:01Z", actor: "agent", kind: "classified", detail: "competitor", data: { objection: "competitor" } },
    ];
    const objections = objectionsFromHistory(history);
    expect(objections).toEqual(["price", "competitor"]);
    const e = buildEscalation(history, q, objections, options, {
      lead_id: "lead_1",
      company: "Acme Corp",
      reasons: needsEscalation(q, facts(), cfg),
    });
    expect(e.summary).toContain("Acme Corp (lead lead_1)");
    expect(e.summary).toContain("out_of_policy");
    expect(e.summary).toContain("Objections: price, competitor");
    expect(e.summary).toContain("customer message_in: Too expensive");
    expect(e.summary).toContain("[longer_term] 36-month term");
    expect(e.summary.split("\n").every((l) => l.length < 400)).toBe(true);
    expect(e.options).toHaveLength(options.length);
    expect(e.options.every((o) => o.quote.verdict === "within_policy")).toBe(true);
  });
});
