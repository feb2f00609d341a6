/**
 * CSV out (RFC 4180, CRLF line ends), safe to open in a spreadsheet.
 *
 * A string cell that starts with `=`, `+`, `-`, `@`, TAB or CR would be read as a formula by
 * Excel, LibreOffice or Sheets (OWASP "CSV injection"), so it gets a leading `'` — always, even
 * when it looks like a number: `-2+3+cmd|' /C calc'!A0` starts with a digit after its sign, and a
 * text that happens to read as a negative number is still text someone else wrote. Only numbers
 * the code itself produced (typeof number) go out bare, so amounts and counts stay numeric.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "bigint") return quote(String(v));
  const s = String(v);
  return quote(FORMULA_START.test(s) ? `'${s}` : s);
}

function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header line of `columns`, then one line per row (missing keys are empty cells). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvCell).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
