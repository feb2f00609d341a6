import { relevantPassages } from "./answers";
import { formatBps, formatMoney } from "./format";
import { counterOptions, quote } from "./pricing";
import { PHRASES, type DraftLang } from "./reply-language";
import { headerSafe } from "../../platform/header-safe";
import {
  PricingError,
  type CatalogSnapshot,
  type CounterOption,
  type DraftContent,
  type LeadFacts,
  type ObjectionKind,
  type Quote,
  type QuoteRequest,
  type Snippet,
} from "./types";

/**
 * A drafted response to a customer's objection, for a human to review: it addresses the kind of
 * objection with concrete options, and every price in it is the pricing engine's (pricing.quote /
 * counterOptions on the standing request): never above policy, never at the policy maximum (that
 * would hand the cap to whoever objected), only what needs no approval. Features are answered from
 * retrieval (catalog and rules, never past deals) with the sources cited. Pure.
 *
 *   price:      a smaller edition, a longer prepaid commitment, a phased start, the policy's discount
 *   competitor: a longer prepaid commitment, the policy's discount, a smaller edition
 *   features:   what the documentation says (cited), and a pilot to check it
 *   timing:     the price held for a later start, a pilot now
 *   authority:  the current proposal for the approvers, a longer prepaid commitment
 */
export type ResponseOptionKind = "same" | "policy_discount" | "longer_term" | "smaller_tier" | "fewer_units" | "pilot" | "price_hold";
export type ResponseOption = { kind: ResponseOptionKind; request: QuoteRequest; quote: Quote };

const PLAN: Record<ObjectionKind, readonly ResponseOptionKind[]> = {
  price: ["smaller_tier", "longer_term", "fewer_units", "policy_discount"],
  competitor: ["longer_term", "policy_discount", "smaller_tier"],
  features: ["pilot"],
  timing: ["price_hold", "pilot"],
  authority: ["same", "longer_term"],
};
const FROM_COUNTER: Partial<Record<ResponseOptionKind, readonly CounterOption["kind"][]>> = {
  policy_discount: ["policy_max"],
  longer_term: ["longer_term"],
  smaller_tier: ["other_product"],
};
const MAX_OPTIONS = 3;

/** Within policy, needing no approval, and strictly below the policy maximum (or no discount at all). */
export function offerable(q: Quote): boolean {
  return q.verdict === "within_policy" && (q.discount_bps === 0 || q.discount_bps < q.max_discount_bps);
}

function priced(catalog: CatalogSnapshot, facts: LeadFacts, request: QuoteRequest): Quote | null {
  try {
    return quote(catalog, facts, request);
  } catch (err) {
    if (err instanceof PricingError) return null;
    throw err;
  }
}

/** Each line at 1/`divisor` of its quantity (at least one unit); null when nothing gets smaller. */
function scaledRequest(request: QuoteRequest, divisor: number, term: number): QuoteRequest | null {
  const items = request.items.map((i) => ({ sku: i.sku, qty: Math.max(1, Math.floor(i.qty / divisor)) }));
  if (items.every((i, k) => i.qty === request.items[k].qty)) return null;
  return { items, term_months: term };
}
/** A pilot: a quarter of each line, one year. A phased start: half of each line first, same term. */
const SCALED: Partial<Record<ResponseOptionKind, (r: QuoteRequest) => QuoteRequest | null>> = {
  pilot: (r) => scaledRequest(r, 4, 12),
  fewer_units: (r) => scaledRequest(r, 2, r.term_months),
};
/** Options that answer a price or a competitor must cost less than the standing proposal. */
const CHEAPER: readonly ObjectionKind[] = ["price", "competitor"];

export function objectionOptions(
  kind: ObjectionKind,
  catalog: CatalogSnapshot,
  facts: LeadFacts,
  standing: QuoteRequest,
): ResponseOption[] {
  const base: QuoteRequest = { items: standing.items.map((i) => ({ sku: i.sku, qty: i.qty })), term_months: standing.term_months };
  let counters: CounterOption[] | null = null;
  const fromCounters = (kinds: readonly CounterOption["kind"][]): CounterOption | undefined => {
    if (counters === null) {
      try {
        counters = counterOptions(catalog, facts, base);
      } catch (err) {
        if (!(err instanceof PricingError)) throw err;
        counters = [];
      }
    }
    return counters.find((c) => kinds.includes(c.kind) && offerable(c.quote));
  };
  const standingTotal = priced(catalog, facts, base)?.total_minor ?? Number.POSITIVE_INFINITY;
  const out: ResponseOption[] = [];
  for (const k of PLAN[kind]) {
    if (out.length >= MAX_OPTIONS) break;
    let request: QuoteRequest | null = null;
    let q: Quote | null = null;
    if (k === "same" || k === "price_hold") {
      request = { ...base, ...(standing.requested_discount_bps ? { requested_discount_bps: standing.requested_discount_bps } : {}) };
      q = priced(catalog, facts, request);
    } else if (SCALED[k]) {
      request = SCALED[k](base);
      q = request ? priced(catalog, facts, request) : null;
    } else {
      const c = fromCounters(FROM_COUNTER[k] ?? []);
      if (c) ({ request, quote: q } = c);
    }
    if (!request || !q || !offerable(q)) continue;
    if (CHEAPER.includes(kind) && q.total_minor >= standingTotal) continue;
    if (out.some((o) => o.quote.total_minor === q.total_minor && o.quote.term_months === q.term_months)) continue;
    out.push({ kind: k, request, quote: q });
  }
  return out;
}

function termsOf(q: Quote, lang: DraftLang): string {
  const qty = q.lines.map((l) => `${l.qty} × ${l.name}`).join(" + ");
  return PHRASES[lang].terms(
    qty,
    q.term_months,
    q.discount_bps > 0 ? formatBps(q.discount_bps) : null,
    formatMoney(q.total_minor, q.currency),
  );
}

export function objectionResponseDraft(input: {
  kind: ObjectionKind;
  lang: DraftLang;
  message: string;
  quote: Quote;
  options: readonly ResponseOption[];
  facts: LeadFacts;
  snippets?: readonly Snippet[];
  contactName?: string | null;
}): DraftContent {
  const p = PHRASES[input.lang];
  const name = input.contactName?.trim().split(/\s+/)[0] ?? null;
  const passages = input.kind === "features" ? relevantPassages(input.message, input.snippets ?? [], input.quote) : [];
  const lines = [p.hello(name), "", p.objection[input.kind]];
  if (input.kind === "features") {
    lines.push("");
    if (passages.length) {
      lines.push(p.passagesIntro, ...passages.map((x) => `- ${x.text} [${x.source}]`));
      lines.push("", `${p.sources} ${[...new Set(passages.map((x) => x.source))].join(", ")}.`);
    } else lines.push(p.noPassages);
  }
  if (input.options.length) {
    lines.push("", p.optionsIntro, ...input.options.map((o, i) => `${i + 1}. ${p.option[o.kind](termsOf(o.quote, input.lang))}`));
  }
  lines.push("", p.proposalStands, "", p.regards);
  return {
    kind: "answer",
    subject: headerSafe(`${p.subjectObjection}${input.facts.company ? ` (${input.facts.company})` : ""}`),
    body: lines.join("\n"),
    quote: input.quote,
    author: "template",
    used_snippets: passages.map((x) => {
      const [kind, ...id] = x.source.split(":");
      return { kind: kind as Snippet["kind"], id: id.join(":"), text: x.text };
    }),
  };
}
