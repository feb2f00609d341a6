/**
 * Synthetic RFP PDFs whose facts sit in tables (seeded, mulberry32): a real PDF per case (pdf-writer.ts)
 * with a heading, issuer and contact lines, and one or two tables among four layouts:
 *   - label | value (with or without a header row): budget, staff, go-live;
 *   - lots: Lot | Description | Estimated value (the budget is the single lot's value);
 *   - profile: Organisation | Employees | Sites;
 *   - schedule: Milestone | Date | Responsible (question and proposal deadlines are not the go-live).
 * Labels follow ../shared/data/README.md: timeline_weeks counts from the issue date (round(days / 7)).
 */
import { mulberry32 } from "../../test/fixtures/prng";
import { MONTHS, RATE } from "./lead-variants";
import { type Placed, tableRuns, textLines, writePdf } from "./pdf-writer";

export type PdfTableCase = {
  case_id: string;
  layout: string;
  bytes: Uint8Array;
  message_date: string;
  company: string;
  contact_email: string;
  employees: number | null;
  budget_usd: number | null;
  timeline_weeks: number | null;
  intent: "purchase";
  injection_attempt: false;
};

const ISSUERS = [
  "Harlow Water Authority",
  "County of Brenton",
  "Northfield Transit District",
  "Ashgrove Housing Trust",
  "Port of Kelmouth",
];

const day = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
const money = (cur: string, n: number) => (cur === "USD" ? `$${n.toLocaleString("en-US")}` : `${cur} ${n.toLocaleString("en-US")}`);

export function generatePdfTableCases(seed: number, n: number): PdfTableCase[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: PdfTableCase[] = [];
  for (let i = 0; i < n; i++) {
    const issuer = pick(ISSUERS);
    const slug = issuer
      .toLowerCase()
      .replace(/[^a-z]+/g, "-")
      .replace(/-$/, "");
    const email = `procurement@${slug}.org`;
    const issued = new Date(Date.UTC(2026, Math.floor(r() * 9), 1 + Math.floor(r() * 27)));
    const weeks = 8 + Math.floor(r() * 30);
    const live = new Date(issued.getTime() + weeks * 7 * 86400000);
    const staff = 40 + Math.floor(r() * 900);
    const cur = pick(["USD", "EUR", "GBP"]);
    const amount = (20 + Math.floor(r() * 400)) * 1000;
    const head = textLines([
      `Request for Proposal - Billing and receivables platform`,
      `Issue date: ${day(issued)}`,
      `Issued by: ${issuer}`,
      `Contact: Procurement Office <${email}>`,
      `${issuer} invites proposals for a hosted billing platform.`,
    ]);
    const layout = pick(["label_value", "label_value_headerless", "lots", "profile_schedule"]);
    const runs: Placed[] = [...head.runs];
    let employees: number | null = null;
    let budget: number | null = null;
    let timeline: number | null = null;
    const top = head.y - 12;
    if (layout === "label_value" || layout === "label_value_headerless") {
      const rows = [
        ["Estimated contract value", money(cur, amount)],
        ["Number of staff", String(staff)],
        ["Target go-live", day(live)],
      ];
      runs.push(...tableRuns([72, 300], layout === "label_value" ? [["Item", "Detail"], ...rows] : rows, top).runs);
      employees = staff;
      budget = amount * RATE[cur];
      timeline = weeks;
    } else if (layout === "lots") {
      const t = tableRuns(
        [72, 150, 400],
        [
          ["Lot", "Description", "Estimated value"],
          ["1", "Billing software and hosting", money(cur, amount)],
        ],
        top,
      );
      runs.push(...t.runs, ...textLines([`Go-live is required by ${day(live)}.`], 72, t.y - 12).runs);
      budget = amount * RATE[cur];
      timeline = weeks;
    } else {
      const t = tableRuns(
        [72, 250, 400],
        [
          ["Organisation", "Employees", "Sites"],
          [issuer, String(staff), String(2 + Math.floor(r() * 9))],
        ],
        top,
      );
      const q = new Date(issued.getTime() + 14 * 86400000);
      const p = new Date(issued.getTime() + 28 * 86400000);
      const s = tableRuns(
        [72, 250, 420],
        [
          ["Milestone", "Date", "Responsible"],
          ["Questions due", day(q), "Bidders"],
          ["Proposals due", day(p), "Bidders"],
          ["Go-live", day(live), "Vendor"],
        ],
        t.y - 24,
      );
      runs.push(...t.runs, ...s.runs);
      employees = staff;
      timeline = weeks;
    }
    out.push({
      case_id: `pdft-${seed}-${String(i + 1).padStart(3, "0")}`,
      layout,
      bytes: writePdf([runs]),
      message_date: issued.toISOString(),
      company: issuer,
      contact_email: email,
      employees,
      budget_usd: budget === null ? null : Math.round(budget * 100) / 100,
      timeline_weeks: timeline,
      intent: "purchase",
      injection_attempt: false,
    });
  }
  return out;
}
