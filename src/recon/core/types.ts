/**
 * Plain data of the reconciliation domain. Everything in src/recon/core/ is a pure function over these
 * types: no bindings, no I/O. Money is integer minor units + ISO 4217 code; dates are YYYY-MM-DD.
 *
 * Zod schemas share their type's name (STYLE.md) so adapters can validate queue messages and API
 * bodies with the same definitions; the parsers and the matcher build plain objects and never pay
 * for a zod parse on the hot path.
 */
import { z } from "zod";

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/);

// ---------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------

export const InvoiceLine = z.object({ sku: z.string().min(1), qty: z.number().int().positive() });
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const Invoice = z.object({
  invoice_id: z.string().min(1),
  /** Null when the customer's tax id is unknown. */
  customer_tax_id: z.string().nullable(),
  customer_name: z.string(),
  po_number: z.string().nullable(),
  amount_minor: z.number().int().positive(),
  currency: CurrencyCode,
  issue_date: IsoDate,
  due_date: IsoDate,
  lines: z.array(InvoiceLine).optional(),
});
export type Invoice = z.infer<typeof Invoice>;

/** A problem with one row/entry/line of an input file; `location` is 1-based ("row 17", "line 240", "Ntry 3"). */
export const ParseIssue = z.object({
  code: z.string(),
  message: z.string(),
  location: z.string().optional(),
});
export type ParseIssue = z.infer<typeof ParseIssue>;

export type ParsedInvoices = { invoices: Invoice[]; errors: ParseIssue[]; warnings: ParseIssue[] };

// ---------------------------------------------------------------------------------------------
// Bank entries and statements
// ---------------------------------------------------------------------------------------------

/**
 * camt053 / camt054: ISO 20022 XML; mt940: SWIFT; bankcsv: the `;`-separated bank export;
 * wirecsv: `wire_id,sender_tax_id,sender_name,amount,currency,transaction_date,remittance_info`;
 * stripe: an `invoice.paid` event mapped by the adapter; manual: entered by a person.
 */
export const StatementFormat = z.enum(["camt053", "camt054", "mt940", "bai2", "bankcsv", "wirecsv", "stripe", "manual"]);
export type StatementFormat = z.infer<typeof StatementFormat>;

export const Direction = z.enum(["credit", "debit"]);
export type Direction = z.infer<typeof Direction>;

export const BankEntry = z.object({
  /**
   * Idempotency key: `${account}|${bank_ref}` when the bank gives its own reference, else
   * `h:` + sha-256 hex of the entry's canonical content (see natural-key.ts). Importing the same
   * file twice yields the same keys.
   */
  natural_key: z.string().min(1),
  /** IBAN / MT940 :25: / CSV account column; null when the format has none (wirecsv). */
  account: z.string().nullable(),
  /** The bank's reference: camt AcctSvcrRef, MT940 `//` reference, CSV bank_reference. */
  bank_ref: z.string().nullable(),
  /**
   * The entry's own reference, exported as `wire_id`: camt NtryRef, MT940 :61: customer
   * reference, the CSV's reference column.
   */
  entry_ref: z.string().nullable(),
  /** Always positive; the sign lives in `direction`. */
  amount_minor: z.number().int().positive(),
  currency: CurrencyCode,
  direction: Direction,
  /** True for reversals (MT940 RC/RD, camt RvslInd). */
  reversal: z.boolean().optional(),
  /** The transaction date used by the rules (booking date; = transaction_date of wirecsv). */
  booking_date: IsoDate,
  value_date: IsoDate.nullable(),
  sender_name: z.string().nullable(),
  sender_tax_id: z.string().nullable(),
  /** Unstructured + structured remittance text joined with " "; "" when none. */
  remittance: z.string(),
  format: StatementFormat,
  raw: z.string().optional(),
});
export type BankEntry = z.infer<typeof BankEntry>;

