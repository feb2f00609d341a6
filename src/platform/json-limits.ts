import { InvalidInput, PayloadTooLarge } from "./errors";

/**
 * Structural limits checked on a body's text BEFORE it is parsed, queued or handed to a
 * serializer. V8's JSON.parse copes with deep nesting, but everything after it does not:
 * structured clone (queue messages, Durable Object RPC), zod and JSON.stringify recurse, so a body
 * nested a few thousand levels deep overflowed the stack far from the request that sent it (a
 * whole queue batch failed to decode). The scanners here are single-pass and iterative: they never
 * recurse and never build the value, so they are safe on any input.
 */
export type StructureLimits = {
  /** Deepest nesting of arrays/objects (JSON) or elements (XML). */
  maxDepth: number;
  /** Object members (JSON) or attributes (XML), in the whole document. */
  maxKeys: number;
  /** Array items plus object members (JSON) or elements (XML), in the whole document. */
  maxNodes: number;
  /** UTF-16 length of the text. */
  maxChars: number;
};

/** Generous for every payload we accept (Stripe events nest about 8 deep; SOAP about 7). */
export const DEFAULT_LIMITS: StructureLimits = { maxDepth: 32, maxKeys: 10_000, maxNodes: 50_000, maxChars: 4 * 1024 * 1024 };

export type LimitCode = "too_deep" | "too_many_keys" | "too_many_nodes" | "too_large";
export type ScanResult = { ok: true; depth: number; keys: number; nodes: number } | { ok: false; code: LimitCode; detail: string };

const BRACE_OPEN = 0x7b; // {
const BRACE_CLOSE = 0x7d;
const BRACKET_OPEN = 0x5b; // [
const BRACKET_CLOSE = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * Counts depth, members and items of a JSON text outside its strings. It does not validate the
 * syntax (JSON.parse does that next); a malformed text can only read as more nested, never less.
 */
export function scanJson(text: string, limits: StructureLimits = DEFAULT_LIMITS): ScanResult {
  if (text.length > limits.maxChars) return { ok: false, code: "too_large", detail: `Body is over ${limits.maxChars} characters` };
  let depth = 0;
  let maxSeen = 0;
  let keys = 0;
  let nodes = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === BACKSLASH) i++;
      else if (ch === QUOTE) inString = false;
      continue;
    }
    switch (ch) {
      case QUOTE:
        inString = true;
        break;
      case BRACE_OPEN:
      case BRACKET_OPEN:
        depth++;
        nodes++;
        if (depth > maxSeen) maxSeen = depth;
        if (depth > limits.maxDepth) return { ok: false, code: "too_deep", detail: `JSON nests deeper than ${limits.maxDepth} levels` };
        break;
      case BRACE_CLOSE:
      case BRACKET_CLOSE:
        if (depth > 0) depth--;
        break;
      case COLON:
        if (++keys > limits.maxKeys)
          return { ok: false, code: "too_many_keys", detail: `JSON has more than ${limits.maxKeys} object members` };
        break;
      case COMMA:
        if (++nodes > limits.maxNodes) return { ok: false, code: "too_many_nodes", detail: `JSON has more than ${limits.maxNodes} values` };
        break;
    }
  }
  return { ok: true, depth: maxSeen, keys, nodes };
}

/**
 * Element depth, element and attribute counts of an XML text, skipping comments, CDATA,
 * processing instructions and declarations. Like scanJson, it leaves well-formedness to the parser.
 */
