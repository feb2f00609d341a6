// Library check for the README: chrono-node (dates) and words-to-numbers (number words) against our rules on
// the team corpora. Not a dependency: install them aside and point LIBS there:
//   npm install --prefix /tmp/libs chrono-node@2.10.3 words-to-numbers@1.5.1 && LIBS=/tmp/libs npx tsx eval/leads-real/measure-libs.mts
const chrono = await import(`${process.env.LIBS ?? "/tmp/libs"}/node_modules/chrono-node/dist/esm/index.js`);
const wtnMod = await import(`${process.env.LIBS ?? "/tmp/libs"}/node_modules/words-to-numbers/dist/index.js`);
const wtn = (wtnMod.wordsToNumbers ? wtnMod : wtnMod.default) as { wordsToNumbers: (s: string) => unknown };
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseInput } from "../../src/leads/core/parse/index";
import { extractLead } from "../../src/leads/core/extract/index";
import { cleanText } from "../../src/leads/core/extract/clean";
import { parseWords } from "../../src/leads/core/extract/numbers";
import { generateVariants } from "../../scripts/lib/lead-variants";
const dir = path.dirname(new URL(import.meta.url).pathname);
type C = { id: string; bytes: Uint8Array; ct: string; at: string; weeks: number | null };
const CT: Record<string, string> = {
  ".eml": "message/rfc822",
  ".mbox": "application/mbox",
  ".txt": "text/plain",
  ".json": "application/json",
};
const cases: C[] = (
  JSON.parse(readFileSync(path.join(dir, "labels.json"), "utf8")) as Array<{
    case_id: string;
    file: string;
    message_date: string;
    timeline_weeks: number | null;
  }>
).map((l) => ({
  id: l.case_id,
  bytes: new Uint8Array(readFileSync(path.join(dir, l.file))),
  ct: CT[path.extname(l.file)],
  at: l.message_date,
  weeks: l.timeline_weeks,
}));
for (const v of generateVariants(1201, 200))
  cases.push({ id: v.case_id, bytes: new TextEncoder().encode(v.raw), ct: "message/rfc822", at: v.message_date, weeks: v.timeline_weeks });
const weeks = (ref: Date, d: Date) =>
  Math.max(
    0,
    Math.round(
      (Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate())) /
        86400000 /
        7,
    ),
  );
const ok = (p: number | null, t: number | null) => (t === null ? p === null : p !== null && Math.abs(p - t) <= 1);
let ours = 0,
  chronoDoc = 0,
  chronoEvidence = 0,
  n = 0,
  stated = 0;
for (const c of cases) {
  const doc = await parseInput({ bytes: c.bytes, contentType: c.ct, receivedAt: c.at });
  const x = extractLead(doc, { catalog: [] });
  const ref = new Date(doc.referenceDate);
  const body = cleanText(doc.text).body;
  const r = chrono.parse(body, ref, { forwardDate: true });
  const first = r[0]?.start.date();
  const a = first ? weeks(ref, first) : null;
  const ev = x.timeline_weeks.evidence ? chrono.parse(x.timeline_weeks.evidence, ref, { forwardDate: true })[0]?.start.date() : undefined;
  const b = x.timeline_weeks.value === null ? null : ev ? weeks(ref, ev) : x.timeline_weeks.value === 1 ? 1 : null;
  n++;
  if (c.weeks !== null) stated++;
  if (ok(x.timeline_weeks.value, c.weeks)) ours++;
  if (ok(a, c.weeks)) chronoDoc++;
  if (ok(b, c.weeks)) chronoEvidence++;
}
console.log(
  `timeline, ${n} cases (${stated} with a stated timeline): our rules ${((100 * ours) / n).toFixed(1)} %; chrono first date in the text ${((100 * chronoDoc) / n).toFixed(1)} %; chrono on the sentence our cues picked ${((100 * chronoEvidence) / n).toFixed(1)} %`,
);
// Number words: words-to-numbers vs ours on the phrases the corpora use.
const phrases = [
  "three hundred and twenty-five thousand",
  "two hundred and fifty",
  "eighty-five",
  "twelve thousand",
  "one hundred",
  "a dozen",
  "half a million",
  "eighteen thousand",
  "forty",
];
const truth = [325000, 250, 85, 12000, 100, 12, 500000, 18000, 40];
let w1 = 0,
  w2 = 0;
phrases.forEach((p, i) => {
  if (Number(wtn.wordsToNumbers(p)) === truth[i]) w1++;
  if (parseWords(p) === truth[i]) w2++;
});
console.log(`number words (${phrases.length} corpus phrases): words-to-numbers ${w1}/${phrases.length}, ours ${w2}/${phrases.length}`);
