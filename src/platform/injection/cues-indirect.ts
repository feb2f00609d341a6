import type { Cue } from "./cues";

/**
 * Cues of indirect injections as published against mail and document assistants (Greshake et al.,
 * AgentDojo, HouYi, 0din's Gemini summaries, PromptArmor, Morris II): text that names the machine by
 * vocative, refers to the task the reader was given, hides itself from the human, plants a standing
 * order for later questions, steers what the reader's answer must contain, or asks for data in bulk.
 * Each pairs a shape a person writing to a vendor has no reason to use with its target; the weaker
 * ones (< 1) only flag together with another signal.
 */
const rx = (s: string) => new RegExp(s, "iu");

/** Names only a machine answers to (a vocative "Copilot," / "LLM evaluator:"). */
const AI_NAME =
  "(?:ai|a\\.i\\.|ai assistant|ai model|ai agent|language model|llm|gpt(?:-?\\d[\\w.]*)?|chatgpt|claude|gemini|copilot|chatbot)";
/** Names a person's assistant or agent can have too: only with a comma (a label "Agent:" is a transcript). */
const SOFT_NAME = "(?:assistant|bot|model|agent|email assistant)";
/** What follows a vocative when it gives an order. */
const ORDER =
  "(?=[^.!?\\n]{0,80}\\b(?:you|your|please|before|after|when(?:ever)?|ignore|forward|send|reply|respond|include|tell|do|look|mark|score|rank|rate|have to|must|always|never|give|grant|approve|set|change|update|write|draft|add|put|make|list|show|print|output|return|say|state|summari[sz]e|classify|treat|call|wire|pay|open|read|delete|remove|copy|use|provide|answer)\\b)";

