/**
 * Cue normalisation before the field rules: French, German, Spanish and Italian cue words become the
 * English words the rules read ("Mitarbeiter" → "employees", "dans 6 semaines" → "within 6 weeks",
 * "acheter" → "buy"), and number formats become ones the number parser reads ("ca. 0,8 Mio. €" →
 * "about 0,8 million €", "1 200 000 EUR" → "1200000 EUR", "1er juin" → "1 June"). It works per
 * sentence, so each normalised sentence still maps back to the original one for evidence.
 * Company names are never read from normalised text.
 */
const MONTH_WORDS: Array<[RegExp, string]> = [
  [/\b(?:janvier|januar|j[äa]nner|enero|gennaio)\b/giu, "January"],
  [/\b(?:f[ée]vrier|februar|febrero|febbraio)\b/giu, "February"],
  [/\b(?:mars|m[äa]rz|marzo)\b/giu, "March"],
  [/\b(?:avril|abril|aprile)\b/giu, "April"],
  [/\b(?:mai|mayo|maggio)\b/giu, "May"],
  [/\b(?:juin|juni|junio|giugno)\b/giu, "June"],
  [/\b(?:juillet|juli|julio|luglio)\b/giu, "July"],
  [/\b(?:ao[uû]t|agosto)\b/giu, "August"],
  [/\b(?:septembre|septiembre|settembre)\b/giu, "September"],
  [/\b(?:octobre|oktober|octubre|ottobre)\b/giu, "October"],
  [/\b(?:novembre|noviembre)\b/giu, "November"],
  [/\b(?:d[ée]cembre|dezember|diciembre|dicembre)\b/giu, "December"],
];
const UNIT = "(semaines?|semanas?|wochen|woche|settimane|settimana|mois|meses|mes|monaten?|mesi|mese|jours|d[ií]as|tagen?|giorni)";
const UNIT_EN: Array<[RegExp, string]> = [
  [/^(?:semaines?|semanas?|wochen|woche|settimane|settimana)$/i, "weeks"],
  [/^(?:mois|meses|mes|monaten?|mesi|mese)$/i, "months"],
  [/^(?:jours|d[ií]as|tagen?|giorni)$/i, "days"],
];
const unitEn = (u: string) => UNIT_EN.find(([re]) => re.test(u))?.[1] ?? u;

