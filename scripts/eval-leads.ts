/**
 * Lead extraction quality: runs parse + extract + score (rules only, no AI) over ../shared/data/leads
 * (LEADS_DIR overrides) and scores it with the rules of ../shared/data/README.md:
 *   company case-insensitive with accents, punctuation and legal suffixes stripped; contact_email
 *   case-insensitive; employees exact; budget_usd within 1 %; timeline_weeks within 1 week; intent exact;
 *   null matches only null. Overall = mean over those 6 fields and all cases. Injection P/R/F1. Score MAE.
 *
 *   npm run eval:leads [-- --out predictions/ --verbose]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { extractLead } from "../src/leads/core/extract/index";
import { rateToPpm, toUsdMinor, usdUnits } from "../src/leads/core/fx";
import { parseInput } from "../src/leads/core/parse/index";
import { scoreLead } from "../src/leads/core/score";

type Truth = {
  case_id: string;
  file: string;
  format: string;
  company: string | null;
  contact_email: string | null;
  employees: number | null;
  budget_usd: number | null;
  timeline_weeks: number | null;
  intent: string | null;
  injection_attempt: boolean;
  score: number;
};
type Prediction = Omit<Truth, "file" | "format"> & { warnings: string[] };

const args = process.argv.slice(2);
const outDir = args.includes("--out") ? args[args.indexOf("--out") + 1] : null;
const verbose = args.includes("--verbose") || args.includes("-v");
const dir = path.resolve(process.env.LEADS_DIR ?? path.join(process.cwd(), "../shared/data/leads"));

const CONTENT_TYPES: Record<string, string> = {
  ".eml": "message/rfc822",
  ".pdf": "application/pdf",
  ".txt": "text/plain",
  ".json": "application/json",
};

const LEGAL = /\b(inc|incorporated|llc|l l c|ltd|limited|gmbh|corp|corporation|co|company|plc|ag|sa|sas|bv|nv|llp|lp|pty|srl|oy|ab)\b/g;
export function normCompany(s: string | null): string | null {
  if (s === null) return null;
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(LEGAL, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const FIELDS = ["company", "contact_email", "employees", "budget_usd", "timeline_weeks", "intent"] as const;
type FieldName = (typeof FIELDS)[number];

function matches(field: FieldName, p: unknown, t: unknown): boolean {
  if (t === null || t === undefined) return p === null || p === undefined;
  if (p === null || p === undefined) return false;
  switch (field) {
    case "company":
      return normCompany(String(p)) === normCompany(String(t));
    case "contact_email":
      return String(p).toLowerCase() === String(t).toLowerCase();
    case "employees":
      return Number(p) === Number(t);
    case "budget_usd":
      return Math.abs(Number(p) - Number(t)) <= 0.01 * Math.abs(Number(t));
    case "timeline_weeks":
      return Math.abs(Number(p) - Number(t)) <= 1;
    case "intent":
      return p === t;
  }
}

async function main(): Promise<void> {
  const truths: Truth[] = readFileSync(path.join(dir, "truth.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Truth);
  let ratesPpm: Record<string, number> = { USD: 1_000_000, EUR: 1_080_000, GBP: 1_270_000 };
  try {
    const rates = JSON.parse(readFileSync(path.join(dir, "rates.json"), "utf8")) as { rates_to_usd: Record<string, number> };
    ratesPpm = Object.fromEntries(Object.entries(rates.rates_to_usd).map(([k, v]) => [k, rateToPpm(v)]));
  } catch {
    /* the fixed defaults are the same rates */
  }
  if (outDir) mkdirSync(outDir, { recursive: true });

  const correct: Record<FieldName, number> = { company: 0, contact_email: 0, employees: 0, budget_usd: 0, timeline_weeks: 0, intent: 0 };
  const byFormat = new Map<string, { n: number; ok: number }>();
  let tp = 0,
    fp = 0,
    fn = 0,
    absErr = 0,
    failures = 0;
  const times: number[] = [];
  for (const t of truths) {
    const file = path.join(dir, t.file);
    const ext = path.extname(file).toLowerCase();
    const started = performance.now();
    let pred: Prediction;
    try {
      const doc = await parseInput({
        bytes: new Uint8Array(readFileSync(file)),
        contentType: CONTENT_TYPES[ext] ?? "application/octet-stream",
        filename: path.basename(file),
        receivedAt: new Date().toISOString(),
      });
      const x = extractLead(doc, { catalog: [] });
      const usdMinor = x.budget.value ? toUsdMinor(x.budget.value, ratesPpm) : null;
      const budget_usd = usdUnits(usdMinor);
      const s = scoreLead({ employees: x.employees.value, budget_usd, timeline_weeks: x.timeline_weeks.value });
      pred = {
        case_id: t.case_id,
        company: x.company.value,
        contact_email: x.contact_email.value,
        employees: x.employees.value,
        budget_usd,
        timeline_weeks: x.timeline_weeks.value,
        intent: x.intent.value,
        injection_attempt: x.injection.attempt,
        score: s.score,
        warnings: doc.warnings,
      };
    } catch (err) {
      failures++;
      console.error(`${t.case_id}: ${err instanceof Error ? err.message : String(err)}`);
      pred = {
        case_id: t.case_id,
        company: null,
        contact_email: null,
        employees: null,
        budget_usd: null,
        timeline_weeks: null,
        intent: null,
        injection_attempt: false,
        score: 0,
        warnings: ["failed"],
      };
    }
    times.push(performance.now() - started);
    const wrong: string[] = [];
    for (const f of FIELDS) {
      const ok = matches(f, pred[f], t[f]);
      if (ok) correct[f]++;
      else wrong.push(`${f}: got ${JSON.stringify(pred[f])} want ${JSON.stringify(t[f])}`);
      const bf = byFormat.get(t.format) ?? { n: 0, ok: 0 };
      bf.n++;
      if (ok) bf.ok++;
      byFormat.set(t.format, bf);
    }
    if (pred.injection_attempt && t.injection_attempt) tp++;
    else if (pred.injection_attempt) fp++;
    else if (t.injection_attempt) fn++;
    if (pred.injection_attempt !== t.injection_attempt) wrong.push(`injection: got ${pred.injection_attempt} want ${t.injection_attempt}`);
    absErr += Math.abs(pred.score - t.score);
    if (verbose && wrong.length) console.log(`${t.case_id} (${t.format}):\n  ${wrong.join("\n  ")}`);
    if (outDir) writeFileSync(path.join(outDir, `${t.case_id}.json`), `${JSON.stringify(pred, null, 2)}\n`);
  }

  const n = truths.length;
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(`\nLead extraction eval — ${n} cases from ${dir} (rules only, no AI)\n`);
  console.log("field            accuracy");
  for (const f of FIELDS) console.log(`${f.padEnd(16)} ${pct(correct[f] / n).padStart(8)}  (${correct[f]}/${n})`);
  const overall = FIELDS.reduce((a, f) => a + correct[f], 0) / (n * FIELDS.length);
  console.log(`${"overall".padEnd(16)} ${pct(overall).padStart(8)}`);
  console.log("\nby format (field accuracy)");
  for (const [fmt, v] of [...byFormat.entries()].sort())
    console.log(`  ${fmt.padEnd(12)} ${pct(v.ok / v.n).padStart(8)}  (${v.n / FIELDS.length} cases)`);
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  console.log(`\ninjection        precision ${pct(precision)}  recall ${pct(recall)}  F1 ${pct(f1)}  (tp ${tp}, fp ${fp}, fn ${fn})`);
  console.log(`score MAE        ${(absErr / n).toFixed(3)}`);
  times.sort((a, b) => a - b);
  console.log(
    `time per case    median ${times[Math.floor(n / 2)].toFixed(1)} ms, max ${times[n - 1].toFixed(1)} ms (Node, parse+extract+score)`,
  );
  if (failures) console.log(`failures         ${failures}`);
  if (outDir) console.log(`predictions      ${outDir}/<case_id>.json`);
}

await main();
