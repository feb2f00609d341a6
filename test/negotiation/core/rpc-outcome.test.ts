import { describe, expect, it } from "vitest";
import { formatBps, formatMoney } from "../../../src/negotiation/core/format";
import { ok, refusalFrom, refuse, unwrap } from "../../../src/negotiation/core/outcome";
import { InvalidInput, Refusal } from "../../../src/platform/errors";

/** What the negotiation object answers over RPC (values or refusals as data), and the one money and percent format. */

describe("RPC outcomes", () => {
  it("carries a value, or a refusal as data that the caller throws again as a Refusal of the same kind", () => {
    expect(unwrap(ok(42))).toBe(42);
    expect(refuse("conflict", "stage moved")).toEqual({ ok: false, kind: "conflict", detail: "stage moved" });
    expect(refuse("conflict", "stage moved", { stage: "won" })).toEqual({
      ok: false,
      kind: "conflict",
      detail: "stage moved",
      extra: { stage: "won" },
    });
    const err = (() => {
      try {
        unwrap(refuse("not_found", "no such draft", { draft_id: "d1" }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(Refusal);
    expect(err).toMatchObject({ kind: "not_found", message: "no such draft", extra: { draft_id: "d1" } });
  });

  it("turns a thrown domain refusal into data and lets any other error through", () => {
    expect(refusalFrom(new InvalidInput("bad quote", { code: "invalid_term" }))).toEqual({
      ok: false,
      kind: "invalid_input",
      detail: "bad quote",
      extra: { code: "invalid_term" },
    });
    const boom = new TypeError("boom");
    expect(() => refusalFrom(boom)).toThrow(boom);
  });
});

describe("money and percent format", () => {
  it("writes minor units with the currency's symbol or code, negatives and yen included", () => {
    expect(formatMoney(4_500_000, "USD")).toBe("$45,000.00");
    expect(formatMoney(-123_405, "EUR")).toBe("-€1,234.05");
    expect(formatMoney(7, "GBP")).toBe("£0.07");
    expect(formatMoney(1_234_567, "JPY")).toBe("¥1,234,567");
    expect(formatMoney(123_450, "CHF")).toBe("CHF 1,234.50");
  });

  it("writes basis points as a percentage with no trailing zero", () => {
    expect([formatBps(1500), formatBps(1250), formatBps(1234), formatBps(5), formatBps(0), formatBps(-250)]).toEqual([
      "15%",
      "12.5%",
      "12.34%",
      "0.05%",
      "0%",
      "-2.5%",
    ]);
  });
});
