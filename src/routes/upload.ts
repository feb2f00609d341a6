import type { Context } from "hono";
import { readBodyCapped, requireMediaType } from "../platform/body";
import { decodeStatement } from "../recon/core/parse/decode";
import type { Upload } from "../recon/import";
import type { AppEnv } from "./router";

/**
 * The media types each finance upload takes, with what each stands for (the OpenAPI document is
 * written from the same lists, so docs and gate agree). The parsers still decide the format from
 * the content; the declared type only has to be one of these. text/plain, form encodings and a
 * missing type are refused (415): they are what a cross-site form can send.
 */
export const STATEMENT_TYPES = {
  "application/xml": "camt.052 / camt.053 / camt.054",
  "text/xml": "camt.052 / camt.053 / camt.054",
  "text/x-mt940": "MT940",
  "application/x-mt940": "MT940",
  "text/x-bai2": "BAI2 (US banks' cash-management format)",
  "application/x-bai2": "BAI2 (US banks' cash-management format)",
  "text/csv": "bank CSV export (`;` or `,`)",
  "application/csv": "bank CSV export (`;` or `,`)",
} as const;

export const INVOICE_TYPES = {
  "application/json": "JSON array of invoices",
  "text/csv": "open_invoices.csv columns",
  "application/csv": "open_invoices.csv columns",
} as const;

/** An OpenAPI request body of string documents, one per media type. */
export function uploadBody(types: Record<string, string>) {
  const content: Record<string, { schema: { type: "string"; description: string } }> = {};
  for (const [type, description] of Object.entries(types)) content[type] = { schema: { type: "string", description } };
  return { required: true, content };
}

/**
 * The body as text (UTF-8, UTF-16 or a code page; see decodeStatement) under `limit` bytes, after its media type is checked against `types`: a
 * Content-Length above the limit is refused before reading, and a lying or absent one is caught
 * while streaming.
 */
export async function readUpload(c: Context<AppEnv>, types: Record<string, string>, limit: number): Promise<Upload> {
  const mediaType = requireMediaType(c.req.header("content-type"), Object.keys(types));
  const bytes = await readBodyCapped(c.req.raw, limit);
  // Banks write UTF-8, UTF-16 or an 8-bit code page: decoded by what the bytes are, not by the header.
  const { text } = decodeStatement(bytes);
  return { text, bytes, mediaType };
}
