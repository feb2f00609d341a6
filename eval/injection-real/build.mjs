#!/usr/bin/env node
// Writes eval/injection-real/inputs/* and labels.json: inbound mails carrying indirect prompt injections
// as they were published (paraphrased: the sources forbid verbatim copies, so each keeps the attack's
// shape, addressee, hiding place and goal, moved into a sales inbox), and benign look-alikes that use
// "ignore", "system", "assistant", "instructions", hidden preheaders or tracking pixels innocently, as
// real business mail does. Labelled for injection only (injection_attempt true/false).
// Split: within each label, every second case is holdout; fixed when the corpus was written, before
// any detector change, and never tuned on.
//   node eval/injection-real/build.mjs
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CASES } from "./cases.mjs";

const DIR = path.dirname(new URL(import.meta.url).pathname);

function hash(s) {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h);
}

/** RFC 822 mail; html: the body is HTML. */
function mail({ from, name, subject, date, body, html = false }) {
  const rfc = new Date(date).toUTCString().replace("GMT", "+0000");
  return [
    `From: ${name ? `${name} <${from}>` : from}`,
    "To: sales@ledgerline.io",
    `Subject: ${subject}`,
    `Date: ${rfc}`,
    `Message-ID: <${hash(from + subject + date)}@${from.split("@")[1]}>`,
    "MIME-Version: 1.0",
    `Content-Type: ${html ? "text/html" : "text/plain"}; charset=utf-8`,
    "",
    body.trim(),
    "",
  ].join("\n");
}

rmSync(path.join(DIR, "inputs"), { recursive: true, force: true });
mkdirSync(path.join(DIR, "inputs"), { recursive: true });
const seen = { true: 0, false: 0 };
const labels = CASES.map((c, i) => {
  const id = `inj-${String(i + 1).padStart(3, "0")}`;
  const file = `inputs/${id}.eml`;
  writeFileSync(path.join(DIR, file), mail(c.mail));
  const k = String(c.injection);
  const split = seen[k]++ % 2 === 1 ? "holdout" : "dev";
  return {
    case_id: id,
    split,
    file,
    format: "eml",
    kind: c.kind,
    message_date: c.mail.date,
    source: c.source,
    licence: c.licence,
    paraphrase: true,
    injection_attempt: c.injection,
  };
});
writeFileSync(path.join(DIR, "labels.json"), `${JSON.stringify(labels, null, 2)}\n`);
const n = (s, v) => labels.filter((l) => l.split === s && l.injection_attempt === v).length;
console.log(
  `${labels.length} cases: dev ${n("dev", true)} injections + ${n("dev", false)} benign; holdout ${n("holdout", true)} + ${n("holdout", false)}`,
);