export const INDIRECT_CUES: Cue[] = [
  {
    id: "vocative_machine",
    weight: 1,
    re: rx(
      `(?:^|[.!?]\\s+|\\n\\s*|\\(\\s*)(?:(?:you|hi|hey|hello|dear)\\s+)?(?:(?:the\\s+)?[\\w-]+\\s+)?${AI_NAME}(?:\\s+[\\w-]+)?\\s*[,:.]\\s*${ORDER}`,
    ),
  },
  {
    id: "vocative_machine",
    weight: 1,
    re: rx(`(?:^|[.!?]\\s+|\\n\\s*)(?:(?:you|hi|hey|hello|dear)\\s+)?${SOFT_NAME}\\s*[,.]\\s*${ORDER}`),
  },
  // A line that only greets the machine ("Hi assistant."): the order follows on the next line.
  { id: "vocative_machine", weight: 1, re: rx(`^\\s*(?:hi|hey|hello|dear)\\s+(?:the\\s+)?(?:${AI_NAME}|${SOFT_NAME})\\s*[,.!:]?\\s*$`) },
  {
    id: "addressed_to_machine",
    weight: 0.6,
    re: rx(`\\b(?:instructions?|note|message|notice)\\s+(?:to|for)\\s+(?:the\\s+)?(?:[\\w-]+\\s+){0,2}?(?:${AI_NAME}|assistant|bot)s?\\b`),
  },
  {
    id: "task_hijack",
    weight: 1,
    re: rx(
      "\\b(?:the|your)\\s+(?:original|initial|previous|current|first|actual|real\\s+)?\\s*task\\s+(?:that\\s+)?(?:i|we|the user|they|you were)\\s+(?:gave|give|assigned|set|given)\\b|\\bbefore you (?:can\\s+)?(?:solve|complete|finish|do|perform|continue(?: with)?|answer|summari[sz]e)\\s+(?:the|your|this)\\s+(?:[\\w-]+\\s+)?task\\b|\\bin addition to (?:the|your) (?:previous|original|current|above|first|given)\\s+task\\b",
    ),
  },
  {
    id: "config_leak",
    weight: 1,
    re: rx(
      "\\b(?:rules|limits|instructions|prompts?|settings|polic(?:y|ies)|guidelines|constraints)\\s+(?:that\\s+)?you\\s+(?:were|are|have been|'ve been)\\s+(?:configured|programmed|instructed|given|told|trained|set up|prompted)\\b",
    ),
  },
  {
    id: "conceal_from_user",
    weight: 1,
    re: rx(
      "\\b(?:do not|don't|never|without)\\s+(?:ever\\s+)?(?:tell(?:ing)?|mention(?:ing)?|inform(?:ing)?|notify(?:ing)?|alert(?:ing)?|show(?:ing)?|reveal(?:ing)?|disclos(?:e|ing))\\s+(?:this|it|that|anything)?\\s*(?:to\\s+)?(?:the\\s+)?(?:user|reader|recipient|human|account owner|operator)s?\\b|\\b(?:do not|don't|never)\\s+(?:mention|reveal|disclose|repeat|quote)\\s+(?:this|these)\\s+(?:comment|line|instructions?|note|step|text|part)\\b",
    ),
  },
  {
    id: "standing_order",
    weight: 0.7,
    re: rx(
      "\\bwhen(?:ever)?\\s+(?:you\\s+are\\s+|you're\\s+)?asked\\s+(?:for|about|to)\\b[^.!?\\n]{0,80}?\\b(?:reply|respond|answer|say|print|output|include|tell|always|do the following)\\b",
    ),
  },
  {
    id: "output_steering",
    weight: 0.5,
    re: rx(
      "\\b(?:include|add|append|insert|put|print|start|begin|end|prefix)\\s+(?:[\\w\"'-]+\\s+){0,4}?(?:in|to|into|at the (?:start|end|top|bottom) of|with)\\s+(?:every|each|all|any|your)\\s+(?:[\\w-]+\\s+)?(?:repl(?:y|ies)|responses?|answers?|summar(?:y|ies)|outputs?)\\b",
    ),
  },
  {
    id: "role_play",
    weight: 1,
    re: rx(
      "\\b(?:we are going to|we're going to|let'?s|let us)\\s+(?:have|play|do|start)\\s+(?:a\\s+)?role-?play\\b|\\byou are (?:now\\s+)?[\\w-]+,\\s+(?:an?|the)\\s+(?:[\\w-]+\\s+){0,2}?(?:ai|assistant|bot|chatbot|model|agent)\\b",
    ),
  },
  {
    id: "bulk_exfiltration",
    weight: 0.7,
    re: rx(
      "\\b(?:forward|send|e-?mail|copy|export|upload|share|post)\\s+(?:[\\w-]+\\s+){0,3}?(?:all|every|each|the (?:last|latest|entire|whole|full|complete)(?:\\s+\\d+)?)\\s+(?:[\\w-]+\\s+){0,2}?(?:e-?mails?|messages|inbox|mailbox|contacts?|address book|customer (?:list|data|records|details)|client list|conversations?|threads?|internal notes|credentials|passwords)\\b|\\b(?:forward|send|e-?mail|export|upload|share)\\s+(?:the|our|your)\\s+(?:customer|client|contact|user)\\s+(?:list|database|data|records)\\b",
    ),
  },
  {
    id: "internal_data_access",
    weight: 0.6,
    re: rx(
      "\\b(?:read|look up|retrieve|collect|gather|access|search|open|pull|fetch|go through)\\s+(?:[\\w-]+\\s+){0,3}?(?:internal|private|confidential|hidden)\\s+(?:notes|data|records|documents|files|messages|information|details)\\b",
    ),
  },
  {
    id: "privacy_dismissal",
    weight: 0.5,
    re: rx("\\b(?:does not|doesn't|do not|don't)\\s+care about (?:privacy|security|confidentiality)\\b"),
  },
  {
    id: "evaluation_steer",
    weight: 0.6,
    re: rx(
      "\\b(?:score|rate|rank|grade|evaluate)\\s+(?:this|it|us|them)\\s+(?:[\\w-]+\\s+){0,3}?(?:\\d+\\s*\\/\\s*\\d+|first|highest|top|best)\\b",
    ),
  },
  // A link the reader is to fill in: a template placeholder or a secret-named parameter in a Markdown URL.
  { id: "url_template", weight: 1, re: /https?:\/\/[^\s)]*[?&][\w-]+=\s*\{[^}\n]{2,200}\}/i },
  {
    id: "exfil_link",
    weight: 0.4,
    re: /\]\(\s*https?:\/\/[^)\s]*[?&](?:secret|token|key|api_?key|password|pwd|session|data|q|info|d)=|^\s*\[[^\]\n]+\]:\s*https?:\/\/\S*[?&][\w-]+=/im,
  },
];

