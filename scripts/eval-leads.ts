/**
 * Lead extraction quality (rules only, no AI) on three corpora, scored with the rules of
 * ../shared/data/README.md (company case-insensitive with accents, punctuation and legal suffixes
 * stripped; contact_email case-insensitive; employees exact; budget_usd within 1 %; timeline_weeks
 * within 1 week; intent exact; null matches only null; overall = mean over the 6 fields and all cases):
 *   1. the public generated set ../shared/data/leads (LEADS_DIR overrides), 60 cases;
 *   2. phrasing variants from scripts/lib/lead-variants.ts: dev seed 1201, holdout seed 1202 (200 each);
 *   3. the real-world corpus eval/leads-real (labels.json, dev and holdout splits);
 *   4. pdf-tables: synthetic RFP PDFs with their facts in tables (scripts/lib/pdf-table-variants.ts, seed 1401);
 *   5. eval/injection-real (published indirect injections and benign look-alikes, labelled for
 *      injection only: its field rows print "-"), dev and holdout.
 * Per field: accuracy, and "invented" = a value predicted where the labels say none is stated
 * (count / cases stating none). Injection precision/recall on each corpus.
 *
 *   npm run eval:leads [-- --verbose] [-- --only real-dev] [-- --out predictions/] [-- --misses]
 *     [-- --code /tmp/ingest-before]
 * --misses prints every miss on the real corpora (field, expected, got, the evidence) and a count by kind;
 * --code reads the parser/extractor of another checkout (a baseline) on this checkout's corpora.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { extractLead } from "../src/leads/core/extract/index";
import type * as fxModule from "../src/leads/core/fx";
import type { parseInput } from "../src/leads/core/parse/index";
import type { scoreLead } from "../src/leads/core/score";
import { type Case, corporaIn, type Truth } from "./lib/eval-corpora";
import { type Miss, printMisses } from "./lib/eval-misses";

type Prediction = Omit<Truth, "format"> & {
  score: number;
  warnings: string[];
  runnersUp?: unknown;
  evidence?: Record<string, string | null>;
};

const args = process.argv.slice(2);
const outDir = args.includes("--out") ? args[args.indexOf("--out") + 1] : null;
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
const verbose = args.includes("--verbose") || args.includes("-v");
const showMisses = args.includes("--misses");
const ROOT = process.cwd();
const CODE = path.resolve(args.includes("--code") ? args[args.indexOf("--code") + 1] : ROOT);
const publicDir = path.resolve(process.env.LEADS_DIR ?? path.join(ROOT, "../shared/data/leads"));
const load = corporaIn(ROOT, publicDir);

type Code = {
  extractLead: typeof extractLead;
  parseInput: typeof parseInput;
  fx: typeof fxModule;
  scoreLead: typeof scoreLead;
};
const code: Code = {
  extractLead: ((await import(path.join(CODE, "src/leads/core/extract/index.ts"))) as { extractLead: Code["extractLead"] }).extractLead,
  parseInput: ((await import(path.join(CODE, "src/leads/core/parse/index.ts"))) as { parseInput: Code["parseInput"] }).parseInput,
  fx: (await import(path.join(CODE, "src/leads/core/fx.ts"))) as Code["fx"],
  scoreLead: ((await import(path.join(CODE, "src/leads/core/score.ts"))) as { scoreLead: Code["scoreLead"] }).scoreLead,
};
const { rateToPpm, toUsdMinor, usdUnits } = code.fx;

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

let ratesPpm: Record<string, number> = { USD: 1_000_000, EUR: 1_080_000, GBP: 1_270_000 };
try {
  const rates = JSON.parse(readFileSync(path.join(publicDir, "../rates.json"), "utf8")) as { rates_to_usd: Record<string, number> };
  ratesPpm = Object.fromEntries(Object.entries(rates.rates_to_usd).map(([k, v]) => [k, rateToPpm(v)]));
} catch {
  /* the fixed defaults are the same rates */
}

