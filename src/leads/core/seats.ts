/**
 * How many people a lead says will use the product, for sizing its first proposal:
 *  - seats asked: "120 users", "250 licences", "50 seats", "licenses for 80 people", "80 Lizenzen";
 *  - else the team that will use it: "our finance team of 35", "a 12-person AP team", "35 accountants".
 * Read on the prospect's text with injection spans already masked. Numbers outside 1–100,000 and
 * those that are part of a money amount, a percentage or a date are ignored. Pure.
 */
export type SeatHints = { seats: number | null; team: number | null; evidence: string | null };

const NUM = String.raw`(\d{1,3}(?:[,.\s]\d{3})+|\d{1,6}|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|hundred)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?)`;
const WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
}; // prettier-ignore
const UNIT = String.raw`(?:named\s+|concurrent\s+|active\s+|user\s+)?(?:seats?|users?|licen[cs]es?|logins?|accounts?|Lizenzen|Nutzer|Benutzer|licences?|utilisateurs|licencias|usuarios|gebruikers|licenties)`;
const SEAT_RES = [
  new RegExp(
    String.raw`(?<![$€£\d.,])\b(?:about\s+|around\s+|roughly\s+|approx\.?\s+|~\s*)?${NUM}\s*(?:\+\s*)?${UNIT}\b(?!\s*(?:%|percent))`,
    "i",
  ),
  new RegExp(
    String.raw`\b(?:licen[cs]es?|seats?|access)\s+for\s+(?:about\s+|around\s+)?${NUM}\s+(?:people|users|staff|employees|colleagues|accountants)\b`,
    "i",
  ),
  new RegExp(String.raw`\b(?:seats?|users?|licen[cs]es?)\s*(?::|=|needed:?|required:?)\s*${NUM}\b`, "i"),
];
const TEAM_WORDS = String.raw`(?:finance|accounting|ap|ar|accounts payable|accounts receivable|treasury|controlling|billing|procurement|ops|operations|sales|back[- ]office|bookkeeping)`;
const TEAM_RES = [
  new RegExp(
    String.raw`\b(?:our|a|the|my)\s+(?:${TEAM_WORDS}\s+)?(?:team|department|staff|group)\s+(?:of|is|has|with)\s+(?:about\s+|around\s+)?${NUM}\b`,
    "i",
  ),
  new RegExp(String.raw`\b${NUM}[- ](?:person|people|member|strong|head)\s+(?:${TEAM_WORDS}\s+)?(?:team|department|group)\b`, "i"),
  new RegExp(
    String.raw`\b${NUM}\s+(?:people|staff|colleagues|accountants|bookkeepers|controllers|clerks|analysts)\s+(?:in|on|at|from|who|will|would|in our)\b`,
    "i",
  ),
  new RegExp(String.raw`\b(?:${TEAM_WORDS})\s+(?:team|department)\s*(?:\(|:)\s*${NUM}\b`, "i"),
];

function value(token: string): number | null {
  const t = token.trim().toLowerCase();
  if (/^\d/.test(t)) {
    const n = Number(t.replace(/[,.\s]/g, ""));
    return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : null;
  }
  const parts = t.split(/[ -]/);
  const n = parts.reduce((s, p) => s + (WORDS[p] ?? 0), 0);
  return n >= 1 ? n : null;
}

function first(text: string, res: RegExp[]): { n: number; evidence: string } | null {
  for (const re of res) {
    const m = re.exec(text);
    const n = m ? value(m[1]) : null;
    if (m && n !== null) return { n, evidence: m[0].trim() };
  }
  return null;
}

export function seatHints(text: string): SeatHints {
  const t = text.slice(0, 50_000);
  const seats = first(t, SEAT_RES);
  const team = first(t, TEAM_RES);
  return { seats: seats?.n ?? null, team: team?.n ?? null, evidence: seats?.evidence ?? team?.evidence ?? null };
}
