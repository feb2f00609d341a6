import { describe, expect, it } from "vitest";
import { extractLead } from "../../../src/leads/core/extract/index";
import { parseInput } from "../../../src/leads/core/parse/index";
import { pdfText } from "../../../src/leads/core/parse/pdf";
import { pageTextWithTables, type TextRun } from "../../../src/leads/core/parse/pdf-table";
import { tableRuns, textLines, writePdf } from "../../../scripts/lib/pdf-writer";

/** Runs as pdf.js reports them: Helvetica 10 pt, about 5 pt per character. */
const runs = (placed: Array<{ x: number; y: number; text: string }>): TextRun[] =>
  placed.map((p) => ({ str: p.text, x: p.x, y: p.y, width: p.text.length * 5, height: 10 }));

describe("pageTextWithTables", () => {
  it("reads a label | value table as label: value lines and drops a header row without figures", () => {
    const t = tableRuns(
      [72, 300],
      [
        ["Item", "Detail"],
        ["Budget", "EUR 90,000"],
        ["Staff", "240"],
      ],
      600,
    );
    expect(pageTextWithTables(runs(t.runs))).toBe("Budget: EUR 90,000\nStaff: 240");
  });
  it("keeps every row of a headerless label | value table", () => {
    const t = tableRuns(
      [72, 300],
      [
        ["Budget:", "$40,000"],
        ["Go-live", "May 1, 2027"],
      ],
      600,
    );
    expect(pageTextWithTables(runs(t.runs))).toBe("Budget: $40,000\nGo-live: May 1, 2027");
  });
  it("names each cell of a wider table by its column header, and skips an empty cell", () => {
    const t = tableRuns(
      [72, 250, 420],
      [
        ["Milestone", "Date", "Responsible"],
        ["Questions due", "June 2, 2026", ""],
        ["Go-live", "October 1, 2026", "Vendor"],
      ],
      600,
    );
    expect(pageTextWithTables(runs(t.runs))).toBe(
      "Questions due — Date: June 2, 2026\nGo-live — Date: October 1, 2026; Responsible: Vendor",
    );
  });
  it("keeps body lines as they are and starts a new table after a blank band", () => {
    const body = textLines(["Scope of work", "The vendor hosts the platform."], 72, 700);
    const a = tableRuns(
      [72, 300],
      [
        ["Budget", "$10,000"],
        ["Staff", "12"],
      ],
      body.y - 10,
    );
    const b = tableRuns(
      [72, 200, 380],
      [
        ["Lot", "Description", "Value"],
        ["1", "Hosting", "$4,000"],
      ],
      a.y - 30,
    );
    expect(pageTextWithTables(runs([...body.runs, ...a.runs, ...b.runs]))).toBe(
      "Scope of work\nThe vendor hosts the platform.\nBudget: $10,000\nStaff: 12\n1 — Description: Hosting; Value: $4,000",
    );
  });
  it("returns null for a page without a table (its text is then read as pdf.js lays it out)", () => {
    expect(pageTextWithTables(runs(textLines(["One line", "Another line"]).runs))).toBeNull();
  });
});

describe("a PDF with tables, end to end", () => {
  const head = textLines([
    "Request for Proposal - Receivables platform",
    "Issue date: March 2, 2026",
    "Contact: Ana Ruiz <ana.ruiz@harlow-water.org>",
    "Harlow Water Authority invites proposals.",
  ]);
  const profile = tableRuns(
    [72, 250, 400],
    [
      ["Organisation", "Employees", "Sites"],
      ["Harlow Water Authority", "310", "4"],
    ],
    head.y - 12,
  );
  const schedule = tableRuns(
    [72, 250, 420],
    [
      ["Milestone", "Date", "Responsible"],
      ["Questions due", "March 16, 2026", "Bidders"],
      ["Go-live", "August 31, 2026", "Vendor"],
    ],
    profile.y - 24,
  );
  const lots = tableRuns(
    [72, 150, 400],
    [
      ["Lot", "Description", "Estimated value"],
      ["1", "Platform and hosting", "USD 140,000"],
    ],
    schedule.y - 24,
  );
  const bytes = writePdf([[...head.runs, ...profile.runs, ...schedule.runs], lots.runs]);

  it("the generated fixture is a real PDF that pdf.js reads, tables as label: value evidence", async () => {
    const text = await pdfText(bytes);
    expect(text).toContain("Harlow Water Authority — Employees: 310; Sites: 4");
    expect(text).toContain("Go-live — Date: August 31, 2026; Responsible: Vendor");
    expect(text).toContain("1 — Description: Platform and hosting; Estimated value: USD 140,000");
  });
  it("headcount, budget and go-live come from table cells, the question deadline is not the go-live", async () => {
    const doc = await parseInput({ bytes, contentType: "application/pdf", receivedAt: "2026-03-05T09:00:00Z" });
    const x = extractLead(doc, { catalog: [] });
    expect(x.employees.value).toBe(310);
    expect(x.employees.evidence).toContain("Employees: 310");
    expect(x.budget.value).toEqual({ amount_minor: 14_000_000, currency: "USD" });
    expect(x.budget.evidence).toContain("Estimated value: USD 140,000");
    expect(x.timeline_weeks.value).toBe(26); // March 2 → August 31, 2026: 182 days
    expect(x.timeline_weeks.evidence).toContain("Go-live");
  });
});
