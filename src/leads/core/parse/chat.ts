import { InvalidInput } from "../../../platform/errors";
import { dayToIso, parseLooseDate } from "../dates";
import type { ParsedDocument } from "../types";
import { DEFAULT_OWN_DOMAINS, EMAIL_RE, isOwnAddress, isRecord, newDoc, toIsoLoose, type ParseOptions } from "./common";

export type ChatTurn = { at: string | null; author: string; role: string | null; text: string };

/** `[2026-09-24 16:07:22] Sven B.: text` (seconds, "T" and a trailing zone tolerated). */
const LINE_RE = /^\s*\[(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|Z|[+-]\d{2}:?\d{2}))?)\]\s*([^:\n]{1,80}?)\s*:\s?(.*)$/;

export function looksLikeChatText(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const hits = lines.filter((l) => LINE_RE.test(l)).length;
  return hits >= 1 && hits >= lines.length / 3;
}

const AGENT_ROLES = /^(agent|assistant|bot|system|operator|staff|sales|support|rep|representative|employee|admin|ai|human_agent)$/i;
const PROSPECT_ROLES = /^(visitor|user|customer|prospect|lead|contact|guest|client|end_user|enduser)$/i;

function brandWords(ownDomains: readonly string[]): string[] {
  return ownDomains.map((d) => d.split(".")[0].toLowerCase()).filter((w) => w.length >= 3);
}

/** Our side of a conversation: by role when the format has one, else by name (brand, assistant, bot, agent). */
function isAgentTurn(turn: ChatTurn, brands: string[]): boolean {
  if (turn.role && AGENT_ROLES.test(turn.role)) return true;
  if (turn.role && PROSPECT_ROLES.test(turn.role)) return false;
  const a = turn.author.toLowerCase();
  if (brands.some((b) => a.includes(b))) return true;
  return /\b(assistant|bot|chatbot|agent|support|sales|concierge|advisor|operator|rep|virtual assistant)\b/.test(a);
}

/** Keeps the prospect's turns. With no name hint at all, the one who opens with "how can I help" is ours. */
export function prospectTurns(turns: ChatTurn[], ownDomains: readonly string[]): ChatTurn[] {
  const brands = brandWords(ownDomains);
  let agents = new Set(turns.filter((t) => isAgentTurn(t, brands)).map((t) => t.author));
  if (!agents.size && new Set(turns.map((t) => t.author)).size >= 2) {
    const opener = turns.find((t) => /\b(how can i help|how may i help|what can i do for you|welcome to)\b/i.test(t.text));
    if (opener) agents = new Set([opener.author]);
  }
  const mine = turns.filter((t) => !agents.has(t.author) && !isAgentTurn(t, brands));
  if (mine.length || !turns.length) return mine;
  // Everyone looked like staff: keep whoever did not open the conversation.
  const opener = turns[0].author;
  return turns.filter((t) => t.author !== opener);
}

function finish(doc: ParsedDocument, turns: ChatTurn[], startedAt: string | null, opts: ParseOptions): ParsedDocument {
  const own = opts.ownDomains ?? DEFAULT_OWN_DOMAINS;
  const start = startedAt ?? turns.find((t) => t.at)?.at ?? null;
  if (start) {
    doc.referenceDate = start;
    doc.referenceDay = start.slice(0, 10);
  } else doc.warnings.push("no timestamps in the chat: timelines count from receipt");
  const mine = prospectTurns(turns, own);
  doc.text = mine
    .map((t) => t.text.trim())
    .filter(Boolean)
    .join("\n");
  const name = mine[0]?.author ?? null;
  const email = (doc.text.match(EMAIL_RE) ?? []).map((e) => e.toLowerCase()).find((e) => !isOwnAddress(e, own)) ?? null;
  doc.sender = { email: doc.sender.email ?? email, name: doc.sender.name ?? name };
  if (!turns.length) doc.warnings.push("no chat turns found");
  return doc;
}

export function parseChatText(text: string, receivedAt: string, opts: ParseOptions = {}): ParsedDocument {
  const doc = newDoc("chat", receivedAt);
  const turns: ChatTurn[] = [];
  let started: string | null = null;
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const m = LINE_RE.exec(raw);
    if (m) {
      const d = parseLooseDate(m[1].replace(" ", "T"));
      turns.push({ at: d?.iso ?? null, author: m[2].trim(), role: null, text: m[3] });
      continue;
    }
    if (!turns.length) {
      // A header line such as "Chat transcript - started 2026-09-24 16:07 UTC".
      if (!started && /\bstart/i.test(raw)) started = parseLooseDate(raw)?.iso ?? null;
      continue;
    }
    if (raw.trim()) turns[turns.length - 1].text += `\n${raw}`; // a message continued on the next line
  }
  if (!turns.length) {
    // Plain text without turn markers: the whole text is the prospect's.
    doc.text = text.trim();
    doc.sender.email = (doc.text.match(EMAIL_RE) ?? [])[0]?.toLowerCase() ?? null;
    return doc;
  }
  return finish(doc, turns, started, opts);
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

function pick(obj: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) return obj[k];
  return undefined;
}

export function chatMessages(json: Record<string, unknown>): unknown[] | null {
  for (const k of ["messages", "transcript", "turns", "events"]) if (Array.isArray(json[k])) return json[k];
  if (isRecord(json.conversation)) return chatMessages(json.conversation);
  return null;
}

export function parseChatJson(json: Record<string, unknown>, receivedAt: string, opts: ParseOptions = {}): ParsedDocument {
  const doc = newDoc("chat", receivedAt);
  const msgs = chatMessages(json);
  if (!msgs) throw new InvalidInput("chat JSON has no messages array");
  const turns: ChatTurn[] = [];
  for (const m of msgs) {
    if (!isRecord(m)) continue;
    const text = str(pick(m, ["text", "content", "message", "body"]));
    if (!text) continue;
    const authorRaw = pick(m, ["author", "name", "sender", "author_name", "from", "user"]);
    const author = isRecord(authorRaw) ? (str(authorRaw.name) ?? str(authorRaw.display_name) ?? "") : (str(authorRaw) ?? "");
    const roleRaw = pick(m, ["role", "type", "sender_type", "author_type"]) ?? (isRecord(authorRaw) ? authorRaw.role : undefined);
    turns.push({
      at: toIsoLoose(pick(m, ["ts", "timestamp", "time", "created_at", "sent_at", "date"])),
      author: author || String(roleRaw ?? "?"),
      role: str(roleRaw),
      text,
    });
  }
  const visitor = isRecord(json.visitor) ? json.visitor : isRecord(json.contact) ? json.contact : null;
  if (visitor) {
    doc.sender.email = str(visitor.email)?.toLowerCase() ?? null;
    doc.sender.name = str(visitor.name) ?? str(visitor.display_name);
    const company = str(visitor.company);
    if (company) doc.structured.company = company;
    if (doc.sender.email) doc.structured.contact_email = doc.sender.email;
  }
  doc.externalId = str(json.conversation_id) ?? str(json.id) ?? null;
  const startRaw = pick(json, ["started_at", "startedAt", "created_at", "createdAt", "start_time"]);
  const started = toIsoLoose(startRaw);
  finish(doc, turns, started, opts);
  // The day as written in the transcript's own clock, when it carries one.
  const written = typeof startRaw === "string" ? parseLooseDate(startRaw) : null;
  if (written) doc.referenceDay = dayToIso(written.day);
  return doc;
}
