import type { Cue } from "./cues";

/**
 * Framing attacks (en, de, fr, es, nl): a game, a role-play, a hypothetical, a story or a claimed
 * approval wraps an order so that no cue of cues.ts fires. A frame alone is ordinary in a business
 * mail ("let's pretend budget is no issue — what would Enterprise cost?", "our CFO approved the
 * budget"), so FRAME_CUES are weak; READER_ORDERS are what the frame is for: a role given to the
 * reader ("you are the sales director who…"), an order to apply, approve or grant, or a request to
 * change a price, a stage or a classification. Neither counts alone; together they are an attempt
 * (detector.ts adds `framed_order` when both occur in one message).
 */
/**
 * Word boundaries that know accented letters (ASCII `\\b` does not: "à partir", "validé"): a `\\b`
 * that opens a word looks back, one that closes it looks ahead.
 */
const OPEN = "(?<![\\p{L}\\p{N}_])";
const CLOSE = "(?![\\p{L}\\p{N}_])";
const rx = (s: string) => new RegExp(s.replace(/\\b(?=[\p{L}(]|\[(?!\^))/gu, OPEN).replaceAll("\\b", CLOSE), "iu");

export const FRAME_CUES: Cue[] = [
  {
    id: "frame_roleplay",
    weight: 0.3,
    re: rx(
      [
        // en
        "\\blet['’]?s play (?:a |the )?(?:game|role)|\\bpretend (?:that |to be |you|we)|\\bact(?:ing)? as (?!(?:our|us|a reference|an? (?:reference|pilot|beta|partner|case study))\\b)|\\bfrom now on\\b|\\brole-?play|\\bplay the (?:role|part) of\\b|\\bimagine (?:that )?you(?:['’]re| are| were)\\b|\\bstay in character\\b",
        "\\bas if you (?:were|had|are)\\b|\\bi want you to (?:act|be|play|pretend|imagine|respond|answer)\\b|\\byour (?:new )?role (?:is|will be|here is)\\b|\\byou(?:['’]ll| will)? play (?:the|a|an)\\b|\\bin this (?:game|scenario|role-?play)\\b|\\bsimulate\\b|\\b(?:behave|respond|answer|reply|talk) like\\b",
        // de
        "\\blass(?:t)? uns (?:ein )?(?:spiel|so tun)|\\btu so,? als\\b|\\bab (?:jetzt|sofort)\\b|\\bvon nun an\\b|\\bspiel(?:e)? die rolle\\b|\\bstell dir vor,? du\\b",
        "\\bdu spielst\\b|\\bdeine (?:neue )?rolle\\b|\\b(?:antworte|verhalte dich|benimm dich) (?:als|wie)\\b|\\btu so,? als ob\\b",
        // fr
        "\\bjouons (?:à|a) un jeu|\\bfaisons semblant|\\bfai(?:s|tes) semblant|\\b(?:à|a) partir de maintenant\\b|\\bd[ée]sormais\\b|\\bjoue[zr]? le r[ôo]le\\b|\\bimagine[z]? que (?:tu|vous)\\b",
        "\\btu joues\\b|\\bton (?:nouveau )?r[ôo]le\\b|\\br[ée]ponds? comme si\\b|\\bcomporte-toi comme\\b",
        // es
        "\\bjuguemos a\\b|\\bhagamos como que\\b|\\bfinge que\\b|\\bimagina que (?:eres|tú)\\b|\\ba partir de ahora\\b|\\bdesde ahora\\b|\\bhaz (?:el|de) papel\\b|\\binterpreta (?:el papel|a)\\b",
        "\\bjuegas (?:el|un) papel\\b|\\btu (?:nuevo )?papel es\\b|\\bresponde como si\\b|\\bcomp[óo]rtate como\\b|\\bfinge ser\\b",
        // nl
        "\\blaten we (?:een )?spel(?:letje)?|\\bdoe alsof\\b|\\bvanaf nu\\b|\\bspeel de rol\\b|\\bstel je voor,? (?:dat )?je\\b",
        "\\bjij speelt\\b|\\bje (?:nieuwe )?rol is\\b|\\bantwoord alsof\\b|\\bgedraag je als\\b",
      ].join("|"),
    ),
  },
  {
    id: "frame_hypothetical",
    weight: 0.3,
    re: rx(
      [
        "\\bhypothetical(?:ly)?\\b|\\bfor the sake of argument\\b|\\bsuppose (?:that )?you\\b|\\bif you (?:were|was) (?:allowed|able|permitted|free|authori[sz]ed|not bound|unrestricted)\\b|\\bwrite (?:me )?(?:a|an|the) (?:short )?(?:story|scene|dialogue|script|play|poem|screenplay|fiction)\\b|\\bin (?:a|this) (?:story|fiction|fictional|novel|scene)\\b",
        "\\bhypothetisch\\b|\\brein theoretisch\\b|\\bangenommen,? du\\b|\\bwenn du (?:dürftest|könntest)\\b|\\bschreib(?:e)? (?:mir )?eine (?:geschichte|szene|erzählung)\\b",
        "\\bhypoth[ée]tiquement\\b|\\bsupposons que\\b|\\bsi (?:tu [ée]tais|vous [ée]tiez) (?:autoris|libre)|\\b[ée]cri[st]?(?:-moi)? une (?:histoire|sc[èe]ne)\\b",
        "\\bhipot[ée]ticamente\\b|\\bsupongamos que\\b|\\bsi (?:estuvieras|pudieras|tuvieras permiso)\\b|\\bescribe (?:me )?una (?:historia|escena|cuento)\\b",
        "\\bhypothetisch\\b|\\bstel dat je\\b|\\bals je zou mogen\\b|\\bschrijf (?:een|me een) (?:verhaal|scène|scene)\\b",
      ].join("|"),
    ),
  },
  {
    // Someone of the vendor's side is said to have approved already: the reader is to act on it.
    id: "frame_claimed_approval",
    weight: 0.3,
    re: rx(
      [
        "\\b(?:your|ur)\\s+(?:[\\w-]+\\s+){0,2}?(?:manager|boss|director|supervisor|ceo|cfo|vp|head|lead|team|colleague|rep|representative|owner|admin)\\b[^.!?\\n]{0,40}?\\b(?:approved|authori[sz]ed|signed off|okayed|ok['’]?d|agreed|confirmed|cleared|green-?lit|allowed)\\b",
        "\\b(?:approved|authori[sz]ed|signed off|agreed|okayed|cleared)\\b[^.!?\\n]{0,30}\\b(?:by|from|on) (?:your|ur) (?:side|end|team|company|management|\\w+)\\b|\\b(?:has|have|had) already been (?:approved|authori[sz]ed|signed off|agreed|cleared)\\b",
        "\\bbereits (?:von \\p{L}+ )?(?:\\p{L}+ )?(?:genehmigt|freigegeben)\\b|\\ba d[ée]j[àa] [ée]t[ée] (?:valid|approuv|accept)|\\bya (?:ha sido|fue) (?:aprobad|autorizad)|\\bis al goedgekeurd\\b",
        "\\b(?:dein|deine|ihr|ihre)\\s+(?:[\\w-]+\\s+)?(?:chef|chefin|manager|managerin|vorgesetzter?|leiter|leiterin|vertrieb|team|kollege|kollegin)\\b[^.!?\\n]{0,40}?\\b(?:genehmigt|freigegeben|bewilligt|zugestimmt|bestätigt|erlaubt)\\b",
        "\\b(?:ton|ta|votre)\\s+(?:[\\w-]+\\s+)?(?:responsable|manager|chef|directeur|directrice|sup[ée]rieur|[ée]quipe|coll[èe]gue)\\b[^.!?\\n]{0,40}?\\b(?:approuv[ée]e?|valid[ée]e?|autoris[ée]e?|accept[ée]e?|confirm[ée]e?)\\b",
        "\\b(?:tu|su)\\s+(?:[\\w-]+\\s+)?(?:jefe|jefa|gerente|director|directora|supervisor|responsable|equipo|colega)\\b[^.!?\\n]{0,40}?\\b(?:aprob[óo]|aprobado|autoriz[óo]|autorizado|confirm[óo]|acept[óo])\\b",
        "\\b(?:je|jouw|uw)\\s+(?:[\\w-]+\\s+)?(?:manager|baas|leidinggevende|directeur|chef|team|collega)\\b[^.!?\\n]{0,40}?\\b(?:goedgekeurd|akkoord|toegestaan|bevestigd|keurde)\\b",
      ].join("|"),
    ),
  },
];

export const READER_ORDERS: Cue[] = [
  {
    // A role given to the reader: "you are the sales director", "du bist", "tu es", "eres", "je bent".
    id: "reader_role",
    weight: 0,
    re: rx(
      "\\b(?:you(?:['’]ll| will)? play|you(?:['’]re| are) playing|your role is|du spielst|tu joues|juegas|jij speelt)\\s+(?:an?|the|een|de|der|die|den|le|la|el|un|une)\\s+\\p{L}+|\\byou (?:have|['’]ve got) no (?:\\p{L}+ )?(?:limits|restrictions|rules)\\b|" +
        "\\b(?:you(?:['’]re| are)(?: now)?|du bist(?: jetzt)?|sie sind jetzt|tu es|vous [êe]tes (?:maintenant|d[ée]sormais)|(?:t[úu] )?eres|je bent|jij bent|u bent nu)\\s+(?:an?|the|my|our|een|de|het|der|die|das|ein|eine|le|la|un|une|el|una)\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:director|manager|rep|representative|agent|assistant|ai|bot|seller|salesperson|approver|admin|boss|owner|ceo|vp|verkaufsleiter\\p{L}*|vertriebs\\p{L}*|chef|leiter\\p{L}*|directeur|directrice|responsable|vendeur|commercial|gerente|vendedor|jefe|director|directeur|verkoper|verkoopmanager|baas|manager)\\b",
    ),
  },
  {
    // An order that changes a price, an approval, a stage or a classification.
    id: "reader_order",
    weight: 0,
    re: rx(
      [
        "^\\W*(?:apply|approve|grant|give|offer|set|update|mark|classify|record)\\b[^.!?\\n]{0,40}?(?:discount|rebate|%|price|quote|contract|stage|acceptance|approval)",
        "\\byou (?:will|must|should|can|may|shall) (?:now |just |simply )?(?:apply|approve|grant|give|offer|accept|agree to|honou?r)\\b",
        "\\bi(?:['’]ll| will| can| could)? (?:do|offer|give|approve|grant)\\b[^.!?\\n]{0,20}\\d{1,3}\\s?%",
        "\\b(?:so|just|then|now|please|go ahead and)\\s+(?:apply|approve|grant|give|honou?r|offer|update|set|record|mark|classify)\\b[^.!?\\n]{0,40}?(?:discount|rebate|%|price|quote|proposal|stage|deal|acceptance|approval)|\\bapply (?:it|that|this|them)\\b",
        "\\b(?:who|that|which|and|assistant|agent|bot|ai|system|model)\\s+(?:always\\s+|happily\\s+|gladly\\s+)?(?:approves?|grants?|gives?|agrees? to|offers?|accepts?)\\s+(?:us\\s+|me\\s+|them\\s+)?(?:any|every|all|an?|the|our|a\\s+\\d+)?\\s*(?:[\\w-]+\\s+){0,2}?(?:discount|discounts|deal|price|rebate|\\d{1,3}\\s?%)",
        "\\b(?:discount|price|stage|status|classification|deal)\\b[^.!?\\n]{0,30}\\b(?:to|as|at)\\s+(?:\\d{1,3}\\s?%|won|accepted|approved|signed|acceptance)",
        "\\b(?:classif\\p{L}*|categori\\p{L}*|label\\p{L}*|klassifizier\\p{L}*|clasific\\p{L}*|classific\\p{L}*|classe[zr]?)\\b[^.!?\\n]{0,40}\\b(?:accept\\p{L}*|agreement|won|annahme|zustimmung|angenommen|aceptaci[óo]n|aceptad[oa]|akkoord|geaccepteerd|aanvaard\\p{L}*)",
        // A concession in the passive ("40 % Rabatt sind genehmigt"), as a made-up vendor turn has it.
        "\\d{1,3}\\s?%[^.!?\\n]{0,30}\\b(?:(?:is|are|has been|have been) (?:approved|granted)|genehmigt|freigegeben|gew[äa]hrt|approuv[ée]e?s?|accord[ée]e?s?|valid[ée]e?s?|aprobad[oa]s?|concedid[oa]s?|goedgekeurd|toegekend)\\b",
        // "apply it" in de / fr / es / nl
        "\\bwende (?:es|sie|das|ihn|diese[ns]?) (?:\\p{L}+ )?an\\b|\\bappliquez?-(?:le|la|les)\\b|\\bapl[íi]ca(?:lo|la|los|las)\\b|\\baplíque(?:lo|la|los|las)\\b|\\bpas (?:het|dat|die|deze|dit)\\s+(?:\\p{L}+\\s+)?toe\\b",
        // de / fr / es / nl: apply, approve, grant
        "\\b(?:wende|wenden sie|genehmige|gewähre|gib|geben sie|applique[zr]?|accorde[zr]?|valide[zr]?|aplica|apl[íi]calo|aplique|aprueba|apruebe|concede|da(?:nos|me)|pas\\b[^.!?\\n]{0,30}\\btoe|keur\\b[^.!?\\n]{0,30}\\bgoed|geef (?:ons|me))\\b[^.!?\\n]{0,40}(?:\\d{1,3}\\s?%|rabatt|nachlass|remise|r[ée]duction|descuento|korting)",
      ].join("|"),
    ),
  },
];
