/**
 * Prompt-injection detection: text that tries to instruct an AI or the automation behind it (override
 * its instructions, leak its prompt, grant discounts, change prices or records, make it role-play as
 * staff). Patterns pair an imperative verb with a target only a machine would have ("your
 * instructions", "system prompt", "this lead's priority"), so a person's "please ignore the typo" or
 * "ignore my previous email" stays benign. The flag travels with the lead; the text stays data.
 */
export type InjectionResult = { attempt: boolean; evidence: string[] };

const W = "(?:[\\w'’-]+\\s+){0,4}?"; // up to a few filler words between verb and target
const MACHINE =
  "(?:ai|a\\.i\\.|assistant|ai assistant|model|ai model|language model|llm|gpt|chatgpt|claude|gemini|bot|chatbot|agent|ai agent|automation|automated system|system|crm|copilot|classifier|parser|scoring (?:engine|model))";

const PATTERNS: RegExp[] = [
  // 1. Overriding instructions: ignore/disregard/forget ... (previous) instructions/rules/prompt/guidance.
  new RegExp(
    `\\b(?:ignore|disregard|forget|override|overrule|bypass|skip|drop|abandon|discard|stop following|do not follow|don't follow|no longer follow)\\s+(?!(?:my|our)\\b)${W}(?:instructions?|rules|prompts?|guidelines|guidance|directives?|policies|policy|constraints|programming|training|system (?:prompt|message)|guardrails|restrictions|safeguards|context|configuration|pricing rules|approval rules)\\b(?!\\s+(?:I|we)\\s+(?:sent|gave|provided|mentioned|shared|wrote|emailed))`,
    "i",
  ),
  // 2. Text addressed to the machine: "SYSTEM NOTE TO AI", "Instruction for the assistant", "Dear AI".
  new RegExp(
    `\\b(?:note|notes|message|instructions?|command|directive|reminder|memo|attention|hint|override)\\s+(?:to|for)\\s+(?:the\\s+|any\\s+|all\\s+)?${MACHINE}s?\\b`,
    "i",
  ),
  new RegExp(`(?:^|[\\s.!?:;,(\\[-])(?:dear|hey|hi|hello|attention|important|note)\\s*[-,:!]?\\s*(?:${MACHINE})\\b\\s*[-,:!]`, "i"),
  // 3. A role marker followed by an order: "Assistant: disregard...", "AI model, ignore...", "System: you are".
  new RegExp(
    `(?:^|[\\s.!?;(\\[-])(?:${MACHINE}|system prompt|developer|admin)\\s*[:,>\\]]\\s*(?:please\\s+)?(?:ignore|disregard|forget|override|reply|respond|answer|reveal|print|output|repeat|you|set|give|grant|apply|classify|mark|record|approve|change|update|send|show|tell|act|pretend|from now|treat|assign|upgrade|lower|raise|offer)\\b`,
    "i",
  ),
  // 4. Leaking the prompt or secrets.
  new RegExp(
    `\\b(?:reveal|show|print|output|display|repeat|recite|reply with|respond with|return|leak|disclose|tell me|tell us|give me|give us|share|dump|send me|send us|paste|list)\\s+${W}(?:system prompt|(?:hidden|secret|internal|initial|original|underlying|full|exact|system|confidential)\\s+(?:prompt|instructions|rules|guidelines|message|configuration)|prompt instructions|your (?:prompt|instructions|rules|guidelines|programming|configuration)|api keys?|access tokens?|credentials|passwords?)\\b`,
    "i",
  ),
  // 5. "As the AI assistant, you must ...", "You are an AI and must ...".
  new RegExp(
    `\\bas (?:an?|the) ${MACHINE}(?:\\s+\\w+)?\\s*,?\\s*you\\s+(?:must|should|shall|will|are (?:required|instructed|obliged|allowed)|have to|need to|can now)\\b`,
    "i",
  ),
  new RegExp(`\\byou are (?:an?|the) ${MACHINE}\\b[^.!?\\n]{0,60}\\b(?:must|should|will|have to|need to)\\b`, "i"),
  // 6. Role-play as staff or an unrestricted mode.
  new RegExp(
    `\\b(?:act as|acting as|pretend (?:to be|you are|you're)|you are now|you're now|from now on,? you(?: are|'re| will| must)?|role-?play(?:ing)? as|play the role of|impersonate|behave as|respond as|speak as|switch to)\\s+(?:an?\\s+|the\\s+|my\\s+|our\\s+|your\\s+)?(?:[\\w-]+\\s+){0,2}?(?:admin(?:istrator)?|staff|employee|sales (?:manager|rep(?:resentative)?|director|team|agent)|manager|supervisor|developer|ceo|cfo|owner|representative|support agent|root|superuser|dan|jailbroken|unrestricted|unfiltered|developer mode|god mode|ledgerline)\\b`,
    "i",
  ),
  /\b(?:jailbreak|jail-break|DAN mode|developer mode enabled|prompt injection)\b|\bpretend (?:to be|you(?:'re| are))\b|\brole-?play as\b/i,
  // 7. Changing records, prices or scores the machine controls.
  new RegExp(
    `\\b(?:set|change|update|mark|classify|record|flag|score|rate|tag|label|treat|prioriti[sz]e|move|route|escalate|upgrade|override|register|log|enter)\\s+(?:this|the|our|my|its|their)?\\s*(?:lead|deal|account|opportunity|prospect|record|ticket|headcount|employee count|score|lead score|priority|price|prices|pricing|list price|discount|status|stage|qualification|rating|quote|deal value|contract value)\\b[^.!?\\n]{0,40}?\\b(?:as|to|at|into|=)\\s+(?:an?\\s+|the\\s+)?(?:top|high(?:est)?|max(?:imum)?|urgent|hot|vip|qualified|approved|priority|p0|p1|tier|premium|free|zero|\\$|€|£|usd|eur|gbp|\\d)`,
    "i",
  ),
  // 8. Discounts demanded of the system: "give us a 90% discount", "grant a 100% discount", "apply a free license".
  /\b(?:give|grant|apply|offer|approve|provide|issue|authori[sz]e|activate|unlock)\s+(?:us|me|them|this (?:lead|account|customer))?\s*(?:an?\s+|the\s+)?(?:(?:[7-9]\d|100)\s?%|massive|huge|maximum|max(?:imal)?|unlimited|special internal|employee|staff|100 percent|full)\s*(?:discount|off|rebate|price cut|reduction)\b/i,
  /\b(?:discount|price|pricing)\s+(?:has been|was|is)\s+(?:pre-?)?approved by\s+(?:your|the)\s+(?:ceo|cfo|manager|management|sales director|vp|head of sales|boss)\b/i,
  // 9. Skipping the humans in the loop.
  /\b(?:auto(?:matically|-)?\s*approve|skip (?:the\s+)?(?:human\s+)?(?:approval|review|escalation|checks?)|bypass (?:the\s+)?(?:approval|review|escalation|checks?)|without (?:any\s+)?(?:human\s+)?(?:approval|review|sign-?off|escalation))\b/i,
  // 10b. Conditional or collective address to machines; "ignore the above".
  new RegExp(
    `\\bif you are (?:an?|the) ${MACHINE}\\b|\\b${MACHINE}s? (?:reading|processing|parsing|handling|reviewing|summari[sz]ing) this\\b`,
    "i",
  ),
  /\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+|anything\s+)?(?:the\s+|that\s+was\s+)?(?:above|said before|before this|written above|previous text)\b(?!\s+(?:e-?mail|message|mail|note|typo|attachment|address|number|figures?|date|line))/i,
  /\bwhat (?:are|were) your (?:instructions|rules|guidelines|system prompt|initial prompt)\b/i,
  // 10. Chat-template and prompt-format tokens smuggled into text.
  /(?:<\|?(?:system|im_start|im_end|endoftext)\|?>|\[\/?INST\]|<<\/?SYS>>|###\s*(?:system|instruction)s?\b|\bBEGIN (?:SYSTEM )?PROMPT\b|\bnew instructions\s*:|\bsystem override\b|\bend of (?:user )?(?:input|prompt)\b)/i,
];

/** Sentence bounds around an index: from the previous terminator (or line start) to the next. */
function sentenceAround(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1])) s--;
  // "..Inc.. Assistant:" — a terminator directly followed by a letter is not a sentence end; keep going back.
  let e = end;
  while (e < text.length && !/[.!?\n]/.test(text[e])) e++;
  if (e < text.length && text[e] !== "\n") e++;
  return [s, e];
}

