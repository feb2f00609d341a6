/**
 * The language a customer wrote in (en, de, fr, es, nl), for drafting the reply in it, and the fixed
 * phrases of the deterministic reply templates in each. Detection counts common function words and
 * letters particular to a language; a tie or nothing recognisable is English. Pure.
 */
export const DRAFT_LANGS = ["en", "de", "fr", "es", "nl"] as const;
export type DraftLang = (typeof DRAFT_LANGS)[number];

const WORDS: Record<DraftLang, readonly string[]> = {
  en: ["the", "and", "is", "we", "our", "you", "your", "to", "for", "with", "not", "this", "can", "of", "it", "too", "need", "have"],
  de: [
    "der",
    "die",
    "das",
    "und",
    "ist",
    "wir",
    "uns",
    "unser",
    "unsere",
    "sie",
    "ihr",
    "nicht",
    "mit",
    "für",
    "zu",
    "ein",
    "eine",
    "leider",
    "noch",
    "erst",
    "können",
    "ich",
    "auf",
    "es",
  ],
  fr: [
    "le",
    "la",
    "les",
    "et",
    "est",
    "nous",
    "notre",
    "vous",
    "votre",
    "pas",
    "avec",
    "pour",
    "une",
    "des",
    "du",
    "ce",
    "c'est",
    "trop",
    "pouvez",
    "il",
    "je",
    "au",
  ],
  es: [
    "el",
    "los",
    "las",
    "y",
    "es",
    "nosotros",
    "nuestro",
    "nuestra",
    "usted",
    "ustedes",
    "no",
    "con",
    "para",
    "una",
    "por",
    "del",
    "demasiado",
    "podrían",
    "nos",
    "que",
    "muy",
  ],
  nl: [
    "de",
    "het",
    "een",
    "en",
    "is",
    "wij",
    "we",
    "ons",
    "onze",
    "jullie",
    "u",
    "niet",
    "met",
    "voor",
    "te",
    "dat",
    "helaas",
    "nog",
    "kunnen",
    "ik",
    "van",
    "maar",
  ],
};
const LETTERS: Record<DraftLang, RegExp> = {
  en: /(?!)/g,
  de: /[äöüß]/g,
  fr: /[àâçèêëîïôœùû]/g,
  es: /[ñ¿¡áíóú]/g,
  nl: /ij|oe/g,
};