async function predict(c: Case): Promise<Prediction> {
  const doc = await code.parseInput({ bytes: c.bytes, contentType: c.contentType, filename: c.filename, receivedAt: c.receivedAt });
  const x = code.extractLead(doc, { catalog: [] });
  const usdMinor = x.budget.value ? toUsdMinor(x.budget.value, ratesPpm) : null;
  const budget_usd = usdUnits(usdMinor);
  const s = code.scoreLead({ employees: x.employees.value, budget_usd, timeline_weeks: x.timeline_weeks.value });
  return {
    case_id: c.case_id,
    company: x.company.value,
    contact_email: x.contact_email.value,
    employees: x.employees.value,
    budget_usd,
    timeline_weeks: x.timeline_weeks.value,
    intent: x.intent.value,
    injection_attempt: x.injection.attempt,
    score: s.score,
    warnings: doc.warnings,
    runnersUp: x.runnersUp,
    evidence: {
      company: x.company.evidence,
      contact_email: x.contact_email.evidence,
      employees: x.employees.evidence,
      budget_usd: x.budget.evidence,
      timeline_weeks: x.timeline_weeks.evidence,
      intent: x.intent.evidence,
      injection_attempt: x.injection.evidence.join(" | ") || null,
    },
  };
}

type Report = {
  name: string;
  n: number;
  correct: Record<FieldName, number>;
  noneStated: Record<FieldName, number>;
  invented: Record<FieldName, number>;
  tp: number;
  fp: number;
  fn: number;
  failures: number;
  times: number[];
  fieldsLabelled: boolean;
  misses: Miss[];
};

