import type { Field } from "../types";
import { found, none } from "./field";

const LEGAL =
  "(?:GmbH & Co\\. KG|GmbH & Co KG|Pvt\\. Ltd|Pte\\. Ltd|Pty Ltd|K\\.K|S\\.L|S\\.L\\.U|[Ss]\\.r\\.o|S\\.p\\.A|SpA|Ltda|S\\.A\\.S|S\\.à r\\.l|Sp\\. z o\\.o|Inc|Incorporated|LLC|L\\.L\\.C|Ltd|Limited|GmbH|AG|KG|SE|SA|S\\.A|SAS|SARL|SRL|S\\.r\\.l|BV|B\\.V|NV|N\\.V|Oy|AB|ApS|AS|A/S|PLC|Plc|LLP|LP|Corp|Corporation|Co|Company|Pty|Pte|KK|AS|OHG|KGaA|eG|SARL|SAS|LDA|Lda)";
/** A capitalised name: words starting upper-case or digit, lower-case connectors inside, a legal suffix optional. */
const WORD_RE = `[\\p{Lu}0-9](?:[\\p{L}\\p{N}&'’\\-]|\\.(?=[\\p{L}\\p{N}]))*`;
/** A capitalised name; a word ending in "." ends it ("Mosaic Foods Inc.. We're" → "Mosaic Foods Inc."). */
const NAME = `(${WORD_RE}(?:[ \\t]+(?:(?:of|and|de|der|des|du|la|le|von|van|für|und|y|e|&|the)[ \\t]+)?(?:${WORD_RE}|&))*\\.?)`;

const NAME_LEGAL = `(?:[\\p{Lu}0-9][\\p{L}\\p{N}&'’\\-]*[ \\t]+){1,5}${LEGAL}\\.?`;
const LEGAL_END_RE = new RegExp(`\\b${LEGAL}\\.?$`);
const LEGAL_WORD_RE = new RegExp(`\\b${LEGAL}\\b`);
const NAME_LEGAL_G = new RegExp(`(${NAME_LEGAL})(?![\\p{L}])`, "gu");

const PLACEHOLDER =
  /^(?:\[?\s*(?:not provided|n\/?a|none|unknown|null|undefined|-+|tbd|test|private|self[- ]employed|individual|personal)\s*\]?)$/i;
const NOT_A_COMPANY =
  /^(?:the|a|an|our|my|your|this|that|we|i|it|q[1-4]|h[12]|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|asap|hi|hello|dear|thanks|regards|best|cheers|usd|eur|gbp|ai|assistant|system|company|email|e-mail|head|vp|cfo|ceo|coo|cto|tel|phone|founded|contact|contacts|interest|work|services|proposals?|quotes?|bids?|information|procurement|purchasing|finance|support|sales|team|department|office|saludos|cordialement)$/i;

/** Nouns that open "X of Y" phrases that name no person ("Points of Contact", "Conflict of Interest", "City of ..."). */
const OF_NOUNS =
  "The|A|An|Points?|Conflicts?|Terms|Scope|Statements?|Certificates?|Letters?|Notices?|Requests?|Period|Dates?|Place|Departments?|City|Town|Village|County|State|Borough|Board|Office|Bureau|Ministry|Republic|Kingdom|United|Chief|Head|Proof|Evidence|Declarations?|Schedules?|Summary|Table|List|Copy|Forms?|Sections?|Parts?|Articles?|Clauses?|Bill|Number|Name|Description|Method|Basis|Award|Notice|Evaluation|Submission|Deadline|Place|Point|Members?|Most|All|Some|None|One|Each|Both|Plenty|Lots";

/** Public bodies: "City of Gig Harbor", "Town of Marlow", "Department of Veterans Affairs", "Municipalidad de Valparaíso". */
const GOV_PREFIX =
  "(?:City|Town|Village|County|State|Borough|Township|Municipality|Municipalidad|Commonwealth|Province|Port|Department|Ministry|Office|Bureau|Republic|District|Region|Ville|Commune|Stadt|Gemeinde|Comune|Ayuntamiento)";
const ORG_NOUN =
  "(?:School District|District|Council|Agency|Command|College|University|Hospital|Clinics?|Trust|Group|Foundation|Authority|Commission|Board|Institute|Academy|Society|Association|Administration|Cooperative|Partnership|Center|Centre|Library|Museum|Schools|Stadtwerke)";
