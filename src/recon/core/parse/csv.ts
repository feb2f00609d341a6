/**
 * Minimal RFC 4180 reader: quoted fields (with "" escapes and embedded newlines), CRLF or LF,
 * any one-character delimiter. Returns rows with their 1-based starting line numbers.
 */
import { InvalidInput } from "../../../platform/errors";

export type CsvRow = { line: number; cells: string[] };

export function readCsv(text: string, delimiter: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  let quotedCell = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === "" && !quotedCell) {
      inQuotes = true;
      quotedCell = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = "";
      quotedCell = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0].trim() !== "") rows.push({ line: rowLine, cells });
      cells = [];
      cell = "";
      quotedCell = false;
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (inQuotes) throw new InvalidInput(`CSV: a quoted field opened on line ${rowLine} is never closed`);
  if (cell !== "" || cells.length > 0) {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== "") rows.push({ line: rowLine, cells });
  }
  return rows;
}

/** The delimiter that splits the header line into the most cells among `;`, `,`, tab, `|`. */
export function sniffDelimiter(headerLine: string): string {
  let best = ",";
  let bestCount = 0;
  for (const d of [";", ",", "\t", "|"]) {
    const n = headerLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export function normalizeHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}