async function run(name: string, cases: Case[]): Promise<Report> {
  const zero = () => Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<FieldName, number>;
  const rep: Report = {
    name,
    n: cases.length,
    correct: zero(),
    noneStated: zero(),
    invented: zero(),
    tp: 0,
    fp: 0,
    fn: 0,
    failures: 0,
    times: [],
    fieldsLabelled: cases.every((c) => c.fieldsLabelled !== false),
    misses: [],
  };
  if (outDir) mkdirSync(path.join(outDir, name), { recursive: true });
  for (const t of cases) {
    const started = performance.now();
    let pred: Prediction;
    try {
      pred = await predict(t);
    } catch (err) {
      rep.failures++;
      if (verbose) console.error(`${t.case_id}: ${err instanceof Error ? err.message : String(err)}`);
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
    rep.times.push(performance.now() - started);
    const wrong: string[] = [];
    const miss = (field: string, want: unknown, got: unknown) =>
      rep.misses.push({
        corpus: name,
        case_id: t.case_id,
        kind: t.kind ?? t.format,
        field,
        want,
        got,
        evidence: pred.evidence?.[field] ?? null,
      });
    for (const f of rep.fieldsLabelled ? FIELDS : []) {
      const ok = matches(f, pred[f], t[f]);
      if (ok) rep.correct[f]++;
      else {
        wrong.push(`${f}: got ${JSON.stringify(pred[f])} want ${JSON.stringify(t[f])}`);
        miss(f, t[f], pred[f]);
      }
      if (t[f] === null) {
        rep.noneStated[f]++;
        if (pred[f] !== null && pred[f] !== undefined) rep.invented[f]++;
      }
    }
    if (pred.injection_attempt && t.injection_attempt) rep.tp++;
    else if (pred.injection_attempt) rep.fp++;
    else if (t.injection_attempt) rep.fn++;
    if (pred.injection_attempt !== t.injection_attempt) {
      wrong.push(`injection: got ${pred.injection_attempt} want ${t.injection_attempt}`);
      miss("injection_attempt", t.injection_attempt, pred.injection_attempt);
    }
    if (verbose && wrong.length) console.log(`${name} ${t.case_id} (${t.format}):\n  ${wrong.join("\n  ")}`);
    if (outDir) writeFileSync(path.join(outDir, name, `${t.case_id}.json`), `${JSON.stringify(pred, null, 2)}\n`);
  }
  return rep;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}`;
function print(reps: Report[]): void {
  const w = 14;
  console.log(`\nLead extraction eval (rules only, no AI). accuracy % / invented-where-none-stated (count/none-stated)\n`);
  console.log(["field".padEnd(16), ...reps.map((r) => `${r.name} (${r.n})`.padStart(w + 10))].join(""));
  for (const f of FIELDS)
    console.log(
      [
        f.padEnd(16),
        ...reps.map((r) => (r.fieldsLabelled ? `${pct(r.correct[f] / r.n)} / ${r.invented[f]}/${r.noneStated[f]}` : "-").padStart(w + 10)),
      ].join(""),
    );
  console.log(
    [
      "overall".padEnd(16),
      ...reps.map((r) =>
        (r.fieldsLabelled ? pct(FIELDS.reduce((a, f) => a + r.correct[f], 0) / (r.n * FIELDS.length)) : "-").padStart(w + 10),
      ),
    ].join(""),
  );
  console.log(
    [
      "no-invent rate".padEnd(16),
      ...reps.map((r) => {
        const none = FIELDS.reduce((a, f) => a + r.noneStated[f], 0);
        const inv = FIELDS.reduce((a, f) => a + r.invented[f], 0);
        return (none ? pct(1 - inv / none) : "-").padStart(w + 10);
      }),
    ].join(""),
  );
  console.log(
    [
      "injection P/R".padEnd(16),
      ...reps.map((r) => {
        const p = r.tp + r.fp ? r.tp / (r.tp + r.fp) : 1;
        const rc = r.tp + r.fn ? r.tp / (r.tp + r.fn) : 1;
        return `${pct(p)}/${pct(rc)} (${r.tp + r.fn})`.padStart(w + 10);
      }),
    ].join(""),
  );
  console.log(
    [
      "p99 ms / fail".padEnd(16),
      ...reps.map((r) => {
        const t = [...r.times].sort((a, b) => a - b);
        return `${t[Math.min(t.length - 1, Math.floor(t.length * 0.99))].toFixed(1)} / ${r.failures}`.padStart(w + 10);
      }),
    ].join(""),
  );
}

async function main(): Promise<void> {
  const corpora: Array<[string, () => Case[]]> = [
    ["public", load.loadPublic],
    ["variants-dev", () => load.loadVariants(1201)],
    ["variants-hold", () => load.loadVariants(1202)],
    ["real-dev", () => load.loadReal("dev")],
    ["real-hold", () => load.loadReal("holdout")],
    ["pdf-tables", () => load.loadPdfTables(1401)],
    ["inj-dev", () => load.loadInjection("dev")],
    ["inj-hold", () => load.loadInjection("holdout")],
  ];
  const reps: Report[] = [];
  for (const [name, load] of corpora) if (!only || only === name) reps.push(await run(name, load()));
  print(reps);
  const pooled = (names: string[]) => {
    const rs = reps.filter((r) => names.includes(r.name));
    const tp = rs.reduce((a, r) => a + r.tp, 0);
    const fp = rs.reduce((a, r) => a + r.fp, 0);
    const fn = rs.reduce((a, r) => a + r.fn, 0);
    return rs.length
      ? `P ${pct(tp + fp ? tp / (tp + fp) : 1)} R ${pct(tp + fn ? tp / (tp + fn) : 1)} (${tp + fn} attempts, ${fp} false flags)`
      : "-";
  };
  console.log(`
injection on real text, pooled: dev ${pooled(["real-dev", "inj-dev"])}; holdout ${pooled(["real-hold", "inj-hold"])}`);
  if (showMisses) printMisses(reps.filter((r) => /^(real|inj)-/.test(r.name)).flatMap((r) => r.misses));
}

await main();
