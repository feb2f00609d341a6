import { getDocumentProxy } from "unpdf";
import { InvalidInput } from "../../../platform/errors";
import { dayToIso, parseLooseDate } from "../dates";
import type { ParsedDocument } from "../types";
import { EMAIL_RE, newDoc } from "./common";
import { pageTextWithTables, type TextRun } from "./pdf-table";

type PdfItem = { str?: string; transform?: number[]; width?: number; height?: number; hasEOL?: boolean };

export function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk (some generators prepend a BOM or whitespace); the spec allows 1 KiB.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

/**
 * The text of a PDF, pages joined; a page with a table has its rows as "label: value" lines
 * (pdf-table.ts), other pages read as pdf.js lays them out. Throws InvalidInput for non-PDF bytes,
 * encrypted or corrupt files.
 */
export async function pdfText(bytes: Uint8Array, what = "PDF"): Promise<string> {
  if (!looksLikePdf(bytes)) throw new InvalidInput(`${what} is not a PDF (no %PDF- header)`);
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: true });
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const items = (await page.getTextContent()).items as PdfItem[];
      const runs: TextRun[] = items
        .filter((i) => typeof i.str === "string" && i.transform)
        .map((i) => ({
          str: i.str ?? "",
          x: i.transform?.[4] ?? 0,
          y: i.transform?.[5] ?? 0,
          width: i.width ?? 0,
          height: i.height || Math.abs(i.transform?.[3] ?? 10),
        }));
      pages.push(pageTextWithTables(runs) ?? items.map((i) => (i.str ?? "") + (i.hasEOL ? "\n" : "")).join(""));
    }
    const text = pages.join("\n");
    await pdf.destroy().catch(() => undefined);
    return text.replace(/\r\n?/g, "\n");
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : "";
    if (name === "PasswordException" || /password|encrypt/i.test(String(cause))) {
      throw new InvalidInput(`${what} is encrypted (password-protected)`, {}, { cause });
    }
    throw new InvalidInput(`${what} could not be read (corrupt or unsupported PDF)`, {}, { cause });
  }
}

const ISSUE_DATE_RE =
  /\b(?:issue(?:d)?(?:\s+(?:date|on))?|date\s+(?:of\s+)?issue|dated|date|published|release\s+date)\s*[:\-–]?\s*([^\n]{6,40})/i;

/** The RFP's own issue date (its reference date): "Issue date: January 14, 2026", never a due date. */
export function findIssueDate(text: string): { day: string; iso: string } | null {
  for (const line of text.split("\n").slice(0, 40)) {
    if (/\b(due|deadline|closing|submission|question|respon[sd]|bid)\b/i.test(line)) continue;
    const m = ISSUE_DATE_RE.exec(line);
    if (!m) continue;
    const d = parseLooseDate(m[1]);
    if (d) return { day: dayToIso(d.day), iso: d.iso };
  }
  return null;
}

export async function parsePdf(bytes: Uint8Array, receivedAt: string, filename: string | null = null): Promise<ParsedDocument> {
  const text = await pdfText(bytes);
  const issued = findIssueDate(text);
  const doc = newDoc("pdf", issued?.iso ?? receivedAt);
  if (issued) doc.referenceDay = issued.day;
  else doc.warnings.push("no issue date in the PDF: timelines count from receipt");
  doc.text = text;
  const firstLine = text.split("\n").find((l) => l.trim());
  doc.subject = firstLine?.trim().slice(0, 200) ?? filename;
  // "Contact: Priya Lind <priya.lind@example.com>" names the sender of an RFP.
  const contact = /\bcontact(?:\s+person)?\s*:\s*([^<\n]*?)\s*<?([^\s<>@]+@[^\s<>]+?)>?\s*$/im.exec(text);
  if (contact) {
    doc.sender = { name: contact[1].trim() || null, email: contact[2].toLowerCase() };
  } else {
    const any = text.match(EMAIL_RE);
    if (any) doc.sender = { name: null, email: any[0].toLowerCase() };
  }
  if (!text.trim()) doc.warnings.push("the PDF has no extractable text (scanned image?)");
  return doc;
}
