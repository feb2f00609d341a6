import { InvalidInput } from "../../../platform/errors";
import type { Invoice, InvoiceLine, ParsedInvoices, ParseIssue } from "../types";
import { checkCurrency, emptyToNull, guardText, issue, normalizeDate, parseAmount, type ParseOptions } from "./common";
import { normalizeHeader, readCsv, sniffDelimiter } from "./csv";

/**
 * Invoices as CSV (the columns of open_invoices.csv: invoice_id, customer_tax_id, customer_name,
 * po_number, amount, currency, issue_date, due_date; optional `lines` as `SKU:qty|SKU:qty` or a
 * JSON array) or as a JSON array of objects with the same fields (`amount` a decimal string,
 * or `amount_minor` an integer; `lines` an array of {sku, qty}).
 *
 * Whole-file problems (empty, not CSV/JSON, missing columns, oversized) throw; a bad row is
 * reported in `errors` with its row number and left out — never dropped silently.
 */
const REQUIRED = ["invoice_id", "customer_name", "amount", "currency", "issue_date", "due_date"] as const;
const OPTIONAL = ["customer_tax_id", "po_number", "lines"] as const;
const MAX_INVOICES = 200_000;

type RawInvoice = Record<string, unknown>;

export function parseInvoices(text: string, contentType = "", opts: ParseOptions = {}): ParsedInvoices {
  const body = guardText(text, "invoices", opts);
  const isJson = /json/i.test(contentType) || /^\s*[[{]/.test(body);
  return isJson ? parseInvoicesJson(body) : parseInvoicesCsv(body);
}

export function parseInvoicesJson(body: string): ParsedInvoices {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new InvalidInput(`invoices: the body is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof data === "object" && data !== null && !Array.isArray(data) && Array.isArray((data as RawInvoice).invoices)) {
    data = (data as RawInvoice).invoices;
  }
  if (!Array.isArray(data)) throw new InvalidInput('invoices: expected a JSON array of invoices (or {"invoices": [...]})');
  if (data.length > MAX_INVOICES) throw new InvalidInput(`invoices: at most ${MAX_INVOICES} per upload`);
  return collect(
    data.map((row, i) => ({
      at: `row ${i + 1}`,
      row: typeof row === "object" && row !== null && !Array.isArray(row) ? (row as RawInvoice) : null,
    })),
  );
}

export function parseInvoicesCsv(body: string): ParsedInvoices {
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = sniffDelimiter(firstLine);
  const rows = readCsv(body, delimiter);
  const header = rows[0].cells.map(normalizeHeader);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new InvalidInput(`invoices CSV: missing column(s) ${missing.join(", ")}`, { missing_columns: missing });
  if (rows.length - 1 > MAX_INVOICES) throw new InvalidInput(`invoices: at most ${MAX_INVOICES} per upload`);
  const known = new Set<string>([...REQUIRED, ...OPTIONAL, "amount_minor"]);
  return collect(
    rows.slice(1).map(({ line, cells }) => {
      if (cells.length !== header.length)
        return { at: `line ${line}`, row: null, why: `expected ${header.length} columns, found ${cells.length}` };
      const row: RawInvoice = {};
      header.forEach((h, i) => {
        if (known.has(h)) row[h] = cells[i];
      });
      return { at: `line ${line}`, row };
    }),
  );
}

function collect(rows: { at: string; row: RawInvoice | null; why?: string }[]): ParsedInvoices {
  const invoices: Invoice[] = [];
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const seen = new Set<string>();
  for (const { at, row, why } of rows) {
    if (!row) {
      errors.push(issue("BAD_ROW", why ?? "expected an object", at));
      continue;
    }
    const r = toInvoice(row, at);
    if ("error" in r) {
      errors.push(r.error);
      continue;
    }
    if (seen.has(r.invoice.invoice_id)) {
      errors.push(issue("DUPLICATE_INVOICE", `invoice_id ${r.invoice.invoice_id} appears twice`, at));
      continue;
    }
    seen.add(r.invoice.invoice_id);
    if (r.invoice.due_date < r.invoice.issue_date)
      warnings.push(issue("DUE_BEFORE_ISSUE", `due date ${r.invoice.due_date} precedes issue date ${r.invoice.issue_date}`, at));
    invoices.push(r.invoice);
  }
  return { invoices, errors, warnings };
}

function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}

function toInvoice(row: RawInvoice, at: string): { invoice: Invoice } | { error: ParseIssue } {
  const fail = (code: string, message: string) => ({ error: issue(code, message, at) });
  const invoice_id = str(row.invoice_id).trim();
  if (!invoice_id) return fail("MISSING_FIELD", "invoice_id is empty");
  if (invoice_id.length > 64) return fail("BAD_FIELD", "invoice_id is longer than 64 characters");
  const currency = checkCurrency(str(row.currency));
  if (!currency) return fail("UNKNOWN_CURRENCY", `${invoice_id}: unknown currency "${str(row.currency).trim()}"`);
  let amount_minor: number;
  if (
    typeof row.amount_minor === "number" ||
    (typeof row.amount_minor === "string" && row.amount_minor.trim() !== "" && row.amount === undefined)
  ) {
    const n = Number(row.amount_minor);
    if (!Number.isSafeInteger(n)) return fail("BAD_AMOUNT", `${invoice_id}: amount_minor must be an integer`);
    amount_minor = n;
  } else {
    // JSON numbers are accepted through their shortest decimal text (752.33 → "752.33"), never scaled as floats.
    const amt = parseAmount(str(row.amount), currency, "auto");
    if ("error" in amt) return fail("BAD_AMOUNT", `${invoice_id}: ${amt.error}`);
    amount_minor = amt.minor;
  }
  if (amount_minor < 0) return fail("NEGATIVE_AMOUNT", `${invoice_id}: amount is negative (credit notes are not invoices)`);
  if (amount_minor === 0) return fail("ZERO_AMOUNT", `${invoice_id}: amount is zero`);
  const issue_date = normalizeDate(str(row.issue_date));
  if (!issue_date) return fail("BAD_DATE", `${invoice_id}: issue_date "${str(row.issue_date)}" is not a date`);
  const due_date = normalizeDate(str(row.due_date));
  if (!due_date) return fail("BAD_DATE", `${invoice_id}: due_date "${str(row.due_date)}" is not a date`);
  const customer_name = str(row.customer_name).trim();
  if (!customer_name) return fail("MISSING_FIELD", `${invoice_id}: customer_name is empty`);
  const invoice: Invoice = {
    invoice_id,
    customer_tax_id: emptyToNull(str(row.customer_tax_id)),
    customer_name,
    po_number: emptyToNull(str(row.po_number)),
    amount_minor,
    currency,
    issue_date,
    due_date,
  };
  if (row.lines !== undefined && row.lines !== null && row.lines !== "") {
    const lines = parseLines(row.lines);
    if (typeof lines === "string") return fail("BAD_LINES", `${invoice_id}: ${lines}`);
    if (lines.length > 0) invoice.lines = lines;
  }
  return { invoice };
}

/** `[{sku, qty}]`, its JSON text, or `SKU:qty|SKU:qty` (also `;`/`,` separated, `x` for `:`). */
function parseLines(v: unknown): InvoiceLine[] | string {
  let value = v;
  if (typeof value === "string" && /^\s*\[/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      return "lines is not valid JSON";
    }
  }
  const out: InvoiceLine[] = [];
  if (Array.isArray(value)) {
    for (const l of value) {
      if (typeof l !== "object" || l === null) return "each line needs sku and qty";
      const sku = str((l as RawInvoice).sku).trim();
      const qty = Number((l as RawInvoice).qty ?? (l as RawInvoice).quantity);
      if (!sku || !Number.isSafeInteger(qty) || qty <= 0) return `line ${JSON.stringify(l)} needs a sku and a positive integer qty`;
      out.push({ sku, qty });
    }
    return out;
  }
  if (typeof value !== "string") return "lines must be an array or SKU:qty text";
  for (const part of value.split(/[|;,]/)) {
    const t = part.trim();
    if (!t) continue;
    const m = /^(.+?)\s*[:x×*]\s*(\d+)$/.exec(t);
    if (!m || Number(m[2]) <= 0) return `line "${t}" is not SKU:qty`;
    out.push({ sku: m[1].trim(), qty: Number(m[2]) });
  }
  return out;
}
