import { InvalidInput } from "../../../platform/errors";
import { drain, type Steps } from "../../../platform/steps";
import type { ParsedStatement, StatementFormat } from "../types";
import { detectBai2, parseBai2 } from "./bai2";
import { isBankCsvHeader, parseBankCsv } from "./bank-csv";
import { detectCamt, parseCamtSteps } from "./camt";
import { guardText, type ParseOptions } from "./common";
import { detectMt940, parseMt940 } from "./mt940";

export type DetectedFormat = Extract<StatementFormat, "camt053" | "camt054" | "mt940" | "bai2" | "bankcsv" | "wirecsv">;

/** The statement format from the content alone (the first 4 KiB), or null when unrecognised. */
export function detectFormat(text: string): DetectedFormat | null {
  const head = text.replace(/^\uFEFF/, "").slice(0, 4096);
  const camt = detectCamt(head);
  if (camt === "camt053" || camt === "camt054") return camt;
  if (detectMt940(head)) return "mt940";
  if (detectBai2(head)) return "bai2";
  const firstLine = head.trimStart().split(/\r?\n/, 1)[0] ?? "";
  if (isBankCsvHeader(firstLine)) return /(^|[,;\t|])\s*wire_id\s*([,;\t|]|$)/i.test(firstLine) ? "wirecsv" : "bankcsv";
  return null;
}

/**
 * Detects the format and parses. Throws InvalidInput (422) for whole-file problems — unknown
 * format, malformed XML, missing columns — and PayloadTooLarge (413) above `maxBytes`;
 * entry-level problems come back in `errors` (see ParsedStatement).
 */
export function parseStatement(text: string, opts: ParseOptions = {}): ParsedStatement {
  return drain(parseStatementSteps(text, opts));
}

/**
 * parseStatement as steps (see platform/steps), for an import that must not hold the isolate:
 * camt XML — the bulk format, and the slowest to read — yields as it goes; the line formats are
 * read in one stretch.
 */
export function* parseStatementSteps(text: string, opts: ParseOptions = {}): Steps<ParsedStatement> {
  const body = guardText(text, "bank statement", opts);
  const format = detectFormat(body);
  switch (format) {
    case "camt053":
    case "camt054":
      return yield* parseCamtSteps(body, opts);
    case "mt940":
      return parseMt940(body, opts);
    case "bai2":
      return parseBai2(body, opts);
    case "bankcsv":
    case "wirecsv":
      return parseBankCsv(body, opts);
    default: {
      if (/^\s*</.test(body)) throw new InvalidInput("bank statement: XML that is not an ISO 20022 camt.052/053/054 document");
      throw new InvalidInput("bank statement: unrecognised format (expected camt.052/053/054 XML, MT940, BAI2 or a bank CSV export)");
    }
  }
}