/** Someone cancels instructions of a document or a person ("ignore the instructions in my last mail"). */
const ANCHOR_AFTER = [
  // en: in the earlier attachment / in Addendum 1 / we discussed on the call / in my previous email
  /^\s*(?:(?:that|which)\s+)?(?:i|we|you and i)\s+(?:[\w-]+\s+)?(?:\w+ed|had|set|made|wrote|sent|gave|agreed|put)\b/i,
  /^[^.!?\n]{0,30}?\b(?:in|from|of|on|under)\s+(?:(?:the|my|our|this|that|his|her|their|an?)\s+)?(?:[\w-]+\s+){0,2}?(?:attachment|attached|e-?mail|mail|message|letter|document|doc|pdf|file|guide|manual|addend(?:um|a)|amendment|spec(?:ification)?s?|version|invitation|rfp|rfq|tender|brochure|call|meeting|contract|order|form|page|section|clause|website|portal)\b/i,
  // fr / de / es / it
  /^[^.!?\n]{0,30}?\b(?:(?:de|dans)\s+(?:l['’]|la\s|le\s|les\s|mon\s|ma\s|mes\s|notre\s|votre\s|nos\s|vos\s|cette\s|ce\s)|(?:du|des|au|aux)\s)\s*(?:[\w-]+\s+){0,2}?(?:mail|e-?mail|courriel|message|cahier|document|version|pi[èe]ce jointe|guide|contrat|appel|offre|devis|lettre|notice|r[èe]glement)/i,
  /^[^.!?\n]{0,30}?\b(?:in|aus|im|vom|von|der|des)\s+(?:meiner|meinem|unserer|unserem|der|dem|des|ihrer|ihrem|letzten|vorherigen|ersten|alten)\s+(?:[\w-]+\s+){0,2}?(?:mail|e-?mail|nachricht|schreiben|anlage|anhang|dokument|version|ausschreibung|brief|angebot|bestellung|anleitung)/i,
  /^[^.!?\n]{0,30}?\b(?:de|del|en)\s+(?:(?:la|el|mi|mis|nuestro|nuestra|su|este|esta)\s+)?(?:[\w-]+\s+){0,2}?(?:correo|mensaje|documento|adjunto|versi[óo]n|instalaci[óo]n|env[íi]o|pago|uso|pliego|contrato|manual|gu[íi]a|oferta)/i,
  /^[^.!?\n]{0,30}?\b(?:della|del|nella|nel|di)\s+(?:(?:mia|mio|nostra|nostro|precedente|ultima|ultimo)\s+)?(?:[\w-]+\s+){0,2}?(?:mail|e-?mail|messaggio|documento|allegato|versione|capitolato|contratto|offerta)/i,
];
/** A human procedure named in the object ("the submission instructions", "installation instructions"). */
const HUMAN_PROCEDURE =
  /\b(?:submission|installation|install|setup|set-up|shipping|delivery|payment|assembly|login|cleaning|care|washing|filing|bidding|packing|upload|return|travel|parking|safety|operating|user|wiring|mounting)\s+(?:instructions|guidelines|rules)\b/i;
/** The verb is not an order: a subject does it ("Offerors who ignore these instructions will be disqualified"). */
const NOT_IMPERATIVE =
  /\b(?:who|which|that|whoever|anyone|those|they|bidders?|offerors?|vendors?|proposers?|suppliers?|applicants?|tenderers?|contractors?|respondents?)\s+(?:[\w-]+\s+)?$/i;

/** True when an override cue's match cancels a person's or a document's instructions, not a machine's. */
export function overrideIsAnchored(text: string, index: number, match: string): boolean {
  if (/\b(?:system|prompt|programming|training|guardrails|your)\b/i.test(match)) return false;
  if (HUMAN_PROCEDURE.test(match)) return true;
  if (NOT_IMPERATIVE.test(text.slice(Math.max(0, index - 40), index))) return true;
  const after = text.slice(index + match.length, index + match.length + 90);
  return ANCHOR_AFTER.some((re) => re.test(after));
}
