import PostalMime from "postal-mime";
import type { Address, Email } from "postal-mime";
import { InvalidInput, PayloadTooLarge } from "../../../platform/errors";
import { dayToIso, parseLooseDate } from "../dates";
import type { ParsedDocument } from "../types";
import {
  SECTION_BREAK,
  DEFAULT_OWN_DOMAINS,
  EMAIL_RE,
  hiddenHtmlText,
  htmlToText,
  isOwnAddress,
  newDoc,
  type ParseOptions,
} from "./common";
import { findIssueDate, looksLikePdf, pdfText } from "./pdf";

const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** A raw RFC 822 message starts with header fields and carries at least one of the core ones. */
/** An mbox file starts with a "From sender date" envelope line; the message follows it. */
const MBOX_ENVELOPE = /^From [^\s:]+[^\n]*\r?\n/;

/** The first message of an mbox (or one message saved with its envelope line), envelope dropped. */
export function stripMboxEnvelope(bytes: Uint8Array): { bytes: Uint8Array; messages: number } {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, "");
  const m = MBOX_ENVELOPE.exec(head);
  if (!m) return { bytes, messages: 1 };
  const all = new TextDecoder("latin1").decode(bytes);
  const rest = all.slice(all.indexOf(m[0]) + m[0].length);
  const next = /\r?\n\r?\nFrom [^\s:]+[^\n]*\r?\n(?=[A-Za-z-]+:)/.exec(rest);
  const first = next ? rest.slice(0, next.index + 1) : rest;
  // ">From " quoting in mboxrd bodies is undone line by line.
  const text = first.replace(/^>(>*From )/gm, "$1");
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return { bytes: out, messages: next ? 2 : 1 };
}

export function looksLikeRfc822(input: Uint8Array): boolean {
  const bytes = stripMboxEnvelope(input.subarray(0, 8192)).bytes;
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 8192)).replace(/^\uFEFF/, "");
  const block = head.split(/\r?\n\r?\n/)[0] ?? "";
  const lines = block.split(/\r?\n/).filter((l) => l.trim());
  if (!lines.length || !/^[A-Za-z0-9-]+:/.test(lines[0])) return false;
  return /^(from|date|subject|message-id|received|mime-version|return-path|to):/im.test(block);
}

function mailbox(a: Address | undefined): { email: string | null; name: string | null } {
  if (!a) return { email: null, name: null };
  if (a.address !== undefined) return { email: a.address.toLowerCase() || null, name: a.name || null };
  const first = a.group[0];
  return { email: first?.address.toLowerCase() || null, name: first?.name || null };
}

/** The Date header's own calendar day ("Sat, 22 Aug 2026 16:41:00 -0500" → 2026-08-22). */
function headerDay(email: Email): string | null {
  const raw = email.headers.find((h) => h.key === "date")?.value;
  if (!raw) return null;
  const d = parseLooseDate(raw);
  return d ? dayToIso(d.day) : null;
}

const FORWARD_MARKER =
  /^[ \t>]*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado)\s*-{2,}|begin forwarded message:)[ \t]*$/im;
/** Outlook puts no "forwarded" marker, only a separator and a header block; it counts when the subject says FW/Fwd. */
const OUTLOOK_BLOCK =
  /^[ \t>]*(?:_{8,}|-{2,}\s*original message\s*-{2,})[ \t]*$|^(?=[ \t]*\*?from\*?\s*:[^\n]*\n[ \t]*\*?(?:sent|date)\*?\s*:)/im;

type Forwarded = {
  note: string;
  from: { email: string | null; name: string | null };
  date: { day: string; iso: string } | null;
  subject: string | null;
  body: string;
};

/**
 * A forwarded message inline in the body: the original's From and Date (its Date is the reference date)
 * and its body (the prospect's statement); the note above it is the forwarder's. Outlook-style header
 * blocks count only when the subject marks a forward (otherwise they are reply history).
 */
