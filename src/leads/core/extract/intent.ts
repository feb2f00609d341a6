import type { Field, Intent } from "../types";
import { found } from "./field";

/**
 * Intent by weighted cues: spam and support are recognised by what they say (prizes, click-bait, SEO
 * offers; log-in trouble, broken syncs, tickets), an information request by "just researching",
 * "brochure", "general information"; buying by quotes, RFPs, shortlists, plans to buy. Ties go to
 * purchase; a text with no cue at all is an information request.
 */
type Cue = { re: RegExp; w: number };

const SPAM: Cue[] = [
  // money-making offers and advance-fee fraud
  {
    re: /\b(?:make money|making money|earn(?:ings)? (?:online|from home)|additional earnings|(?:producing|making|start(?:ing)? (?:producing|making)) (?:the )?cash|keep this (?:top )?secret|(?:we'?re|we are) not charging anything|next of kin|deceased (?:client|customer)|share in the ratio|money transfer|wire the rest|money mule)\b/i,
    w: 4,
  },
  {
    re: /\b(?:you(?:'ve| have) been (?:approved|selected|pre-?approved) for|limited time (?:opportunity|offer)|credit history is (?:in )?no|house loan|act now|processing fee|release your (?:prize|funds))\b/i,
    w: 3,
  },
  { re: /\bcongratulations?\b[^.!?\n]{0,60}\b(?:selected|won|winner|chosen|eligible)\b/i, w: 4 },
  {
    re: /\b(?:gift ?card|free (?:iphone|ipad|vacation|cruise|gift)|lottery|jackpot|casino|sweepstakes?|you(?:'ve| have)? won|claim (?:your|the) (?:prize|reward|gift|winnings))\b/i,
    w: 4,
  },
  { re: /\bclick (?:the|this|here|below)?\s*(?:link|button|here)\b/i, w: 2 },
  { re: /\b(?:boost|increase|double|triple|skyrocket) your (?:seo|rankings?|traffic|sales|followers|revenue|leads)\b/i, w: 4 },
  { re: /\b(?:seo (?:ranking|audit|services?|agency)|backlinks?|guest posts?|free (?:seo )?audit|link building|web traffic)\b/i, w: 3 },
  {
    re: /\b(?:crypto(?:currency)?|bitcoin|forex|binary options|investment opportunity|get rich|make money (?:fast|online|from home)|work from home|viagra|cialis|weight loss|payday loan|nigerian prince)\b/i,
    w: 4,
  },
  {
    re: /\b(?:limited[- ]time offer|act now|100% free|risk[- ]free|no obligation|unsubscribe|reply now|exclusive deal|special promotion)\b/i,
    w: 2,
  },
  { re: /\byou won\b|\bwinner\b|!!!/i, w: 2 },
  {
    re: /\bgrow your (?:business|sales|revenue|audience)\b|\b(?:business|partnership|collaboration|investment) (?:proposal|opportunity) for you\b|\bdear (?:sir|madam|sir\/madam)\b|\bact now\b/i,
    w: 2,
  },
  {
    re: /\bget (?:\d[\d,]*k?|thousands of|more) (?:followers|likes|subscribers|views|backlinks)\b|\brolex\b|\breplica\b|\bmake \$+\b/i,
    w: 4,
  },
  {
    re: /\b(?:first page of google|page one of google|top of google|guaranteed (?:results|roi|returns|traffic|rankings?)|website (?:redesign|traffic)|(?:email|lead|contact) (?:lists?|database) for sale|buy (?:followers|likes|reviews)|cheap (?:meds|pills|loans))\b/i,
    w: 4,
  },
  {
    re: /\b(?:verify your (?:account|identity|password)|your account (?:has been|was|will be) (?:suspended|compromised|locked|closed|deactivated)|confirm your (?:password|credentials|bank details)|\d{2,3}\s?% off\b|hot deal|casino bonus|dear (?:friend|beneficiary)|inheritance|wire transfer fee)/i,
    w: 4,
  },
  {
    re: /\b(?:earn|make)\s+\$?\d[\d,]*k?\s*(?:a|per|\/)\s*(?:day|week|month)\b|\bfrom (?:the comfort of your )?home\b|\bpassive income\b/i,
    w: 3,
  },
];
const SUPPORT: Cue[] = [
  {
    re: /\b(?:can(?:no|')t|cannot|unable to|not able to|couldn't|could not)\s+(?:log ?in|login|sign ?in|access (?:my|our|the) (?:account|dashboard|data|invoices|reports)|connect|reset|export|import|open (?:my|our|the) (?:account|dashboard|invoices|reports)|sync|upload|download)\b/i,
    w: 4,
  },
  { re: /\bpassword reset\b|\breset (?:my|our|the) password\b|\blocked out\b|\b2fa\b|\btwo[- ]factor\b/i, w: 3 },
  {
    re: /\b(?:stopped|stops|isn't|is not|aren't|are not|not|doesn't|does not|don't|won't)\s+(?:working|syncing|loading|arriving|updating|sending|showing|connecting|responding)\b/i,
    w: 3,
  },
  { re: /\b(?:broken|outage|is down|went down|bug|crash(?:es|ed|ing)?|error (?:message|code)|500 error|glitch|not work(?:ing)?)\b/i, w: 2 },
  {
    re: /\b(?:open|raise|create|file|log) (?:a |an )?(?:support )?(?:ticket|case|incident)\b|\bsupport (?:ticket|request|case)\b|\bhelp ?desk\b/i,
    w: 4,
  },
  { re: /\b(?:our|my) (?:account|subscription|dashboard|integration|invoice sync|instance|workspace|login|license)\b/i, w: 1 },
  {
    re: /\b(?:refund|cancel (?:my|our) (?:subscription|account|plan)|billing (?:issue|problem|error)|charged twice|double charged)\b/i,
    w: 3,
  },
  {
    re: /\b(?:support (?:needed|required|request)|(?:issue|problem|trouble) with (?:my|our|the) (?:account|invoices?|dashboard|login|sync|integration|export|import|bank feed|payments?|reports?))\b/i,
    w: 3,
  },
  { re: /\b(?:login|log-?in) (?:problem|issue|trouble)\b|\bsync (?:broken|issue|problem|error|failed)\b/i, w: 3 },
  {
    re: /\b(?:having|have|had|run(?:ning)? into|experiencing) (?:some |a |an )?(?:trouble|issues?|problems?|difficult(?:y|ies)|errors?)\b|\b(?:getting|get|got|see|seeing|receive|receiving) (?:an? |this )?error\b|\b(?:is|keeps|kept) failing\b|\bfails to\b/i,
    w: 3,
  },
  {
    re: /\b(?:not|isn't|aren't|stopped|doesn't|don't|won't)\s+(?:been\s+)?(?:reconciling|importing|exporting|matching|posting|saving|processing|running|opening|generating|displaying|refreshing|pulling|pushing|syncing)\b|\b(?:hasn't|haven't|has not|have not)\s+(?:been\s+)?(?:updated|synced|loaded|arrived|worked|imported|reconciled|refreshed)\b|\bduplicate (?:invoices|entries|payments|records|transactions)\b|\b(?:since|after) (?:the|your) (?:last |latest |recent )?(?:update|upgrade|release)\b/i,
    w: 3,
  },
  {
    re: /\b(?:connection|integration|feed|sync|api|import|export|upload|webhook)s? (?:has |have |had )?(?:dropped|failed|fails|broke|is broken|are broken|stopped|is down|keeps (?:failing|dropping|crashing))\b|\bwrong (?:totals?|amounts?|numbers|balances?|figures|data)\b|\bcharged (?:twice|incorrectly|the wrong)\b|\bdouble[- ]charged\b|\bforgot (?:my|our|the) password\b|\bhelp (?:me|us) (?:change|update|reset|fix|export|add|remove|recover|restore)\b/i,
    w: 3,
  },
  {
    re: /\bhow (?:do|can) (?:i|we) (?:reset|change|export|import|add|remove|update|cancel|connect|fix|recover)\b|\bneed help with (?:my|our|the)\b|\bnot receiving\b|\baccount (?:is )?locked\b/i,
    w: 3,
  },
];
const INFO: Cue[] = [
  { re: /\bjust (?:researching|looking|browsing|exploring|curious|gathering)\b/i, w: 3 },
  {
    re: /\b(?:brochure|datasheet|data sheet|whitepaper|white paper|case stud(?:y|ies)|product sheet|one-pager|pricing overview|price overview|overview of your)\b/i,
    w: 2,
  },
  { re: /\b(?:general|some|more|further|additional|basic) (?:information|info|details)\b/i, w: 2 },
  {
    re: /\b(?:learn|know|understand|hear) more about\b|\bquestions? about (?:your|the) (?:product|service|platform|tool|offering|solution)\b/i,
    w: 2,
  },
  {
    re: /\b(?:early stages?|not (?:yet )?ready to (?:buy|purchase|commit)|no immediate (?:plans|need)|exploring (?:options|the market)|gathering information|information gathering|for (?:future|later) reference|researching options)\b/i,
    w: 3,
  },
  { re: /\b(?:quick|general|product) (?:question|inquiry|enquiry)\b/i, w: 1 },
  { re: /\bsend (?:me|us) (?:some |more )?(?:info|information|material|materials|details|documentation)\b/i, w: 2 },
  { re: /\bhow does (?:your|the) (?:product|platform|tool)\b|\bwhat does (?:your|the) (?:product|platform|tool)\b/i, w: 1 },
  {
    re: /\b(?:price list|pricing sheet|pricing page|rate card|product tour|feature list|spec sheet)\b|\bexploring (?:[\w-]+ ){0,2}(?:options|alternatives|solutions|the market)\b/i,
    w: 2,
  },
  { re: /\bdo you (?:integrate|support|offer|have|provide|work) (?:with )?/i, w: 1 },
];
const PURCHASE: Cue[] = [
  { re: /\bready to (?:buy|purchase|sign|move forward|proceed|commit|go)\b/i, w: 4 },
  {
    re: /\b(?:need|want|require|looking for) (?:a |an )?(?:new )?(?:[\w-]+ ){0,3}(?:tool|platform|solution|system|software|vendor)\b|\breplac(?:e|ing) (?:our|the|an?) (?:[\w-]+ ){0,3}(?:tool|platform|solution|system|software|vendor|provider|process)\b/i,
    w: 2,
  },
  {
    re: /\binterested in (?:buying|purchasing|licensing|acquiring|subscribing|signing up|a quote|pricing|your pricing|rolling out|implementing)\b|\blooking for (?:a |an )?(?:quote|vendor|supplier|solution|tool|platform|partner|replacement)\b/i,
    w: 3,
  },
  {
    re: /\b(?:plan|plans|planning|intend|intends|intending|want|wants|wanting|looking|need|needs|decided) to (?:buy|purchase|procure|license|subscribe|sign|replace|switch|implement|roll out|deploy|adopt)\b/i,
    w: 3,
  },
  {
    re: /\b(?:would like|like|need|want|requesting|request|get|send us|send me|send|provide) (?:us |me )?(?:a |an |your )?(?:formal |firm |detailed |binding )?(?:quote|quotation|proposal|offer|pricing proposal)\b/i,
    w: 3,
  },
  // An RFP alone is not a buying signal here: RFPs also go out to gather information (see isRfp below).
  {
    re: /\b(?:request for (?:quote|quotation|pricing)|vendor (?:evaluation|selection)|evaluating vendors|shortlist(?:ed)?|short list|pilot|proof of concept|contract|procurement process|purchase order)\b/i,
    w: 2,
  },
  {
    re: /\bpricing for\b|\bprice (?:quote|for)\b|\bhow much (?:would|does|will) (?:it|this) cost\b|\bnumber of (?:licen[cs]es|seats)\b/i,
    w: 2,
  },
  { re: /\b(?:go[- ]?live|implementation|onboarding|roll-?out|deployment)\b/i, w: 1 },
  { re: /\b(?:budget|approved|sign-?off|decision makers?|stakeholders)\b/i, w: 1 },
  { re: /\b(?:demo|trial|call with (?:sales|your team))\b/i, w: 1 },
];

/** What a solicitation buys: scope, services, supplies, deliveries, a contract and its award. */
const SCOPE =
  /\b(?:award(?:ed)?|contract(?:s|ing|or)?|scope of (?:work|services)|services?|deliver(?:y|ed|ies)|suppl(?:y|ies)|procure(?:ment)?|bidders?|offerors?|tenderers?|qualifications|lots?|quantit(?:y|ies)|purchase order|period of performance|statement of work|framework agreement|licen[cs]es)\b/i;

function score(text: string, cues: Cue[]): { total: number; strong: number; evidence: string | null } {
  let total = 0;
  let strong = 0;
  let evidence: string | null = null;
  let best = 0;
  for (const c of cues) {
    const m = c.re.exec(text);
    if (!m) continue;
    total += c.w;
    if (c.w >= 2) strong += c.w;
    if (c.w > best) {
      best = c.w;
      evidence = m[0];
    }
  }
  return { total, strong, evidence };
}

/** The sentence holding a matched phrase, as evidence. */
function sentenceOf(text: string, phrase: string | null): string | null {
  if (!phrase) return null;
  const i = text.indexOf(phrase);
  if (i < 0) return phrase;
  let s = i;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1])) s--;
  let e = i + phrase.length;
  while (e < text.length && !/[.!?\n]/.test(text[e])) e++;
  return text.slice(s, Math.min(text.length, e + 1)).trim();
}

export function extractIntent(body: string, subject: string | null, opts: { isRfp?: boolean; hasFacts?: boolean } = {}): Field<Intent> {
  const text = subject ? `${subject}\n${body}` : body;
  const spam = score(text, SPAM);
  const support = score(text, SUPPORT);
  const info = score(text, INFO);
  const purchase = score(text, PURCHASE);
  // A buyer's solicitation mentions what spam sells ("website redesign"): it needs more to be spam.
  if (spam.total >= 3 && spam.total > purchase.strong + (opts.isRfp ? 4 : 0))
    return found<Intent>("spam", sentenceOf(text, spam.evidence) ?? "", Math.min(0.95, 0.6 + spam.total / 20));
  if (support.total >= 3 && support.total > purchase.total) {
    return found<Intent>("support", sentenceOf(text, support.evidence) ?? "", Math.min(0.95, 0.6 + support.total / 20));
  }
  // Weak buying words ("budget", "go-live") appear in information requests too: they only decide
  // when nothing says "just researching".
  if (info.total > purchase.strong) return found<Intent>("info_request", sentenceOf(text, info.evidence) ?? "", 0.75);
  if (purchase.total > 0 && (purchase.total >= 2 || opts.hasFacts))
    return found<Intent>("purchase", sentenceOf(text, purchase.evidence) ?? "", purchase.total >= 3 ? 0.85 : 0.65);
  // A solicitation (RFP, RFQ, tender notice) is a purchase even without a budget line when it names
  // what is bought: a scope, services, deliveries, a contract or its award.
  if (opts.isRfp && (opts.hasFacts || SCOPE.test(text))) {
    const m = SCOPE.exec(text);
    return found<Intent>("purchase", sentenceOf(text, m?.[0] ?? null) ?? "Request for Proposal", 0.55);
  }
  return { value: "info_request", evidence: null, confidence: 0.4 };
}