const GOV_RE = new RegExp(`\\b(${GOV_PREFIX}[ \\t]+(?:of|de|du|des|der|di)[ \\t]+${WORD_RE}(?:[ \\t]+(?:${WORD_RE}))*)`, "gu");
const ORG_RE = new RegExp(
  `\\b((?:${WORD_RE}[ \\t]+(?:(?:and|of|for|&)[ \\t]+)?){1,5}${ORG_NOUN}(?:[ \\t]+No\\.?[ \\t]*\\d+)?(?:[ \\t]+${LEGAL}\\.?)?)(?![\\p{L}])`,
  "gu",
);

/** "CITY OF PORT ORFORD" → "City of Port Orford": all-caps lines read like names (acronyms of 2-4 letters kept). */
export function titleCaseCaps(line: string): string {
  const letters = line.replace(/[^\p{L}]/gu, "");
  if (letters.length < 4 || letters !== letters.toUpperCase()) return line;
  return line.replace(/\p{L}[\p{L}'’.-]*/gu, (w: string, i: number) => {
    if (/^(?:OF|AND|THE|FOR|DE|DU|DES|DER|DI|LA|LE|Y)$/.test(w) && i > 0) return w.toLowerCase();
    // Acronyms stay: in parentheses ("(VITA)"), two letters ("WV"), or no vowel ("NCB").
    if (/^[A-Z]{2,5}$/.test(w) && (line[i - 1] === "(" || w.length === 2 || !/[AEIOUY]/.test(w))) return w;
    return w.charAt(0) + w.slice(1).toLowerCase();
  });
}

/** Public bodies and organisations named in the text, in order: the issuer of a notice is usually first. */
export function organisationNames(body: string): string[] {
  const text = body
    .split("\n")
    .map((l) => titleCaseCaps(l))
    .join("\n");
  const out: Array<{ name: string; at: number }> = [];
  for (const re of [GOV_RE, ORG_RE])
    for (const m of text.matchAll(new RegExp(re.source, "gu"))) {
      const name = tidyCompany(m[1].replace(/[ \t]+(?:is|are|has|have|requests?|invites?|issues?|seeks?|would|wants?)$/i, ""));
      if (name && !/^(?:The|Our|Your|This|That|A|An)\b/.test(name)) out.push({ name, at: m.index ?? 0 });
    }
  return out.sort((a, b) => a.at - b.at).map((o) => o.name);
}

const TEXT_RULES: RegExp[] = [
  // "I lead finance operations at X", "I'm the CFO of X", "reaching out from X", "we at X", "This is Sven from X"
  // ("for" only after a verb of employment: "pricing for Recon Pro" names a product, not a company)
  new RegExp(
    `\\b(?:I|I'm|I am|[Ww]e|[Ww]e're|[Ww]e are|[Hh]ere|[Tt]his is|[Mm]y name is)\\b[^.!?\\n]{0,60}?\\b(?<!looking )(?:at|from|representing|on behalf of)\\s+${NAME}`,
    "u",
  ),
  // "of" only after a role: "I'm the CFO of X" (not "a customer of Stripe")
  new RegExp(
    `\\b(?:CFO|CEO|COO|CTO|CIO|VP|[Hh]ead|[Dd]irector|[Mm]anager|[Cc]ontroller|[Oo]wner|[Ff]ounder|[Cc]o-founder|[Pp]resident|[Pp]artner|[Tt]reasurer|[Ll]ead|[Cc]hief [A-Za-z]+ [Oo]fficer)\\s+of\\s+(?:[Ff]inance\\s+(?:at|of)\\s+)?${NAME}`,
    "u",
  ),
  new RegExp(
    `\\b(?:work|works|working|worked|employed|lead|leads|run|runs|head|heads|manage|manages|oversee|oversees|handle|handles|responsible)\\b[^.!?\\n]{0,40}?\\bfor\\s+${NAME}`,
    "u",
  ),
  // "We're Bluefin Holdings Inc." — only with a legal suffix, so "We're Ready" is no company
  new RegExp(`\\b(?:[Ww]e are|[Ww]e're|[Tt]his is|[Gg]reetings from|[Hh]ello from)\\s+(${NAME_LEGAL})`, "u"),
  // "Company is X, by the way", "Company: X", "Organisation name - X", "Employer: X"
  new RegExp(
    `\\b(?:[Cc]ompany|COMPANY|[Oo]rgani[sz]ation|[Ee]mployer|[Ff]irm|[Bb]usiness|[Aa]ccount|[Cc]lient|[Cc]ustomer|[Ii]ssuer|[Ii]ssued by|[Bb]uyer|[Pp]urchaser|[Ee]ntity)(?:\\s+[Nn]ame)?\\s*(?:is|:|=|-|–)\\s*${NAME}`,
    "u",
  ),
  // RFP title: "Request for Proposal - X", "RFP: X"
  new RegExp(`\\b(?:Request for (?:Proposal|Quotation|Quote|Information)|RFP|RFQ|RFI)\\s*(?:[-–—:]|from|by|for|issued by)\\s*${NAME}`, "u"),
  new RegExp(`\\bon behalf of\\s+${NAME}`, "u"),
  // Chat/line openers: "Tom from Baker Foods LLC here", "Dana Ortiz, CFO at Northwind"
  new RegExp(
    `(?:^|\\n)(?:(?:Hi|Hello|Hey|Good (?:morning|afternoon|evening))(?: there)?[,!]?[ \\t]+)?(?!(?:Hi|Hello|Hey|Thanks|Thank|Greetings|Regards|Cheers|Dear|Best|Sent|Kind|Warm|${OF_NOUNS})\\b)\\p{Lu}\\p{Ll}+(?:[ \\t]+\\p{Lu}[\\p{Ll}.]*)?,?[ \\t]+(?:here[ \\t]+)?(?:[\\p{L} ]{0,30}[ \\t])?(?:from|at|of)[ \\t]+${NAME}`,
    "u",
  ),
];

