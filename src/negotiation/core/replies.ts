import { findMoney, findPercents } from "./amounts";
import { jsonDiscountBps } from "./json-ask";

export { jsonDiscountBps } from "./json-ask";
import type { ObjectionKind, ReplyClassification } from "./types";

/**
 * Deterministic classification of a customer's reply. The message is DATA: this only reads it.
 *
 * Order of precedence (documented):
 *  1. counter_offer — an asked discount ("10% off", "15 percent discount", "can you do 12%") or an
 *     offered price ("we can do $40k", "€38,000 is our max", "would you take 45,000 USD"), not negated
 *     ("we cannot pay $50k" is a price objection) and not attributed to a competitor ("Competitor X
 *     offers 20% off" is a competitor objection, its number kept in asked_*);
 *  2. objection — price, competitor, timing, features (the first found in that order of weight), or a
 *     negated acceptance ("we do not accept these terms") without a kind;
 *  3. acceptance — "sounds good", "let's proceed", "we accept", "ready to sign"... not negated, and no
 *     objection in the same message ("sounds good but too expensive" is an objection);
 *  4. question — a "?" or a clarification request;
 *  5. other.
 * Negation is looked for in the same clause (split at , ; . ! ? and "but"/"however"), in the few
 * words before a cue: not, no, never, don't, do not, can't, cannot, won't, unable, neither, nor...
 * Quoted reply lines ("> ...") and everything after "On … wrote:" are ignored.
 */

const NEGATORS =
  /\b(?:not|no|never|don'?t|doesn'?t|didn'?t|do not|does not|did not|can'?t|cannot|can not|couldn'?t|won'?t|will not|wouldn'?t|would not|isn'?t|aren'?t|wasn'?t|unable|neither|nor|nicht|kein|keine|pas|jamais|nunca|sin)\b|n't\b/i;

function stripQuoted(text: string): string {
  const cut = text.search(/^\s*(?:On .{3,200}wrote:|-{2,}\s*Original Message\s*-{2,}|From:\s.+\nSent:)/im);
  const head = cut >= 0 ? text.slice(0, cut) : text;
  return head
    .split(/\r?\n/)
    .filter((l) => !/^\s*>/.test(l))
    .join("\n");
}

type Clause = { text: string; start: number };

function clauses(text: string): Clause[] {
  const out: Clause[] = [];
  // A "." between digits is a decimal or grouping mark, not the end of a clause.
  const re = /(?:[;!?\n]|\.(?!\d)|,(?!\d)|\bbut\b|\bhowever\b|\balthough\b|\bthough\b)/gi;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index ?? 0;
    if (end > last) out.push({ text: text.slice(last, end), start: last });
    last = end + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), start: last });
  return out.filter((c) => c.text.trim().length > 0);
}

function sentences(text: string): Clause[] {
  const out: Clause[] = [];
  const re = /(?:[!?\n]|\.(?!\d))+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    out.push({ text: text.slice(last, end), start: last });
    last = end;
  }
  if (last < text.length) out.push({ text: text.slice(last), start: last });
  return out.filter((c) => c.text.trim().length > 0);
}

/** Is the cue at `at` (absolute index) negated inside its clause, within the 5 words before it? */
function negatedAt(text: string, at: number, cls: Clause[]): boolean {
  const c = cls.find((x) => at >= x.start && at < x.start + x.text.length);
  if (!c) return false;
  const before = text.slice(c.start, at).trim().split(/\s+/).slice(-5).join(" ");
  return NEGATORS.test(before);
}

type Cue = { re: RegExp; negatable?: boolean };
function find(text: string, cues: Cue[], cls: Clause[]): { span: string; index: number; negated: boolean } | null {
  for (const cue of cues) {
    const re = new RegExp(cue.re.source, cue.re.flags.includes("g") ? cue.re.flags : cue.re.flags + "g");
    for (const m of text.matchAll(re)) {
      const idx = m.index ?? 0;
      const negated = cue.negatable !== false && (negatedAt(text, idx, cls) || NEGATORS.test(m[0]));
      return { span: m[0].trim(), index: idx, negated };
    }
  }
  return null;
}

const NAMED_OFFER = String.raw`\b(?!(?:It|This|That|He|She|Which|Who|Your|Our|The|We|You|They)\b)[A-Z][\w&.-]* (?:offers|is offering|quoted|charges|gave us|gives us)\b`;