export type ParsedStatement = {
  format: StatementFormat;
  /** The statement's account when the file names exactly one (else the first seen). */
  account: string | null;
  entries: BankEntry[];
  /** Non-fatal observations (e.g. an entry repeated inside the file, skipped once). */
  warnings: ParseIssue[];
  /**
   * Entry- or statement-level problems: bad amount/currency/date (that entry is left out of
   * `entries`), MT940 opening + entries ≠ closing (BALANCE_MISMATCH: entries are kept, the
   * statement is flagged). An adapter must surface a non-empty `errors` in the job status and
   * never report such an import as clean. Whole-file problems (unknown format, malformed XML,
   * oversized, empty) are thrown as InvalidInput instead.
   */
  errors: ParseIssue[];
  /** Per statement of the file (MT940 :20: block, camt Stmt/Ntfctn/Rpt), what was read and how it adds up. */
  statements?: StatementSummary[];
};

/**
 * One statement's accounting: every line is read into an entry, skipped as a zero amount, or
 * rejected with a located reason, and the statement's own balances are checked against all of
 * them (a rejected line's amount, when readable, still counts toward the check).
 */
export type StatementSummary = {
  ref: string;
  account: string | null;
  currency: string | null;
  lines: number;
  entries: number;
  zero_lines: number;
  rejected_lines: number;
  credit_minor: number;
  debit_minor: number;
  opening_minor: number | null;
  closing_minor: number | null;
  /** ok: opening + lines = closing; mismatch: they differ; unchecked: a balance is missing or unreadable. */
  balance: "ok" | "mismatch" | "unchecked";
};

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

