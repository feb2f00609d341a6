import { extractLead } from "../../../src/leads/core/extract/index";
import type { Extraction, InputFormat, ParsedDocument } from "../../../src/leads/core/types";

/** A parsed document as the parsers would build it, for testing extraction on plain text. */
export function docOf(
  text: string,
  opts: {
    day?: string;
    format?: InputFormat;
    subject?: string | null;
    structured?: ParsedDocument["structured"];
    sender?: ParsedDocument["sender"];
  } = {},
): ParsedDocument {
  const day = opts.day ?? "2026-03-02";
  return {
    format: opts.format ?? "email",
    text,
    referenceDate: `${day}T10:00:00.000Z`,
    referenceDay: day,
    externalId: null,
    subject: opts.subject ?? null,
    sender: opts.sender ?? { email: "buyer@prospect.example", name: "Pat Buyer" },
    structured: opts.structured ?? {},
    warnings: [],
  };
}

export function extract(text: string, opts: Parameters<typeof docOf>[1] = {}): Extraction {
  return extractLead(docOf(text, opts), { catalog: [] });
}