const ACCEPT: Cue[] = [
  { re: /\b(?:sounds|looks|seems) (?:good|great|fine|perfect|right)\b/i },
  { re: /\b(?:sound|look|seem) (?:good|great|fine|perfect|right)\b/i },
  { re: /\blet'?s (?:proceed|go ahead|do it|move forward|sign|get (?:it|this) (?:done|signed))\b/i },
  { re: /\b(?:we|i)(?: do| does| can| will| would| shall)?(?:n't|'t| not| never)? (?:accept|agree|approve)\b/i },
  // "approved." alone is not the customer accepting ("Budget approved.", "the CFO approved"): only their own words count.
  { re: /\b(?:accepted|agreed|deal)\s*[.!]/i },
  { re: /\b(?:happy|glad|ready|pleased) to (?:proceed|sign|move forward|go ahead|accept)\b/i },
  { re: /\b(?:please )?send (?:over |us |me )?(?:the )?(?:contract|agreement|paperwork|order form|docusign)\b/i },
  { re: /\b(?:go ahead|proceed) with (?:the|this|your) (?:proposal|offer|quote|order)\b/i },
  { re: /\bwe(?:'ll| will) (?:take|go with) (?:it|the offer|this|your offer|the proposal)\b/i },
  {
    re: /\b(?:wir (?:akzeptieren|nehmen)|einverstanden|nous acceptons|d'accord|aceptamos|de acuerdo|(?:we|wij) (?:gaan )?akkoord|(?:we|wij) accepteren|akkoord met)\b/i,
  },
  // Decisions phrased with a verb: "decided not to move forward" is caught as a negated acceptance.
  { re: /\b(?:decided|decide|chose|choose|going|want|plan) (?:not |against )?to (?:move forward|proceed|go ahead|sign|buy|purchase)\b/i },
];

/** Plain declines: an objection without a kind (a human decides whether the deal is lost). */
const DECLINE: Cue[] = [
  {
    re: /\b(?:decided against|not interested|no longer interested|we(?:'ll| will) pass|pass on this|not (?:going|moving) forward|(?:put|putting) (?:this|it) on ice)\b/i,
    negatable: false,
  },
];

const OBJECTIONS: Array<{ kind: ObjectionKind; cues: Cue[] }> = [
  {
    kind: "competitor",
    cues: [
      { re: /\bcompetitors?\b/i, negatable: false },
      { re: /\b(?:another|other|a different|alternative) (?:vendor|supplier|provider|solution|offer|quote)s?\b/i, negatable: false },
      { re: /\b(?:cheaper|better (?:price|deal|offer)) (?:elsewhere|from)\b/i, negatable: false },
      {
        re: /\b(?:compar(?:e|ing)|evaluat(?:e|ing)|benchmark(?:ing)?) (?:you|your (?:offer|proposal|product|tool|price)|it|this|the offer|the proposal) (?:with|to|against)\b/i,
        negatable: false,
      },
      {
        re: /\b(?:evaluating|considering|looking at) (?:other|several|multiple|alternative) (?:vendors|options|tools|providers|suppliers|solutions)\b/i,
        negatable: false,
      },
      {
        re: /\b(?:go|going|went) with (?:another|a different|an alternative|a cheaper) (?:vendor|provider|supplier|solution|tool|option)\b/i,
        negatable: false,
      },
      { re: new RegExp(NAMED_OFFER), negatable: false },
      { re: /\b(?:quote|offer) from [A-Z][\w&.-]+/, negatable: false },
      {
        re: /\b(?:also )?(?:talking|speaking) (?:to|with) (?:another|other|a different) (?:vendor|supplier|provider)s?\b/i,
        negatable: false,
      },
      { re: /\b[A-Z][\w&.-]+ quoted us\b/, negatable: false },
      {
        re: /\b(?:wettbewerber|mitbewerber|konkurrent(?:en)?|concurrence|concurrentie|competidor(?:es)?|competencia)\b|\b(?:een|un|une|des|ein|eine|el|la|los) (?:concurrent|concurrente)s?\b/i,
        negatable: false,
      },
    ],
  },
  {
    kind: "price",
    cues: [
      { re: /\btoo (?:expensive|pricey|costly|high|much)\b/i },
      { re: /\b(?:over|above|exceeds?|outside|beyond|blows?) (?:our |the )?budget\b/i },
      { re: /\b(?:can'?t|cannot|can not|unable to) afford\b/i, negatable: false },
      {
        re: /\b(?:price|pricing|cost|costs|quote|proposal|offer) (?:is|are|seems?|looks?|feels?)(?: still)? (?:a bit |a little |quite |very |rather |way |pretty |somewhat |really )?(?:high|higher than|steep|a lot|a concern|an issue|a problem|too|expensive|pricey)\b/i,
      },
      { re: /\b(?:steep|expensive|overpriced|out of (?:our )?(?:range|reach))\b/i },
      {
        re: /\b(?:zu teuer|zu hoch|trop cher|trop [ée]lev[ée]e?|demasiado (?:caro|alto)|muy caro|te duur|te hoog|(?:higher|more) than (?:we )?expected)\b/i,
        negatable: false,
      },
    ],
  },
  {
    kind: "timing",
    cues: [
      {
        re: /\bnot (?:until|before) (?:q[1-4]|next|the (?:end|start|beginning)|january|february|march|april|may|june|july|august|september|october|november|december|\d{4})/i,
        negatable: false,
      },
      { re: /\b(?:next|following) (?:quarter|year|fiscal year|budget cycle)\b/i, negatable: false },
      {
        re: /\b(?:after the (?:summer|holidays|new year)|not a good time|revisit|circle back|frozen until|n[äa]chsten quartal|n[äa]chstes jahr|sp[äa]ter im jahr|pas le bon moment|prochain trimestre|l'ann[ée]e prochaine|pr[óo]ximo trimestre|pr[óo]ximo a[ñn]o|tendremos que esperar|volgend kwartaal|volgend jaar|niet het juiste moment)\b/i,
        negatable: false,
      },
      { re: /\b(?:in|until|by) q[1-4]\b/i },
      {
        re: /\b(?:postpone|delay|hold off|push (?:this|it) back|revisit (?:this )?later|put (?:this|it) on hold|budget freeze|hiring freeze)\b/i,
      },
      { re: /\b(?:not (?:the )?right time|bad timing|timing is|not now|not right now|too early|later this year)\b/i, negatable: false },
    ],
  },
  {
    kind: "features",
    cues: [
      {
        re: /\b(?:missing|lacks?|lacking|doesn'?t (?:support|have|include|integrate)|does not (?:support|have|include|integrate)|no support for|without support for)\b/i,
        negatable: false,
      },
      {
        re: /\b(?:we need|we require|must have|requires?|need|needs) (?:an? |the )?(?:[\w-]+ ){0,3}?(?:integration|integrations|connector|feature|features|sso|saml|api|module|audit logs?|support for)\b/i,
      },
      { re: /\bfeature(?:s)? (?:gap|missing|request)\b/i },
      {
        re: /\bwithout [\w -]{3,40}? (?:this|it) (?:won'?t|will not|doesn'?t|does not|can'?t|cannot) work\b|\bdeal-?breaker\b/i,
        negatable: false,
      },
      { re: /\b(?:doesn'?t have one|you don'?t (?:have|support|offer))\b/i, negatable: false },
      {
        re: /\b(?:il manque|manque (?:la|le|de)|nos falta|falta (?:la|el)|es imprescindible|es fehlt|fehlt (?:uns )?(?:die|der|das|eine?)|ontbreekt|mist (?:de|het|een))\b/i,
        negatable: false,
      },
    ],
  },
];

const AUTHORITY: Cue[] = [
  {
    re: /\b(?:run (?:this|it) by|check with (?:our|my)|need (?:sign-?off|approval) from|approval from our|sign-?off from|still need (?:[\w-]+ ){0,2}(?:sign-?off|approval)|need (?:procurement|legal|board|management|the board's) (?:sign-?off|approval)|(?:board|procurement|legal|management|cfo|ceo) (?:needs to|has to|must|will have to) (?:approve|sign off|review))\b/i,
    negatable: false,
  },
  {
    re: /\b(?:mit (?:unserer|unserem|der|dem) [\wäöü]+ abstimmen|erst (?:mit|vom|von der) [\wäöü]+ (?:abstimmen|genehmigen|freigeben)|validation (?:de|par) (?:la|notre) direction|aprobaci[óo]n de (?:la|nuestra|nuestro) [\wáéíóú]+|goedkeuring van (?:de|onze|het) \w+)\b/i,
    negatable: false,
  },
];
OBJECTIONS.push({ kind: "authority", cues: AUTHORITY });

const DISCOUNT_CONTEXT =
  /\b(?:off|discount(?:ed|s)?|reduction|rebate|cheaper|lower|less|cut|knock|markdown|rabatt|nachlass|remise|r[ée]duction|descuento|sconto|korting)\b/i;
const ASK_CONTEXT =
  /\b(?:can you|could you|would you|will you|you could|please|we need|we want|we'?d need|we'?d like|we expect|give (?:us|me)|how about|what about|if you|match|meet|get (?:it|us|this)|bring (?:it|this)|make it|do)\b/i;
const OFFER_CONTEXT =
  /\b(?:we (?:can|could|would|will|'?d|are able to|are willing to) (?:do|pay|offer|go|stretch|afford|spend|sign at|commit)|we(?:'d| would)? (?:be )?(?:ok|okay|happy|fine) (?:with|at)|our (?:budget|max(?:imum)?|limit|ceiling|cap|offer|counter(?:offer)?)|budget(?: for [\w ]{1,20}?)? (?:is|of|was|would be)(?: only| just| about| around| roughly| at most)?|(?:sign|commit|close|go ahead|proceed|buy) (?:at|for)|would you (?:accept|take|consider|do)|will you (?:accept|take|do)|can you do|could you do|how about|what about|meet (?:us|me)? ?(?:at|in the middle)|best we can do|if you can (?:get|bring|come|do|make)|(?:get|bring|come) (?:it |this |that )?down to|counter(?:offer)? (?:of|at|with)|for (?:a total of|a flat)|max(?:imum)? (?:of|is)|is our (?:max(?:imum)?|limit|budget|ceiling|final offer|best offer)|all in|total of|pay)\b/i;
const COMPETITOR_WORDS = /\b(?:competitors?|another vendor|other vendors?|another supplier|quote from|offer from|elsewhere|rival)\b/i;
const isCompetitorSentence = (s: string): boolean => COMPETITOR_WORDS.test(s) || new RegExp(NAMED_OFFER).test(s);

/**
 * Only the head of a reply is classified: a customer's answer is its first paragraphs, and the cap
 * keeps every rule linear-time on hostile input (injection detection still reads the whole text).
 */
export const MAX_CLASSIFY_CHARS = 4_000;

/** "$90 per seat", "$90/user", "€80 each", "$85 a license per year": a unit price, not a total. */
const PER_UNIT = /^\s*(?:(?:\/\s*|per\s+|a\s+|an\s+)(?:seat|user|licen[cs]e|unit|device|head|person|member)s?\b|each\b|apiece\b)/i;

const TERM_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  twelve: 12,
  eighteen: 18,
  "twenty-four": 24,
  "thirty-six": 36,
};
const TERM_RE =
  /\b(?:for|at|over|on|with|a|an|sign(?:ing)?(?: for)?|commit(?:ting)? to|get|do|take|go for)\s+(?:a\s+)?(\d{1,3}|one|two|three|four|five|six|twelve|eighteen|twenty-four|thirty-six)[\s-](years?|yrs?|months?|mos?)\b(?!\s+ago)/i;

/** The contract length asked in a counter ("3 years", "a 36-month term"), in months (1–120), if any. */
export function askedTerm(text: string): number | undefined {
  const m = TERM_RE.exec(text);
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : TERM_WORDS[m[1].toLowerCase()];
  const months = /^y/i.test(m[2]) ? n * 12 : n;
  return months >= 1 && months <= 120 ? months : undefined;
}

export function classifyReply(message: string): ReplyClassification {
  const text = stripQuoted(message.slice(0, MAX_CLASSIFY_CHARS * 4))
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_CLASSIFY_CHARS);
  const cls = clauses(text);
  const evidence: string[] = [];

  // Asked numbers, each judged in its sentence.
  let askedBps: number | undefined;
  let askedTotal: { minor: number; currency: string | null; perUnit: boolean } | undefined;
  let competitorNumber = false;
  let negatedOffer: string | null = null;
  for (const s of sentences(text)) {
    const competitor = isCompetitorSentence(s.text);
    for (const p of findPercents(s.text)) {
      const around = s.text.slice(Math.max(0, p.index - 60), p.index + p.span.length + 40);
      if (!DISCOUNT_CONTEXT.test(around) && !ASK_CONTEXT.test(around)) continue;
      if (p.bps > 10_000 || !Number.isInteger(p.bps)) continue;
      const abs = s.start + p.index;
      if (negatedAt(text, abs, cls) && !competitor) {
        negatedOffer ??= p.span;
        continue;
      }
      if (askedBps === undefined) {
        askedBps = p.bps;
        evidence.push(s.text.trim());
        competitorNumber ||= competitor;
      }
    }
    for (const m of findMoney(s.text)) {
      const before = s.text.slice(Math.max(0, m.index - 70), m.index);
      const after = s.text.slice(m.index + m.span.length, m.index + m.span.length + 40);
      if (
        !OFFER_CONTEXT.test(before) &&
        !/\b(?:is our (?:max(?:imum)?|limit|budget|ceiling|final offer|best offer)|max(?:imum)?|tops|total|all[- ]in|and we(?:'ll| will)? sign)\b/i.test(
          after,
        ) &&
        !competitor
      )
        continue;
      if (competitor && !/\b(?:offers?|offering|quoted|charges|for|at|gave|gives)\b/i.test(before + after)) continue;
      const abs = s.start + m.index;
      if (negatedAt(text, abs, cls) && !competitor) {
        negatedOffer ??= m.span;
        continue;
      }
      if (askedTotal === undefined) {
        askedTotal = { minor: m.minor, currency: m.currency, perUnit: PER_UNIT.test(after) };
        if (!evidence.includes(s.text.trim())) evidence.push(s.text.trim());
        competitorNumber ||= competitor;
      }
    }
  }

  if (askedBps === undefined && askedTotal === undefined) {
    const fromJson = jsonDiscountBps(text);
    if (fromJson !== undefined) {
      askedBps = fromJson;
      evidence.push(text.slice(0, 200));
    }
  }

  let objection: ObjectionKind | undefined;
  for (const o of OBJECTIONS) {
    const hit = find(text, o.cues, cls);
    if (hit && !hit.negated) {
      objection = o.kind;
      evidence.push(hit.span);
      break;
    }
  }
  if (!objection && negatedOffer) {
    objection = "price";
    evidence.push(negatedOffer);
  }
  const accept = find(text, ACCEPT, cls);

  const asked: Pick<ReplyClassification, "asked_discount_bps" | "asked_total_minor" | "asked_unit_minor" | "asked_currency"> = {};
  if (askedBps !== undefined) asked.asked_discount_bps = askedBps;
  if (askedTotal?.perUnit) {
    asked.asked_unit_minor = askedTotal.minor;
    if (askedTotal.currency) asked.asked_currency = askedTotal.currency;
  } else if (askedTotal !== undefined) {
    asked.asked_total_minor = askedTotal.minor;
    if (askedTotal.currency) asked.asked_currency = askedTotal.currency;
  }
  const hasAsk = askedBps !== undefined || askedTotal !== undefined;

  if (hasAsk && !competitorNumber) {
    const term = askedTerm(text);
    return {
      class: "counter_offer",
      ...(objection ? { objection } : {}),
      ...asked,
      ...(term ? { asked_term_months: term } : {}),
      evidence,
    };
  }
  if (objection) return { class: "objection", objection, ...asked, evidence };
  const decline = find(text, DECLINE, cls);
  if (decline) return { class: "objection", evidence: [...evidence, decline.span] };
  if (accept?.negated) return { class: "objection", evidence: [...evidence, accept.span] };
  if (accept) return { class: "acceptance", evidence: [accept.span] };
  const mark = text.indexOf("?");
  if (mark >= 0) {
    const sentence = sentences(text).find((x) => mark >= x.start && mark < x.start + x.text.length);
    return { class: "question", evidence: [(sentence?.text ?? "?").trim()] };
  }
  const ask =
    /\b(?:can you (?:clarify|explain|confirm|tell)|could you (?:clarify|explain|confirm|tell)|please (?:clarify|explain|confirm)|i was wondering|wondering (?:if|whether)|what (?:is|are|does)|how (?:does|do|long|much|many))\b/i.exec(
      text,
    );
  if (ask)
    return {
      class: "question",
      evidence: [
        text
          .slice(ask.index, ask.index + 160)
          .split(/[.!]/)[0]
          .trim(),
      ],
    };
  return { class: "other", evidence: [] };
}
