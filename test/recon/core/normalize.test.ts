import { describe, expect, it } from "vitest";
import { namesMatch, nameTokens, nearTaxId, normTaxId } from "../../../src/recon/core/normalize";

describe("tax ids", () => {
  it("keeps letters and digits upper-cased, and refuses fewer than four", () => {
    expect(normTaxId(" de-123.456 ")).toBe("DE123456");
    expect(normTaxId("ab-12")).toBe("AB12");
    expect(normTaxId("a-1 2")).toBeNull();
    expect(normTaxId("")).toBeNull();
    expect(normTaxId(null)).toBeNull();
  });

  it("takes one typo, one swap of neighbours, one letter more or less, and nothing beyond", () => {
    expect(nearTaxId("123456", "123456")).toBe(true);
    expect(nearTaxId("123456", "123457")).toBe(true);
    expect(nearTaxId("123456", "123465")).toBe(true);
    expect(nearTaxId("123456", "213456")).toBe(true);
    expect(nearTaxId("123456", "124356")).toBe(true);
    expect(nearTaxId("123456", "12356")).toBe(true);
    expect(nearTaxId("12356", "123456")).toBe(true);
    expect(nearTaxId("123456", "1234567")).toBe(true);
    expect(nearTaxId("123456", "0123456")).toBe(true);
    expect(nearTaxId("123456", "123478")).toBe(false);
    expect(nearTaxId("123456", "132465")).toBe(false);
    expect(nearTaxId("123456", "124365")).toBe(false);
    expect(nearTaxId("123456", "153426")).toBe(false);
    expect(nearTaxId("123456", "12345678")).toBe(false);
    expect(nearTaxId("123456", "1235")).toBe(false);
    expect(nearTaxId("123456", "1x3y56")).toBe(false);
    expect(nearTaxId("123456", "923457")).toBe(false);
    expect(nearTaxId("123456", "12x456")).toBe(true);
    expect(nearTaxId("123456", "1234x56")).toBe(true);
    expect(nearTaxId("123456", "1234x5")).toBe(false);
  });
});

describe("company names", () => {
  it("drops legal forms and filler, collapses initials, and a trailing cut legal form", () => {
    expect(nameTokens("Acme Robotics GmbH")).toEqual(["ACME", "ROBOTICS"]);
    expect(nameTokens("A.B.C. Trading Co.")).toEqual(nameTokens("ABC Trading Co"));
    expect(nameTokens("Harbor Robotics Corp")).toEqual(["HARBOR", "ROBOTICS"]);
    expect(nameTokens("Harbor Robotics Cor")).toEqual(["HARBOR", "ROBOTICS"]);
    expect(nameTokens("Harbor Robotics Xyz")).toEqual(["HARBOR", "ROBOTICS", "XYZ"]);
    expect(nameTokens("Inc")).toEqual([]);
    expect(nameTokens(null)).toEqual([]);
  });

  it("matches a payer name token by token: equal or a prefix of at least three letters", () => {
    const customer = ["CEDAR", "SYSTEMS", "GROUP"];
    expect(namesMatch(["CEDAR", "SYSTEMS", "GROUP"], customer)).toBe(true);
    expect(namesMatch(["CEDAR", "SYS", "GRO"], customer)).toBe(true);
    expect(namesMatch(["CEDAR", "SY", "GROUP"], customer)).toBe(false);
    expect(namesMatch(["CEDAX", "SYSTEMS", "GROUP"], customer)).toBe(false);
    expect(namesMatch(["CEDAR", "SYSTEMS", "GROUP", "EU"], customer)).toBe(false);
    expect(namesMatch([], customer)).toBe(false);
    expect(namesMatch(["CEDAR"], [])).toBe(false);
  });

  it("lets a payer name stop early only when cut mid-token and still holding most of the name", () => {
    expect(namesMatch(["CEDAR", "SYS"], ["CEDAR", "SYSTEMS", "GROUP"])).toBe(true);
    expect(namesMatch(["CEDAR", "SYSTEMS"], ["CEDAR", "SYSTEMS", "GROUP"])).toBe(false);
    expect(namesMatch(["CEDAR"], ["CEDAR", "SYSTEMS"])).toBe(false);
    expect(namesMatch(["CEDAR", "SYS"], ["CEDAR", "SYSTEMS", "GROUP", "NORTH", "AMERICA"])).toBe(false);
    expect(namesMatch(["CEDAR", "SYS"], ["CEDAR", "SYSTEMS", "GROUP", "NORTH"])).toBe(true);
  });
});
