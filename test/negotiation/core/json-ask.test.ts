import { describe, expect, it } from "vitest";
import { jsonDiscountBps } from "../../../src/negotiation/core/json-ask";

describe("jsonDiscountBps: a counter-offer sent as JSON", () => {
  it.each([
    ['{"discount_pct": 8}', 800],
    ['{"discount_percent": 0.5}', 50],
    ['{"discount": 0.08}', 800],
    ['{"discount": 1}', 10_000],
    ['{"discount": 12.5}', 1250],
    ['{"discount": "6%"}', 600],
    ['{"discount": " 7.5 % "}', 750],
    ['{"discount": "7"}', 700],
    ['{"discount_bps": 750}', 750],
    ['{"discount_basis_points": 1200}', 1200],
    ['{"Rabatt": 9}', 900],
    ['{"remise": 4}', 400],
    ['{"descuento": 3}', 300],
    ['{"korting": 2}', 200],
    ['{"DISCOUNT": 5}', 500],
  ])("%s → %i bps", (text, bps) => expect(jsonDiscountBps(text)).toBe(bps));

  it("finds the ask inside nested objects and arrays, up to four levels down", () => {
    expect(jsonDiscountBps('{"counter_offer": {"discount_pct": 8, "term_months": 12}}')).toBe(800);
    expect(jsonDiscountBps('{"a": [{"discount": 6}]}')).toBe(600);
    expect(jsonDiscountBps('{"a": [[[{"discount": 5}]]]}')).toBe(500);
    expect(jsonDiscountBps('{"a": [[[[{"discount": 5}]]]]}')).toBeUndefined();
  });

  it("reads the first object that carries an ask, skipping text that is not JSON", () => {
    expect(jsonDiscountBps('Our tool says {not json} and then {"discount": "6%", "comment": "final"}')).toBe(600);
    expect(jsonDiscountBps('{"comment": "none"} {"discount": 4}')).toBe(400);
    expect(jsonDiscountBps('{"discount": 4} {"discount": 9}')).toBe(400);
  });

  it("ignores keys that are not a discount, values that are not a positive percentage, and asks above 100 %", () => {
    for (const text of [
      '{"price": 8}',
      '{"discount": 0}',
      '{"discount": -5}',
      '{"discount": "a lot"}',
      '{"discount": "1000%"}',
      '{"discount": true}',
      '{"discount": null}',
      '{"discount_bps": 20000}',
      '{"discount": 150}',
      "discount: 8",
      "",
    ])
      expect(jsonDiscountBps(text), text).toBeUndefined();
  });

  it("looks past a discount key whose value is an object to the ask inside it", () => {
    expect(jsonDiscountBps('{"discount": {"pct": 8}}')).toBeUndefined();
    expect(jsonDiscountBps('{"discount": {"discount_pct": 8}}')).toBe(800);
  });
});
