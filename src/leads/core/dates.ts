/**
 * Calendar arithmetic on plain days (YYYY-MM-DD, no time zone): timelines are counted in calendar
 * days from the message's own date, so a message sent at 23:00 -0500 still counts from its own day.
 */
export type Day = { y: number; m: number; d: number }; // m is 1-12

export const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
export const MONTH_RE =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const MONTH_WORD_RE = new RegExp(`\\b(${MONTH_RE})\\b`, "i");
const MDY_RE = new RegExp(`\\b(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`, "i");
const DMY_RE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_RE})\\.?,?\\s+(\\d{4})`, "i");

export function monthNumber(name: string): number | null {
  return MONTHS[name.toLowerCase().replace(/\.$/, "")] ?? null;
}

export function dayFromIso(iso: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

export function dayToIso(day: Day): string {
  return `${String(day.y).padStart(4, "0")}-${String(day.m).padStart(2, "0")}-${String(day.d).padStart(2, "0")}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isValidDay(day: Day): boolean {
  return day.m >= 1 && day.m <= 12 && day.d >= 1 && day.d <= daysInMonth(day.y, day.m);
}

function epochDays(day: Day): number {
  return Date.UTC(day.y, day.m - 1, day.d) / 86_400_000;
}

export function diffDays(from: Day, to: Day): number {
  return epochDays(to) - epochDays(from);
}

export function addDays(day: Day, n: number): Day {
  const t = new Date((epochDays(day) + n) * 86_400_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Calendar months: Jan 31 + 1 month = Feb 28/29 (clamped), as people mean it. */
export function addMonths(day: Day, n: number): Day {
  const idx = day.y * 12 + (day.m - 1) + n;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return { y, m, d: Math.min(day.d, daysInMonth(y, m)) };
}

export function compareDays(a: Day, b: Day): number {
  return epochDays(a) - epochDays(b);
}

/** Last day of quarter q (1-4) of year y. */
export function endOfQuarter(y: number, q: number): Day {
  const m = q * 3;
  return { y, m, d: daysInMonth(y, m) };
}

/**
 * A loose date in running text: "January 14, 2026", "14 January 2026", "Jan 14th 2026", "2026-01-14",
 * "Mon, Sep 28, 2026 at 10:59 AM", RFC 2822 "Mon, 28 Sep 2026 10:59:00 +0100". Returns the day as written
 * (the writer's own calendar day) plus a UTC instant when a time and zone are present.
 */
export function parseLooseDate(text: string): { day: Day; iso: string } | null {
  const s = text.trim();
  let day: Day | null = null;
  let rest = "";
  const m = /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?/.exec(s);
  const num = m ? null : /\b(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b/.exec(s);
  if (m) {
    day = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
    if (m[4]) rest = `${m[4]}:${m[5]}:${m[6] ?? "00"} ${m[7] ?? "Z"}`;
  } else if (num && !MONTH_WORD_RE.test(s.slice(0, num.index))) {
    // 14.01.2026 and 30/06/2026 are day-first; 06/30/2026 is month-first (US) when the first part cannot be a day-first month.
    const a = Number(num[1]);
    const b = Number(num[3]);
    const dayFirst = num[2] === "." || a > 12;
    day = dayFirst ? { y: Number(num[4]), m: b, d: a } : { y: Number(num[4]), m: a, d: b };
    rest = s.slice(num.index + num[0].length);
  } else {
    const mdY = MDY_RE.exec(s);
    const dmY = DMY_RE.exec(s);
    const first = mdY && dmY ? (mdY.index <= dmY.index ? mdY : dmY) : (mdY ?? dmY);
    if (first === mdY && mdY) {
      day = { y: Number(mdY[3]), m: monthNumber(mdY[1]) ?? 0, d: Number(mdY[2]) };
      rest = s.slice(mdY.index + mdY[0].length);
    } else if (dmY) {
      day = { y: Number(dmY[3]), m: monthNumber(dmY[2]) ?? 0, d: Number(dmY[1]) };
      rest = s.slice(dmY.index + dmY[0].length);
    }
  }
  if (!day || !isValidDay(day)) return null;
  // A time and zone after the date ("10:59:00 +0100", "at 10:59 AM") make the instant exact.
  let iso = `${dayToIso(day)}T00:00:00.000Z`;
  const t = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?/i.exec(rest);
  if (t) {
    let hh = Number(t[1]);
    if (t[4]) hh = (hh % 12) + (t[4].toLowerCase() === "pm" ? 12 : 0);
    const mm = Number(t[2]);
    const ss = Number(t[3] ?? 0);
    let offsetMin = 0;
    const z = t[5];
    if (z && /^[+-]/.test(z)) {
      const zz = z.replace(":", "");
      offsetMin = (zz[0] === "-" ? -1 : 1) * (Number(zz.slice(1, 3)) * 60 + Number(zz.slice(3, 5)));
    }
    const ms = Date.UTC(day.y, day.m - 1, day.d, hh, mm, ss) - offsetMin * 60_000;
    if (Number.isFinite(ms) && hh < 24 && mm < 60) iso = new Date(ms).toISOString();
  }
  return { day, iso };
}
