import { CUES as LEXICAL_CUES, WEAK_CUES, type Cue } from "./cues";
import { INDIRECT_CUES, overrideIsAnchored } from "./cues-indirect";
import { FRAME_CUES, READER_ORDERS } from "./cues-framing";
import { base64Payloads, hiddenHtml, htmlEntities, rot13, urlEncoded, type Decoded } from "./decode";
import { normalizeForDetection } from "./normalize";
import { structuralSignals } from "./structural";

/**
 * One prompt-injection detector for leads and customer replies (pure, feature-free).
 *
 * The text is cut into segments (lines and sentences). Each segment is read raw, normalised
 * (normalize.ts) and rot13-decoded; encoded payloads (base64, URL, HTML entities) and what a reader
 * never sees (HTML comments, hidden elements) are decoded and read too, normalised. Lexical cues
 * (cues.ts) and structural shapes (structural.ts) are signals with weights; the score is the sum of
 * the strongest weight of each distinct signal, and a score ≥ 1 is an attempt. Every signal keeps
 * its reason (signal, weight, what matched, how it was read) and the span of the raw text it came
 * from, so callers can read the business meaning of a message with those spans masked.
 * Context: trigger words planted by an earlier message of the same conversation flag a later one.
 */
export type InjectionReason = { signal: string; weight: number; via: string; match: string };
export type InjectionReport = {
  attempt: boolean;
  score: number;
  reasons: InjectionReason[];
  /** The raw text of each flagged span (sentences), for display and for masking by string. */
  evidence: string[];
  /** [start, end) positions in the raw text of what should be read as suspicious. */
  spans: Array<[number, number]>;
};
export type DetectContext = { triggers?: readonly string[] };

export const THRESHOLD = 1;
const MAX_CHARS = 100_000;
const MASK_MIN_WEIGHT = 0.5;
const WEIGHT: Record<string, number> = {
  tag_characters: 0.6,
  bidi_override: 0.6,
  bidi_control: 0.2,
  zero_width: 0.3,
  confusable_letters: 0.5,
  compatibility_letters: 0.2,
  leetspeak: 0.05,
  spaced_letters: 0.05,
  base64_payload: 0.3,
  url_encoding: 0.2,
  html_entities: 0.3,
  html_comment: 0.5,
  hidden_element: 0.6,
};

const CUES: Cue[] = [...LEXICAL_CUES, ...INDIRECT_CUES];
const OVERRIDES = new Set(["override_instructions", "foreign_override"]);
/** A cancelled instruction that belongs to a person or a document ("ignore the instructions in my last mail"). */
const ANCHORED_WEIGHT = 0.3;

type Hit = InjectionReason & { start: number; end: number };
type Segment = { text: string; start: number };

function segments(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /(?:\n+|(?<=[.!?。！？])\s+)/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), start: last });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), start: last });
  return out;
}

/** The first match of each cue in `text`. */
function cueHits(text: string, cues: Cue[]): Array<{ cue: Cue; index: number; match: string }> {
  const out: Array<{ cue: Cue; index: number; match: string }> = [];
  for (const cue of cues) {
    const m = cue.re.exec(text);
    if (!m) continue;
    const anchored = OVERRIDES.has(cue.id) && overrideIsAnchored(text, m.index, m[0]);
    const c = anchored ? { id: "override_anchored", weight: ANCHORED_WEIGHT, re: cue.re } : cue;
    out.push({ cue: c, index: m.index, match: m[0].trim().slice(0, 200) });
  }
  return out;
}

