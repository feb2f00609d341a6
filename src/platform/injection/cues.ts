/**
 * Lexical cues of an instruction aimed at a machine, read on normalised (and decoded) text. Each cue
 * pairs an imperative with a target only a machine has ("your instructions", "the system prompt",
 * "this deal's stage"), so "please ignore the typo" or "ignore my previous email" stays benign.
 * A strong cue (weight ≥ 1) flags alone; weak ones only add up with other signals (see detector.ts).
 */
export type Cue = { id: string; weight: number; re: RegExp };

const W = "(?:[\\w'’-]+\\s+){0,4}?";
const MACHINE =
  "(?:ai|a\\.i\\.|assistant|ai assistant|model|ai model|language model|llm|gpt|chatgpt|claude|gemini|bot|chatbot|agent|ai agent|automation|automated system|system|crm|copilot|classifier|parser|scoring (?:engine|model)|negotiation (?:agent|engine|bot))";
const VERB =
  "(?:ignore|disregard|forget|override|reply|respond|answer|reveal|print|output|repeat|you|set|give|grant|apply|classify|mark|record|approve|change|update|send|show|tell|act|pretend|from now|treat|assign|upgrade|lower|raise|offer|execute|run|call|forward|cc|bcc)";

const rx = (s: string) => new RegExp(s, "i");