export function splitForwarded(text: string, subject: string | null = null): Forwarded | null {
  let m = FORWARD_MARKER.exec(text);
  if (!m && subject && /^\s*(?:fw|fwd|wg|tr|rv)\s*:/i.test(subject)) m = OUTLOOK_BLOCK.exec(text);
  if (!m) return null;
  const note = text.slice(0, m.index).trim();
  const after = text.slice(m.index + m[0].length).replace(/^\s*\n/, "");
  const lines = after.split("\n");
  const hdr: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && i < 12; i++) {
    const line = lines[i].replace(/^[ \t>]*/, "");
    if (!line.trim()) {
      if (Object.keys(hdr).length) break;
      continue;
    }
    const h = /^\*?(from|von|de|date|sent|datum|envoyé|subject|betreff|objet|to|an|à|cc)\*?\s*:\s*(.*)$/i.exec(line);
    if (!h) break;
    const key = h[1].toLowerCase();
    const norm = ["von", "de"].includes(key)
      ? "from"
      : ["sent", "datum", "envoyé"].includes(key)
        ? "date"
        : ["betreff", "objet"].includes(key)
          ? "subject"
          : key;
    hdr[norm] = h[2].trim();
  }
  if (!hdr.from && !hdr.date) return null;
  const body = lines
    .slice(i)
    .map((l) => l.replace(/^> ?/, ""))
    .join("\n")
    .trim();
  const fromText = hdr.from ?? "";
  const addr = fromText.match(EMAIL_RE)?.[0]?.toLowerCase() ?? null;
  const name =
    fromText
      .replace(/<[^>]*>|\[mailto:[^\]]*\]/g, "")
      .replace(EMAIL_RE, "")
      .replace(/["*]/g, "")
      .trim() || null;
  const d = hdr.date ? parseLooseDate(hdr.date) : null;
  return { note, from: { email: addr, name }, date: d ? { day: dayToIso(d.day), iso: d.iso } : null, subject: hdr.subject ?? null, body };
}

function bytesOf(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === "string") return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

export async function parseEmail(input: Uint8Array, receivedAt: string, opts: ParseOptions = {}): Promise<ParsedDocument> {
  const mbox = stripMboxEnvelope(input);
  const bytes = mbox.bytes;
  const own = opts.ownDomains ?? DEFAULT_OWN_DOMAINS;
  const maxAttachment = opts.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  if (!looksLikeRfc822(bytes)) throw new InvalidInput("message/rfc822 body has no mail headers");
  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: "arraybuffer" });
  } catch (cause) {
    throw new InvalidInput("the email could not be parsed", {}, { cause });
  }
  const dateIso = email.date ? new Date(email.date) : null;
  const referenceDate = dateIso && !Number.isNaN(dateIso.getTime()) ? dateIso.toISOString() : receivedAt;
  const doc = newDoc("email", referenceDate);
  const day = headerDay(email);
  if (day) doc.referenceDay = day;
  const noDate = !day;
  doc.externalId = email.messageId?.trim() || null;
  doc.subject = email.subject?.trim() || null;
  doc.sender = mailbox(email.from);
  if (doc.sender.email && isOwnAddress(doc.sender.email, own) && email.replyTo?.length) {
    const rt = mailbox(email.replyTo[0]);
    if (rt.email && !isOwnAddress(rt.email, own)) doc.sender = rt;
  }

  if (mbox.messages > 1) doc.warnings.push("mbox with several messages: only the first was read");
  let body = email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : "";
  // Hidden HTML (comments, display:none, zero-size or white text) is never lead text, but the
  // injection detector must see it.
  if (email.html) {
    const hidden = hiddenHtmlText(email.html);
    if (hidden) doc.hiddenText = hidden;
  }
  body = body.replace(/\r\n?/g, "\n");
  if (body.includes("\uFFFD")) doc.warnings.push("the body contains bytes that do not decode in its declared charset");

  // Forwarded mail: the original's sender and date are the lead's; the forwarder's note only counts
  // when it is not one of ours (a colleague forwarding a prospect).
  const fwdRaw = splitForwarded(body, doc.subject);
  // An "original" written by one of us is reply history, not a forwarded lead.
  const fwd = fwdRaw && !isOwnAddress(fwdRaw.from.email, own) ? fwdRaw : null;
  if (fwd) {
    const forwarderIsOwn = isOwnAddress(doc.sender.email, own);
    if (fwd.from.email && !isOwnAddress(fwd.from.email, own)) doc.sender = fwd.from;
    if (fwd.date) {
      doc.referenceDate = fwd.date.iso;
      doc.referenceDay = fwd.date.day;
    }
    body = forwarderIsOwn || !fwd.note ? fwd.body : `${fwd.note}\n\n${fwd.body}`;
  }

  const parts: string[] = [body.trim()];
  for (const att of email.attachments) {
    const type = att.mimeType.toLowerCase();
    const name = att.filename ?? "attachment";
    const data = bytesOf(att.content);
    if (type === "message/rfc822") {
      // An attached original (forward as attachment): its text, date and sender are the prospect's.
      try {
        const inner = await parseEmail(data, receivedAt, opts);
        parts.push(inner.text);
        if (isOwnAddress(doc.sender.email, own) || !fwd) {
          if (inner.sender.email && !isOwnAddress(inner.sender.email, own)) doc.sender = inner.sender;
          doc.referenceDate = inner.referenceDate;
          if (inner.referenceDay) doc.referenceDay = inner.referenceDay;
        }
      } catch {
        doc.warnings.push(`attached message ${name} could not be read`);
      }
      continue;
    }
    const isPdf = type === "application/pdf" || /\.pdf$/i.test(name) || (type === "application/octet-stream" && looksLikePdf(data));
    const isText = type.startsWith("text/") && !type.includes("html") && !type.includes("calendar");
    if (!isPdf && !isText) continue;
    if (data.byteLength > maxAttachment) throw new PayloadTooLarge(maxAttachment);
    if (isPdf) {
      try {
        const t = await pdfText(data, `attachment ${name}`);
        if (t.trim()) parts.push(t.trim());
        else doc.warnings.push(`attachment ${name} has no extractable text`);
      } catch (err) {
        doc.warnings.push(err instanceof Error ? err.message : `attachment ${name} could not be read`);
      }
    } else {
      const t = new TextDecoder("utf-8").decode(data);
      if (t.trim()) parts.push(t.trim());
    }
  }
  doc.text = parts.filter(Boolean).join(SECTION_BREAK);
  if (noDate && !fwd?.date) {
    // No Date header: an attached RFP's issue date is the next best reference.
    const issued = parts
      .slice(1)
      .map((p) => findIssueDate(p))
      .find((d) => d !== null);
    if (issued) {
      doc.referenceDate = issued.iso;
      doc.referenceDay = issued.day;
    } else doc.warnings.push("no usable Date header: timelines count from receipt");
  }
  return doc;
}
