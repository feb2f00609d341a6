/**
 * Before extraction: only the prospect's current statement counts. Quoted reply history, signatures
 * (phone numbers, street numbers, "Founded 1992") and legal disclaimers carry numbers that are not
 * the lead's, so they are cut here. The signature is returned apart: it still names the company.
 */
export type Cleaned = { body: string; signature: string; removed: { quoted: boolean; signature: boolean; disclaimer: boolean } };

const REPLY_HEADERS: RegExp[] = [
  /^[ \t]*On\b[^\n]{0,200}(?:\n[^\n]{0,200})?\bwrote:[ \t]*$/im, // Gmail/Apple, possibly wrapped
  /^[ \t]*(?:Am|Le|El|Il|Op)\b[^\n]{0,200}(?:\n[^\n]{0,200})?\b(?:schrieb|a écrit|escribió|ha scritto|schreef)[^\n]*:[ \t]*$/im,
  /^[ \t]*-{2,}\s*Original Message\s*-{2,}[ \t]*$/im,
  /^[ \t]*_{10,}[ \t]*\n[ \t]*From:/im, // Outlook separator line
  /^[ \t]*From:[^\n]+\n[ \t]*(?:Sent|Date):[^\n]+\n(?:[ \t]*(?:To|Cc|Subject):[^\n]*\n)*/im, // Outlook header block
];

const SIGN_OFF =
  /^[ \t]*(?:thanks(?: again| a lot| in advance)?|thank you(?: in advance)?|many thanks|thx|cheers|best|best wishes|(?:best|kind|warm|warmest|kindest)(?: personal)? regards|regards|sincerely|yours(?: truly| sincerely| faithfully)?|all the best|talk soon|speak soon|br|mfg|viele grüße|beste grüße|mit freundlichen grüßen|mit freundlichem gruß|cordialement|saludos|cordiali saluti|distinti saluti|atentamente|un saludo|bien à vous)[ \t]*[,.!]*[ \t]*$/im;
const SIG_DELIMITER = /^-- ?$/m;
/** "Thanks, Grace" / "Best, Tom Baker": a sign-off with the name on the same line. */
const SIGN_OFF_NAMED =
  /^[ \t]*(?:thanks|thank you|many thanks|cheers|best|best wishes|(?:best|kind|warm|warmest) regards|regards|sincerely|all the best)[ \t]*[,.!-]+[ \t]*\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’.-]+)?[ \t]*$/imu;
const MOBILE_FOOTER = /^[ \t]*sent from my [^\n]*$/im;

const DISCLAIMER_START =
  /^[ \t]*(?:\**\s*)?(?:confidentiality notice|confidential(?:ity)?\s*:|disclaimer|legal notice|privileged (?:and|&) confidential|this (?:e-?mail|message|communication)(?: and any (?:files|attachments)[^.]{0,40})? (?:is|are|may|contains?)|the information (?:contained )?in this (?:e-?mail|message)|if you (?:are not|have received this) (?:the intended|in error))/i;

function cutAt(text: string, re: RegExp): { kept: string; cut: boolean } {
  const m = re.exec(text);
  if (!m) return { kept: text, cut: false };
  return { kept: text.slice(0, m.index), cut: true };
}

function cleanSection(section: string): Cleaned {
  const removed = { quoted: false, signature: false, disclaimer: false };
  let text = section.replace(/\r\n?/g, "\n");

  // 1. Reply history: everything from the first reply header on; then any stray "> " lines.
  for (const re of REPLY_HEADERS) {
    const r = cutAt(text, re);
    if (r.cut && r.kept.trim()) {
      text = r.kept;
      removed.quoted = true;
    }
  }
  const lines = text.split("\n");
  const unquoted = lines.filter((l) => !/^[ \t]*>/.test(l));
  if (unquoted.length !== lines.length) removed.quoted = true;
  text = unquoted.join("\n");

  // 2. Disclaimers: the paragraph that starts like one, to its end.
  const paras = text.split(/\n[ \t]*\n/);
  const keptParas = paras.filter((p) => {
    const isDisclaimer = DISCLAIMER_START.test(p.trim());
    if (isDisclaimer) removed.disclaimer = true;
    return !isDisclaimer;
  });
  text = keptParas.join("\n\n");

  // 3. Signature: after the sign-off line ("Best regards,"), the "-- " delimiter or a mobile footer.
  let signature = "";
  let cutIndex = -1;
  for (const re of [SIGN_OFF, SIGN_OFF_NAMED, SIG_DELIMITER, MOBILE_FOOTER]) {
    const m = re.exec(text);
    if (m && m.index > 0 && (cutIndex < 0 || m.index < cutIndex)) cutIndex = m.index;
  }
  // No sign-off at all: a short last block of name-like lines ("Lisa\nPebble Books") is the signature.
  if (cutIndex < 0) {
    const m = /\n[ \t]*\n((?:[ \t]*[^\n.!?:;,]{2,50}[ \t]*(?:\n|$)){1,4})\s*$/.exec(text);
    if (m && m[1].split("\n").every((l) => !l.trim() || /^\s*\p{Lu}/u.test(l)) && text.slice(0, m.index).trim()) cutIndex = m.index + 1;
  }
  if (cutIndex > 0) {
    signature = text.slice(cutIndex).trim();
    text = text.slice(0, cutIndex);
    removed.signature = true;
  }
  return { body: text.trim(), signature, removed };
}

/** Cleans each section (mail body, each attachment) on its own; see SECTION_BREAK in parse/common.ts. */
export function cleanText(text: string): Cleaned {
  const parts = text.split("\f").map(cleanSection);
  return {
    body: parts
      .map((p) => p.body)
      .filter(Boolean)
      .join("\n\n"),
    signature: parts
      .map((p) => p.signature)
      .filter(Boolean)
      .join("\n\n"),
    removed: {
      quoted: parts.some((p) => p.removed.quoted),
      signature: parts.some((p) => p.removed.signature),
      disclaimer: parts.some((p) => p.removed.disclaimer),
    },
  };
}