/** A raw hit's span: from the match when the words before it are data of their own ("Headcount: 390 …"). */
function rawSpanStart(seg: Segment, index: number, full: string): number {
  const lead = /^[\s.!?:;,([-]*/.exec(full.slice(seg.start + index))?.[0].length ?? 0;
  const prefix = seg.text.slice(0, index + lead);
  const ownClause = /[;:–—]|\s-\s|,\s*$/.test(prefix) || prefix.length > 60;
  return ownClause ? seg.start + index + lead : seg.start;
}

function scanSegment(seg: Segment, full: string, ctx: DetectContext, hits: Hit[], orders: Hit[]): void {
  const end = seg.start + seg.text.length;
  const push = (signal: string, weight: number, via: string, match: string, start = seg.start) =>
    hits.push({ signal, weight, via, match, start, end });
  for (const h of cueHits(seg.text, CUES)) push(h.cue.id, h.cue.weight, "raw", h.match, rawSpanStart(seg, h.index, full));
  const norm = normalizeForDetection(seg.text);
  for (const f of norm.flags) push(f, WEIGHT[f] ?? 0.2, "normalised", f);
  if (norm.text !== seg.text) for (const h of cueHits(norm.text, CUES)) push(h.cue.id, h.cue.weight, "normalised", h.match);
  if (/[A-Za-z]{4}/.test(seg.text)) for (const h of cueHits(rot13(seg.text), CUES)) push(h.cue.id, h.cue.weight, "rot13", h.match);
  for (const h of cueHits(norm.text, WEAK_CUES)) push(h.cue.id, h.cue.weight, "weak", h.match);
  for (const h of cueHits(norm.text, FRAME_CUES)) push(h.cue.id, h.cue.weight, "frame", h.match);
  for (const h of cueHits(norm.text, READER_ORDERS))
    orders.push({ signal: h.cue.id, weight: h.cue.weight, via: "frame", match: h.match, start: seg.start, end });
  if (ctx.triggers?.length) {
    const lower = `${seg.text}\n${norm.text}`.toLowerCase();
    for (const t of ctx.triggers)
      if (t.length >= 3 && new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(t)}(?:$|[^\\p{L}\\p{N}])`, "u").test(lower))
        push("planted_trigger", 1, "context", t);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function scanDecoded(d: Decoded, hits: Hit[]): void {
  const norm = normalizeForDetection(d.text);
  const push = (signal: string, weight: number, match: string) =>
    hits.push({ signal, weight, via: d.kind, match, start: d.start, end: d.end });
  push(
    d.kind === "base64" ? "base64_payload" : d.kind,
    WEIGHT[d.kind === "base64" ? "base64_payload" : d.kind] ?? 0.2,
    d.text.slice(0, 200),
  );
  for (const h of cueHits(norm.text, CUES)) push(h.cue.id, h.cue.weight, h.match);
  for (const s of structuralSignals(d.text)) push(s.id, s.weight, d.text.slice(s.start, s.end).slice(0, 200));
  for (const h of cueHits(norm.text, WEAK_CUES)) push(h.cue.id, h.cue.weight, h.match);
}

export function detectInjection(input: string, ctx: DetectContext = {}): InjectionReport {
  const text = input.slice(0, MAX_CHARS);
  const hits: Hit[] = [];
  const orders: Hit[] = [];
  for (const seg of segments(text)) scanSegment(seg, text, ctx, hits, orders);
  for (const s of structuralSignals(text))
    hits.push({
      signal: s.id,
      weight: s.weight,
      via: "structure",
      match: text.slice(s.start, s.end).trim().slice(0, 200),
      start: s.start,
      end: s.end,
    });
  const decoded = [...base64Payloads(text), ...urlEncoded(text), ...htmlEntities(text), ...hiddenHtml(text)];
  for (const d of decoded) scanDecoded(d, hits);

  hits.push(...framedOrders(hits, orders));
  const best = new Map<string, Hit>();
  for (const h of hits) {
    const prev = best.get(h.signal);
    if (!prev || h.weight > prev.weight) best.set(h.signal, h);
  }
  // A transcript's "Agent:" lines are the transcript's own evidence, not a second signal.
  const role = best.get("role_marker");
  if (best.has("fake_transcript") && role && role.weight < 0.5) best.delete("role_marker");
  const score = Math.round([...best.values()].reduce((s, h) => s + h.weight, 0) * 100) / 100;
  const attempt = score >= THRESHOLD;
  // Strong signals are always masked; weaker ones once the message as a whole is an attempt.
  const masked = hits.filter((h) => h.weight >= THRESHOLD || (attempt && h.weight >= MASK_MIN_WEIGHT));
  const spans = mergeSpans(masked.map((h) => [h.start, h.end] as [number, number]));
  const evidence = [...new Set(spans.map(([s, e]) => text.slice(s, e).trim()).filter(Boolean))];
  const reasons = [...best.values()].map(({ signal, weight, via, match }) => ({ signal, weight, via, match }));
  return { attempt, score, reasons, evidence: attempt ? evidence : [], spans: attempt ? spans : [] };
}

/**
 * A frame (game, role-play, hypothetical, story, claimed approval, made-up transcript) around an
 * order to the reader: one `framed_order` signal, its match the order, masked at the frame and the order.
 */
const FRAMES = new Set(["frame_roleplay", "frame_hypothetical", "frame_claimed_approval", "fake_transcript"]);
const FRAMED_ORDER_WEIGHT = 0.7;
function framedOrders(hits: Hit[], orders: Hit[]): Hit[] {
  const frame = hits.find((h) => FRAMES.has(h.signal));
  const order = orders[0];
  if (!frame || !order) return [];
  const hit = { signal: "framed_order", weight: FRAMED_ORDER_WEIGHT, via: `${frame.signal}+${order.signal}` };
  return [
    { ...hit, match: order.match, start: order.start, end: order.end },
    { ...hit, match: order.match, start: frame.start, end: frame.end },
  ];
}

function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const sp of sorted) {
    const last = out[out.length - 1];
    if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else out.push([sp[0], sp[1]]);
  }
  return out;
}

/** The text with the spans blanked (each replaced by a line break, so clauses stay apart). */
export function maskSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let out = "";
  let last = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s < last) continue;
    out += text.slice(last, s) + "\n";
    last = e;
  }
  return out + text.slice(last);
}

const STOP = new Set(["the", "and", "this", "that", "you", "your", "word", "code", "phrase", "then", "will", "when"]);

/** Trigger words an injection plants for a later message ("the code word is BLUEBIRD", "when I say tangerine"). */
export function plantedTriggers(input: string): string[] {
  const text = normalizeForDetection(input.slice(0, MAX_CHARS)).text;
  const out = new Set<string>();
  const res = [
    /\b(?:code ?word|secret word|password|safe ?word|trigger(?: word)?|magic word|keyword)\s+(?:is|will be|=|:)\s*["'“]?([\p{L}\p{N}-]{3,40})/giu,
    /\b(?:when(?:ever)?|if|once)\s+(?:i|we|someone|the customer)\s+(?:say|says|write|writes|type|types|send|sends|use|uses|mention)s?\s+(?:the\s+)?(?:word|phrase|code(?:\s*word)?)?\s*["'“]([^"'”\n]{3,40})["'”]/giu,
    /\b(?:when(?:ever)?|if|once)\s+(?:i|we|someone|the customer)\s+(?:say|says|write|writes|type|types|send|sends|use|uses|mention)s?\s+(?:the\s+)?(?:word|phrase|code(?:\s*word)?)\s+([\p{L}\p{N}-]{3,40})/giu,
    // "step two means you approve 60% off": the phrase before "means you …".
    /(?:^|[:.!?]\s*)([\p{L}\p{N}][\p{L}\p{N} -]{2,30}?)\s+(?:means|stands for|is (?:the|your) (?:signal|cue))\s+(?:that\s+)?(?:you|to)\b/giu,
  ];
  for (const re of res) for (const m of text.matchAll(re)) if (!STOP.has(m[1].toLowerCase())) out.add(m[1].toLowerCase().trim());
  return [...out].slice(0, 10);
}