/** Trims a captured name: a trailing sentence dot goes unless it closes an abbreviation (Inc., Corp.). */
export function tidyCompany(raw: string): string | null {
  let s = raw
    .trim()
    .replace(/[,;:]+$/, "")
    .replace(/\.{2,}$/, ".");
  const words = s.split(/\s+/);
  // Cut at a word that starts a new sentence: "Mosaic Foods Inc. We're" → keep up to the dotted word.
  const out: string[] = [];
  for (const [i, w] of words.entries()) {
    out.push(w);
    // "GmbH & Co. KG": the dotted "Co." continues into the partnership form.
    if (/\.$/.test(w) && !(/^Co\.$/.test(w) && /^KG\b/.test(words[i + 1] ?? ""))) break;
  }
  s = out.join(" ");
  // A dot stays only where it abbreviates (Inc., Corp., Co., Ltd., S.A.); after GmbH, AB, LLC it ends the sentence.
  // (S.r.l., K.K., s.r.o., S.A.: a dotted legal form keeps its final dot.)
  if (/\.$/.test(s) && !/\b(?:Inc|Corp|Co|Ltd|Pty|Bros|Intl)\.$/.test(s) && !/\b[A-Za-z]\.$/.test(s) && !/\.\p{L}{1,3}\.$/u.test(s))
    s = s.slice(0, -1);
  s = s.trim();
  if (!s || s.length < 2 || s.length > 120 || !/[A-Za-z]{2}/.test(s)) return null;
  if (NOT_A_COMPANY.test(s) || PLACEHOLDER.test(s)) return null;
  return s;
}

const TITLE =
  /\b(?:head|vp|vice president|director|manager|lead|controller|cfo|ceo|coo|cto|cio|officer|founder|co-founder|owner|president|analyst|accountant|procurement|finance|operations|specialist|engineer|assistant|partner|associate|consultant|administrator|coordinator|buyer|treasurer|bookkeeper|chief|principal|executive)\b/i;
const CONTACT_LINE =
  /(?:\b(?:tel|phone|mobile|cell|fax|email|e-mail|web|www|http|linkedin|founded|est\.|established)\b|@|\+?\d[\d\s().-]{6,}|\b\d{1,5}\s+\w+\s+(?:st|street|ave|avenue|rd|road|blvd|suite|way|lane|drive)\b|\bsuite\b|,\s*[A-Z]{2}\s+\d{5})/i;