export function scanXml(text: string, limits: StructureLimits = DEFAULT_LIMITS): ScanResult {
  if (text.length > limits.maxChars) return { ok: false, code: "too_large", detail: `Body is over ${limits.maxChars} characters` };
  let depth = 0;
  let maxSeen = 0;
  let keys = 0;
  let nodes = 0;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    if (text.startsWith("<!--", lt)) {
      i = skipTo(text, "-->", lt + 4);
      continue;
    }
    if (text.startsWith("<![CDATA[", lt)) {
      i = skipTo(text, "]]>", lt + 9);
      continue;
    }
    const next = text.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */ || next === 0x21 /* ! */) {
      i = skipTo(text, ">", lt + 2);
      continue;
    }
    const gt = tagEnd(text, lt + 1);
    if (next === 0x2f /* / */) {
      if (depth > 0) depth--;
      i = gt;
      continue;
    }
    nodes++;
    if (nodes > limits.maxNodes) return { ok: false, code: "too_many_nodes", detail: `XML has more than ${limits.maxNodes} elements` };
    keys += countAttributes(text, lt + 1, gt);
    if (keys > limits.maxKeys) return { ok: false, code: "too_many_keys", detail: `XML has more than ${limits.maxKeys} attributes` };
    const selfClosing = gt >= 2 && text.charCodeAt(gt - 2) === 0x2f;
    if (!selfClosing) {
      depth++;
      if (depth > maxSeen) maxSeen = depth;
      if (depth > limits.maxDepth) return { ok: false, code: "too_deep", detail: `XML nests deeper than ${limits.maxDepth} elements` };
    }
    i = gt;
  }
  return { ok: true, depth: maxSeen, keys, nodes };
}

function skipTo(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at < 0 ? text.length : at + marker.length;
}

/** Index just past the `>` closing a tag that starts at `from`, honouring quoted attribute values. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 0x22 || ch === 0x27) quote = ch;
    else if (ch === 0x3e) return i + 1;
  }
  return text.length;
}

function countAttributes(text: string, from: number, to: number): number {
  let n = 0;
  let quote = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 0x22 || ch === 0x27) quote = ch;
    else if (ch === 0x3d /* = */) n++;
  }
  return n;
}

/** The refusal for a failed scan: 413 for sheer size, 422 (with the code) for shape. */
export function limitRefusal(result: Extract<ScanResult, { ok: false }>, limits = DEFAULT_LIMITS): InvalidInput | PayloadTooLarge {
  if (result.code === "too_large") return new PayloadTooLarge(limits.maxChars);
  return new InvalidInput(result.detail, { code: result.code });
}

/** Throws the refusal when a JSON text breaks the limits; returns the text for chaining. */
export function assertJsonWithinLimits(text: string, limits: StructureLimits = DEFAULT_LIMITS): string {
  const result = scanJson(text, limits);
  if (!result.ok) throw limitRefusal(result, limits);
  return text;
}

export function assertXmlWithinLimits(text: string, limits: StructureLimits = DEFAULT_LIMITS): string {
  const result = scanXml(text, limits);
  if (!result.ok) throw limitRefusal(result, limits);
  return text;
}

/**
 * How deep a value already in memory nests, walked with an explicit stack (never recursion), and
 * stopping as soon as `maxDepth` is passed: the check a producer runs before it serializes a value
 * into a queue message or an RPC call.
 */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  const seen = new Set<object>();
  while (stack.length) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (typeof v !== "object" || v === null) continue;
    if (d + 1 > maxDepth) return true;
    // A cycle would be infinitely deep (and JSON.stringify would throw on it).
    if (seen.has(v)) return true;
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, d: d + 1 });
  }
  return false;
}

/**
 * JSON.stringify that never throws and never grows past `maxChars`: for dead letters and logs,
 * where the value may be anything a broken producer sent (cycles, BigInt, absurd nesting).
 */
export function safeStringify(value: unknown, maxChars = 64 * 1024, maxDepth = DEFAULT_LIMITS.maxDepth): string {
  let text: string;
  try {
    text = exceedsDepth(value, maxDepth) ? JSON.stringify({ unserializable: "nested too deep" }) : (JSON.stringify(value) ?? "null");
  } catch (err) {
    let shown: string;
    try {
      shown = String(value);
    } catch {
      shown = Object.prototype.toString.call(value);
    }
    text = JSON.stringify({ unserializable: err instanceof Error ? err.message : "error", value: shown.slice(0, maxChars / 2) });
  }
  if (text.length <= maxChars) return text;
  return JSON.stringify({ truncated: true, length: text.length, head: text.slice(0, maxChars - 200) });
}