const WORDS: Array<[RegExp, string]> = [
  // headcount nouns
  [
    /\b(?:mitarbeiter(?:innen)?|mitarbeitende|besch[äa]ftigte|angestellte|salari[ée]s|employ[ée]s|collaborateurs|empleados|trabajadores|dipendenti)\b/giu,
    "employees",
  ],
  [/\b(?:personnes|personas|persone)\b/giu, "people"],
  [/\b(?:wir sind|nous sommes|somos(?: unas| unos)?|siamo)\s+(?=\d)/giu, "we are "],
  [/\b(?:wir haben|nous avons|tenemos|abbiamo)\b/giu, "we have"],
  // money
  [/\b(?:presupuesto|budg[eé]t)\b/giu, "budget"],
  [/\b(?:mio\.?|millions? d'|millones de|milioni di)(?=\s|$)/giu, "million"],
  [/\bmrd\.?(?=\s|$)/giu, "billion"],
  [/\b(?:ca\.|env\.|environ|etwa|circa|unos|unas|aproximadamente)\s*(?=\d)/giu, "about "],
  [/\bd'environ\s+(?=\d)/giu, "of about "],
  [/\bpar an\b|\bpro jahr\b|\bpor año\b|\ball'anno\b|\bjährlich\b/giu, "per year"],
  [/\bpar mois\b|\bpro monat\b|\bal mes\b|\bpor mes\b|\bmonatlich\b|\bal mese\b/giu, "per month"],
  // intent
  [/\b(?:acheter|kaufen|erwerben|comprar|acquistare|comprare)\b/giu, "buy"],
  [
    /\b(?:je veux|je voudrais|nous voulons|nous souhaitons|nous aimerions|wir möchten|wir wollen|ich möchte|queremos|quisiéramos|nos gustaría|vorremmo|vogliamo)\b/giu,
    "we want to",
  ],
  [/\b(?:devis|angebot|cotizaci[oó]n|presupuesto formal|offerta|preventivo)\b/giu, "quote"],
  [/\b(?:demande de devis|richiesta di offerta|kaufanfrage)\b/giu, "request for quote"],
  [/\b(?:informations?|informationen|informaci[oó]n|informazioni)\b/giu, "information"],
  [/\b(?:plus d'|mehr|más|maggiori)\s+information\b/giu, "more information"],
  [/\b(?:solo estamos explorando opciones|nous explorons des options|wir informieren uns nur)\b/giu, "just exploring options"],
  // support
  [/\b(?:störung|panne|avería|guasto)\b/giu, "outage"],
  [/\b(?:fehlermeldung|message d'erreur|mensaje de error|messaggio di errore)\b/giu, "error message"],
  [/\b(?:cobrado dos veces|factur[ée] deux fois|doppelt abgebucht|addebitato due volte)\b/giu, "charged twice"],
  [/\b(?:cargo doble|double facturation|doppelte abbuchung)\b/giu, "double charged"],
  [/\bfactura duplicada\b|\brechnung doppelt\b|\bfacture en double\b/giu, "duplicate invoices"],
  [
    /\b(?:startet|läuft|geht|funktioniert)\b[^.,;]{0,40}\bnicht mehr\b|\bne (?:fonctionne|marche) plus\b|\bno funciona\b|\bnon funziona\b/giu,
    "is not working",
  ],
  // go-live words
  [
    /\b(?:einführung|implementaci[oó]n|implementazione|mise en (?:service|place|production)|inbetriebnahme|puesta en marcha|messa in produzione)\b/giu,
    "go-live",
  ],
  [/\b(?:démarrer|commencer|starten|beginnen|empezar|iniciar|iniziare|partire)\b/giu, "start"],
  [/\bstart planned for\b/giu, "start in"],
  [/\b(?:d'ici|bis|hasta|entro)\s+(?:(?:la |el |la )?fin(?:e)?\s+(?:de\s+|di\s+)?|ende\s+)/giu, "by end of "],
];

/** "dans 6 semaines", "in 10 Wochen", "innerhalb von 12 Wochen", "en 7 semanas", "entro 6 settimane" → "within N weeks". */
const DURATION = new RegExp(`\\b(?:dans|d'ici|en|in|innerhalb von|binnen|dentro de|entro|tra|fra)\\s+(\\d+|\\w+)\\s+${UNIT}\\b`, "giu");
const BARE_UNIT = new RegExp(`(?<=\\d\\s)${UNIT}\\b`, "giu");

/** One pass over the sentence decides whether any word rule can apply (most English sentences: none). */
const ANY_WORD = new RegExp([...WORDS, ...MONTH_WORDS].map(([re]) => `(?:${re.source})`).join("|"), "iu");

export function normalizeCues(sentence: string): string {
  let s = sentence;
  // Space-grouped thousands before a currency: "1 200 000 EUR", "20 000 €".
  s = s.replace(
    /\b(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?=\s*(?:€|EUR|USD|GBP|UAH|CHF|\$|£|euros?|dollars?|pounds?)(?![\p{L}]))/giu,
    (_, a: string, b: string) => a + b.replace(/\D/g, ""),
  );
  s = s.replace(/\b(\d{1,2})(?:er|re|º|°)\s+(?=\p{L})/gu, "$1 ");
  s = s.replace(DURATION, (_, n: string, u: string) => `within ${n} ${unitEn(u)}`);
  s = s.replace(BARE_UNIT, (u: string) => unitEn(u));
  if (!ANY_WORD.test(s)) return s;
  for (const [re, en] of WORDS) s = s.replace(re, en);
  for (const [re, en] of MONTH_WORDS) s = s.replace(re, en);
  return s;
}