export const ReasonCode = z.enum([
  "TAX_ID_EXACT",
  "TAX_ID_NEAR",
  "INVOICE_REF",
  "PO_REF",
  "NAME_MATCH",
  "AMOUNT_EXACT",
  "FEE_SHORTFALL",
  "DATE_PROXIMITY",
  "MULTI_INVOICE",
  "INSTALLMENT",
  "OVERPAYMENT",
  "MANUAL",
  /** A third party (factoring or collection company) paid for the customer it names. */
  "ON_BEHALF_OF",
  /** A credit note named in the remittance counts toward the invoice. */
  "CREDIT_NOTE",
  /** A payer a person matched to this customer before (a learned alias). */
  "PAYER_ALIAS",
  /** A small difference a person wrote off (bank fee, discount, rounding): no money, settles the rest. */
  "WRITE_OFF",
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

export const Link = z.object({
  invoice_id: z.string(),
  /** BankEntry.natural_key. */
  entry_key: z.string(),
  /** BankEntry.entry_ref ?? bank_ref ?? natural_key: what the CSV export calls wire_id. */
  wire_id: z.string(),
  allocated_minor: z.number().int().nonnegative(),
  currency: CurrencyCode,
  /** 0..1. */
  confidence: z.number().min(0).max(1),
  /** The main reason. */
  reason: ReasonCode,
  /** Every reason that contributed, main one first. */
  reasons: z.array(ReasonCode),
});
export type Link = z.infer<typeof Link>;

export const InvoiceStatus = z.enum(["PAID", "PARTIAL", "UNPAID", "OVERPAID", "DISCREPANCY"]);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

export const InvoiceOutcome = z.object({
  invoice_id: z.string(),
  status: InvoiceStatus,
  amount_minor: z.number().int(),
  paid_minor: z.number().int().nonnegative(),
  currency: CurrencyCode,
  /** Human-readable reasons ("paid 99.4 % — bank fee 0.6 % within tolerance", …). */
  reasons: z.array(z.string()),
});
export type InvoiceOutcome = z.infer<typeof InvoiceOutcome>;

export const ReviewKind = z.enum([
  "AMBIGUOUS", // several open invoices fit equally well: a person must choose
  "UNMATCHED_ENTRY", // a credit that pays nothing we know
  "CURRENCY_MISMATCH", // the remittance names an invoice in another currency
  "DUPLICATE_ENTRY", // the same bank line imported twice (not allocated)
  "OVERPAYMENT", // more money than the invoice(s) it names
  "UNDERPAYMENT", // a named invoice paid short beyond the fee tolerance
]);
export type ReviewKind = z.infer<typeof ReviewKind>;

/** An open invoice proposed for a review item, best first (see review-candidates.ts). */
export const Candidate = z.object({
  invoice_id: z.string(),
  open_minor: z.number().int(),
  currency: CurrencyCode,
  /** 0..1. */
  score: z.number().min(0).max(1),
  reasons: z.array(z.string()),
});
export type Candidate = z.infer<typeof Candidate>;

export const ReviewItem = z.object({
  kind: ReviewKind,
  entry_key: z.string().nullable(),
  wire_id: z.string().nullable(),
  invoice_ids: z.array(z.string()),
  reason: z.string(),
  /** Open invoices a person can confirm with one click, ranked (filled by the matcher). */
  candidates: z.array(Candidate).optional(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export type DuplicateEntry = { entry_key: string; wire_id: string; duplicate_of_key: string; duplicate_of_wire_id: string };

export type MatchResult = {
  links: Link[];
  /** One per input invoice, in input order. */
  outcomes: InvoiceOutcome[];
  review: ReviewItem[];
  /** natural_keys of credit entries (not duplicates) with nothing allocated. */
  unmatched: string[];
  duplicates: DuplicateEntry[];
};

export type MatchConfig = {
  /** RECON_FEE_TOLERANCE_PCT: a payment this much short still counts as full (bank fees). */
  fee_tolerance_pct: number;
  /** RECON_DATE_WINDOW_DAYS: how far from the due date a reference-less payment may land. */
  date_window_days: number;
  /** Largest number of invoices one wire may settle without naming them (subset-sum bound). */
  max_subset_size: number;
  /** How many open invoices of one customer the subset search looks at (nearest by due date). */
  max_subset_pool: number;
};

export const DEFAULT_MATCH_CONFIG: MatchConfig = {
  fee_tolerance_pct: 1,
  date_window_days: 10,
  max_subset_size: 4,
  max_subset_pool: 24,
};

/** A live payer alias: payer X (its name's distinctive tokens joined) resolves to customer Y (src/recon/core/payer-alias.ts). */
export type PayerAlias = {
  id: string;
  payer_key: string;
  payer_account: string | null;
  customer_tax_id: string | null;
  customer_name: string;
  created_by: string;
  created_at: string;
};

/** Person-made decisions the matcher must respect (from POST …/resolve). */
export type MatchOverrides = {
  /** Links kept as given (reason MANUAL); their money is spent before automatic allocation. */
  fixed_links?: Link[];
  /** Pairs a person unmatched: never linked automatically again. */
  forbidden_pairs?: { invoice_id: string; entry_key: string }[];
  /** Live payer aliases learned from manual matches (src/recon/core/payer-alias.ts). */
  payer_aliases?: PayerAlias[];
};

// ---------------------------------------------------------------------------------------------
// Reference rule (the seed SQL)
// ---------------------------------------------------------------------------------------------

export type ReferenceVerdict = "VERIFIED_MATCH" | "DISCREPANCY_FLAG";

export type ReferenceRow = {
  invoice_id: string;
  wire_id: string;
  entry_key: string;
  invoice_amount_minor: number;
  wire_amount_minor: number;
  currency: string;
  /** transaction_date − due_date in days (negative = early). */
  day_diff: number;
  verdict: ReferenceVerdict;
};

// ---------------------------------------------------------------------------------------------
// Stored rows a match run works on (D1 rows, or the ledger cache's copies of them)
// ---------------------------------------------------------------------------------------------

export type InvoiceRow = Invoice & { status: string; paid_minor: number; status_reason: string | null; has_lines: number };
export type EntryRow = BankEntry & { wire_id: string; allocated_minor: number; match_status: string };
export type LinkRow = {
  id: string;
  invoice_id: string | null;
  entry_key: string;
  wire_id: string;
  allocated_minor: number;
  currency: string;
  status: string;
  confidence: number;
  reason: string;
  reasons_json: string;
};

export type Scope = {
  currency: string;
  version: number;
  /** Whether recon_scopes has the currency's lock row yet (a focused write makes sure of it). */
  hasLockRow: boolean;
  invoices: InvoiceRow[];
  entries: EntryRow[];
  links: LinkRow[];
  /** Live payer aliases that may apply to the scope's payers (absent: none). */
  aliases?: PayerAlias[];
};
