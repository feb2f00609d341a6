import { InvalidInput, UnsupportedMediaType } from "../../../platform/errors";
import type { ParsedDocument, RawInput } from "../types";
import { chatMessages, looksLikeChatText, parseChatJson, parseChatText } from "./chat";
import { decodeUtf8, isRecord, type ParseOptions } from "./common";
import {
  isHubSpotContact,
  isHubSpotForm,
  isSalesforceLead,
  parseGenericCrm,
  parseHubSpotContact,
  parseHubSpotForm,
  parseSalesforceLead,
} from "./crm";
import { looksLikeRfc822, parseEmail } from "./email";
import { isOcds, parseOcds } from "./ocds";
import { looksLikePdf, parsePdf } from "./pdf";

export { parseInternalEventLead } from "./crm";
export { DEFAULT_OWN_DOMAINS, type ParseOptions } from "./common";

const JSON_TYPES = new Set(["application/json", "text/json", "application/x-json"]);
const TEXT_TYPES = new Set(["text/plain", "text/markdown", "text/x-chat", "text/csv"]);
const EMAIL_TYPES = new Set([
  "message/rfc822",
  "application/eml",
  "message/x-emlx",
  "text/rfc822",
  "application/mbox",
  "application/x-mbox",
]);
/** Types we accept but whose bytes decide the format. */
const SNIFF_TYPES = new Set(["", "application/octet-stream", "binary/octet-stream", "application/x-www-form-urlencoded"]);

function parseJsonDoc(bytes: Uint8Array, receivedAt: string, opts: ParseOptions): ParsedDocument {
  const text = decodeUtf8(bytes, "JSON body");
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (cause) {
    throw new InvalidInput("body is not valid JSON", {}, { cause });
  }
  if (Array.isArray(json)) json = { messages: json }; // a bare list of chat messages
  if (!isRecord(json)) throw new InvalidInput("JSON body must be an object");
  // Salesforce query results and composite payloads wrap the record: { records: [ {attributes: {type: "Lead"}, ...} ] }.
  if (Array.isArray(json.records) && isRecord(json.records[0]) && isSalesforceLead(json.records[0])) json = json.records[0];
  if (!isRecord(json)) throw new InvalidInput("JSON body must be an object");
  if (isOcds(json)) return parseOcds(json, receivedAt);
  if (chatMessages(json)) return parseChatJson(json, receivedAt, opts);
  if (isHubSpotForm(json)) return parseHubSpotForm(json, receivedAt);
  if (isSalesforceLead(json)) return parseSalesforceLead(json, receivedAt);
  if (isHubSpotContact(json)) return parseHubSpotContact(json, receivedAt);
  return parseGenericCrm(json, receivedAt);
}

function parsePlainText(bytes: Uint8Array, receivedAt: string, opts: ParseOptions): ParsedDocument {
  const text = decodeUtf8(bytes, "text body");
  if (!text.trim()) throw new InvalidInput("body is empty");
  return parseChatText(text, receivedAt, opts);
}

/** Sniffs the bytes when the declared type does not decide: %PDF magic, JSON, mail headers, chat lines. */
function sniff(bytes: Uint8Array): "pdf" | "json" | "email" | "text" | null {
  if (looksLikePdf(bytes)) return "pdf";
  const head = new TextDecoder("utf-8")
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.startsWith("{") || head.startsWith("[")) return "json";
  if (looksLikeRfc822(bytes)) return "email";
  if (looksLikeChatText(head)) return "text";
  // Printable text (no NULs, few control bytes) is plain text; anything else is a binary we cannot read.
  const sample = bytes.subarray(0, 4096);
  let bad = 0;
  for (const b of sample) if (b === 0 || b < 9 || (b > 13 && b < 32)) bad++;
  return bad === 0 ? "text" : null;
}

/**
 * Raw input → parsed document, by declared media type with sniffing where the type is generic or
 * contradicted by the bytes. Throws InvalidInput (422) for unreadable input and UnsupportedMediaType
 * (415) for types we do not ingest; a readable document with nothing in it is not an error.
 */
export async function parseInput(raw: RawInput, opts: ParseOptions = {}): Promise<ParsedDocument> {
  const { bytes, receivedAt } = raw;
  const type = raw.contentType.toLowerCase().split(";")[0].trim();
  const blank = bytes.byteLength <= 65_536 && !new TextDecoder("latin1").decode(bytes).trim();
  if (!bytes.byteLength || blank) throw new InvalidInput("body is empty");
  if (type === "application/pdf" || type === "application/x-pdf") {
    if (!looksLikePdf(bytes)) throw new InvalidInput("body is declared application/pdf but is not a PDF");
    return parsePdf(bytes, receivedAt, raw.filename ?? null);
  }
  if (EMAIL_TYPES.has(type)) return parseEmail(bytes, receivedAt, opts);
  if (JSON_TYPES.has(type) || type.endsWith("+json")) return parseJsonDoc(bytes, receivedAt, opts);
  if (TEXT_TYPES.has(type)) {
    // Mail saved as .txt is common: headers decide.
    if (looksLikeRfc822(bytes) && !looksLikeChatText(new TextDecoder().decode(bytes.subarray(0, 4096))))
      return parseEmail(bytes, receivedAt, opts);
    return parsePlainText(bytes, receivedAt, opts);
  }
  if (SNIFF_TYPES.has(type) || type.startsWith("text/")) {
    switch (sniff(bytes)) {
      case "pdf":
        return parsePdf(bytes, receivedAt, raw.filename ?? null);
      case "json":
        return parseJsonDoc(bytes, receivedAt, opts);
      case "email":
        return parseEmail(bytes, receivedAt, opts);
      case "text":
        return parsePlainText(bytes, receivedAt, opts);
      default:
        throw new InvalidInput("the body is neither a PDF, an email, JSON nor text");
    }
  }
  throw new UnsupportedMediaType(`cannot ingest ${type}: send message/rfc822, application/pdf, text/plain or application/json`);
}