export function detectLanguage(text: string): DraftLang {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let best: DraftLang = "en";
  let bestScore = 0;
  for (const lang of DRAFT_LANGS) {
    const set = new Set(WORDS[lang]);
    let score = words.filter((w) => set.has(w)).length;
    score += 0.5 * (text.toLowerCase().match(LETTERS[lang]) ?? []).length;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

export type Phrases = {
  hello: (name: string | null) => string;
  thanksQuestion: string;
  sources: string;
  lookingIntoIt: string;
  proposalStands: string;
  regards: string;
  subjectQuestion: string;
  subjectObjection: string;
  optionsIntro: string;
  passagesIntro: string;
  noPassages: string;
  /** What the team says first to each kind of objection. */
  objection: Record<"price" | "timing" | "features" | "competitor" | "authority", string>;
  option: {
    same: (terms: string) => string;
    policy_discount: (terms: string) => string;
    longer_term: (terms: string) => string;
    smaller_tier: (terms: string) => string;
    fewer_units: (terms: string) => string;
    pilot: (terms: string) => string;
    price_hold: (terms: string) => string;
  };
  terms: (qty: string, months: number, discount: string | null, total: string) => string;
};

export const PHRASES: Record<DraftLang, Phrases> = {
  en: {
    hello: (n) => (n ? `Hello ${n},` : "Hello,"),
    thanksQuestion: "Thank you for your question:",
    sources: "Sources:",
    lookingIntoIt: "Our team is looking into it and will answer you shortly.",
    proposalStands: "Your proposal stands as sent; reply to this email with anything else you would like to know.",
    regards: "Best regards,\nThe Ledgerline sales team",
    subjectQuestion: "Re: your question",
    subjectObjection: "Re: your proposal",
    optionsIntro: "Here is what we can offer within our pricing:",
    passagesIntro: "What our documentation says:",
    noPassages: "Our product team will confirm what is available and on the roadmap.",
    objection: {
      price: "Thank you for telling us the price is a concern.",
      timing: "Thank you for letting us know the timing does not suit you yet.",
      features: "Thank you for telling us what you need from the product.",
      competitor: "Thank you for telling us you are comparing offers.",
      authority: "Thank you: we understand others need to approve this.",
    },
    option: {
      same: (t) => `Your current proposal: ${t}`,
      policy_discount: (t) => `The same items and term at a better rate: ${t}`,
      longer_term: (t) => `A longer commitment, prepaid per year: ${t}`,
      smaller_tier: (t) => `A smaller edition: ${t}`,
      fewer_units: (t) => `A phased start with fewer seats first: ${t}`,
      pilot: (t) => `A pilot to try it first: ${t}`,
      price_hold: (t) => `We hold your price for a later start: ${t}`,
    },
    terms: (qty, m, d, total) => `${qty}, ${m} months${d ? `, ${d} off` : ""}, total ${total}`,
  },
  de: {
    hello: (n) => (n ? `Hallo ${n},` : "Guten Tag,"),
    thanksQuestion: "Vielen Dank für Ihre Frage:",
    sources: "Quellen:",
    lookingIntoIt: "Unser Team prüft das und antwortet Ihnen in Kürze.",
    proposalStands: "Ihr Angebot gilt wie gesendet; antworten Sie gern auf diese E-Mail, wenn Sie mehr wissen möchten.",
    regards: "Mit freundlichen Grüßen\nIhr Ledgerline-Vertriebsteam",
    subjectQuestion: "Re: Ihre Frage",
    subjectObjection: "Re: Ihr Angebot",
    optionsIntro: "Das können wir Ihnen im Rahmen unserer Preise anbieten:",
    passagesIntro: "Das steht in unserer Dokumentation:",
    noPassages: "Unser Produktteam bestätigt Ihnen, was verfügbar und geplant ist.",
    objection: {
      price: "Danke, dass Sie uns sagen, dass der Preis ein Thema ist.",
      timing: "Danke für den Hinweis, dass der Zeitpunkt noch nicht passt.",
      features: "Danke, dass Sie uns sagen, was Sie vom Produkt brauchen.",
      competitor: "Danke, dass Sie uns sagen, dass Sie Angebote vergleichen.",
      authority: "Danke: Wir verstehen, dass weitere Personen zustimmen müssen.",
    },
    option: {
      same: (t) => `Ihr aktuelles Angebot: ${t}`,
      policy_discount: (t) => `Dieselben Positionen und Laufzeit zu einem besseren Preis: ${t}`,
      longer_term: (t) => `Eine längere Laufzeit, jährlich im Voraus bezahlt: ${t}`,
      smaller_tier: (t) => `Eine kleinere Edition: ${t}`,
      fewer_units: (t) => `Ein schrittweiser Start mit zunächst weniger Lizenzen: ${t}`,
      pilot: (t) => `Ein Pilot zum Ausprobieren: ${t}`,
      price_hold: (t) => `Wir halten Ihren Preis für einen späteren Start: ${t}`,
    },
    terms: (qty, m, d, total) => `${qty}, ${m} Monate${d ? `, ${d} Rabatt` : ""}, gesamt ${total}`,
  },
  fr: {
    hello: (n) => (n ? `Bonjour ${n},` : "Bonjour,"),
    thanksQuestion: "Merci pour votre question :",
    sources: "Sources :",
    lookingIntoIt: "Notre équipe examine la question et vous répondra rapidement.",
    proposalStands: "Votre proposition reste valable telle qu'envoyée ; répondez à ce message pour toute autre question.",
    regards: "Cordialement,\nL'équipe commerciale Ledgerline",
    subjectQuestion: "Re : votre question",
    subjectObjection: "Re : votre proposition",
    optionsIntro: "Voici ce que nous pouvons proposer dans le cadre de nos tarifs :",
    passagesIntro: "Ce que dit notre documentation :",
    noPassages: "Notre équipe produit vous confirmera ce qui est disponible et prévu.",
    objection: {
      price: "Merci de nous avoir dit que le prix vous préoccupe.",
      timing: "Merci de nous avoir dit que le moment ne vous convient pas encore.",
      features: "Merci de nous avoir dit ce dont vous avez besoin.",
      competitor: "Merci de nous avoir dit que vous comparez les offres.",
      authority: "Merci : nous comprenons que d'autres personnes doivent valider.",
    },
    option: {
      same: (t) => `Votre proposition actuelle : ${t}`,
      policy_discount: (t) => `Les mêmes éléments et la même durée à un meilleur tarif : ${t}`,
      longer_term: (t) => `Un engagement plus long, payé par an d'avance : ${t}`,
      smaller_tier: (t) => `Une édition plus petite : ${t}`,
      fewer_units: (t) => `Un démarrage progressif avec moins de licences : ${t}`,
      pilot: (t) => `Un pilote pour essayer d'abord : ${t}`,
      price_hold: (t) => `Nous maintenons votre prix pour un démarrage plus tard : ${t}`,
    },
    terms: (qty, m, d, total) => `${qty}, ${m} mois${d ? `, remise de ${d}` : ""}, total ${total}`,
  },
  es: {
    hello: (n) => (n ? `Hola ${n}:` : "Hola:"),
    thanksQuestion: "Gracias por su pregunta:",
    sources: "Fuentes:",
    lookingIntoIt: "Nuestro equipo lo está revisando y le responderá en breve.",
    proposalStands: "Su propuesta sigue vigente tal como se envió; responda a este correo si desea saber algo más.",
    regards: "Saludos cordiales,\nEl equipo comercial de Ledgerline",
    subjectQuestion: "Re: su pregunta",
    subjectObjection: "Re: su propuesta",
    optionsIntro: "Esto es lo que podemos ofrecer dentro de nuestros precios:",
    passagesIntro: "Lo que dice nuestra documentación:",
    noPassages: "Nuestro equipo de producto le confirmará lo que está disponible y previsto.",
    objection: {
      price: "Gracias por decirnos que el precio le preocupa.",
      timing: "Gracias por avisarnos de que el momento todavía no es el adecuado.",
      features: "Gracias por decirnos lo que necesita del producto.",
      competitor: "Gracias por decirnos que está comparando ofertas.",
      authority: "Gracias: entendemos que otras personas deben aprobarlo.",
    },
    option: {
      same: (t) => `Su propuesta actual: ${t}`,
      policy_discount: (t) => `Los mismos elementos y plazo a un mejor precio: ${t}`,
      longer_term: (t) => `Un compromiso más largo, pagado por año por adelantado: ${t}`,
      smaller_tier: (t) => `Una edición más pequeña: ${t}`,
      fewer_units: (t) => `Un inicio gradual con menos licencias: ${t}`,
      pilot: (t) => `Un piloto para probarlo primero: ${t}`,
      price_hold: (t) => `Mantenemos su precio para un inicio posterior: ${t}`,
    },
    terms: (qty, m, d, total) => `${qty}, ${m} meses${d ? `, ${d} de descuento` : ""}, total ${total}`,
  },
  nl: {
    hello: (n) => (n ? `Beste ${n},` : "Beste,"),
    thanksQuestion: "Dank u voor uw vraag:",
    sources: "Bronnen:",
    lookingIntoIt: "Ons team zoekt het uit en antwoordt u snel.",
    proposalStands: "Uw voorstel blijft staan zoals verzonden; antwoord op deze e-mail als u meer wilt weten.",
    regards: "Met vriendelijke groet,\nHet Ledgerline-salesteam",
    subjectQuestion: "Re: uw vraag",
    subjectObjection: "Re: uw voorstel",
    optionsIntro: "Dit kunnen we binnen onze prijzen aanbieden:",
    passagesIntro: "Wat onze documentatie zegt:",
    noPassages: "Ons productteam bevestigt wat beschikbaar en gepland is.",
    objection: {
      price: "Dank dat u laat weten dat de prijs een punt is.",
      timing: "Dank dat u laat weten dat het moment nog niet past.",
      features: "Dank dat u laat weten wat u van het product nodig hebt.",
      competitor: "Dank dat u laat weten dat u offertes vergelijkt.",
      authority: "Dank u: we begrijpen dat anderen moeten goedkeuren.",
    },
    option: {
      same: (t) => `Uw huidige voorstel: ${t}`,
      policy_discount: (t) => `Dezelfde onderdelen en looptijd tegen een betere prijs: ${t}`,
      longer_term: (t) => `Een langere looptijd, per jaar vooruitbetaald: ${t}`,
      smaller_tier: (t) => `Een kleinere editie: ${t}`,
      fewer_units: (t) => `Een gefaseerde start met eerst minder licenties: ${t}`,
      pilot: (t) => `Een pilot om het eerst te proberen: ${t}`,
      price_hold: (t) => `We houden uw prijs vast voor een latere start: ${t}`,
    },
    terms: (qty, m, d, total) => `${qty}, ${m} maanden${d ? `, ${d} korting` : ""}, totaal ${total}`,
  },
};