export const CUES: Cue[] = [
  {
    id: "override_instructions",
    weight: 1,
    re: rx(
      `\\b(?:ignore|disregard|forget|override|overrule|bypass|skip|drop|abandon|discard|stop following|do not follow|don't follow|no longer follow)\\s+(?!(?:my|our)\\b)${W}(?:instructions?|rules|prompts?|guidelines|guidance|directives?|policies|policy|constraints|programming|training|system (?:prompt|message)|guardrails|restrictions|safeguards|context|configuration|pricing rules|approval rules)\\b(?!\\s+(?:I|we)\\s+(?:sent|gave|provided|mentioned|shared|wrote|emailed))`,
    ),
  },
  {
    id: "addressed_to_machine",
    weight: 1,
    re: rx(
      `\\b(?:note|notes|message|instructions?|command|directive|reminder|memo|attention|hint|override)\\s+(?:to|for)\\s+(?:the\\s+|any\\s+|all\\s+)?${MACHINE}s?\\b`,
    ),
  },
  {
    id: "addressed_to_machine",
    weight: 1,
    re: rx(`(?:^|[\\s.!?:;,(\\[-])(?:dear|hey|hi|hello|attention|important|note)\\s*[-,:!]?\\s*(?:${MACHINE})\\b\\s*[-,:!]`),
  },
  {
    id: "role_marker_order",
    weight: 1,
    re: rx(`(?:^|[\\s.!?;(\\[-])(?:${MACHINE}|system prompt|developer|admin)\\s*[:,>\\]]\\s*(?:please\\s+)?${VERB}\\b`),
  },
  {
    id: "prompt_leak",
    weight: 1,
    re: rx(
      `\\b(?:reveal|show|print|output|display|repeat|recite|reply with|respond with|return|leak|disclose|tell me|tell us|give me|give us|share|dump|send me|send us|paste|list|include|quote|translate|summari[sz]e)\\s+${W}(?:system prompt|(?:hidden|secret|internal|initial|original|underlying|full|exact|system|confidential)\\s+(?:prompt|instructions|rules|guidelines|message|configuration|policy|pricing rules|discount rules)|prompt instructions|your (?:prompt|instructions|rules|guidelines|programming|configuration|discount (?:policy|rules|limits?)|pricing rules)|api keys?|access tokens?|credentials|passwords?|(?:the\\s+)?(?:max(?:imum)?|floor) (?:discount|price) (?:you|the system) (?:can|may|is allowed))\\b`,
    ),
  },
  {
    id: "prompt_leak",
    weight: 1,
    re: /\bwhat (?:are|were|is) your (?:instructions|rules|guidelines|system prompt|initial prompt|maximum discount|discount (?:limit|cap|policy))\b/i,
  },
  {
    id: "role_assignment",
    weight: 1,
    re: rx(
      `\\bas (?:an?|the) ${MACHINE}(?:\\s+\\w+)?\\s*,?\\s*you\\s+(?:must|should|shall|will|are (?:required|instructed|obliged|allowed)|have to|need to|can now)\\b`,
    ),
  },
  {
    id: "role_assignment",
    weight: 1,
    re: rx(`\\byou are (?:an?|the) ${MACHINE}\\b[^.!?\\n]{0,60}\\b(?:must|should|will|have to|need to)\\b`),
  },
  {
    id: "role_play",
    weight: 1,
    re: rx(
      `\\b(?:act as|acting as|pretend (?:to be|you are|you're)|you are now|you're now|from now on,? you(?: are|'re| will| must)?|role-?play(?:ing)? as|play the role of|impersonate|behave as|respond as|speak as|switch to|let'?s play a game|imagine you are|simulate)\\s+(?:an?\\s+|the\\s+|my\\s+|our\\s+|your\\s+)?(?:[\\w-]+\\s+){0,3}?(?:admin(?:istrator)?|staff|employee|sales (?:manager|rep(?:resentative)?|director|team|agent)|manager|supervisor|developer|ceo|cfo|owner|representative|support agent|root|superuser|dan|jailbroken|unrestricted|unfiltered|developer mode|god mode|ledgerline|pricing (?:bot|engine|system)|game|character|persona|approver)\\b`,
    ),
  },
  {
    id: "jailbreak",
    weight: 1,
    re: /\b(?:jailbreak|jail-break|DAN mode|developer mode enabled|prompt injection)\b|\bpretend (?:to be|you(?:'re| are))\b|\brole-?play as\b/i,
  },
  {
    id: "record_change",
    weight: 1,
    re: rx(
      `\\b(?:set|change|update|mark|classify|record|flag|score|rate|tag|label|treat|prioriti[sz]e|move|route|escalate|upgrade|override|register|log|enter)\\s+(?:this|the|our|my|its|their)?\\s*(?:lead|deal|account|opportunity|prospect|record|ticket|headcount|employee count|score|lead score|priority|price|prices|pricing|list price|discount|status|stage|qualification|rating|quote|deal value|contract value)\\b[^.!?\\n]{0,40}?\\b(?:as|to|at|into|=)\\s+(?:an?\\s+|the\\s+)?(?:top|high(?:est)?|max(?:imum)?|urgent|hot|vip|qualified|approved|priority|p0|p1|tier|premium|free|zero|won|closed|\\$|€|£|usd|eur|gbp|\\d)`,
    ),
  },
  {
    id: "discount_demand",
    weight: 1,
    re: /\b(?:give|grant|apply|offer|approve|provide|issue|authori[sz]e|activate|unlock)\s+(?:us|me|them|this (?:lead|account|customer))?\s*(?:an?\s+|the\s+)?(?:(?:[7-9]\d|100)\s?%|massive|huge|maximum|max(?:imal)?|unlimited|special internal|employee|staff|100 percent|full)\s*(?:discount|off|rebate|price cut|reduction)\b/i,
  },
  {
    id: "skip_human",
    weight: 1,
    re: /\b(?:auto(?:matically|-)?\s*approve|skip (?:the\s+)?(?:human\s+)?(?:approval|review|escalation|checks?)|bypass (?:the\s+)?(?:approval|review|escalation|checks?)|without (?:any\s+)?(?:human\s+)?(?:approval|review|sign-?off|escalation))\b/i,
  },
  {
    id: "addressed_to_machine",
    weight: 1,
    re: rx(
      `\\bif you are (?:an?|the) ${MACHINE}\\b|\\b${MACHINE}s? (?:reading|processing|parsing|handling|reviewing|summari[sz]ing) this\\b`,
    ),
  },
  {
    id: "override_instructions",
    weight: 1,
    re: /\b(?:ignore|disregard|forget)\s+(?:all\s+|everything\s+|anything\s+)?(?:the\s+|that\s+was\s+)?(?:above|said before|before this|written above|previous text)\b(?!\s+(?:e-?mail|message|mail|note|typo|attachment|address|number|figures?|date|line))/i,
  },
  {
    id: "chat_template",
    weight: 1,
    re: /(?:<\|?(?:system|im_start|im_end|endoftext|user|assistant|eot_id|start_header_id)\|?>|\[\/?INST\]|<<\/?SYS>>|###\s*(?:system|instruction|developer)s?\b|\bBEGIN (?:SYSTEM )?PROMPT\b|\bnew instructions\s*:|\bsystem override\b|\bend of (?:user )?(?:input|prompt)\b)/i,
  },
  // Negotiation controls: stage, mode, approvals, prices by decree.
  {
    id: "stage_change",
    weight: 1,
    re: /\b(?:move|set|mark|change|update|switch|advance|push|transition|flag|close)\s+(?:this|the|our|my)?\s*(?:(?:deal|lead|opportunity|negotiation|stage|status|pipeline|record|account)\s+){0,2}(?:to|as|into|=)?\s*(?:stage\s+|status\s+)?["'“]?(?:won|closed[\s-]?won|accepted|agreement[_\s]drafted|proposal[_\s]sent|approved|signed)\b/i,
  },
  { id: "stage_change", weight: 1, re: /\b(?:stage|status)\s*(?:=|:|->|→)\s*["'“]?(?:won|closed[\s-]?won|accepted|approved|signed)\b/i },
  {
    id: "mode_change",
    weight: 1,
    re: /\b(?:switch|change|set|put|turn|enable|activate|flip|go)\s+(?:\w+\s+){0,3}?(?:to|into|on|in)?\s*(?:(?:autonomous|autopilot|auto-?pilot|unsupervised)\b|(?:auto|co-?pilot|manual|god|admin|debug|maintenance|developer)\s*mode\b)/i,
  },
  { id: "mode_change", weight: 1, re: /\b(?:autonomous|autopilot|co-?pilot|admin|debug|god)\s+mode\b/i },
  {
    id: "disable_controls",
    weight: 1,
    re: /\b(?:disable|turn off|remove|deactivate|switch off)\s+(?:\w+\s+){0,2}?(?:approvals?|approval step|review|guardrails?|checks?|limits?|escalations?|pricing rules?|policy|filters?|safety)\b/i,
  },
  {
    id: "role_claim",
    weight: 1,
    re: /\b(?:as|i am|i'm|this is)\s+(?:(?:the|your|an?)\s+(?:admin(?:istrator)?|system administrator|developer|pricing (?:team|admin)|sales (?:manager|director|lead)|account executive|deal desk)|your\s+(?:manager|ceo|cfo|vp(?: of sales)?|owner|supervisor|boss)|(?:the\s+)?(?:ceo|cfo|vp(?: of sales)?|head of sales|owner)\s+(?:of|at)\s+ledgerline)\b[^!?\n]{0,80}\b(?:set|approve[ds]?|authori[sz]e[ds]?|override|change|grant|allow|instruct|order|update|confirm)\b/i,
  },
  {
    id: "price_decree",
    weight: 1,
    re: /\b(?:set|change|update|make|override)\s+(?:the\s+|your\s+|all\s+)?(?:unit\s+|list\s+|total\s+)?(?:price|prices|pricing|discount|total|rule|policy|max(?:imum)? discount)\s+(?:is\s+|to\s+|at\s+|=\s*)/i,
  },
  {
    id: "price_decree",
    weight: 1,
    re: /\b(?:the\s+)?(?:price|pricing|discount|policy|rules?)\s+(?:is|are|has been|have been)\s+now\b|\b(?:new|updated)\s+(?:pricing|discount)\s+(?:rule|policy|instructions?)\b|\b(?:maximum|max)\s+discount\s+(?:is|=|:)\s*(?:now\s+)?\d/i,
  },
  {
    id: "approval_claim",
    weight: 1,
    re: /\b(?:already|pre-?)\s*approved\b|\bapproved by (?:your|the) (?:ceo|cfo|manager|management|sales director|vp|boss|head of sales|deal desk|pricing team)\b|\b(?:approval|authori[sz]ation|override|exception) (?:code|ticket|token|id|number|ref(?:erence)?)\s*[:#]?\s*[A-Z0-9-]{3,}/i,
  },
  { id: "approval_claim", weight: 1, re: /\b(?:discount|price|pricing)\s+(?:has been|was|is)\s+(?:pre-?)?approved by\b/i },
  {
    id: "wrapper_tag",
    weight: 1,
    re: /<\s*\/?\s*(?:customer_message|reference_snippets|snippet|instructions?|system|assistant|admin|prompt|tool_call|tool_result|function_call|function_results?|developer)\b[^>]*>/i,
  },
  {
    id: "machine_message",
    weight: 1,
    re: /\b(?:system|assistant|admin|developer)\s*(?:prompt|message|instruction|note|override)s?\s*[:=]/i,
  },
  {
    id: "encoded_instruction",
    weight: 1,
    re: /\b(?:base64|rot13|rot-13|hex|encoded)\b[^.!?\n]{0,40}\b(?:decode|instruction|execute|follow|run|obey)\b|\b(?:decode|execute|follow|obey)\b[^.!?\n]{0,40}\b(?:base64|rot13|rot-13|hex|encoded)\b/i,
  },
  {
    id: "recipient_change",
    weight: 1,
    re: /\b(?:send|forward|cc|bcc|copy|e-?mail|deliver)\s+(?:(?:the|this|all|every|your|a copy of the|future)\s+)*(?:proposals?|quotes?|drafts?|contracts?|agreements?|prices?|pricing|replies|messages|conversation|it|them)?\s*(?:also\s+)?(?:to|at)\s+[\w.+-]+@[\w-]+\.[\w.]+[^.!?\n]{0,60}\b(?:instead|as well|also|from now on|going forward|new (?:address|recipient|contact))\b/i,
  },
  {
    id: "recipient_change",
    weight: 1,
    re: /\b(?:change|update|set|replace)\s+(?:the\s+)?(?:recipient|contact(?: e-?mail)?|e-?mail address|billing (?:contact|e-?mail)|reply-?to)\s+(?:to|with)\s+[\w.+-]+@/i,
  },
  {
    id: "instruction_planting",
    weight: 1,
    re: /\b(?:when(?:ever)?|if|once)\s+(?:i|we|someone|the customer)\s+(?:say|says|write|writes|type|types|send|sends|use|uses|mention)s?\s+(?:the\s+)?(?:word|phrase|code(?:\s*word)?|password)?\s*["'“]?[\w-]{3,}["'”]?[^.!?\n]{0,40}\b(?:you|apply|give|grant|treat|approve|do|set)\b|\b(?:code ?word|secret word|password|safe ?word|trigger(?: word)?)\s+(?:is|will be|=|:)\s*["'“]?[\w-]{3,}/i,
  },
  {
    id: "remember_instruction",
    weight: 1,
    re: /\b(?:remember|memori[sz]e|store|keep in mind|note down) (?:this|that|the following)\b[^.!?\n]{0,40}\b(?:for (?:later|next time|the next message|future)|when|if|instruction|rule|discount)\b/i,
  },
  {
    id: "fake_tool_call",
    weight: 1,
    re: /\b(?:apply_discount|set_stage|set_mode|approve_(?:draft|proposal)|send_proposal|update_(?:price|policy|deal)|function_call|tool_call|tool_use|tool_result)\b\s*[({:]|"(?:tool|function|name)"\s*:\s*"(?:apply|set|approve|send|update|grant)_\w+"/i,
  },
  {
    id: "classification_steer",
    weight: 1,
    re: /\b(?:classify|categori[sz]e|label|tag|record|log|treat|register|file)\s+(?:this|the|my|our)\s+(?:message|e-?mail|reply|response|answer|text)\s+(?:as|like)\b(?!\s+(?:our|my)\b)/i,
  },
  {
    id: "classification_steer",
    weight: 1,
    re: /(?:klassifizier|kategorisier|stufe|werte|markiere)\w*\s+(?:diese|die|meine|unsere)\s+(?:nachricht|e-?mail|mail|antwort)\s+als\b|\b(?:classe[rz]?|cat[ée]gorise[rz]?|marque[rz]?|enregistre[rz]?)\s+(?:ce|mon|notre|cet)\s+(?:message|e-?mail|mail|courriel|r[ée]ponse)\s+comme\b|\b(?:clasifica|clasifique|categoriza|marca|marque|registra)\s+(?:este|mi|nuestro|esta|mi)\s+(?:mensaje|correo|e-?mail|respuesta)\s+como\b|\b(?:classificeer|categoriseer|markeer|label|registreer)\s+(?:dit|deze|mijn|ons|onze)\s+(?:bericht|e-?mail|mail|antwoord|reactie)\s+als\b/i,
  },
  {
    id: "approval_claim",
    weight: 1,
    re: /\b(?:bereits|schon|vorab)\s+(?:genehmigt|freigegeben|bewilligt)\b|\bFreigabe-?(?:Code|Nummer|Ticket)\b|\bd[ée]j[àa]\s+(?:approuv[ée]e?|valid[ée]e?)\b|\bya\s+(?:aprobado|autorizado)\b|\bal\s+goedgekeurd\b/i,
  },
  // Other languages (de, fr, es, nl, it, pt, zh, ja, ru, pl).
  {
    id: "foreign_override",
    weight: 1,
    re: /\b(?:ignorier(?:e|en)?|vergiss|vergessen sie|missachte)\b[^.!?\n]{0,40}\b(?:anweisungen|regeln|instruktionen|vorgaben|befehle|richtlinien)\b|\b(?:du bist jetzt|sie sind jetzt|systemanweisung|gib (?:uns|mir) (?:einen )?(?:[5-9]\d|100)\s?% rabatt)\b/i,
  },
  {
    id: "foreign_override",
    weight: 1,
    re: /\b(?:ignore[zr]?|oublie[zr]?|ne tiens pas compte)\b[^.!?\n]{0,40}\b(?:instructions|consignes|r[èe]gles|directives)\b|\b(?:tu es maintenant|vous [êe]tes maintenant|agis(?:sez)? comme|r[ée]v[èe]le[zr]? (?:ton|votre|le) (?:prompt|invite)|accorde[zr]? (?:nous |moi )?(?:une )?remise de (?:[5-9]\d|100)\s?%)\b/i,
  },
  {
    id: "foreign_override",
    weight: 1,
    re: /\b(?:ignora|ignore|olvida|olvide)\b[^.!?\n]{0,40}\b(?:instrucciones|reglas|indicaciones)\b|\b(?:ahora eres|act[úu]a como|revela (?:tu|el) (?:prompt|mensaje del sistema))\b/i,
  },
  {
    id: "foreign_override",
    weight: 1,
    re: /\b(?:ignora|dimentica)\b[^.!?\n]{0,40}\b(?:istruzioni|regole)\b|\b(?:negeer|vergeet)\b[^.!?\n]{0,40}\b(?:instructies|regels|richtlijnen)\b|\b(?:je bent nu|doe alsof je)\b|\b(?:ignore|esque[çc]a)\b[^.!?\n]{0,40}\b(?:instru[çc][õo]es|regras)\b/i,
  },
  {
    id: "classification_steer",
    weight: 1,
    re: /\b(?:(?:should|must|is to|needs? to) be (?:classified|categori[sz]ed|labell?ed|tagged|marked|recorded|logged|counted|registered)|(?:classify|categori[sz]e|label|tag|mark|count|register|log|record) (?:this|it|that|me|us))\s+as\s+(?:an?\s+)?(?:acceptance|accepted|accept|agreement|won|approved|signed|deal)\b|\b(?:classification|intent|label|category|class)\s*[:=]\s*["'“]?(?:acceptance|accepted|accept|agreement|won)\b/i,
  },
  {
    id: "override_instructions",
    weight: 1,
    re: /(?<!\b(?:my|our)\s)\b(?:your|the|all|any)\s+(?:previous|prior|earlier|above|original|old|initial)\s+(?:instructions|rules|guidelines|prompts?|directives)\s+(?:no longer apply|are (?:void|cancel+ed|obsolete|outdated|replaced|invalid|suspended)|do not apply)\b|\bforget (?:everything|all|whatever) you(?:['’]ve| have| were)? (?:been )?(?:told|taught|instructed|know)\b/i,
  },
  {
    // Compounds ("Preisregeln", "kortingsregels") and more verbs in de / es / nl.
    id: "foreign_override",
    weight: 1,
    re: /\b(?:ignorier\w*|vergiss|missacht\w*|ignoreer|negeer|vergeet|olvida|olv[íi]da(?:te|los)|omite|ignora[rd]?|pasa por alto|no sigas|no hagas caso)\b[^.!?\n]{0,40}(?:anweisungen|regeln|vorgaben|richtlinien|instruktionen|befehle|instructies|regels|richtlijnen|opdrachten|aanwijzingen|voorschriften|instrucciones|instrucci[óo]n|reglas|normas|directrices|pautas|[óo]rdenes|indicaciones)\b/i,
  },
  {
    id: "foreign_override",
    weight: 1,
    re: /(?:忽略|无视|忘记|忽視|無視)[^。！？\n]{0,20}(?:指令|指示|规则|規則|提示|说明)|(?:系统提示|系統提示|系统消息)|你现在是|(?:以前|前)の?指示を?無視|指示を無視|игнорируй|забудь[^.!?\n]{0,30}инструкци|zignoruj[^.!?\n]{0,30}instrukcj/i,
  },
];

/** Weak cues: each alone is ordinary in a business mail; with other signals they tip the score. */
export const WEAK_CUES: Cue[] = [
  {
    id: "mentions_machine",
    weight: 0.35,
    re: rx(`\\b(?:ai|assistant|language model|llm|chatbot|bot|automation|the model|negotiation agent)\\b`),
  },
  { id: "imperative_to_you", weight: 0.35, re: /\byou (?:must|shall|will now|are required to|are instructed to|have to now)\b/i },
  { id: "policy_words", weight: 0.3, re: /\b(?:policy|guardrails?|instructions?|system|stage|mode|approval)\b/i },
  // "apply 35% off" is an order to the system; a customer asks ("can you do 35% off?").
  {
    id: "apply_demand",
    weight: 0.5,
    re: /\b(?:apply|grant|activate|unlock|record|set|enter|anwenden|gew[äa]hren|appliquer|appliquez|accorder|aplicar|aplique|toepassen)\b[^.!?\n]{0,30}\d{1,3}(?:[.,]\d+)?\s?%|\d{1,3}\s?%[^.!?\n]{0,30}\b(?:anwenden|appliquer|aplicar|toepassen)\b/i,
  },
  {
    id: "max_discount",
    weight: 0.3,
    re: /\b(?:maximum|max|highest|biggest|best possible) (?:discount|reduction)\b|\b(?:[6-9]\d|100)\s?% (?:off|discount)\b/i,
  },
];