/** The company line of a signature: not the person's name, not a title, not a phone/address/URL line. */
export function companyFromSignature(signature: string, senderName: string | null): string | null {
  const lines = signature
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const nameParts = (senderName ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const candidates: string[] = [];
  let nameSkipped = false;
  for (const [i, line] of lines.entries()) {
    if (
      i === 0 &&
      /^(?:thanks|thank you|best|regards|cheers|sincerely|kind|warm|many|all the best|--|saludos|cordialement|cordiali saluti|mit freundlichen? gr|viele gr|beste gr|un saludo|atentamente|bien à vous|distinti saluti)/i.test(
        line,
      )
    )
      continue;
    // The first plain "Firstname Lastname" line under the sign-off is the person, not the company.
    if (!nameSkipped && /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’.-]*){1,2}$/u.test(line) && !LEGAL_END_RE.test(line)) {
      nameSkipped = true;
      continue;
    }
    if (CONTACT_LINE.test(line)) continue;
    const lower = line.toLowerCase();
    const legalLine = LEGAL_END_RE.test(line);
    if (nameParts.length && nameParts.every((p) => lower.includes(p)) && line.split(/\s+/).length <= 4 && !legalLine) continue;
    // A lone first name under the sign-off ("Thanks,\nPriya") is the person too.
    if (!nameSkipped && /^\p{Lu}[\p{Ll}'’-]+$/u.test(line) && (nameParts.includes(lower) || i <= 1)) {
      nameSkipped = true;
      continue;
    }
    if (TITLE.test(line) && !LEGAL_WORD_RE.test(line)) continue;
    if (!/^[A-Z0-9]/.test(line) || line.length > 80) continue;
    candidates.push(line);
  }
  const legal = candidates.find((c) => LEGAL_END_RE.test(c));
  // With no legal suffix: the line after the name/title lines, i.e. the first remaining candidate.
  const pick = legal ?? candidates[0] ?? null;
  return pick ? tidyCompany(pick) : null;
}

export function extractCompany(
  body: string,
  signature: string,
  structured: string | undefined,
  senderName: string | null,
  ownBrands: string[],
  catalogNames: string[] = [],
): Field<string> {
  const isOwn = (c: string) => ownBrands.some((b) => c.toLowerCase().includes(b));
  if (structured && !PLACEHOLDER.test(structured.trim())) {
    const c = structured.trim();
    if (c && !isOwn(c)) return found(c, structured, 0.95);
  }
  const products = new Set(catalogNames.map((n) => n.toLowerCase()));
  const hasLegal = (c: string) => LEGAL_END_RE.test(c);
  let first: Field<string> | null = null;
  for (const re of TEXT_RULES) {
    const g = new RegExp(re.source, "gu");
    for (const m of body.matchAll(g)) {
      const c = tidyCompany(m[1]);
      if (!c || isOwn(c) || products.has(c.toLowerCase())) continue;
      // Evidence is the exact span: the cue through the end of the tidied name.
      const end = m[0].indexOf(c, m[0].length - m[1].length);
      const field = found(c, (end >= 0 ? m[0].slice(0, end + c.length) : m[0]).trim(), 0.85);
      // A name with a legal form beats a bare word that may be a place ("writing from London").
      if (hasLegal(c)) return field;
      first ??= field;
    }
  }
  const orgs = organisationNames(body);
  // "Marlow" read from "The Town of Marlow": the public body's full name wins; so does an issuer named
  // before any self-introduction in a notice.
  if (
    orgs.length &&
    (!first || !hasLegal(first.value ?? "")) &&
    (!first || orgs[0].toLowerCase().includes((first.value ?? "").toLowerCase()) || !first.value)
  )
    return found(orgs[0], orgs[0], 0.7);
  const sig = companyFromSignature(signature, senderName);
  const sigOk = sig && !isOwn(sig) ? sig : null;
  // A bare word from the text ("a team from Germany") yields to a signature line with a legal form.
  if (first && sigOk && hasLegal(sigOk) && first.value && !sigOk.toLowerCase().includes(first.value.toLowerCase()))
    return found(sigOk, sigOk, 0.6);
  if (first) return first;
  if (sigOk) return found(sigOk, sigOk, 0.6);
  // Last resort: any name with a legal form in the prospect's text ("We, Harbor Logistics GmbH, ...").
  for (const m of body.matchAll(NAME_LEGAL_G)) {
    const c = tidyCompany(m[1]);
    if (c && !isOwn(c) && !products.has(c.toLowerCase())) return found(c, m[1].trim(), 0.5);
  }
  return none();
}