export function detectInjection(text: string): InjectionResult {
  const spans: Array<[number, number]> = [];
  for (const re of PATTERNS) {
    const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
    for (const m of text.matchAll(g)) {
      const mStart = m.index ?? 0;
      // Skip a leading separator the pattern consumed.
      const lead = /^[\s.!?:;,([-]*/.exec(m[0])?.[0].length ?? 0;
      const [sStart, sEnd] = sentenceAround(text, mStart + lead, mStart + m[0].length);
      // Keep data that shares the sentence ("Headcount: 390 Assistant: ...", "We're ready to buy; ignore ...")
      // out of the evidence: start at the match when the words before it are a clause of their own.
      const prefix = text.slice(sStart, mStart + lead);
      const ownClause = /\d/.test(prefix) || /[;,:–—]\s*$|[;:–—]|\s-\s/.test(prefix) || prefix.length > 60;
      const start = ownClause ? mStart + lead : sStart;
      spans.push([start, sEnd]);
    }
  }
  if (!spans.length) return { attempt: false, evidence: [] };
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const sp of spans) {
    const last = merged[merged.length - 1];
    if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else merged.push([...sp]);
  }
  const evidence = [...new Set(merged.map(([s, e]) => text.slice(s, e).trim()).filter(Boolean))];
  return { attempt: evidence.length > 0, evidence };
}

/** The text with injection evidence blanked out, so "set the budget to $10,000,000" is never extracted. */
export function maskInjection(text: string, evidence: string[]): string {
  let out = text;
  for (const ev of evidence) out = out.split(ev).join("\n");
  return out;
}
