import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  compareDays,
  dayFromIso,
  dayToIso,
  daysInMonth,
  diffDays,
  endOfQuarter,
  isValidDay,
  monthNumber,
  parseLooseDate,
} from "../../../src/leads/core/dates";
import { rateToPpm, toUsdMinor, usdUnits } from "../../../src/leads/core/fx";

/** The calendar arithmetic timelines are counted with, and the loose dates of running text. */

const iso = (text: string) => {
  const r = parseLooseDate(text);
  return r && [dayToIso(r.day), r.iso];
};

describe("calendar days", () => {
  it("adds days and months across month and year ends, clamping to the month's last day", () => {
    expect(addDays({ y: 2026, m: 12, d: 31 }, 1)).toEqual({ y: 2027, m: 1, d: 1 });
    expect(addDays({ y: 2028, m: 2, d: 28 }, 1)).toEqual({ y: 2028, m: 2, d: 29 });
    expect(addDays({ y: 2026, m: 3, d: 1 }, -1)).toEqual({ y: 2026, m: 2, d: 28 });
    expect(addMonths({ y: 2026, m: 1, d: 31 }, 1)).toEqual({ y: 2026, m: 2, d: 28 });
    expect(addMonths({ y: 2028, m: 1, d: 31 }, 1)).toEqual({ y: 2028, m: 2, d: 29 });
    expect(addMonths({ y: 2026, m: 11, d: 15 }, 3)).toEqual({ y: 2027, m: 2, d: 15 });
    expect(addMonths({ y: 2026, m: 12, d: 31 }, 12)).toEqual({ y: 2027, m: 12, d: 31 });
    expect(addMonths({ y: 2026, m: 3, d: 31 }, -1)).toEqual({ y: 2026, m: 2, d: 28 });
  });

  it("counts and compares days, and names quarter ends", () => {
    expect(diffDays({ y: 2026, m: 1, d: 1 }, { y: 2027, m: 1, d: 1 })).toBe(365);
    expect(diffDays({ y: 2026, m: 3, d: 10 }, { y: 2026, m: 3, d: 1 })).toBe(-9);
    expect(Math.sign(compareDays({ y: 2026, m: 1, d: 2 }, { y: 2026, m: 1, d: 1 }))).toBe(1);
    expect(compareDays({ y: 2026, m: 1, d: 1 }, { y: 2026, m: 1, d: 1 })).toBe(0);
    expect([1, 2, 3, 4].map((q) => dayToIso(endOfQuarter(2026, q)))).toEqual(["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]);
    expect([daysInMonth(2026, 2), daysInMonth(2028, 2), daysInMonth(2100, 2), daysInMonth(2026, 4)]).toEqual([28, 29, 28, 30]);
  });

  it("tells real days from impossible ones, and reads and writes ISO days", () => {
    expect(isValidDay({ y: 2028, m: 2, d: 29 })).toBe(true);
    for (const d of [
      { y: 2026, m: 2, d: 29 },
      { y: 2026, m: 0, d: 1 },
      { y: 2026, m: 13, d: 1 },
      { y: 2026, m: 4, d: 0 },
      { y: 2026, m: 4, d: 31 },
    ])
      expect(isValidDay(d), JSON.stringify(d)).toBe(false);
    expect(isValidDay({ y: 2026, m: 12, d: 31 })).toBe(true);
    expect(isValidDay({ y: 2026, m: 1, d: 1 })).toBe(true);
    expect(dayFromIso("2026-07-04T23:00:00-05:00")).toEqual({ y: 2026, m: 7, d: 4 });
    expect(() => dayFromIso("July 4")).toThrow(RangeError);
    expect(dayToIso({ y: 987, m: 3, d: 5 })).toBe("0987-03-05");
    expect([monthNumber("Sept."), monthNumber("MAY"), monthNumber("december"), monthNumber("Smarch")]).toEqual([9, 5, 12, null]);
  });
});

describe("parseLooseDate", () => {
  it("reads ISO dates with or without a time and zone", () => {
    expect(iso("due 2026-01-14")).toEqual(["2026-01-14", "2026-01-14T00:00:00.000Z"]);
    expect(iso("2026-01-14T10:30:00+02:00")).toEqual(["2026-01-14", "2026-01-14T08:30:00.000Z"]);
    expect(iso("2026-01-14 10:30")).toEqual(["2026-01-14", "2026-01-14T10:30:00.000Z"]);
    expect(iso("2026-01-14T10:30:15.250Z")).toEqual(["2026-01-14", "2026-01-14T10:30:15.000Z"]);
    expect(iso("2026-01-14T23:30:00-0130")).toEqual(["2026-01-14", "2026-01-15T01:00:00.000Z"]);
  });

  it("reads numeric dates day-first with dots or a first part above 12, else month-first", () => {
    expect(iso("14.01.2026")?.[0]).toBe("2026-01-14");
    expect(iso("05.06.2026")?.[0]).toBe("2026-06-05");
    expect(iso("30/06/2026")?.[0]).toBe("2026-06-30");
    expect(iso("06/30/2026")?.[0]).toBe("2026-06-30");
    expect(iso("05/06/2026")?.[0]).toBe("2026-05-06");
    expect(iso("13/13/2026")).toBeNull();
  });

  it("reads month names either side of the day, with ordinals, 'of' and commas, the earlier of two", () => {
    for (const text of ["January 14, 2026", "Jan 14th 2026", "Jan. 14 2026", "14 January 2026", "14th of January, 2026", "14 Jan. 2026"])
      expect(iso(text)?.[0], text).toBe("2026-01-14");
    expect(iso("by 3 February 2026, or January 14, 2026 at the latest")?.[0]).toBe("2026-02-03");
    expect(iso("by February 3, 2026, or 14 January 2026 at the latest")?.[0]).toBe("2026-02-03");
    // A month name before a numeric date: the text date is the one written out.
    expect(iso("Sent September 28, 2026 (ref 01/02/2026)")?.[0]).toBe("2026-09-28");
    expect(iso("31 April 2026")).toBeNull();
    expect(iso("2026-02-30")).toBeNull();
    expect(iso("no date here")).toBeNull();
  });

  it("reads a time after the date in 12- or 24-hour form with its zone", () => {
    expect(iso("Mon, 28 Sep 2026 10:59:00 +0100")?.[1]).toBe("2026-09-28T09:59:00.000Z");
    expect(iso("Mon, Sep 28, 2026 at 10:59 PM")?.[1]).toBe("2026-09-28T22:59:00.000Z");
    expect(iso("Sep 28, 2026 at 12:30 AM")?.[1]).toBe("2026-09-28T00:30:00.000Z");
    expect(iso("Sep 28, 2026 at 12:30 pm")?.[1]).toBe("2026-09-28T12:30:00.000Z");
    expect(iso("28.09.2026 08:15 -05:00")?.[1]).toBe("2026-09-28T13:15:00.000Z");
    expect(iso("28 Sep 2026 08:15:30 GMT")?.[1]).toBe("2026-09-28T08:15:30.000Z");
    // No valid time: the day at midnight UTC.
    expect(iso("28 Sep 2026 25:10")?.[1]).toBe("2026-09-28T00:00:00.000Z");
    expect(iso("28 Sep 2026 10:60")?.[1]).toBe("2026-09-28T00:00:00.000Z");
  });
});

describe("fx", () => {
  it("brings currencies of other exponents to cents first, case-insensitively, and knows no rate it was not given", () => {
    expect(toUsdMinor({ amount_minor: 1_000_000, currency: "JPY" }, { JPY: 6_700 })).toBe(670_000); // ¥1,000,000 at 0.0067 is $6,700.00
    expect(toUsdMinor({ amount_minor: 10_000, currency: "eur" })).toBe(10_800);
    expect(toUsdMinor({ amount_minor: 10_000, currency: "JPY" })).toBeNull();
    expect([rateToPpm(1.08), rateToPpm(0.0067), rateToPpm(1.27)]).toEqual([1_080_000, 6_700, 1_270_000]);
    expect([usdUnits(null), usdUnits(12_345)]).toEqual([null, 123.45]);
  });
});
